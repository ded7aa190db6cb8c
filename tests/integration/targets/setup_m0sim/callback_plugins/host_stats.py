# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's per-host counts (ok, changed, failed, ...) as JSON in $HOST_STATS_FILE, and its plays (one a batch,
with the hosts that ran a task in it) in $HOST_STATS_FILE.plays, for the test to assert on."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: host_stats
type: aggregate
short_description: Writes the per-host counts and the plays of a run next to HOST_STATS_FILE as JSON
description: Test helper of the integration targets (setup_m0sim/m0sim.sh enables it).
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'host_stats'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.plays = []

    # ansible-core starts a play once for each batch of its serial
    def v2_playbook_on_play_start(self, play):
        self.plays.append({'name': play.get_name(), 'hosts': []})

    # v2_runner_on_failed also gets ignore_errors: a host that only failed in a batch is one that ran in it
    def _ran(self, result, **_more):
        hosts = self.plays[-1]['hosts']
        if result._host.get_name() not in hosts:
            hosts.append(result._host.get_name())

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_skipped = v2_runner_on_unreachable = _ran

    def v2_playbook_on_stats(self, stats):
        with open(os.environ['HOST_STATS_FILE'], 'w') as handle:
            json.dump(dict((host, stats.summarize(host)) for host in sorted(stats.processed)), handle)
        with open(os.environ['HOST_STATS_FILE'] + '.plays', 'w') as handle:
            json.dump(self.plays, handle)
