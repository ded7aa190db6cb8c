# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""git_publish: commit a folder of results to a Git repository and push it, with the controller's git."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import errno
import os
import shutil
import stat
import subprocess
import tempfile

try:
    from urllib.parse import urlsplit, urlunsplit
except ImportError:  # pragma: no cover - Python 2 on a controller ansible-core no longer supports
    from urlparse import urlsplit, urlunsplit  # pylint: disable=import-error

from ansible.plugins.action import ActionBase

from ansible_collections.usriot.m0.plugins.module_utils._internal.trust import untrusted
from ansible_collections.usriot.m0.plugins.modules.git_publish import DOCUMENTATION
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import module_doc

ARGUMENT_SPEC = module_doc.argument_spec(DOCUMENTATION)
JOB_VARS = ('awx_job_id', 'tower_job_id')
DEFAULT_IDENTITY = ('usriot.m0', 'usriot.m0@localhost')


class GitError(Exception):
    """A git command failed; the message has its output."""


def without_credentials(repo):
    """repo as it may be shown: the user and password of a URL (https://user:TOKEN@host/...) never are."""
    parts = urlsplit(repo)
    if not parts.netloc or '@' not in parts.netloc:
        return repo
    return urlunsplit(parts._replace(netloc='***@' + parts.netloc.rpartition('@')[2]))


def masked(text, repo):
    """text with repo's credentials masked wherever git quoted them."""
    parts = urlsplit(repo)
    secrets = [value for value in (parts.password, parts.username) if value]
    text = text.replace(repo, without_credentials(repo))
    for secret in secrets:
        text = text.replace(secret, '***')
    return text


def git(clone, *args):
    """Run git in the clone; its output, or GitError with what it said."""
    run = subprocess.run(['git', '-C', clone] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, check=False, env=dict(os.environ, GIT_TERMINAL_PROMPT='0'))
    if run.returncode:
        raise GitError('git %s: %s' % (' '.join(args), run.stdout.strip()))
    return run.stdout


def checkout(repo, branch, clone):
    """Clone repo into clone with branch checked out: the remote branch, or a new one (an empty repository too)."""
    git(clone, 'init', '--quiet')
    git(clone, 'remote', 'add', 'origin', repo)
    git(clone, 'fetch', '--quiet', 'origin')
    if git(clone, 'ls-remote', '--heads', 'origin', branch).strip():
        git(clone, 'checkout', '--quiet', '-B', branch, 'origin/%s' % branch)
    else:
        git(clone, 'checkout', '--quiet', '--orphan', branch)
    for key, value in zip(('user.name', 'user.email'), DEFAULT_IDENTITY):
        if subprocess.run(['git', '-C', clone, 'config', key], stdout=subprocess.DEVNULL, check=False).returncode:
            git(clone, 'config', key, value)


FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


@contextlib.contextmanager
def closed_after(descriptor):
    """descriptor, closed when the block ends."""
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def open_folder(name, parent=None, create=False):
    """A descriptor of the folder name (in the folder open as parent), opened without following a link and made
    (0755) when create and missing; None when name is not a folder (a link, a file)."""
    if create:
        try:
            os.mkdir(name, 0o755, dir_fd=parent)
        except FileExistsError:
            pass
    try:
        return os.open(name, FOLDER, dir_fd=parent)
    except OSError as exc:
        if exc.errno not in (errno.ENOTDIR, errno.ELOOP):
            raise
        return None


def what_is(name, parent):
    """What name in the folder open as parent is, for a message."""
    try:
        mode = os.lstat(name, dir_fd=parent).st_mode
    except FileNotFoundError:
        return 'gone'
    return 'a link' if stat.S_ISLNK(mode) else 'a folder' if stat.S_ISDIR(mode) else 'a file'


def repository_folder(name, parent, relative):
    """The folder name in the clone's folder open as parent (relative: its path in the repository), made as needed;
    GitError when it is a link or a file.

    The clone's tree is the repository's: whoever can push to it can commit a link (backups -> /etc), which a path
    that follows it would write through.
    """
    descriptor = open_folder(name, parent, create=True)
    if descriptor is None:
        raise GitError('%s in the repository is %s, not a folder: nothing is written through it' % (relative, what_is(name, parent)))
    return descriptor


def folder_in_clone(clone, relative):
    """A descriptor of the folder clone/relative, made as needed, each part of the way opened without following it."""
    descriptor = os.open(clone, FOLDER)
    way = ''
    for part in [part for part in relative.split(os.sep) if part not in ('', '.')]:
        way = os.path.join(way, part)
        try:
            inner = repository_folder(part, descriptor, way)
        finally:
            os.close(descriptor)
        descriptor = inner
    return descriptor


def own_in_src(path, status=None, folder=True):
    """GitError unless path (status: as opened) is the user's own: src is read by whoever runs the playbook, often
    root, and what another user could put in it or swap under it would be published as theirs."""
    distrust = untrusted(path, folder, status)
    if distrust:
        raise GitError('nothing is published from src: %s' % distrust)


