# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The servers the integration targets put beside the simulator: their ports, ser2net up on each of them, and the
slow link's delaying proxy."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

TARGETS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'integration', 'targets')
sys.path[:0] = [os.path.join(TARGETS, 'setup_m0sim'), os.path.join(TARGETS, 'setup_ser2net')]

import free_ports  # noqa: E402  pylint: disable=wrong-import-position
import ser2net_server  # noqa: E402  pylint: disable=wrong-import-position


DELAY_PROXY = os.path.join(TARGETS, 'setup_m0sim', 'delay_proxy.py')


def listener(port=0):
    sock = socket.socket()
    sock.bind(('127.0.0.1', port))
    sock.listen(1)
    return sock


def test_a_free_block_binds_and_is_below_the_ephemeral_range():
    base = free_ports.free_block(40)
    assert 10000 <= base and base + 40 <= free_ports.ephemeral_low()
    held = [listener(port) for port in range(base, base + 40)]  # each one binds
    for sock in held:
        sock.close()


def test_listening_counts_only_the_sockets_of_that_process():
    mine = listener()
    other = subprocess.Popen([sys.executable, '-c', 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", 0)); '
                              's.listen(1); print(s.getsockname()[1], flush=True); sys.stdin.read()'],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        theirs = int(other.stdout.readline())
        assert mine.getsockname()[1] in ser2net_server.listening(os.getpid())
        assert theirs not in ser2net_server.listening(os.getpid())
        assert theirs in ser2net_server.listening(other.pid)
    finally:
        other.communicate('')
        mine.close()
    assert ser2net_server.listening(other.pid) == set()  # ended and reaped: nothing, not an error


@pytest.mark.skipif(not shutil.which('ser2net'), reason='ser2net is not installed (scripts/setup.sh installs it as root)')
def test_ser2net_is_not_up_while_another_process_holds_one_of_its_ports(tmp_path):
    base = free_ports.free_block(2)
    with open(str(tmp_path / 'ser2net.yaml'), 'w') as handle:
        for port in (base, base + 1):
            handle.write('connection: &port%d\n  accepter: tcp,127.0.0.1,%d\n  connector: serialdev,/dev/null,115200n81,local\n'
                         % (port, port))
    held = listener(base + 1)
    try:
        with pytest.raises(RuntimeError, match='did not listen on port %d ' % (base + 1)):
            ser2net_server.start(str(tmp_path))
    finally:
        held.close()
    server = ser2net_server.start(str(tmp_path))  # once the port is free again
    try:
        assert ser2net_server.listening(server.pid) == set([base, base + 1])
    finally:
        ser2net_server.stop(str(tmp_path))


@pytest.fixture
def slow_link(tmp_path):
    """A stand-in module (a listening socket) behind delay_proxy.py with a 0.6 s round trip: (module, client URL)."""
    module = listener()
    with open(str(tmp_path / 'devices.json'), 'w') as handle:
        json.dump([{'name': 'm0-00', 'tcp_port': module.getsockname()[1]}], handle)
    urls = str(tmp_path / 'urls.json')
    proxy = subprocess.Popen([sys.executable, DELAY_PROXY, str(tmp_path), urls, 'm0-00=0.6'])
    try:
        line, dummy = module.accept()  # the proxy holds the module's line from its start, as a terminal server does
        deadline = time.monotonic() + 10
        while not os.path.exists(urls) and time.monotonic() < deadline:
            time.sleep(0.02)
        with open(urls) as handle:
            port = int(json.load(handle)['m0-00']['url'].rsplit(':', 1)[1])
        yield line, port
    finally:
        proxy.kill()
        proxy.wait()
        module.close()


def read_exactly(sock, count):
    data = b''
    sock.settimeout(10)
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        assert chunk, 'closed after %r' % data
        data += chunk
    return data


def test_the_delay_proxy_delays_each_way_by_half_the_round_trip_in_order(slow_link):
    line, port = slow_link
    client = socket.create_connection(('127.0.0.1', port))
    sent = time.monotonic()
    for number in range(50):
        client.sendall(b'%02d' % number)
    assert read_exactly(line, 100) == b''.join(b'%02d' % number for number in range(50))
    assert time.monotonic() - sent >= 0.3
    line.sendall(b'a')
    assert read_exactly(client, 1) == b'a'
    assert time.monotonic() - sent >= 0.6  # a reply takes the whole round trip
    client.close()


def test_the_delay_proxy_serves_the_newest_client_and_delivers_what_one_sent_before_it_closed(slow_link):
    line, port = slow_link
    first = socket.create_connection(('127.0.0.1', port))
    first.sendall(b'AT+ENTM\r')
    first.close()
    assert read_exactly(line, 8) == b'AT+ENTM\r'
    second = socket.create_connection(('127.0.0.1', port))
    second.sendall(b'+++')
    assert read_exactly(line, 3) == b'+++'
    third = socket.create_connection(('127.0.0.1', port))  # takes the line over: the second is closed
    second.settimeout(10)
    assert second.recv(1) == b''
    third.sendall(b'AT\r')
    assert read_exactly(line, 3) == b'AT\r'
    line.sendall(b'+OK')
    assert read_exactly(third, 3) == b'+OK'
    third.close()
