# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backups before change, written on the controller (the ansible.netcommon `backup` convention).

usr_m0_config run in check mode with backup returns the settings it read, when
it would change the module, and what its firmware lacks, under the internal
key BACKUP_KEY, encoded (module_utils/_internal/backup_codec.py), wherever it ran; the
action decodes them, writes them here as a usr_m0_config document that the
restore playbook takes and reads the file back before it runs the change.

Every value in the file was read from the module: it is data, never a
template (the settings are tagged !unsafe) and never a path (the file is named
from the inventory through safe_name, and written without following links).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import time

import yaml

from ansible.parsing.yaml.loader import AnsibleLoader

from ansible_collections.usriot.m0.plugins.module_utils._internal import backup_codec
from ansible_collections.usriot.m0.plugins.module_utils._internal.backup_codec import SETTINGS_KEY, UNSUPPORTED_KEY
from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.files import write_file


def backup_path(options, task_vars, now=None):
    """Where a backup goes: backup_options, else backups/<host>_usr_m0_config.<date>T<hhmmss>.yml.

    The default folder is under the working directory of ansible-playbook, the user's project: the playbook's
    folder may be inside an installed collection (playbooks/restore.yml run as usriot.m0.restore).
    """
    directory = os.path.expanduser(options.get('dir_path') or os.path.join(os.getcwd(), 'backups'))
    filename = options.get('filename') or '%s_usr_m0_config.%s.yml' % (
        safe_name(task_vars.get('inventory_hostname')), time.strftime('%Y-%m-%dT%H%M%S', time.localtime(now)))
    return os.path.join(directory, filename)


class UnsafeSettings(dict):
    """The settings of a backup file, written under Ansible's !unsafe tag: include_vars never templates them.

    The tag is on the mapping, so that it covers every string value below it: ansible-core 2.19 resolves a
    scalar tagged !unsafe as if it were plain, so a tagged 'off', '1' or 'null' would load as false, 1 or None.
    """


class BackupDumper(yaml.SafeDumper):
    pass


BackupDumper.add_representer(UnsafeSettings, lambda dumper, value: dumper.represent_mapping('!unsafe', dict(value)))


def backup_text(document, task_vars):
    header = '---\n# usr_m0_config of %s before the change; playbooks/restore.yml takes it.\n' % safe_name(
        task_vars.get('inventory_hostname'), 'the module')
    if UNSUPPORTED_KEY in document:
        header += '# Its firmware has no command for what %s names: a restore leaves that alone.\n' % UNSUPPORTED_KEY
    tagged = dict(document, **{SETTINGS_KEY: UnsafeSettings(document[SETTINGS_KEY])})
    return header + yaml.dump(tagged, Dumper=BackupDumper, default_flow_style=False, sort_keys=True)


def backup_document(encoded):
    """The backup document the module encoded: its settings, and the names of what its firmware lacks (ValueError)."""
    document = backup_codec.decode(encoded)
    unsupported = document.get(UNSUPPORTED_KEY, [])
    if (not set(document) <= set([SETTINGS_KEY, UNSUPPORTED_KEY]) or not isinstance(document.get(SETTINGS_KEY), dict)
            or not isinstance(unsupported, list) or not all(isinstance(name, str) for name in unsupported)):
        raise ValueError('not a backup document (%s a dict, %s a list of names)' % (SETTINGS_KEY, UNSUPPORTED_KEY))
    return document


class BackupNotWritten(Exception):
    """The backup is not on the controller as read from the module (the message says where and why): nothing may be set."""


def write_backup(encoded, options, task_vars):
    """Write the backup document a check-mode run read (encoded by the module), read the file back, return its path.

    Raises BackupNotWritten unless the file loads, as the restore playbook loads it, into exactly that document.
    """
    path = backup_path(options or {}, task_vars)
    try:
        document = backup_document(encoded)
    except ValueError as exc:
        raise BackupNotWritten('the backup for %s came back from the module unreadable: %s' % (path, exc))
    try:
        write_file(path, backup_text(document, task_vars))
        with open(path, opener=lambda name, flags: os.open(name, flags | os.O_NOFOLLOW)) as handle:
            written = yaml.load(handle, Loader=AnsibleLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise BackupNotWritten('could not write the backup to %s: %s' % (path, exc))
    if written != document:
        raise BackupNotWritten('the backup written to %s does not read back as the settings read from the module' % path)
    return path
