# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A terminal server speaking RFC 2217 in front of one serial port, built on pyserial's PortManager.

Usage: python rfc2217_server.py SERIAL_PORT PORT_FILE  (writes the TCP port it listens on to PORT_FILE)
The client's speed requests reach the serial port, so the simulator sees them as on a real line.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import socket
import sys
import threading

import serial
import serial.rfc2217


class PtyPort:
    """A pseudo-terminal has no modem lines: report them idle and keep their settings here."""

    cts = dsr = ri = cd = False
    MODEM_SETTINGS = ('rts', 'dtr', 'break_condition')

    def __init__(self, port):
        object.__setattr__(self, 'port', port)

    def __getattr__(self, name):
        return getattr(self.port, name)

    def __setattr__(self, name, value):
        if name in self.MODEM_SETTINGS:
            object.__setattr__(self, name, value)
        else:
            setattr(self.port, name, value)


class Connection:
    """What PortManager writes its option negotiation to."""

    def __init__(self, client):
        self.client = client

    def write(self, data):
        self.client.sendall(data)


def serve_client(port, client):
    manager = serial.rfc2217.PortManager(PtyPort(port), Connection(client))
    stop = threading.Event()

    def serial_to_network():
        while not stop.is_set():
            data = port.read(port.in_waiting or 1)
            if data:
                client.sendall(b''.join(manager.escape(data)))

    reader = threading.Thread(target=serial_to_network, daemon=True)
    reader.start()
    try:
        while True:
            data = client.recv(1024)
            if not data:
                break
            port.write(b''.join(manager.filter(data)))
    except OSError:
        pass
    finally:
        stop.set()
        reader.join()
        client.close()


def main():
    port = serial.serial_for_url(sys.argv[1], baudrate=115200, timeout=0.05)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    with open(sys.argv[2], 'w') as handle:
        handle.write('%d\n' % listener.getsockname()[1])
    while True:
        client, dummy = listener.accept()
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        serve_client(port, client)


if __name__ == '__main__':
    main()
