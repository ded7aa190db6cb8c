# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""git_publish: commit a folder of results to a Git repository and push it, with the controller's git."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import stat
import subprocess
import tempfile

try:
    from urllib.parse import urlsplit, urlunsplit
except ImportError:  # pragma: no cover - Python 2 on a controller ansible-core no longer supports
    from urlparse import urlsplit, urlunsplit  # pylint: disable=import-error

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

ARGUMENT_SPEC = {
    'repo': {'type': 'str', 'required': True},
    'branch': {'type': 'str', 'default': 'main'},
    'src': {'type': 'path', 'required': True},
    'dest': {'type': 'str', 'default': ''},
    'message': {'type': 'str', 'default': 'usriot.m0 results'},
    'retries': {'type': 'int', 'default': 3},
}
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


def folder_in_clone(clone, relative):
    """The folder clone/relative, made as needed; GitError when the way there leaves the clone through a link.

    The clone's tree is the repository's: whoever can push to it can commit a link (backups -> /etc), which a path
    that follows it would write through. Each part of the way is looked at without following it.
    """
    folder = clone
    for part in [part for part in relative.split(os.sep) if part not in ('', '.')]:
        folder = os.path.join(folder, part)
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            os.mkdir(folder, 0o755)
            continue
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise GitError('%s in the repository is %s, not a folder: nothing is written through it'
                           % (os.path.relpath(folder, clone), 'a link' if stat.S_ISLNK(info.st_mode) else 'a file'))
    return folder


def copy_tree(src, clone, dest):
    """Every regular file under src, copied with its mode under clone/dest (links are not followed either way: a result
    is a file, and a link committed in the repository is not written through)."""
    for folder, dummy, names in os.walk(src):
        for name in names:
            source = os.path.join(folder, name)
            if os.path.islink(source) or not os.path.isfile(source):
                continue
            relative = os.path.normpath(os.path.join(dest, os.path.relpath(source, src)))
            target = os.path.join(folder_in_clone(clone, os.path.dirname(relative)), os.path.basename(relative))
            if os.path.islink(target):
                raise GitError('%s in the repository is a link: nothing is written through it' % relative)
            mode = stat.S_IMODE(os.stat(source).st_mode)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
            with os.fdopen(descriptor, 'wb') as handle, open(source, 'rb') as original:
                os.fchmod(handle.fileno(), mode)  # a backup stays 0600 in the clone, whatever the umask
                shutil.copyfileobj(original, handle)


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
    if not os.path.isdir(src):
        raise GitError('src %s is not a folder' % src)
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
        validation = ArgumentSpecValidator(ARGUMENT_SPEC).validate(dict(self._task.args))
        if validation.error_messages:
            raise AnsibleActionFail('git_publish: %s' % '; '.join(validation.error_messages))
        params = validation.validated_parameters
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
