# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A person at a terminal on a simulated module's pseudo-terminal: python -m usr_m0_sim type PORT LINE...

What a change made behind the collection's back looks like on the wire: the +++ / a / +ok handshake, the AT lines
typed, then AT+ENTM, unless a line restarts the module (AT+Z, AT+RELD) or the person walks away (--stay, which leaves
the module in AT mode as an interrupted session does). The port's lock is held meanwhile (flock, as pyserial's
exclusive=True and the collection's driver take it), so the typing never mixes with a session on the port.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import fcntl
import os
import re
import select
import termios
import time
import tty

GUARD = 0.2
REPLY = re.compile(b'\\+(OK|ERR)[^\\r\\n]*\\r\\n', re.IGNORECASE)
RESTARTS = ('AT+Z', 'AT+RELD')


class TerminalError(Exception):
    """The module did not answer as an M0 does."""


def _read_until(descriptor, pattern, timeout):
    buffer = b''
    deadline = time.monotonic() + timeout
    while not pattern.search(buffer):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TerminalError('no %r within %.1f s (got %r)' % (pattern.pattern, timeout, buffer))
        if select.select([descriptor], [], [], left)[0]:
            buffer += os.read(descriptor, 256)
    return buffer


def type_lines(port, lines, baudrate=115200, stay=False, timeout=3.0):
    """Type the AT lines on port; returns (line, reply) for each line sent, AT+ENTM included."""
    descriptor = os.open(port, os.O_RDWR | os.O_NOCTTY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        tty.setraw(descriptor)
        attributes = termios.tcgetattr(descriptor)
        attributes[4] = attributes[5] = getattr(termios, 'B%d' % baudrate)
        termios.tcsetattr(descriptor, termios.TCSANOW, attributes)
        time.sleep(GUARD)
        termios.tcflush(descriptor, termios.TCIFLUSH)
        os.write(descriptor, b'+++')
        _read_until(descriptor, re.compile(b'a$'), timeout)
        os.write(descriptor, b'a')
        _read_until(descriptor, re.compile(b'\\+ok', re.IGNORECASE), timeout)
        replies = []
        for line in list(lines) + ([] if stay or (lines and lines[-1].upper() in RESTARTS) else ['AT+ENTM']):
            os.write(descriptor, line.encode('utf-8') + b'\r')
            replies.append((line, REPLY.search(_read_until(descriptor, REPLY, timeout)).group(0).strip().decode('utf-8')))
        return replies
    finally:
        os.close(descriptor)  # and the lock with it
