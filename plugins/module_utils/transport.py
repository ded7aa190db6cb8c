# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The line to an M0: any pyserial URL, locked for the length of a run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

# Imported here so that a module's payload carries it: serial_for_url imports it by name for tls:// URLs.
from ansible_collections.usriot.m0.plugins.module_utils import protocol_tls

try:
    import serial
    HAS_PYSERIAL = True
    PYSERIAL_IMPORT_ERROR = None
    if protocol_tls.__name__.rpartition('.')[0] not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append(protocol_tls.__name__.rpartition('.')[0])
except ImportError as exc:  # pragma: no cover - reported by the modules
    HAS_PYSERIAL = False
    PYSERIAL_IMPORT_ERROR = exc


# A read waits at most this long for its first byte; the session loops to its own deadline. The port's
# timeout is set once, at open: pyserial reconfigures the port on every assignment, which over RFC 2217 is a
# round of negotiation with the terminal server.
READ_POLL = 0.02


# The defaults of the transport options, here once: the modules' argument specs, the session, the role's
# argument specs (generated) and the doc fragment (checked against the specs by ansible-test's validate-modules).
DEFAULT_BAUDRATE = 115200  # the M0's factory UART speed
DEFAULT_TIMEOUT = 2.0
DEFAULT_LOCK_WAIT = 30.0


class TransportError(Exception):
    """The port cannot be opened or the line failed."""


def is_url(port):
    return '://' in port


def sets_speed(port):
    """Whether opening the port at a speed reaches the M0's UART: not over a raw TCP socket, plain or in TLS."""
    return not port.startswith(('socket://', 'tls://'))


def purges_locally(port):
    """Whether dropping unread input is local: over RFC 2217 pyserial asks the terminal server to purge and waits
    for the answer (50 ms at least), which the session need not do before every command."""
    return not port.startswith('rfc2217://')


# Added to rfc2217:// URLs that do not give them. ser2net (and other servers) do not answer the SET_CONTROL
# requests for DTR and RTS, on which pyserial otherwise waits until the open fails; the requests are still sent.
RFC2217_DEFAULT_OPTIONS = ('ign_set_control',)


def with_default_options(port):
    """The URL to open: an rfc2217:// URL gets the default options it does not give (given ones win)."""
    if not port.startswith('rfc2217://'):
        return port
    base, dummy, query = port.partition('?')
    given = set(option.split('=', 1)[0] for option in query.split('&') if option)
    options = [option for option in query.split('&') if option] + [o for o in RFC2217_DEFAULT_OPTIONS if o not in given]
    return '%s?%s' % (base, '&'.join(options))


def open_port(port, baudrate, lock_wait=30.0, poll=0.2, reconnect=False):
    """Open a device path or pyserial URL (socket://, rfc2217://, tls://, ...).

    Local ports are opened with an exclusive lock: a second run on the same
    port waits up to lock_wait seconds for the first instead of interleaving
    bytes with it. Terminal servers serve one client per port themselves.
    A terminal server that takes the connection but does not finish the RFC
    2217 negotiation, and when reconnecting (the line dropped mid-run) one
    that refuses the connection, is tried again for lock_wait seconds: it
    may be restarting.
    """
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            handle = serial.serial_for_url(with_default_options(port), do_not_open=True, baudrate=baudrate, timeout=READ_POLL)
            if not is_url(port):
                handle.exclusive = True
            handle.open()
            return handle
        except (serial.SerialException, OSError, ValueError) as exc:
            locked = 'lock' in str(exc).lower()
            restarting = is_url(port) and (reconnect or 'timeout while waiting for option' in str(exc))
            if (locked or restarting) and time.monotonic() < deadline:
                time.sleep(poll)
                continue
            if locked:
                raise TransportError('%s is held by another process (still locked after %.0f s): %s' % (port, lock_wait, exc))
            if restarting:
                raise TransportError('%s still cannot be opened after %.0f s: %s' % (port, lock_wait, exc))
            raise TransportError('cannot open the port: %s' % exc)
