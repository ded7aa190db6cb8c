# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Serve many simulated M0 modules at once on pseudo-terminals and loopback TCP, in one selector loop."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import json
import os
import resource
import selectors
import socket
import sys
import termios
import tty

from usr_m0_sim.control import receive_message
from usr_m0_sim.device import Device

# termios speed constants back to baud rates (the host sets its speed on the pty slave)
SPEEDS = dict((getattr(termios, 'B%d' % rate), rate) for rate in (
    50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
    230400, 460800, 500000, 576000, 921600, 1000000) if hasattr(termios, 'B%d' % rate))


class Port:
    """One module's UART as the host reaches it: a pty, and optionally a TCP listener."""

    def __init__(self, device, state_dir, tcp):
        self.device = device
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # nothing echoes or translates before a host opens it
        os.set_blocking(self.master, False)
        self.pty = os.ttyname(self.slave)
        self.link = os.path.join(state_dir, '%s.tty' % device.name)
        if os.path.lexists(self.link):
            os.unlink(self.link)
        os.symlink(self.pty, self.link)
        self.listener = None
        self.client = None
        self.refuse_tcp = False
        self.drop_tcp_after = None
        if tcp:
            self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.listener.bind(('127.0.0.1', 0))
            self.listener.listen(4)
            self.listener.setblocking(False)

    @property
    def tcp_port(self):
        return self.listener.getsockname()[1] if self.listener else None

    def host_baud(self):
        """The speed the host set on the pty (None if unknown, taken as right)."""
        try:
            return SPEEDS.get(termios.tcgetattr(self.slave)[5])
        except termios.error:
            return None

    def describe(self):
        return {'name': self.device.name, 'tty': self.link, 'pty': self.pty, 'tcp_port': self.tcp_port,
                'flash': self.device.flash_path, 'log': self.device.log_path,
                'firmware': self.device.firmware_version, 'lacks': sorted(self.device.lacks)}

    def flush_output(self):
        if self.client is not None:
            data = self.device.take_output()
            if data:
                self._send_tcp(data)
            return
        data = self.device.take_output(self.host_baud())
        if data:
            try:
                os.write(self.master, data)
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EIO):
                    raise  # a full pty buffer with no reader drops bytes, like a line nobody listens to

    def _send_tcp(self, data):
        try:
            self.client.sendall(data)
        except OSError:
            self.close_client()

    def close_client(self):
        if self.client is not None:
            self.client.close()
            self.client = None

    def close(self):
        self.close_client()
        for fd in (self.master, self.slave):
            os.close(fd)
        if self.listener:
            self.listener.close()
        if os.path.lexists(self.link):
            os.unlink(self.link)
        self.device.close()


