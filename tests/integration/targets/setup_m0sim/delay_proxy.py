# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A terminal server at the far end of a slow link (WAN, VPN, cellular), in front of simulated modules.

    python delay_proxy.py STATE URLS_FILE NAME=RTT...

For each simulated module NAME (of STATE/devices.json, served with --tcp) a port of 127.0.0.1 whose bytes reach the
module's TCP port, and the module's bytes the client, each chunk RTT/2 seconds after it was read, in order. Each
direction is a queue of chunks due at their time: a chunk waiting never holds up the other direction. Writes
URLS_FILE ({NAME: {"url": "socket://127.0.0.1:PORT", "rtt": RTT}}) once every port listens, then runs until it is killed.

Like a terminal server it holds the module's line for its whole life and serves one client at a time: a new client
takes the line over and the one before is closed (ser2net's kickolduser), so a task that connects right after the
last one closed is never turned away for an end not read yet. What the module sends reaches the client connected
when it was sent, or nobody; what a client sent before it closed still reaches the module.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import json
import os
import selectors
import socket
import sys
import time


class Line:
    """One module: its listener, its client, the connection to the simulator and the chunks on the way."""

    def __init__(self, selector, module_port, rtt):
        self.selector = selector
        self.rtt = rtt
        self.delay = rtt / 2.0
        # bound to port 0: the kernel's choice is free, with no time between choosing and binding
        self.listener = socket.socket()
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(4)
        self.module_port = module_port
        self.module = socket.create_connection(('127.0.0.1', module_port))
        self.module.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.client = None
        self.to_module = collections.deque()  # (due, data)
        self.to_client = collections.deque()  # (due, the client it was sent to, data)
        selector.register(self.listener, selectors.EVENT_READ, (self, 'listen'))
        selector.register(self.module, selectors.EVENT_READ, (self, 'module'))

    @property
    def port(self):
        return self.listener.getsockname()[1]

    def ready(self, kind, now):
        if kind == 'listen':
            client, dummy = self.listener.accept()
            self._read_client(now)  # what the one before sent still reaches the module
            if self.client is not None:
                self._drop_client()
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.client = client
            self.selector.register(client, selectors.EVENT_READ, (self, 'client'))
        elif kind == 'client':
            self._read_client(now)
        else:
            try:
                data = self.module.recv(65536)
            except OSError:
                data = b''
            if not data:
                raise SystemExit('the simulator closed the line of the module on port %d' % self.module_port)
            if self.client is not None:
                self.to_client.append((now + self.delay, self.client, data))

    def _read_client(self, now):
        """All the client sent by now, and its end if it closed."""
        while self.client is not None:
            try:
                data = self.client.recv(65536, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            except OSError:
                data = b''
            if not data:
                self._drop_client()
                return
            self.to_module.append((now + self.delay, data))

    def _drop_client(self):
        self.selector.unregister(self.client)
        self.client.close()
        self.client = None

    def deliver(self, now):
        while self.to_module and self.to_module[0][0] <= now:
            self.module.sendall(self.to_module.popleft()[1])
        while self.to_client and self.to_client[0][0] <= now:
            dummy, client, data = self.to_client.popleft()
            if client is self.client:
                try:
                    client.sendall(data)
                except OSError:
                    self._drop_client()

    def dues(self):
        return [queue[0][0] for queue in (self.to_module, self.to_client) if queue]


def main(state, urls_file, delays):
    devices = dict((device['name'], device) for device in json.load(open(os.path.join(state, 'devices.json'))))
    selector = selectors.DefaultSelector()
    lines = {}
    for item in delays:
        name, rtt = item.split('=', 1)
        lines[name] = Line(selector, devices[name]['tcp_port'], float(rtt))
    temporary = urls_file + '.tmp'
    with open(temporary, 'w') as handle:
        json.dump(dict((name, {'url': 'socket://127.0.0.1:%d' % line.port, 'rtt': line.rtt})
                       for name, line in lines.items()), handle)
    os.replace(temporary, urls_file)
    while True:
        dues = [due for line in lines.values() for due in line.dues()]
        events = selector.select(max(0.0, min(dues) - time.monotonic()) if dues else None)
        now = time.monotonic()
        for key, dummy in events:
            line, kind = key.data
            line.ready(kind, now)
        for line in lines.values():
            line.deliver(time.monotonic())


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
