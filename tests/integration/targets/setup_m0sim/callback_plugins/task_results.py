# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each task's outcome per host (failed, changed, skipped, msg) as JSON in $TASK_RESULTS_FILE, when it is set."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: task_results
type: aggregate
short_description: Writes each task's outcome per host to TASK_RESULTS_FILE as JSON
description:
  - Test helper of the integration targets (setup_m0sim/m0sim.sh enables it); writes nothing unless
    TASK_RESULTS_FILE is set. A test reads what each task did from it instead of recording it with a task of
    its own (a module run per host) or reading the output's text.
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_results'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.results = {}

    def _record(self, result, **outcome):
        outcome.setdefault('failed', False)
        outcome.update(changed=bool(result.result.get('changed')), msg=str(result.result.get('msg', '')))
        self.results.setdefault(result.host.get_name(), {})[result.task.get_name()] = outcome

    def v2_runner_on_ok(self, result):
        self._record(result, skipped=False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True, skipped=False)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, failed=True, skipped=False, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        if os.environ.get('TASK_RESULTS_FILE'):
            with open(os.environ['TASK_RESULTS_FILE'], 'w') as handle:
                json.dump(self.results, handle)