class Server:
    """The selector loop over every port, TCP client and the control socket."""

    def __init__(self, state_dir, count, prefix='m0-', tcp=False, run_as_module=False, firmwares=(), **device_options):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        self.state_dir = state_dir
        self.selector = selectors.DefaultSelector()
        self.ports = {}
        self.running = True
        for index in range(count):
            name = '%s%02d' % (prefix, index)
            if firmwares:  # the modules take the firmwares in turn: a mixed fleet
                device_options['firmware'] = firmwares[index % len(firmwares)]
            device = Device(name, index, os.path.join(state_dir, '%s.flash.json' % name),
                            os.path.join(state_dir, '%s.log.jsonl' % name), **device_options)
            port = Port(device, state_dir, tcp)
            self.ports[name] = port
            self.selector.register(port.master, selectors.EVENT_READ, ('pty', port))
            if port.listener:
                self.selector.register(port.listener, selectors.EVENT_READ, ('listen', port))
        self.control_path = os.path.join(state_dir, 'control.sock')
        if os.path.exists(self.control_path):
            os.unlink(self.control_path)
        self.control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.control.bind(self.control_path)
        self.control.listen(8)
        self.control.setblocking(False)
        self.selector.register(self.control, selectors.EVENT_READ, ('control', None))
        with open(os.path.join(state_dir, 'devices.json'), 'w') as handle:
            json.dump([port.describe() for port in self.ports.values()], handle, indent=1)
        with open(os.path.join(state_dir, 'inventory.json'), 'w') as handle:
            json.dump(self.inventory(run_as_module), handle, indent=2)

    def inventory(self, run_as_module):
        """An Ansible inventory of the modules, as a user writes one for ports the controller holds."""
        hosts = {}
        for port in self.ports.values():
            hosts[port.device.name] = {'serial_port': port.link, 'm0sim_log': port.device.log_path,
                                       'm0sim_firmware': port.device.firmware_version}
            if port.tcp_port:
                hosts[port.device.name]['serial_url_tcp'] = 'socket://127.0.0.1:%d' % port.tcp_port
        variables = {
            # the controller holds the ports: the modules run in the Ansible worker, no interpreter is discovered
            'ansible_connection': 'local',
            'm0sim_state': self.state_dir,
            # argv of the simulator's control command, for ansible.builtin.command
            'm0sim_ctl': [sys.executable, '-m', 'usr_m0_sim', 'ctl', '--state-dir', self.state_dir],
        }
        if run_as_module:
            # the module path (what delegate_to a serial host gives): an AnsiballZ module under this Python
            variables.update(usr_m0_run_as_module=True, ansible_python_interpreter=sys.executable)
        return {'all': {'vars': variables, 'hosts': hosts}}

    def serve(self, handler):
        """Run until a control `stop`; handler(server, request) answers control requests."""
        with open(os.path.join(self.state_dir, 'ready'), 'w') as handle:
            handle.write('%d\n' % os.getpid())
        # Only the ports that received something, or whose module has a timer running, are looked at
        # after a wake-up: a fleet of a thousand idle modules costs nothing per byte of the busy ones.
        timed = set()
        while self.running:
            touched = set(timed)
            for key, dummy in self.selector.select(self._timeout(timed)):
                kind, port = key.data
                if kind == 'control':
                    self._control(handler)
                    touched.update(self.ports.values())  # a control request may change any module
                    continue
                touched.add(port)
                if kind == 'pty':
                    self._read_pty(port)
                elif kind == 'listen':
                    self._accept(port)
                elif kind == 'tcp':
                    self._read_tcp(port)
            for port in touched:
                port.flush_output()
                if port.device.next_timer() is None:
                    timed.discard(port)
                else:
                    timed.add(port)
        for port in self.ports.values():
            port.close()
        self.control.close()
        for name in ('control.sock', 'ready'):
            path = os.path.join(self.state_dir, name)
            if os.path.exists(path):
                os.unlink(path)

    def _timeout(self, timed):
        timers = [t for t in (port.device.next_timer() for port in timed) if t is not None]
        if not timers:
            return 0.5
        return max(0.0, min(timers) - self.ports[next(iter(self.ports))].device.clock())

    def _read_pty(self, port):
        try:
            data = os.read(port.master, 4096)
        except OSError:
            return
        port.device.receive(data, port.host_baud())

    def _accept(self, port):
        client, dummy = port.listener.accept()
        if port.refuse_tcp or port.client is not None:
            client.close()  # a terminal server port serves one client at a time
            return
        client.setblocking(True)
        client.settimeout(5)
        port.client = client
        port.tcp_bytes = 0
        self.selector.register(client, selectors.EVENT_READ, ('tcp', port))

    def _read_tcp(self, port):
        try:
            data = port.client.recv(4096)
        except OSError:
            data = b''
        port.tcp_bytes += len(data)
        if not data or (port.drop_tcp_after is not None and port.tcp_bytes > port.drop_tcp_after):
            port.drop_tcp_after = None
            self.selector.unregister(port.client)
            port.close_client()
            return
        port.device.receive(data)

    def _control(self, handler):
        connection, dummy = self.control.accept()
        with connection:
            connection.settimeout(5)
            try:
                answer = handler(self, receive_message(connection))
            except (ValueError, KeyError, TypeError) as exc:
                answer = {'error': str(exc)}
            connection.sendall(json.dumps(answer).encode('utf-8') + b'\n')
