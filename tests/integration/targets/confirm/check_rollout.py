# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a confirmed rollout left: python check_rollout.py ROLLOUT_JSON STATS_JSON down|up|rerun."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import sys


def main(report_path, stats_path, case):
    rows = dict((row['module'], row) for row in json.load(open(report_path))['modules'])
    stats = json.load(open(stats_path))['stats']
    results = dict((module, row['result']) for module, row in rows.items())
    if case == 'down':
        # the canary changed, restarted, was found down and put back (restarted twice); nobody else was touched
        assert results == {'m0-00': 'rolled back', 'm0-01': 'not reached', 'm0-02': 'not reached'}, results
        assert 'rolled back' in rows['m0-00']['detail'] and 'disconnected' in rows['m0-00']['detail'], rows['m0-00']
        assert stats['m0-00']['restarts'] == 2 and stats['m0-00']['mode'] == 'work', stats['m0-00']
        assert stats['m0-01']['set'] == stats['m0-02']['set'] == 0, stats
    elif case == 'up':
        # m0-01 already ran that socket (confirm.yml): unchanged; the others changed and were confirmed
        assert results == {'m0-00': 'changed', 'm0-01': 'unchanged', 'm0-02': 'changed'}, results
    else:
        assert set(results.values()) == {'unchanged'}, results
        assert all(device['set'] == 0 and device['restarts'] == 0 for device in stats.values()), stats
    print('%s: %s' % (case, results))


if __name__ == '__main__':
    main(*sys.argv[1:4])
