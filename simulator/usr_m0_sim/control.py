# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control protocol: JSON lines over DIR/control.sock. handle() runs in the server, Client in tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import socket

FAULTS = {
    # name: (parameters with defaults) -- see simulator/README.md
    'silent': {},
    'noise': {'data': 'unsolicited network data\r\n', 'interval': 0, 'before_a': True},
    'late-handshake': {'seconds': 1.0, 'after_restart': False},
    'lost-entry-reply': {'after': 0},
    'drop-reply': {'count': 1},
    'truncate-reply': {'count': 1},
    'garbage-reply': {'count': 1},
    'error': {'command': 'any', 'code': -4},
    'reboot': {'after': 1},
    'cut-after-set': {'sets': 1},
    'stall': {'after': 0, 'seconds': 2.0},
    'tcp-drop': {'after': 0},
    'tcp-refuse': {},
    'hostile': {'peer': True, 'handshake': True, 'templates': True, 'controls': False},
}


def _devices(server, name):
    if name in (None, 'all'):
        return list(server.ports.values())
    return [server.ports[name]]


def _fault(port, fault, params):
    settings = dict(FAULTS[fault])
    settings.update(params or {})
    if fault == 'noise':
        settings['data'] = settings['data'].encode('utf-8')
    if fault == 'tcp-drop':
        port.drop_tcp_after = int(settings['after'])
    elif fault == 'tcp-refuse':
        port.refuse_tcp = True
    elif fault == 'hostile':
        port.device.turn_hostile(settings)
    else:
        port.device.faults[fault] = settings
    port.device.log('fault', fault=fault, params=dict((k, str(v)) for k, v in settings.items()))


def handle(server, request):
    """Answer one control request (a dict with 'command')."""
    command = request['command']
    ports = _devices(server, request.get('device'))
    if command == 'stop':
        server.running = False
        return {'stopped': True}
    if command == 'devices':
        return {'devices': [dict(port.describe(), mode=port.device.mode, running_baud=port.device.running_baud)
                            for port in ports]}
    if command == 'stats':
        return {'stats': dict((port.device.name, dict(port.device.stats, mode=port.device.mode,
                                                      running_baud=port.device.running_baud)) for port in ports)}
    if command == 'reset-log':
        for port in ports:
            port.device.reset_log()
        return {'reset': [port.device.name for port in ports]}
    if command == 'fault':
        for port in ports:
            _fault(port, request['fault'], request.get('params'))
        return {'fault': request['fault'], 'devices': [port.device.name for port in ports]}
    if command == 'clear-faults':
        for port in ports:
            port.device.faults.clear()
            port.refuse_tcp = False
            port.drop_tcp_after = None
        return {'cleared': [port.device.name for port in ports]}
    if command == 'set-state':
        for port in ports:
            port.device.set_state(**request.get('state', {}))
        return {'devices': [port.device.name for port in ports]}
    if command == 'flash':
        return {'flash': dict((port.device.name, port.device.flash) for port in ports)}
    raise KeyError('unknown control command %r' % command)


def receive_message(connection):
    """One JSON message of the control protocol: a line, read until the newline or the peer closes."""
    message = b''
    while not message.endswith(b'\n'):
        chunk = connection.recv(65536)
        if not chunk:
            break
        message += chunk
    return json.loads(message.decode('utf-8'))


class Client:
    """Talk to a running simulator: Client(state_dir).call('stats', device='m0-00')."""

    def __init__(self, state_dir):
        self.path = os.path.join(state_dir, 'control.sock')

    def call(self, command, **arguments):
        arguments['command'] = command
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(30)
        with connection:
            connection.connect(self.path)
            connection.sendall(json.dumps(arguments).encode('utf-8') + b'\n')
            result = receive_message(connection)
        if 'error' in result:
            raise RuntimeError(result['error'])
        return result
