# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""At most N AT sessions at once to one terminal server, across forks, runs and jobs on one machine.

Ansible can throttle a task, not a shared resource: forks, job slices and
concurrent jobs all open sessions to the same 16- or 48-port box at once. A
session to a terminal server host holds one of N slot files in a folder,
locked with flock: the operating system keeps the lock, so it is shared by
every process on the machine (every fork, every run) and freed when its
process ends, however it ends.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import errno
import os
import tempfile
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - not a POSIX system: no cap can be kept
    HAS_FCNTL = False

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 on a serial host
    from urlparse import urlsplit  # pylint: disable=import-error

from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name
from ansible_collections.usriot.m0.plugins.module_utils._internal.transport import transport_of
from ansible_collections.usriot.m0.plugins.module_utils._internal.trust import UntrustedPath, own_folder

LOCK_DIR_ENV = 'USR_M0_LOCK_DIR'
POLL = 0.05


class ServerBusyError(Exception):
    """No session slot of the terminal server could be held: none came free in time, or their folder is not the user's own."""


def server_host(port):
    """The terminal server a port URL reaches (socket://, rfc2217://, tls://, ...), None for a local device."""
    if not transport_of(port).network:
        return None
    return urlsplit(port).hostname


def lock_dir():
    """Where the slot files are: $USR_M0_LOCK_DIR, else a folder of this user's in the temporary directory."""
    return os.environ.get(LOCK_DIR_ENV) or os.path.join(tempfile.gettempdir(), 'usriot.m0-sessions-%d' % os.getuid())


def _try_slot(path):
    """The locked descriptor of a free slot file, or None when another session holds it."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0), 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (IOError, OSError) as exc:
        os.close(descriptor)
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return None
        raise
    return descriptor


@contextlib.contextmanager
def server_slot(port, sessions, wait):
    """Hold one of `sessions` slots of port's terminal server for the block; yield the seconds waited for it.

    No cap (sessions not given) or a local port: nothing is held. When no slot
    is free within `wait` seconds, ServerBusyError names the server.
    """
    host = server_host(port) if sessions else None
    if not host:
        yield 0.0
        return
    if not HAS_FCNTL:
        raise ServerBusyError('terminal_server_sessions needs file locks (fcntl), which this system does not have')
    try:
        # its name in the shared temporary folder is known: another user who made it first could hold every slot,
        # or delete the slot files and so break the cap
        folder = own_folder(lock_dir())
    except UntrustedPath as exc:
        raise ServerBusyError('the session slots of terminal server %s are not taken: %s (%s names the folder); nothing '
                              'was sent' % (host, exc, LOCK_DIR_ENV))
    start = time.monotonic()
    paths = [os.path.join(folder, '%s.%d.lock' % (safe_name(host), index)) for index in range(sessions)]
    while True:
        for path in paths:
            descriptor = _try_slot(path)
            if descriptor is None:
                continue
            try:
                yield time.monotonic() - start
            finally:
                os.close(descriptor)  # closing releases the lock
            return
        if time.monotonic() - start >= wait:
            raise ServerBusyError('terminal server %s already has %d sessions open (terminal_server_sessions) and none ended '
                                  'within %.0f s (serial_lock_wait); nothing was sent' % (host, sessions, wait))
        time.sleep(POLL)
