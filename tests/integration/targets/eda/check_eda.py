# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the eda target waits for and checks, from the simulator (not from the collection's word).

  check_eda.py rounds STATE N               every module had N rounds of the watch (handshakes since reset-log)
  check_eda.py repaired STATE LOG BOUND HOST...
                                            each HOST stores and runs its wanted settings again within BOUND seconds,
                                            and the rulebook (its output in LOG) has ended a rollout for each
  check_eda.py stopped STATE LOG            after ansible-rulebook stopped: the watch is gone, every module in work
                                            mode, nothing reached a network, the third module was only read, and
                                            the rulebook saw and put right what was done to the other two
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import subprocess
import sys
import time

from usr_m0_sim.control import Client

WANTED = {'MID': 'plant-a', 'WEBU': 'admin,pw1', 'HEARTEN': 'ON', 'HEARTTM': '45'}
PATIENCE = 60


def stats(state):
    return Client(state).call('stats')['stats']


def until(condition, bound, what):
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > bound:
            sys.exit('not within %d s: %s' % (bound, what))
        time.sleep(0.1)
    return time.monotonic() - start


def rounds(state, count):
    until(lambda: all(module['handshakes'] >= count for module in stats(state).values()), PATIENCE,
          'every module had %d rounds of the watch' % count)


def rollouts(log):
    with open(log) as handle:
        return handle.read().count('PLAY RECAP')


def repaired(state, log, bound, hosts):
    client = Client(state)

    def done():
        flash, now = client.call('flash')['flash'], stats(state)
        # stored, and running: restarted by the rollout after what was done to it (a restart or a factory reset)
        return rollouts(log) >= len(hosts) and all(
            dict((key, flash[host][key]) for key in WANTED) == WANTED and now[host]['restarts'] >= 2
            and now[host]['mode'] == 'work' for host in hosts)
    print('repaired %s in %.1f s' % (', '.join(hosts), until(done, bound, '%s repaired' % ', '.join(hosts))))


def watch_running(state):
    """Whether the watch's process (plugins/plugin_utils/_internal/watch.py, reading the inventory in state) runs."""
    listing = subprocess.run(['ps', '-eo', 'args'], capture_output=True, text=True, check=True).stdout
    return any('plugin_utils import watch' in line and state in line for line in listing.splitlines())


def stopped(state, log):
    until(lambda: not watch_running(state), PATIENCE, 'the watch gone')
    now = stats(state)
    assert all(module['mode'] == 'work' for module in now.values()), now
    assert all(module['network_tx_bytes'] == 0 for module in now.values()), now
    assert (now['m0-02']['set'], now['m0-02']['restarts']) == (0, 0), now['m0-02']
    with open(log) as handle:
        text = handle.read()
    # the events as --print-events shows them
    for host, kind in (('m0-00', 'drifted'), ('m0-01', 'factory_reset')):
        assert re.search(r"'host': '%s',\s+'kind': '%s'" % (host, kind), text), (host, kind)
    assert "'host': 'm0-02'" not in text
    assert rollouts(log) == 2, 'a rollout for each of the two modules'


def main(argv):
    if argv[0] == 'rounds':
        rounds(argv[1], int(argv[2]))
    elif argv[0] == 'repaired':
        repaired(argv[1], argv[2], float(argv[3]), argv[4:])
    else:
        stopped(argv[1], argv[2])


if __name__ == '__main__':
    main(sys.argv[1:])
