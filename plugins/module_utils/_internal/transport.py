# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The line to an M0: any pyserial URL, locked for the length of a run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

# Imported here so that a module's payload carries it: serial_for_url imports it by name for tls:// URLs.
from ansible_collections.usriot.m0.plugins.module_utils._internal import protocol_tls

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


class Transport:
    """What one kind of line can do, looked up by the URL scheme of the port (transport_of).

    sets_speed: opening the port at a speed reaches the M0's UART (not over a raw TCP socket, plain or in TLS:
      the terminal server keeps the port speed of its own configuration).
    purges_locally: dropping unread input is local (over RFC 2217 pyserial asks the terminal server and waits
      for its answer, 50 ms at least, which the session need not do before every command).
    network: a terminal server: no local lock (the server serves one client per port), a dropped connection is
      opened again, another client's session shows as a busy port, and the sessions count for
      terminal_server_sessions.
    default_options: pyserial URL options added when the URL does not give them.
    busy_banner: how the terminal server says the port is in use by another client.
    closed_meaning: what a connection the server closed before any byte came through means (None: not a network line);
      closed_hint adds what else it can mean on this transport.
    """

    def __init__(self, name, sets_speed=True, purges_locally=True, network=True, default_options=(), closed_hint=''):
        self.name = name
        self.sets_speed = sets_speed
        self.purges_locally = purges_locally
        self.network = network
        self.default_options = default_options
        # ser2net's answer to a second client of a port in use (it then closes the connection)
        self.busy_banner = re.compile(b'port already in use', re.IGNORECASE) if network else None
        self.closed_meaning = ('the port is in use by another client of the terminal server (ser2net answers "Port already'
                               ' in use"), or the server cannot open its serial device%s' % closed_hint) if network else None

    def busy(self, heard):
        """The busy banner in what the line said, or None."""
        match = self.busy_banner.search(heard) if self.busy_banner else None
        return match.group(0).decode() if match else None

    def url(self, port):
        """The URL to open: the default options the URL does not give are added (given ones win)."""
        if not self.default_options:
            return port
        base, dummy, query = port.partition('?')
        given = set(option.split('=', 1)[0] for option in query.split('&') if option)
        options = [option for option in query.split('&') if option] + [o for o in self.default_options if o not in given]
        return '%s?%s' % (base, '&'.join(options))


LOCAL_DEVICE = Transport('device path', network=False)
TRANSPORTS = {
    'socket': Transport('socket', sets_speed=False),
    # ser2net (and other servers) do not answer the SET_CONTROL requests for DTR and RTS, on which pyserial
    # otherwise waits until the open fails; the requests are still sent
    'rfc2217': Transport('rfc2217', purges_locally=False, default_options=('ign_set_control',)),
    'tls': Transport('tls', sets_speed=False, closed_hint=', or it refused the TLS client certificate'),
}


def transport_of(port):
    """The Transport of a device path or pyserial URL; another pyserial scheme is taken as a network line."""
    scheme, separator, dummy = port.partition('://')
    if not separator:
        return LOCAL_DEVICE
    return TRANSPORTS.get(scheme.lower()) or Transport(scheme.lower())


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
    line = transport_of(port)
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            handle = serial.serial_for_url(line.url(port), do_not_open=True, baudrate=baudrate, timeout=READ_POLL)
            if not line.network:
                handle.exclusive = True
            handle.open()
            return handle
        except (serial.SerialException, OSError, ValueError) as exc:
            locked = 'lock' in str(exc).lower()
            restarting = line.network and (reconnect or 'timeout while waiting for option' in str(exc))
            if (locked or restarting) and time.monotonic() < deadline:
                time.sleep(poll)
                continue
            if locked:
                raise TransportError('%s is held by another process (still locked after %.0f s): %s' % (port, lock_wait, exc))
            if restarting:
                raise TransportError('%s still cannot be opened after %.0f s: %s' % (port, lock_wait, exc))
            if isinstance(exc, ValueError) and 'not known' in str(exc):
                raise TransportError('cannot open the port: %s (a serial_port is a device path or a URL: %s)'
                                     % (exc, ', '.join('%s://host:port' % scheme for scheme in sorted(TRANSPORTS))))
            raise TransportError('cannot open the port: %s' % exc)
