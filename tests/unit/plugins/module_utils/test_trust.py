# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one check of a folder or file the collection takes as the user's own, and what it says of the others."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import stat

import pytest

from ansible_collections.usriot.m0.plugins.module_utils._internal import trust

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))


def test_a_folder_and_a_file_of_the_users_own_are_trusted(tmp_path):
    folder = tmp_path / 'mine'
    folder.mkdir(mode=0o700)
    (folder / 'backup.yml').write_text('x')
    os.chmod(str(folder / 'backup.yml'), 0o640)
    assert trust.untrusted(str(folder)) is None
    assert trust.untrusted(str(folder / 'backup.yml'), folder=False) is None
    assert trust.trusted(str(folder)) == str(folder)


def test_another_users_folder_is_named_with_its_owner_and_what_to_do(tmp_path, another_users):
    folder = tmp_path / 'm0-backups'
    folder.mkdir()
    another_users(folder)
    reason = trust.untrusted(str(folder))
    assert reason.startswith('%s is owned by uid 54321, not by ' % folder)
    assert 'uid %d) who runs this: another user may have made it first' % os.geteuid() in reason
    assert reason.endswith('use a folder of your own')
    with pytest.raises(trust.UntrustedPath, match='is owned by uid 54321'):
        trust.trusted(str(folder))


def test_another_users_file_is_named_too(tmp_path, another_users):
    path = tmp_path / 'pump-07.yml'
    path.write_text('x')
    another_users(path)
    assert trust.untrusted(str(path), folder=False).endswith(
        'another user may have written it; remove it, or chown it if you know what it holds')


@pytest.mark.parametrize('mode, writers', [(0o777, 'its group and others'), (0o1777, 'its group and others'),
                                           (0o770, 'its group'), (0o703, 'others')])
def test_a_folder_others_can_write_is_named_with_its_mode(tmp_path, mode, writers):
    folder = tmp_path / 'shared'
    folder.mkdir()
    os.chmod(str(folder), mode)
    assert trust.untrusted(str(folder)) == (
        '%s is writable by %s (mode %04o): they can put files in it or replace them; make it yours alone (chmod go-w), '
        'or use a folder of your own' % (folder, writers, mode))


def test_a_file_others_can_write_is_not_trusted(tmp_path):
    path = tmp_path / 'drift.md'
    path.write_text('x')
    os.chmod(str(path), 0o666)
    assert 'is writable by its group and others (mode 0666): they can change it' in trust.untrusted(str(path), folder=False)


def test_a_link_is_not_trusted_even_to_the_users_own_folder(tmp_path):
    (tmp_path / 'mine').mkdir(mode=0o700)
    (tmp_path / 'link').symlink_to(tmp_path / 'mine')
    assert trust.untrusted(str(tmp_path / 'link')).startswith('%s is a symbolic link' % (tmp_path / 'link'))


def test_a_file_is_not_a_folder_nor_a_folder_a_file(tmp_path):
    (tmp_path / 'file').write_text('x')
    assert trust.untrusted(str(tmp_path / 'file')) == '%s is not a folder' % (tmp_path / 'file')
    assert trust.untrusted(str(tmp_path), folder=False) == '%s is not a file' % tmp_path
    assert trust.untrusted(str(tmp_path / 'missing')) == '%s: No such file or directory' % (tmp_path / 'missing')


def test_what_is_checked_is_what_was_opened(tmp_path, another_users):
    """A file opened, then its name given to another file: the status of the one opened decides."""
    path = tmp_path / 'backup.yml'
    path.write_text('planted')
    another_users(path)
    with open(str(path)) as handle:
        opened = os.fstat(handle.fileno())
        path.unlink()
        path.write_text('mine')
        assert trust.untrusted(str(path), folder=False) is None
        assert 'is owned by uid 54321' in trust.untrusted(str(path), folder=False, status=opened)


def test_own_folder_makes_the_folder_and_each_missing_parent_private(tmp_path):
    made = tmp_path / 'a' / 'b' / 'c'
    assert trust.own_folder(str(made)) == str(made)
    for folder in (made, made.parent, made.parent.parent):
        assert stat.S_IMODE(os.stat(str(folder)).st_mode) == 0o700


def test_own_folder_takes_the_folder_another_fork_makes_between_its_looks(tmp_path, monkeypatch):
    # forks write backups at once: one makes the folder just after another found it missing (a CI run failed so)
    made = tmp_path / 'backups'
    real_isdir = os.path.isdir
    looks = []

    def isdir_while_another_fork_makes_it(path):
        if path == str(made) and not looks:
            looks.append(path)
            os.mkdir(path, 0o700)
            return False
        return real_isdir(path)
    monkeypatch.setattr(os.path, 'isdir', isdir_while_another_fork_makes_it)
    assert trust.own_folder(str(made)) == str(made) and looks == [str(made)]


def test_own_folder_refuses_a_folder_another_user_made_first(tmp_path, another_users):
    planted = tmp_path / 'usriot.m0-sessions-0'
    planted.mkdir(mode=0o777)
    os.chmod(str(planted), 0o777)
    another_users(planted)
    with pytest.raises(trust.UntrustedPath, match='is owned by uid 54321'):
        trust.own_folder(str(planted))


def test_own_folder_refuses_one_another_user_makes_between_the_look_and_the_mkdir(tmp_path, another_users, monkeypatch):
    real_mkdir = os.mkdir

    def someone_is_faster(path, mode=0o777, **kwargs):
        real_mkdir(path, 0o777)
        another_users(path)
        real_mkdir(path, mode, **kwargs)

    monkeypatch.setattr(os, 'mkdir', someone_is_faster)
    with pytest.raises(trust.UntrustedPath, match='is owned by uid 54321'):
        trust.own_folder(str(tmp_path / 'reports'))


class OneAccount:
    """The password database of a controller where uid 1000 is ops and no account has uid 54321."""

    @staticmethod
    def getpwuid(uid):
        if uid != 1000:
            raise KeyError(uid)
        return type('Account', (), {'pw_name': 'ops'})


def status(kind, mode, uid):
    return os.stat_result((kind | mode, 1, 1, 1, uid, uid, 0, 0, 0, 0))


def test_the_messages_docs_reliability_shows_are_what_the_check_says(monkeypatch):
    """docs/reliability.md, "Shared folders": each message quoted holds what the check says of such a path."""
    monkeypatch.setattr(os, 'geteuid', lambda: 1000)
    monkeypatch.setattr(trust, 'pwd', OneAccount)
    text = open(os.path.join(ROOT, 'docs', 'reliability.md')).read().split('### Shared folders', 1)[1]
    shown = re.search(r'```text\n(.*?)```', text, re.S).group(1).splitlines()
    cases = [('/var/tmp/m0-backups', True, status(stat.S_IFDIR, 0o755, 54321)),
             ('/var/tmp/m0-audit', True, status(stat.S_IFDIR, 0o777, 1000)),
             ('/srv/m0/backups/pump-07_usr_m0_config.2099-01-01T000000.yml', False, status(stat.S_IFREG, 0o600, 54321))]
    assert len(shown) == len(cases)
    for line, (path, folder, planted) in zip(shown, cases):
        assert ': %s' % trust.untrusted(path, folder, planted) in line, line
