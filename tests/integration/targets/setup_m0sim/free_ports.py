# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Consecutive TCP ports of 127.0.0.1 that nothing uses, for a server a test starts (ser2net, sshd).

    python free_ports.py      -> prints one free port (ser2net_config.py takes a block with free_block)

Chosen below the kernel's ephemeral range: a port of that range that is free now can be the source port of
any outgoing connection a moment later (the legs of the tests run side by side and connect a lot), and a
server that then binds it fails. Below the range only another listener can take a port.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random
import socket

LOWEST = 10000


def ephemeral_low():
    try:
        with open('/proc/sys/net/ipv4/ip_local_port_range') as handle:
            return int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # the Linux default


def bindable(port):
    probe = socket.socket()
    try:
        probe.bind(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        probe.close()


def free_block(count=1, attempts=200):
    """The first port of count consecutive ports that bind now, picked at random so side-by-side runs differ."""
    highest = ephemeral_low() - count
    for _attempt in range(attempts):
        base = random.randint(LOWEST, highest)
        if all(bindable(port) for port in range(base, base + count)):
            return base
    raise RuntimeError('no %d consecutive free TCP ports of 127.0.0.1 from %d to %d' % (count, LOWEST, highest + count))


if __name__ == '__main__':
    print(free_block())
