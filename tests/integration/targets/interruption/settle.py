# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an interrupted run left on the simulated modules.

python settle.py snapshot STATE FILE       keep every module's flash (what it stores) before a run
python settle.py wait STATE                wait until no process holds a module's port (a worker may outlive
                                           ansible-playbook), then print each module's mode
python settle.py check STATE FILE [STATS]  every module is in work mode and runs what it stores (nothing of the
                                           run stored since FILE's snapshot, or a restart after its last set),
                                           and nothing reached the network (since the `ctl stats` output STATS)
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys
import time

from usr_m0_sim.control import Client

WAIT = 90.0


def devices(state):
    with open(os.path.join(state, 'devices.json')) as handle:
        return json.load(handle)


def holders(ptys):
    """PIDs of the processes that have one of the pseudo-terminals open (the simulator holds only their masters)."""
    found = set()
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            for fd in os.listdir('/proc/%s/fd' % pid):
                if os.readlink('/proc/%s/fd/%s' % (pid, fd)) in ptys:
                    found.add(int(pid))
        except OSError:
            continue  # ended meanwhile
    return found


def clients(state):
    """The processes other than the simulator that hold a module's port open."""
    with open(os.path.join(state, 'sim.pid')) as handle:
        simulator = int(handle.read())
    return holders(set(device['pty'] for device in devices(state))) - {simulator}


def wait(state):
    deadline = time.monotonic() + WAIT
    while clients(state):
        if time.monotonic() > deadline:
            sys.exit('processes still hold the ports after %d s: %s' % (WAIT, sorted(clients(state))))
        time.sleep(0.1)
    stats = Client(state).call('stats')['stats']
    print(json.dumps(dict((name, device['mode']) for name, device in sorted(stats.items()))))


def events(state, name):
    with open(os.path.join(state, '%s.log.jsonl' % name)) as handle:
        return [json.loads(line) for line in handle]


def check(state, snapshot, baseline=None):
    with open(snapshot) as handle:
        before = json.load(handle)
    sent_before = {}
    if baseline:
        with open(baseline) as handle:
            sent_before = dict((name, device['network_tx_bytes']) for name, device in json.load(handle)['stats'].items())
    client = Client(state)
    stats, flash = client.call('stats')['stats'], client.call('flash')['flash']
    problems, outcomes = [], {}
    for name in sorted(stats):
        log = events(state, name)
        sets = [index for index, event in enumerate(log) if event.get('kind') == 'set' and event.get('reply') == '+OK']
        restarts = [index for index, event in enumerate(log) if event['event'] in ('restart', 'factory_reset')]
        stored = flash[name] != before[name]
        running = not stored or (restarts and sets and restarts[-1] > sets[-1])
        outcomes[name] = 'untouched' if not sets else 'changed and restarted' if stored else 'rolled back' if not restarts else 'restarted'
        if stats[name]['mode'] != 'work':
            problems.append('%s is in %s mode' % (name, stats[name]['mode']))
        if not running:
            problems.append('%s stores settings it does not run: %s' % (
                name, dict((key, value) for key, value in flash[name].items() if before[name].get(key) != value)))
        sent = stats[name]['network_tx_bytes'] - sent_before.get(name, 0)
        if sent:
            problems.append('%s sent %d bytes to the network' % (name, sent))
    print(json.dumps(outcomes, sort_keys=True))
    if problems:
        sys.exit('\n'.join(problems))


def main(command, state, path=None, baseline=None):
    if command == 'snapshot':
        with open(path, 'w') as handle:
            json.dump(Client(state).call('flash')['flash'], handle)
    elif command == 'wait':
        wait(state)
    else:
        check(state, path, baseline)


if __name__ == '__main__':
    main(*sys.argv[1:])
