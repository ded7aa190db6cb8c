# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""git_publish with real git against a local bare repository."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess

import pytest

from ansible_collections.usriot.m0.plugins.action import git_publish


def git(*args, **kwargs):
    return subprocess.run(['git'] + list(args), check=True, stdout=subprocess.PIPE, universal_newlines=True, **kwargs).stdout


@pytest.fixture
def remote(tmp_path):
    path = tmp_path / 'remote.git'
    git('init', '--quiet', '--bare', str(path))
    return str(path)


@pytest.fixture
def results(tmp_path):
    folder = tmp_path / 'results'
    folder.mkdir()
    (folder / 'pump-07.yml').write_text('usr_m0_config: {system: {name: pump-07}}\n')
    (folder / 'sub').mkdir()
    (folder / 'sub' / 'drift.md').write_text('# Drift\n')
    return folder


def files_in(remote, branch='main'):
    return sorted(git('--git-dir', remote, 'ls-tree', '-r', '--name-only', branch).split())


def publish(remote, results, **options):
    arguments = dict(repo=remote, branch='main', src=str(results), dest='backups', message='M0 backups', retries=3, check_mode=False)
    arguments.update(options)
    return git_publish.publish(**arguments)


def test_first_run_makes_the_branch_in_an_empty_repository_and_a_rerun_no_commit(remote, results):
    first = publish(remote, results)
    assert first['changed'] and first['files'] == ['backups/pump-07.yml', 'backups/sub/drift.md'] and first['push_attempts'] == 1
    assert files_in(remote) == ['backups/pump-07.yml', 'backups/sub/drift.md']
    again = publish(remote, results)
    assert again == {'changed': False, 'commit': None, 'files': []}
    assert git('--git-dir', remote, 'rev-list', '--count', 'main').strip() == '1'


def test_check_mode_commits_nothing(remote, results):
    assert publish(remote, results, check_mode=True)['changed']
    assert git('--git-dir', remote, 'branch', '--list').strip() == ''


