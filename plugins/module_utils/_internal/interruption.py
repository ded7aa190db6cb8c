# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What stops a run is held off while a session has a module in hand, and what became of the module is kept.

Ctrl-C (SIGINT, which ansible-playbook passes on to each worker before it
ends them with SIGTERM), a cancelled job (SIGTERM), a closed terminal or SSH
session (SIGHUP), or the process that started the session killed outright (a
worker runs in a session of its own and outlives ansible-playbook): none may
leave a module in AT mode, or with settings stored and not running. While a
session is open these signals are noted instead of ending the process. The
engine stops at its next safe point (before a set, rolling back what this run
stored; a change already stored is restarted and verified), the session
leaves the module in work mode, and only then does the signal take effect.

Such a run may end after ansible-playbook did, with nobody to read its
result: what became of the module is written to a journal, one file per port,
which the next session on the port reports and clears (and a person can read).
So is a module a session found in AT mode and did not restart (facts, an
audit): what it stores may not run, and the next converge must restart it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import signal
import tempfile
import threading
import time

from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name
from ansible_collections.usriot.m0.plugins.module_utils._internal.trust import own_folder, untrusted

HELD_SIGNALS = tuple(getattr(signal, name) for name in ('SIGINT', 'SIGTERM', 'SIGHUP') if hasattr(signal, name))
STATE_DIR_ENV = 'USR_M0_STATE_DIR'

# A signal held by a session that has ended, for the caller to deliver once its result is kept (deliver_held).
_held = []


def signal_name(signum):
    try:
        return signal.Signals(signum).name
    except ValueError:
        return 'signal %d' % signum


class Hold:
    """Note HELD_SIGNALS instead of ending the process, for the length of a `with` block.

    Signal handlers can only be set in the main thread; elsewhere (an inventory scan's threads, which set
    nothing) the block runs unguarded. On leaving, the handlers found are put back and a noted signal is kept
    for deliver_held. forward: pass the first signal on to this process's group, where the module process of a
    task run as a module is (so that its own session stops at a safe point while this process waits for it).
    """

    def __init__(self, forward=False):
        self.forward = forward
        self.received = None
        self._parent = os.getppid()
        self._previous = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for signum in HELD_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._note)
        return self

    def _note(self, signum, frame):
        if self.received is None:
            self.received = signum
            if self.forward:
                os.killpg(os.getpgrp(), signum)  # this process too, which has noted it already

    def stop_reason(self):
        """Why the run must stop at the next safe point (a signal an earlier block of this process held counts too), or None."""
        if self.received is not None:
            return 'interrupted by %s' % signal_name(self.received)
        held = pending()
        if held:
            return held
        if os.getppid() != self._parent:
            return 'interrupted: the process that started this run ended (ansible-playbook killed, or its job cancelled)'
        return None

    def __exit__(self, *exc_info):
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if self.received is not None:
            _held.append(self.received)
        return False


def pending():
    """'interrupted by SIG...' when a finished block held a signal not yet delivered, else None."""
    return 'interrupted by %s' % signal_name(_held[0]) if _held else None


def deliver_held():
    """Deliver a signal a finished session held, to the handler that was there before (an Ansible worker's ends it)."""
    while _held:
        os.kill(os.getpid(), _held.pop(0))


def state_dir():
    """Where interrupted runs are kept: $USR_M0_STATE_DIR, else usriot.m0/interrupted in the user's state folder."""
    base = os.environ.get('XDG_STATE_HOME') or os.path.join(os.path.expanduser('~'), '.local', 'state')
    return os.environ.get(STATE_DIR_ENV) or os.path.join(base, 'usriot.m0', 'interrupted')


def _entry_path(folder, port):
    return os.path.join(folder, '%s.json' % safe_name(port.split('?')[0], 'port'))


def record(port, reason, outcome, restart_owed=False):
    """Keep what became of the module on port after an interrupted run, and whether it still needs a restart to run
    what it stores; returns the file, or why it could not be kept."""
    try:
        folder = own_folder(state_dir())
        entry = {'port': port, 'time': time.strftime('%Y-%m-%dT%H:%M:%S%z'), 'epoch': time.time(), 'reason': reason,
                 'outcome': outcome, 'restart_owed': bool(restart_owed)}
        descriptor, temporary = tempfile.mkstemp(prefix='.entry.', dir=folder)
        with os.fdopen(descriptor, 'w') as handle:
            json.dump(entry, handle, sort_keys=True)
        path = _entry_path(folder, port)
        os.rename(temporary, path)
        return path
    except OSError as exc:
        return 'not kept: %s' % exc


def _read(path):
    try:
        with open(path) as handle:
            entry = json.load(handle)
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and all(isinstance(entry.get(key), str) for key in ('port', 'time', 'reason', 'outcome')) else None


def take(port):
    """The entry an interrupted earlier run left on port (its 'time', 'outcome', 'restart_owed'), cleared once read;
    else None."""
    folder = state_dir()
    if untrusted(folder):
        return None
    path = _entry_path(folder, port)
    entry = _read(path) if os.path.isfile(path) else None
    if entry is None or entry['port'] != port:
        return None
    try:
        os.unlink(path)
    except OSError:
        pass  # another session on the port took it a moment ago
    entry['restart_owed'] = entry.get('restart_owed') is True
    return entry


def since(epoch):
    """The journal's entries written since epoch, oldest first."""
    folder = state_dir()
    if untrusted(folder):
        return []
    entries = [_read(os.path.join(folder, name)) for name in sorted(os.listdir(folder)) if name.endswith('.json')]
    return sorted((entry for entry in entries if entry and isinstance(entry.get('epoch'), float) and entry['epoch'] >= epoch),
                  key=lambda entry: entry['epoch'])
