# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook interrupted: wait for the workers still finishing an AT session, then say what each left.

Ctrl-C makes ansible-playbook pass SIGINT to its workers, end them with SIGTERM
and stop at once; a cancelled job sends SIGTERM, which ansible-core passes on
before it ends itself. A worker with a module in hand holds these off
(module_utils/_internal/interruption.py) and may finish after ansible-playbook stopped
listening, with nobody to show its result. So in ansible-playbook's own
process, on the way out, this waits (bounded) for those workers and shows
what they kept in the journal. Only public APIs: the workers are this
process's multiprocessing children.

A signal can come while ansible-core starts a worker: the fork is made but the
worker is not yet among the children, so it would be neither told nor waited
for, and would finish its change unseen. Such a signal is taken again a moment
later, once the worker is there.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import atexit
import multiprocessing
import os
import signal
import threading
import time

from ansible.utils.display import Display

from ansible_collections.usriot.m0.plugins.module_utils._internal import interruption

display = Display()

# The longest a session goes on after a signal: a restart (restart_wait plus restart_timeout) and its checks.
WAIT = 45.0
POLL = 0.2
# How soon a signal that came while a worker was being started is taken again: starting one takes about a millisecond.
RETAKE = 0.05

_state = {'started': time.time(), 'pid': None, 'signalled': False, 'summarised': False}
_STARTING_A_WORKER = multiprocessing.process.BaseProcess.start.__code__


def summarise(wait=WAIT):
    """After a signal: wait for the workers still running, then show what the journal kept since this run started.
    A run that ended as it should says nothing: its workers are ansible-core's to end."""
    if _state['summarised'] or not _state['signalled']:
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


def _starting_a_worker(frame):
    """Whether the signal came in the middle of multiprocessing's Process.start (the frame it interrupted, or one
    of its callers)."""
    while frame is not None:
        if frame.f_code is _STARTING_A_WORKER:
            return True
        frame = frame.f_back
    return False


def _on_signal(previous):
    def handler(signum, frame):
        in_ansible_playbook = os.getpid() == _state['pid']  # a worker just forked runs this handler until it sets its own
        if in_ansible_playbook and _starting_a_worker(frame):
            threading.Timer(RETAKE, os.kill, (os.getpid(), signum)).start()
            return
        if in_ansible_playbook:
            _state['signalled'] = True
        if in_ansible_playbook and signum == signal.SIGTERM:
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
    """In ansible-playbook's own process only (not in a worker), once. After Ctrl-C, ansible-core ends the run with
    an exception and the summary comes at exit; a SIGTERM ends it at once, so the summary comes in the handler."""
    if _state['pid'] is not None or multiprocessing.parent_process() is not None:
        return
    _state['pid'] = os.getpid()
    atexit.register(summarise)
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(signum)
        if previous not in (signal.SIG_IGN, None):
            signal.signal(signum, _on_signal(previous))
