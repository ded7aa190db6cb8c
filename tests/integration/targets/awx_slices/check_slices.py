# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What three concurrent slices left: every job successful, every module configured exactly once, the cap held.

    python check_slices.py WORK STATE
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import sys


def events(job):
    for path in sorted(glob.glob(os.path.join(job, 'artifacts', 'job_events', '*.json'))):
        yield json.load(open(path))


def main(work, state):
    configured, artifacts = [], []
    for number in range(3):
        job = os.path.join(work, 'slice%d' % number)
        with open(os.path.join(job, 'artifacts', 'status')) as handle:
            assert handle.read() == 'successful', job
        ok = [event['event_data']['host'] for event in events(job)
              if event['event'] == 'runner_on_ok' and event['event_data'].get('task_action') == 'usriot.m0.usr_m0_config'
              and event['event_data']['res'].get('changed')]
        configured += ok
        stats = [event['event_data'] for event in events(job) if event['event'] == 'playbook_on_stats']
        artifacts.append(stats[0].get('artifact_data') or {})
    devices = json.load(open(os.path.join(state, 'devices.json')))
    assert sorted(configured) == sorted(device['name'] for device in devices), configured
    for device in devices:
        sets = [json.loads(line)['line'] for line in open(device['log'])
                if json.loads(line).get('kind') == 'set']
        assert sets.count('AT+MID=sliced') == 1, (device['name'], sets)
        assert json.load(open(device['flash']))['MID'] == 'sliced', device['name']
    # the artifacts AWX keeps of each slice add up to the whole fleet, each module in one slice, changed
    reported = [module for artifact in artifacts for module in artifact['usr_m0_results']]
    assert sorted(reported) == sorted(device['name'] for device in devices), artifacts
    assert all(artifact['usr_m0_results'][module]['result'] == 'changed' for artifact in artifacts for module in artifact['usr_m0_results'])
    assert sum(artifact['usr_m0_summary']['modules'] for artifact in artifacts) == len(devices)
    counts = json.load(open(os.path.join(work, 'counts.json')))
    # at most two sessions at once, and the cap was reached: the slices did compete for the terminal server
    assert counts['most'] == 2 and counts['open'] == 0 and counts['connections'] >= 9, counts
    print('slices: %d modules configured once each; sessions at once: at most %d of %d connections'
          % (len(configured), counts['most'], counts['connections']))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
