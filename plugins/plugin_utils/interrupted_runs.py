# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook interrupted: wait for the workers still finishing an AT session, then say what each left.

Ctrl-C makes ansible-playbook pass SIGINT to its workers, end them with SIGTERM
and stop at once; a cancelled job sends SIGTERM, which ansible-core passes on
before it ends itself. A worker with a module in hand holds these off
(module_utils/interruption.py) and may finish after ansible-playbook stopped
listening, with nobody to show its result. So in ansible-playbook's own
process, on the way out, this waits (bounded) for those workers and shows
what they kept in the journal. Only public APIs: the workers are this
process's multiprocessing children.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import atexit
import multiprocessing
import os
import signal
import time

from ansible.utils.display import Display

from ansible_collections.usriot.m0.plugins.module_utils import interruption

display = Display()

# The longest a session goes on after a signal: a restart (restart_wait plus restart_timeout) and its checks.
WAIT = 45.0
POLL = 0.2

_state = {'started': time.time(), 'installed': False, 'summarised': False}


def summarise(wait=WAIT):
    """Wait for the workers still running, then show what the journal kept since this run started (nothing when
    no session was stopped: a run that ended as it should)."""
    if _state['summarised']:
        return
    _state['summarised'] = True
    finishing = multiprocessing.active_children()
    if finishing:
        display.display('usriot.m0: waiting up to %d s for %d worker(s) to leave their modules in work mode'
                        % (wait, len(finishing)), stderr=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and any(child.is_alive() for child in finishing):
        time.sleep(POLL)
    entries = interruption.since(_state['started'])
    if entries:
        display.warning('usriot.m0: the run was interrupted; what became of each module whose session it stopped '
                        '(the others finished before, or were not started):')
    for entry in entries:
        display.warning('usriot.m0: %s: %s' % (entry['port'], entry['outcome']))
    running = sum(1 for child in finishing if child.is_alive())
    if running:
        display.warning('usriot.m0: %d worker(s) still running after %d s: what they leave is kept in %s, and the next run '
                        'on their ports reports it' % (running, wait, interruption.state_dir()))


def _on_sigterm(previous):
    def handler(signum, frame):
        # pass it on to the workers first, as ansible-core would, so that they stop at their next safe point
        for child in multiprocessing.active_children():
            try:
                os.kill(child.pid, signum)
            except OSError:
                pass  # ended a moment ago
        summarise()
        signal.signal(signum, previous)
        if callable(previous):
            previous(signum, frame)
        else:
            os.kill(os.getpid(), signum)
    return handler


def install():
    """In ansible-playbook's own process only (not in a worker), once."""
    if _state['installed'] or multiprocessing.parent_process() is not None:
        return
    _state['installed'] = True
    atexit.register(summarise)
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_IGN, None):
        signal.signal(signal.SIGTERM, _on_sigterm(previous))