def changed_under_us(path, name, parent):
    return GitError('nothing is published from src: %s changed while it was read (it is %s now)' % (path, what_is(name, parent)))


def copy_file(name, source, path, target, relative):
    """Copy the file name of the folder open as source (path) to the folder open as target (relative, in the
    repository), with its mode; neither side's name is followed if it is a link."""
    try:
        original = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=source)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise changed_under_us(path, name, source)
    with os.fdopen(original, 'rb') as reader:
        status = os.fstat(reader.fileno())
        own_in_src(path, status, folder=False)
        mode = stat.S_IMODE(status.st_mode)
        try:
            descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode, dir_fd=target)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            raise GitError('%s in the repository is a link: nothing is written through it' % relative)
        with os.fdopen(descriptor, 'wb') as writer:
            os.fchmod(writer.fileno(), mode)  # a backup stays 0600 in the clone, whatever the umask
            shutil.copyfileobj(reader, writer)


def copy_folder(source, path, target, relative):
    """Every regular file under the folder open as source (path), copied under the folder open as target (relative,
    in the repository). Each folder is opened from the one above it without following a link, on both sides: one
    swapped for a link while src is read is not followed (a link in src is not published either: a result is a
    file)."""
    own_in_src(path, os.fstat(source))
    with os.scandir(source) as entries:
        listed = sorted((entry.name, entry.is_dir(follow_symlinks=False), entry.is_file(follow_symlinks=False))
                        for entry in entries)
    for name, is_folder, is_file in listed:
        inner_path, inner_relative = os.path.join(path, name), os.path.normpath(os.path.join(relative, name))
        if is_file:
            copy_file(name, source, inner_path, target, inner_relative)
        elif is_folder:
            inner = open_folder(name, source)
            if inner is None:
                raise changed_under_us(inner_path, name, source)
            with closed_after(inner), closed_after(repository_folder(name, target, inner_relative)) as inner_target:
                copy_folder(inner, inner_path, inner_target, inner_relative)


def copy_tree(src, clone, dest):
    """Every regular file under src, copied with its mode under clone/dest; GitError when src or anything in it is
    not the user's own, or the way to dest in the repository is a link."""
    source = open_folder(src)
    if source is None:
        raise changed_under_us(src, src, None)
    with closed_after(source), closed_after(folder_in_clone(clone, dest)) as target:
        copy_folder(source, src, target, dest)


def push(clone, branch, retries):
    """Push the commit; a refused push is rebased on what was pushed first and tried again. The attempts it took."""
    for attempt in range(1, retries + 2):
        try:
            git(clone, 'push', '--quiet', 'origin', 'HEAD:refs/heads/%s' % branch)
            return attempt
        except GitError:
            if attempt > retries:
                raise
            git(clone, 'fetch', '--quiet', 'origin')
            git(clone, 'rebase', '--quiet', 'origin/%s' % branch)
    return None  # pragma: no cover - the loop returns or raises


def publish(repo, branch, src, dest, message, retries, check_mode):
    """Commit and push src's files under dest; the result of the task."""
    own_in_src(src)
    clone = tempfile.mkdtemp(prefix='usriot.m0-publish-')
    try:
        checkout(repo, branch, clone)
        relative = os.path.normpath(dest or '.')
        if relative.startswith('..') or os.path.isabs(relative):
            raise GitError('dest %s is outside the repository' % dest)
        if '.git' in relative.split(os.sep):
            raise GitError('dest %s is inside the repository\'s .git folder, where a file is a command git may run' % dest)
        copy_tree(src, clone, relative)
        git(clone, 'add', '--all', '--', relative)
        files = [line for line in git(clone, 'diff', '--cached', '--name-only').splitlines() if line]
        if not files or check_mode:
            return {'changed': bool(files), 'commit': None, 'files': files}
        git(clone, 'commit', '--quiet', '-m', message)
        attempts = push(clone, branch, retries)
        return {'changed': True, 'commit': git(clone, 'rev-parse', 'HEAD').strip(), 'files': files, 'push_attempts': attempts}
    finally:
        shutil.rmtree(clone, ignore_errors=True)


class ActionModule(ActionBase):
    """Runs on the controller: the results to publish are there, and so are its Git credentials."""

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        task_vars = task_vars or {}
        params = module_doc.validated('git_publish', ARGUMENT_SPEC, self._task.args)
        message = params['message']
        job = next((task_vars[name] for name in JOB_VARS if task_vars.get(name)), None)
        if job:
            message = '%s (AWX job %s)' % (message, job)
        try:
            result.update(publish(params['repo'], params['branch'], params['src'], params['dest'], message,
                                  params['retries'], bool(self._task.check_mode)))
        except (GitError, OSError) as exc:
            result.update(failed=True, msg=masked('git_publish to %s: %s' % (params['repo'], exc), params['repo']))
        return result
