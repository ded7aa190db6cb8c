# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: backup_config
author: usriot.m0 contributors (@usriot)
short_description: The newest backup of a module, read without templating its values
description:
  - Finds in O(dir) the newest backup of each host given as a term, whichever wrote it, the backup playbook
    (C(<host>.yml)) or the C(backup) option of M(usriot.m0.usr_m0_config) and the role usriot.m0.configure
    (C(<host>_usr_m0_config.<date>T<hhmmss>.yml)). The host name is passed through the collection's one name
    sanitiser first, as the playbooks do when they write backups. Newest means the latest modification time.
  - The file is read with a safe YAML loader and its values are returned marked unsafe. A module's setting that
    looks like a Jinja2 template (an HTTP URL holding C({{ lookup('pipe', ...) }})) is restored as the text it is,
    never templated, never run on the controller.
  - A host with no backup in O(dir), or a file that is not a C(usr_m0_config) document, fails naming the host, the
    folder or the file.
  - Only the user's own backups are read. O(dir) and the newest backup must be owned by the user running the
    playbook and writable by nobody else, and neither may be a link, since whoever else could write the folder
    could plant a backup with a later date, which would be restored. Anything else fails naming the folder or file,
    what is wrong with it and what to do.
options:
  _terms:
    description: Inventory host names.
    required: true
    type: list
    elements: str
  dir:
    description: The folder of the backups.
    required: true
    type: path
  mac:
    description:
      - Keep C(system.mac), the MAC address the backed-up module used, in C(config). A module that replaces the one
        backed up then takes its address, which two modules on one network must not share; so by default it is left
        out, and said in C(left_out).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Restore a module from its newest backup
  vars:
    backup: "{{ lookup('usriot.m0.backup_config', inventory_hostname, dir='backups') }}"
  usriot.m0.usr_m0_config:
    serial_port: "{{ serial_port }}"
    config: "{{ backup.config }}"
    state: merged
"""

RETURN = r"""
_raw:
  description: One dict per host, with C(path) (the backup file read), C(config) (its C(usr_m0_config), marked unsafe)
    and C(left_out) (the settings of the file not in C(config), which is C(system.mac) unless O(mac)).
  type: list
  elements: dict
"""

import os
import re

import yaml

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.lookup import LookupBase
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name
from ansible_collections.usriot.m0.plugins.module_utils._internal.trust import untrusted


def backup_files(directory, host):
    """The backups of host in directory, newest first; AnsibleError when the folder is not the user's own."""
    name = safe_name(host)
    pattern = re.compile(r'%s(_usr_m0_config\..+)?\.ya?ml$' % re.escape(name))
    try:
        entries = os.listdir(directory)
    except OSError as exc:
        raise AnsibleError('no backup of %s: cannot read the folder %s: %s' % (host, directory, to_native(exc.strerror)))
    # whoever can write the folder can plant a backup with a later date, which would be restored
    distrust = untrusted(os.path.abspath(directory))
    if distrust:
        raise AnsibleError('no backup of %s is read: %s' % (host, distrust))
    paths = [os.path.join(directory, entry) for entry in entries if pattern.match(entry)]
    return sorted(paths, key=lambda path: (os.lstat(path).st_mtime, path), reverse=True)


class BackupLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """The safe loader, reading the !unsafe tag the backup writer puts on the settings as the plain data under it."""


def _untagged(loader, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


BackupLoader.add_constructor('!unsafe', _untagged)


def _no_follow(path, flags):
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def read_backup(path, host):
    """The usr_m0_config of a backup file of the user's own, read with the safe loader (values are marked unsafe by
    the caller)."""
    try:
        with open(path, opener=_no_follow) as handle:
            # what is checked is the file opened: a name swapped after a look would not be
            distrust = untrusted(path, folder=False, status=os.fstat(handle.fileno()))
            if distrust:
                raise AnsibleError('the newest backup of %s is not read: %s' % (host, distrust))
            document = yaml.load(handle, Loader=BackupLoader)  # nosec B506 - a SafeLoader subclass
    except OSError as exc:
        raise AnsibleError('cannot read the backup %s: %s' % (path, untrusted(path, folder=False) or to_native(exc)))
    except yaml.YAMLError as exc:
        raise AnsibleError('cannot read the backup %s: %s' % (path, to_native(exc)))
    if not isinstance(document, dict) or not isinstance(document.get('usr_m0_config'), dict):
        raise AnsibleError('%s is not a backup: it holds no usr_m0_config dict' % path)
    return document['usr_m0_config']


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        directory = self.get_option('dir')
        found = []
        for host in terms:
            paths = backup_files(directory, host)
            if not paths:
                raise AnsibleError('no backup of %s in %s (looked for %s.yml and %s_usr_m0_config.<date>T<hhmmss>.yml)'
                                   % (host, directory, safe_name(host), safe_name(host)))
            config = read_backup(paths[0], host)
            left_out = []
            if not self.get_option('mac') and isinstance(config.get('system'), dict) and 'mac' in config['system']:
                config['system'] = dict((option, value) for option, value in config['system'].items() if option != 'mac')
                left_out.append('system.mac')
            found.append({'path': paths[0], 'config': wrap_var(config), 'left_out': left_out})
        return found
