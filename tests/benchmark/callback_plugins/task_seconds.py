# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a benchmark run's time goes: seconds from each task's start (or play's) to the next, appended to a file.

bench.py --profile enables it; a task's row holds what ansible-playbook did for it on every host of its batch.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: task_seconds
type: aggregate
short_description: Seconds per task of a benchmark run
description:
  - Appends one line per play and task, with the seconds until the next one started, to the file named by the
    environment variable E(USR_M0_BENCH_PROFILE).
requirements:
  - enabled in the benchmark's environment (C(bench.py --profile))
'''

import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_seconds'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._started = self._last = time.monotonic()
        self._current = 'playbook start'
        self._rows = []

    def _next(self, name):
        now = time.monotonic()
        self._rows.append((now - self._last, self._current))
        self._last, self._current = now, name

    def v2_playbook_on_play_start(self, play):
        self._next('PLAY %s' % play.get_name())

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._next('  TASK %s' % task.get_name())

    def v2_playbook_on_stats(self, stats):
        self._next('end')
        with open(os.environ['USR_M0_BENCH_PROFILE'], 'a') as handle:
            handle.write(''.join('%7.2f %s\n' % row for row in self._rows))
            handle.write('%7.2f total\n\n' % (time.monotonic() - self._started))
