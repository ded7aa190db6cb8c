# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The line to an M0: any pyserial URL, locked for the length of a run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

try:
    import serial
    HAS_PYSERIAL = True
    PYSERIAL_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the modules
    HAS_PYSERIAL = False
    PYSERIAL_IMPORT_ERROR = exc


class TransportError(Exception):
    """The port cannot be opened or the line failed."""


def is_url(port):
    return '://' in port


def sets_speed(port):
    """Whether opening the port at a speed reaches the M0's UART: not over a raw TCP socket."""
    return not port.startswith('socket://')


def open_port(port, baudrate, lock_wait=30.0, poll=0.2):
    """Open a device path or pyserial URL (socket://, rfc2217://, ...).

    Local ports are opened with an exclusive lock: a second run on the same
    port waits up to lock_wait seconds for the first instead of interleaving
    bytes with it. Terminal servers serve one client per port themselves.
    """
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            handle = serial.serial_for_url(port, do_not_open=True, baudrate=baudrate, timeout=0)
            if not is_url(port):
                handle.exclusive = True
            handle.open()
            return handle
        except (serial.SerialException, OSError, ValueError) as exc:
            locked = 'lock' in str(exc).lower()
            if locked and time.monotonic() < deadline:
                time.sleep(poll)
                continue
            if locked:
                raise TransportError('%s is held by another process (still locked after %.0f s): %s' % (port, lock_wait, exc))
            raise TransportError('cannot open the port: %s' % exc)
