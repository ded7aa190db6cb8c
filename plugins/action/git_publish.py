# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""git_publish: commit a folder of results to a Git repository and push it, with the controller's git."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import subprocess
import tempfile

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


def copy_tree(src, target):
    """Every regular file under src, copied to target (links are not followed: a result is a file)."""
    for folder, dummy, names in os.walk(src):
        for name in names:
            source = os.path.join(folder, name)
            if os.path.islink(source) or not os.path.isfile(source):
                continue
            destination = os.path.join(target, os.path.relpath(source, src))
            if not os.path.isdir(os.path.dirname(destination)):
                os.makedirs(os.path.dirname(destination))
            shutil.copyfile(source, destination)


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
        target = os.path.normpath(os.path.join(clone, dest))
        if os.path.relpath(target, clone).startswith('..'):
            raise GitError('dest %s is outside the repository' % dest)
        copy_tree(src, target)
        git(clone, 'add', '--all', '--', os.path.relpath(target, clone))
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
            result.update(failed=True, msg='git_publish to %s: %s' % (params['repo'], exc))
        return result
