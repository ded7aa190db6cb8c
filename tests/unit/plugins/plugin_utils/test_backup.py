# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backups written on the controller from what usr_m0_config returned."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import yaml

from ansible_collections.usriot.m0.plugins.plugin_utils import backup

SETTINGS = {'web': {'username': 'admin', 'password': '********', 'port': 80}}
TASK_VARS = {'inventory_hostname': 'pump-07', 'playbook_dir': '/srv/plays'}


def test_the_settings_become_a_usr_m0_config_file_of_mode_0600(tmp_path):
    options = {'dir_path': str(tmp_path / 'new'), 'filename': 'pump-07.yml'}
    result = backup.write_backup({'changed': True, '__backup__': SETTINGS}, options, TASK_VARS)
    path = str(tmp_path / 'new' / 'pump-07.yml')
    assert result == {'changed': True, 'backup_path': path}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(tmp_path / 'new')).st_mode) == 0o700
    with open(path) as handle:
        assert yaml.safe_load(handle) == {'usr_m0_config': SETTINGS}


def test_an_existing_file_is_replaced_and_made_private(tmp_path):
    path = tmp_path / 'pump-07.yml'
    path.write_text('old')
    os.chmod(str(path), 0o644)
    backup.write_backup({'__backup__': SETTINGS}, {'dir_path': str(tmp_path), 'filename': 'pump-07.yml'}, TASK_VARS)
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600 and 'old' not in path.read_text()


def test_nothing_is_written_without_a_backup_in_the_result(tmp_path):
    assert backup.write_backup({'changed': False}, {'dir_path': str(tmp_path)}, TASK_VARS) == {'changed': False}
    assert os.listdir(str(tmp_path)) == []


def test_the_default_place_is_backup_in_the_playbook_directory_named_by_host_and_time():
    assert backup.backup_path({}, TASK_VARS, now=0).startswith('/srv/plays/backup/pump-07_usr_m0_config.19')
    assert backup.backup_path({'dir_path': '~/m0'}, TASK_VARS).startswith(os.path.expanduser('~/m0/pump-07_usr_m0_config.'))
