# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backups before change, written on the controller (the ansible.netcommon `backup` convention).

usr_m0_config returns the settings it read before its first set command under
the internal key __backup__, wherever it ran; the action writes them here as a
usr_m0_config document that the restore playbook takes.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import time

import yaml

BACKUP_KEY = '__backup__'


def backup_path(options, task_vars, now=None):
    """Where a backup goes: backup_options, else <playbook dir>/backup/<host>_usr_m0_config.<date>@<time>.yml."""
    directory = os.path.expanduser(options.get('dir_path') or os.path.join(task_vars.get('playbook_dir') or os.getcwd(), 'backup'))
    filename = options.get('filename') or '%s_usr_m0_config.%s.yml' % (
        task_vars.get('inventory_hostname', 'm0'), time.strftime('%Y-%m-%d@%H:%M:%S', time.localtime(now)))
    return os.path.join(directory, filename)


def write_backup(result, options, task_vars):
    """Take the settings out of a module result, write them (mode 0600) and say where in backup_path."""
    settings = result.pop(BACKUP_KEY, None)
    if settings is None:
        return result
    path = backup_path(options or {}, task_vars)
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a file that existed keeps its mode under O_CREAT
    with os.fdopen(descriptor, 'w') as handle:
        handle.write('---\n# usr_m0_config of %s before the change; playbooks/restore.yml takes it.\n'
                     % task_vars.get('inventory_hostname', 'the module'))
        yaml.safe_dump({'usr_m0_config': settings}, handle, default_flow_style=False, sort_keys=True)
    result['backup_path'] = path
    return result
