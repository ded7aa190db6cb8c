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


def test_a_private_file_is_for_the_user_alone(tmp_path):
    dest = tmp_path / 'backups'
    write_report(str(dest), {'pump-07.yml': 'usr_m0_config: {}\n'}, check_mode=False, private=True)
    assert mode(dest / 'pump-07.yml') == 0o600 and mode(dest) == 0o700


@pytest.mark.parametrize('check_mode', [False, True], ids=['run', 'check mode'])
@pytest.mark.parametrize('plant, says', [(lambda folder, make_theirs: make_theirs(folder), 'is owned by uid 54321'),
                                         (lambda folder, make_theirs: folder.chmod(0o777), 'is writable by its group and others'),
                                         (lambda folder, make_theirs: folder.chmod(0o770), 'is writable by its group (mode 0770)')],
                         ids=['made first by another user', 'writable by others', 'writable by its group'])
def test_a_report_folder_not_the_users_own_is_refused_before_anything_is_written(tmp_path, another_users, plant, says, check_mode):
    """/var/tmp/m0-audit made first by another user: the audit would write, and publish, next to their files."""
    dest = tmp_path / 'm0-audit'
    dest.mkdir()
    (dest / 'drift.md').write_text('planted\n')
    plant(dest, another_users)
    with pytest.raises(OSError) as refused:
        write_report(str(dest), {'drift.md': '# Drift\n', 'drift.json': '{}\n'}, check_mode=check_mode)
    assert str(refused.value).startswith('%s %s' % (dest, says))
    assert sorted(os.listdir(str(dest))) == ['drift.md'] and (dest / 'drift.md').read_text() == 'planted\n'


def test_a_dest_that_is_a_link_is_refused(tmp_path):
    (tmp_path / 'elsewhere').mkdir()
    (tmp_path / 'reports').symlink_to(tmp_path / 'elsewhere')
    with pytest.raises(OSError, match='is a symbolic link'):
        write_report(str(tmp_path / 'reports'), {'drift.md': '# Drift\n'}, check_mode=False)
    assert os.listdir(str(tmp_path / 'elsewhere')) == []
