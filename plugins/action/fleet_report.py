# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_report: write a fleet run's report files on the controller, in the worker, without a module process."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import os
import stat

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.usriot.m0.plugins.module_utils._internal.trust import trusted
from ansible_collections.usriot.m0.plugins.modules.fleet_report import DOCUMENTATION
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import module_doc
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.files import write_file

ARGUMENT_SPEC = module_doc.argument_spec(DOCUMENTATION)
# (file, folder) modes: a report is for the user's group to read; a private file (a backup) for the user alone
MODES = {False: (0o640, 0o750), True: (0o600, 0o700)}


def plain_name(name):
    """A file name of dest itself: no folder, no parent, not hidden (where the report goes is dest's to say)."""
    return bool(name) and os.path.basename(name) == name and not name.startswith('.')


def already_written(path, text, mode):
    """Whether path is a regular file, not a link, of mode holding text (a link there is replaced, not followed)."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or stat.S_IMODE(status.st_mode) != mode:
            return False
        with io.open(path, encoding='utf-8') as handle:
            return handle.read() == text
    except (IOError, OSError, UnicodeDecodeError):
        return False


def write_report(dest, files, check_mode, private=False):
    """Write each of files ({name: text}) in dest; the task's result: changed when a file's text is new."""
    bad = sorted(name for name in files if not plain_name(name))
    if bad:
        raise AnsibleActionFail('fleet_report: a file name is a plain name in dest, got %s' % ', '.join(repr(name) for name in bad))
    if os.path.lexists(dest):
        trusted(os.path.abspath(dest))  # a dest not the user's own is refused before anything is read, in check mode too
    file_mode, directory_mode = MODES[private]
    written = []
    for name in sorted(files):
        path = os.path.join(dest, name)
        text = u'%s' % (files[name],)
        if already_written(path, text, file_mode):
            continue
        if not check_mode:
            write_file(path, text, file_mode, directory_mode)
        written.append(path)
    return {'changed': bool(written), 'dest': dest, 'written': written}


class ActionModule(ActionBase):
    """Runs on the controller: the report is the run's output, and the fleet's results are there."""

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        params = module_doc.validated('fleet_report', ARGUMENT_SPEC, self._task.args)
        try:
            result.update(write_report(params['dest'], params['files'], bool(self._task.check_mode), params['private']))
        except (IOError, OSError) as exc:
            result.update(failed=True, msg='fleet_report could not write in %s: %s' % (params['dest'], exc))
        return result
