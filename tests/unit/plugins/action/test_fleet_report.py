# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_report: a fleet run's report files, written whole on the controller."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import pytest

from ansible.errors import AnsibleActionFail

from ansible_collections.usriot.m0.plugins.action.fleet_report import write_report


def mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def test_the_files_are_written_with_their_folders_and_modes(tmp_path):
    dest = tmp_path / 'reports' / 'site'
    result = write_report(str(dest), {'drift.md': '# Drift\n', 'drift.json': '[]\n'}, check_mode=False)
    assert result == {'changed': True, 'dest': str(dest), 'written': [str(dest / 'drift.json'), str(dest / 'drift.md')]}
    assert (dest / 'drift.md').read_text() == '# Drift\n' and (dest / 'drift.json').read_text() == '[]\n'
    assert mode(dest / 'drift.md') == 0o640 and mode(dest) == mode(dest.parent) == 0o750
    assert sorted(os.listdir(str(dest))) == ['drift.json', 'drift.md']  # no temporary file left


def test_a_second_run_with_the_same_text_writes_nothing_and_a_new_text_is_written(tmp_path):
    write_report(str(tmp_path), {'drift.md': 'one\n', 'drift.json': '[]\n'}, check_mode=False)
    assert write_report(str(tmp_path), {'drift.md': 'one\n', 'drift.json': '[]\n'}, check_mode=False)['changed'] is False
    result = write_report(str(tmp_path), {'drift.md': 'two\n', 'drift.json': '[]\n'}, check_mode=False)
    assert result['written'] == [str(tmp_path / 'drift.md')] and (tmp_path / 'drift.md').read_text() == 'two\n'


def test_check_mode_says_what_it_would_write_and_writes_nothing(tmp_path):
    result = write_report(str(tmp_path / 'new'), {'rollout.md': 'x\n'}, check_mode=True)
    assert result['changed'] is True and result['written'] == [str(tmp_path / 'new' / 'rollout.md')]
    assert not (tmp_path / 'new').exists()


def test_a_link_at_the_name_is_replaced_not_followed(tmp_path):
    target = tmp_path / 'elsewhere'
    target.write_text('keep\n')
    (tmp_path / 'drift.md').symlink_to(target)
    write_report(str(tmp_path), {'drift.md': 'report\n'}, check_mode=False)
    assert target.read_text() == 'keep\n' and not os.path.islink(str(tmp_path / 'drift.md'))
    assert (tmp_path / 'drift.md').read_text() == 'report\n'


def test_a_link_to_a_file_that_already_holds_the_report_is_replaced_too(tmp_path):
    target = tmp_path / 'elsewhere'
    target.write_text('report\n')
    os.chmod(str(target), 0o640)
    (tmp_path / 'drift.md').symlink_to(target)
    assert write_report(str(tmp_path), {'drift.md': 'report\n'}, check_mode=False)['changed'] is True
    assert not os.path.islink(str(tmp_path / 'drift.md')) and (tmp_path / 'drift.md').read_text() == 'report\n'


@pytest.mark.parametrize('name', ['../drift.md', 'sub/drift.md', '.hidden', '', '..'])
def test_a_name_that_is_not_a_plain_file_name_fails_before_anything_is_written(tmp_path, name):
    with pytest.raises(AnsibleActionFail, match='plain name'):
        write_report(str(tmp_path / 'dest'), {'drift.md': 'x', name: 'x'}, check_mode=False)
    assert not (tmp_path / 'dest').exists()
