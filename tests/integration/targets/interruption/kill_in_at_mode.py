# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python kill_in_at_mode.py STATE PID: SIGKILL ansible-playbook (PID) and its workers while a module is in AT mode.

What no handler can hold off. To catch a module in AT mode, not just before or after, the processes are
stopped (SIGSTOP) while the simulator is asked, and let go again (SIGCONT) until one is.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import sys
import time

from usr_m0_sim.control import Client

from settle import clients

WAIT = 60.0


def send(pids, signum):
    for pid in pids:
        try:
            os.kill(pid, signum)
        except OSError:
            pass  # ended meanwhile


def main(state, playbook):
    client = Client(state)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        pids = clients(state) | {int(playbook)}
        send(pids, signal.SIGSTOP)
        in_at_mode = [name for name, device in client.call('stats')['stats'].items() if device['mode'] == 'at']
        if in_at_mode:
            send(pids | clients(state), signal.SIGKILL)
            print('killed with %s in AT mode' % ', '.join(sorted(in_at_mode)))
            return
        send(pids, signal.SIGCONT)
        time.sleep(0.005)
    sys.exit('no module was in AT mode within %d s' % WAIT)


if __name__ == '__main__':
    main(*sys.argv[1:3])