def test_a_push_refused_because_someone_pushed_first_is_retried_on_top(remote, results, tmp_path, monkeypatch):
    publish(remote, results)
    other = tmp_path / 'other'
    git('clone', '--quiet', '--branch', 'main', remote, str(other))
    (other / 'README.md').write_text('fleet backups\n')
    git('-C', str(other), 'add', 'README.md')
    git('-C', str(other), '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '--quiet', '-m', 'readme')
    real_checkout = git_publish.checkout

    def checkout_then_someone_pushes(repo, branch, clone):
        real_checkout(repo, branch, clone)
        git('-C', str(other), 'push', '--quiet', 'origin', 'main')

    monkeypatch.setattr(git_publish, 'checkout', checkout_then_someone_pushes)
    (results / 'pump-07.yml').write_text('usr_m0_config: {system: {name: pump-7}}\n')
    result = publish(remote, results)
    assert result['push_attempts'] == 2 and result['files'] == ['backups/pump-07.yml']
    # both commits are there, nothing was forced
    assert files_in(remote) == ['README.md', 'backups/pump-07.yml', 'backups/sub/drift.md']
    assert git('--git-dir', remote, 'rev-list', '--count', 'main').strip() == '3'


def test_files_outside_src_are_kept(remote, results):
    publish(remote, results)
    (results / 'sub' / 'drift.md').unlink()
    assert publish(remote, results)['changed'] is False
    assert 'backups/sub/drift.md' in files_in(remote)


def test_a_dest_outside_the_repository_is_refused(remote, results):
    with pytest.raises(git_publish.GitError, match='outside the repository'):
        publish(remote, results, dest='../elsewhere')


def test_an_unreachable_repository_is_a_clear_error(results, tmp_path):
    with pytest.raises(git_publish.GitError, match='git fetch'):
        publish(str(tmp_path / 'missing.git'), results)


def planted(remote, tmp_path, link, to):
    """Someone who can push to the repository commits a link at link (a path in the repository) pointing to `to`."""
    other = tmp_path / 'planter'
    git('init', '--quiet', str(other))
    (other / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(str(to), str(other / link))
    git('-C', str(other), 'add', '--all')
    git('-C', str(other), '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '--quiet', '-m', 'link')
    git('-C', str(other), 'push', '--quiet', remote, 'HEAD:refs/heads/main')


@pytest.mark.parametrize('link, says', [('backups', 'backups in the repository is a link'),
                                        ('backups/sub', 'backups/sub in the repository is a link'),
                                        ('backups/pump-07.yml', 'backups/pump-07.yml in the repository is a link')])
def test_nothing_is_written_through_a_link_committed_in_the_repository(remote, results, tmp_path, link, says):
    outside = tmp_path / 'outside'
    outside.mkdir()
    (outside / 'pump-07.yml').write_text('host_vars of the project\n')
    planted(remote, tmp_path, link, outside / 'pump-07.yml' if link.endswith('.yml') else outside)
    with pytest.raises(git_publish.GitError, match=says):
        publish(remote, results)
    assert sorted(os.listdir(str(outside))) == ['pump-07.yml']
    assert (outside / 'pump-07.yml').read_text() == 'host_vars of the project\n'


def test_a_file_keeps_its_mode_in_the_clone(results, tmp_path):
    (results / 'pump-07.yml').chmod(0o600)
    clone = tmp_path / 'clone'
    clone.mkdir()
    git_publish.copy_tree(str(results), str(clone), 'backups')
    assert oct((clone / 'backups' / 'pump-07.yml').stat().st_mode & 0o777) == oct(0o600)
    assert (clone / 'backups' / 'pump-07.yml').read_text() == 'usr_m0_config: {system: {name: pump-07}}\n'


@pytest.mark.parametrize('dest', ['.git', 'x/../.git', '.git/hooks', 'a/.git'])
def test_a_dest_that_reaches_git_is_refused(remote, results, dest):
    with pytest.raises(git_publish.GitError, match='inside the repository\'s .git folder'):
        publish(remote, results, dest=dest)
    assert git('--git-dir', remote, 'branch', '--list').strip() == ''


def test_credentials_in_the_repository_url_are_never_shown(results):
    repo = 'https://fleet-bot:s3cr3tT0ken@127.0.0.1:9/results.git'
    message = git_publish.masked('git_publish to %s: fatal: unable to access \'%s\': refused' % (repo, repo), repo)
    assert 's3cr3tT0ken' not in message and 'fleet-bot' not in message
    assert message == ('git_publish to https://***@127.0.0.1:9/results.git: fatal: unable to access '
                       '\'https://***@127.0.0.1:9/results.git\': refused')
    with pytest.raises(git_publish.GitError) as failed:
        publish(repo, results)
    assert 's3cr3tT0ken' not in git_publish.masked(str(failed.value), repo)


@pytest.fixture
def secret(tmp_path):
    """A folder only root reads, outside src: what a swapped link would publish."""
    folder = tmp_path / 'secret'
    folder.mkdir(mode=0o700)
    (folder / 'shadow').write_text('root:$6$hash\n')
    os.chmod(str(folder / 'shadow'), 0o600)
    return folder


class Listing:
    """What os.scandir gave, listed whole, usable as scandir's iterator and context manager."""

    def __init__(self, entries):
        self.entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def close(self):
        pass


def test_a_folder_of_src_swapped_for_a_link_while_it_is_read_is_not_followed(remote, results, secret, monkeypatch):
    """The race of a src folder another user can change: src/sub becomes a link to a folder only root reads between
    the look at src and the read of sub. The walk is made deterministic: the swap is made the moment the walk goes
    to list sub, whichever way the walk reaches it (a path or an open folder)."""
    sub = results / 'sub'
    sub_status = os.stat(str(sub))
    (results / 'shadow').symlink_to(secret / 'shadow')  # a link in src is not published either
    real_scandir = os.scandir

    def scandir_swapping_sub(target='.'):
        looked_at = os.stat(target)
        if (looked_at.st_dev, looked_at.st_ino) == (sub_status.st_dev, sub_status.st_ino) and not os.path.islink(str(sub)):
            os.rename(str(sub), str(results / 'moved'))
            os.symlink(str(secret), str(sub))
        with real_scandir(target) as entries:
            return Listing(list(entries))

    monkeypatch.setattr(os, 'scandir', scandir_swapping_sub)
    result = publish(remote, results)
    assert os.path.islink(str(sub))  # the swap was made
    # what was read is the folder that was there when the walk opened it, not the one the link points to
    assert result['files'] == files_in(remote) == ['backups/pump-07.yml', 'backups/sub/drift.md']


@pytest.mark.parametrize('plant, says', [
    (lambda results, make_theirs: results.chmod(0o777), '%s is writable by its group and others (mode 0777)'),
    (lambda results, make_theirs: results.chmod(0o775), '%s is writable by its group (mode 0775)'),
    (lambda results, make_theirs: make_theirs(results), '%s is owned by uid 54321'),
    (lambda results, make_theirs: (results / 'sub').chmod(0o777), '%s/sub is writable by its group and others'),
    (lambda results, make_theirs: make_theirs(results / 'sub' / 'drift.md'), '%s/sub/drift.md is owned by uid 54321'),
], ids=['src writable by others', 'src writable by its group', "src another user's", 'a folder in src writable by others',
        "a file in src another user's"])
def test_a_src_not_the_users_own_is_refused_naming_it_and_nothing_is_published(remote, results, another_users, plant, says):
    plant(results, another_users)
    with pytest.raises(git_publish.GitError) as refused:
        publish(remote, results)
    assert str(refused.value).startswith('nothing is published from src: ' + says % results)
    assert git('--git-dir', remote, 'branch', '--list').strip() == ''


def test_a_src_that_is_a_link_is_refused(remote, results, tmp_path):
    (tmp_path / 'link').symlink_to(results)
    with pytest.raises(git_publish.GitError, match='nothing is published from src: %s is a symbolic link' % (tmp_path / 'link')):
        publish(remote, str(tmp_path / 'link'))
