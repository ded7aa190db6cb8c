# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An in-memory stand-in for a pyserial port with an M0 behind it, for unit tests.

It answers at once (no clock), keeps settings as the raw strings it was
sent, and can be told to misbehave. The full device model is the simulator;
this is only enough to drive the session and the engine line by line.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.module_utils._internal import model

FACTORY = {
    'E': 'ON', 'VER': '4016', 'MID': model.FACTORY_NAME, 'MAC': 'D8B04C000001',
    'WANN': 'STATIC,192.168.0.7,255.255.255.0,192.168.0.1', 'DNS': '208.67.222.222',
    'WEBU': 'admin,admin', 'WEBPORT': '80', 'UART': '115200,8,1,NONE,NFC',
    'SOCK': 'TCPC,192.168.0.201,8234', 'SOCKLK': 'Disconnected', 'SOCKPORT': '0', 'TCPSE': 'KEEP',
    'REGEN': 'OFF', 'REGTCP': 'FIRST', 'REGUSR': 'www.usr.cn', 'REGCLOUD': ',',
    'HEARTEN': 'OFF', 'HEARTTP': 'NET', 'HEARTTM': '30', 'HEARTDT': 'www.usr.cn',
    'HTPTP': 'GET', 'HTPURL': '/1.php?', 'HTPHEAD': 'User_Agent: Mozilla/4.0', 'HTPCHD': 'OFF',
}

# An older firmware, as the issue that asked for mixed fleets found it: no HTTP client commands, no USR Cloud account.
FIRMWARE_4010 = ('4010', ('HTPTP', 'HTPURL', 'HTPHEAD', 'HTPCHD', 'REGCLOUD'))


class FakeM0:
    """Looks like an open pyserial port to the session."""

    def __init__(self, mode='work', echo=True, settings=None):
        self.mode = mode
        self.settings = dict(FACTORY, **(settings or {}))
        self.settings['E'] = 'ON' if echo else 'OFF'
        self.output = b''
        self.line = b''
        self.lines = []          # every AT line received, as text
        self.network = b''       # bytes that work mode would send to the network
        self.errors = {}         # command name -> error code for its next set
        self.silent = False
        self.noise_before_a = b''
        self.lost_handshakes = 0   # how many `+++` get no `a`
        self.lost_oks = 0          # how many entries into AT mode the host does not hear the `+ok` of
        self.hostile_peer = False  # the network peer answers every line it gets as an M0 would
        self.garbage_around_reply = b''
        self.baudrate = 115200        # the host's speed
        self.running_baud = 115200    # the module's
        self.drop_replies = 0
        self.reboot_after_next = False
        self.timeout = 0
        self.closed = False
        self.restarts = 0
        self.running_sock = self.settings['SOCK']
        self.reachable = None    # servers a TCP client socket reaches ('host:port'); None: SOCKLK as set

    # --- pyserial surface -----------------------------------------------------------
    @property
    def in_waiting(self):
        return len(self.output)

    def read(self, size=1):
        data, self.output = self.output[:size], self.output[size:]
        return data

    def reset_input_buffer(self):
        self.output = b''

    def flush(self):
        pass

    def close(self):
        self.closed = True

    def write(self, data):
        if self.silent:
            return len(data)
        if self.baudrate != self.running_baud:
            # at the wrong speed the module hears noise; in AT mode it echoes that, which the host hears as noise
            if self.mode == 'at' and self.settings['E'] == 'ON':
                self.output += b'\xff' * len(data)
            return len(data)
        if self.mode == 'work':
            self._work(data)
        elif self.mode == 'await_a':
            self.mode = 'at' if data == b'a' else 'work'
            if self.mode == 'at' and self.lost_oks:
                self.lost_oks -= 1
            elif self.mode == 'at':
                self.output += b'+ok'
        else:
            for byte in bytearray(data):
                self._at_byte(bytes(bytearray([byte])))
        return len(data)

    # --- device ---------------------------------------------------------------------
    def _work(self, data):
        if data == b'+++' and self.lost_handshakes:
            self.lost_handshakes -= 1
            self.network += data
        elif data == b'+++':
            self.output += self.noise_before_a + b'a'
            self.mode = 'await_a'
        else:
            self.network += data
            if self.hostile_peer and data.endswith(b'\r'):
                self.output += b'\r\n+OK\r\n' if data == b'\r' or b'=' in data else b'\r\n+OK=admin,admin\r\n'

    def _at_byte(self, byte):
        if self.settings['E'] == 'ON':
            self.output += byte
        if byte not in (b'\r', b'\n'):
            self.line += byte
            return
        line, self.line = self.line.decode('utf-8'), b''
        if line:
            self.lines.append(line)
            reply = self._answer(line)
            if self.reboot_after_next:
                self.reboot_after_next = False
                self.mode = 'work'
                return
            if self.drop_replies:
                self.drop_replies -= 1
                return
            self.output += self.garbage_around_reply + b'\r\n' + reply.encode('utf-8') + b'\r\n'

    def _answer(self, line):
        if not line.upper().startswith('AT'):
            return '+ERR=-1'
        if line.upper() == 'AT':
            return '+OK'
        name, sep, value = line[3:].partition('=')
        name = name.upper()
        if name in ('ENTM', 'Z', 'RELD'):
            self.mode = 'work'
            if name != 'ENTM':
                self.restarts += 1
                self.running_baud = int(self.settings['UART'].split(',')[0])
                self.running_sock = self.settings['SOCK']
            return '+OK=rebooting...' if name == 'RELD' else '+OK'
        if sep and name in self.errors:
            return '+ERR=%d' % self.errors.pop(name)
        if name == 'USERMAC' and sep:
            self.settings['MAC'] = value
            return '+OK'
        if name not in self.settings:
            return '+ERR=-2'
        if sep:
            self.settings[name] = value
            return '+OK'
        if name == 'SOCKLK' and self.reachable is not None:
            protocol, dummy, server = self.running_sock.partition(',')
            return '+OK=%s' % ('Connected' if protocol == 'TCPC' and server.replace(',', ':') in self.reachable else 'Disconnected')
        return '+OK=%s' % self.settings[name]

    def sets(self):
        return [line for line in self.lines if '=' in line]

    def run_firmware(self, version, lacks):
        """Run an older firmware: it answers AT+VER with version and +ERR=-2 to the commands it lacks."""
        self.settings['VER'] = version
        for name in lacks:
            del self.settings[name]
        return self


def normalised(**sections):
    """A config as the modules hand it to the engine: each section normalised by the model."""
    return dict((section, model.normalise_section(section, options)) for section, options in sections.items())


class SlowLine:
    """A FakeM0 behind a line that takes half of round_trip each way, on a test clock (a list holding the time).

    It keeps when each write was sent, and models the module's handshake window, which the fake itself does not:
    a module that answered `+++` with `a` and got nothing else for HANDSHAKE_WINDOW seconds is back in work mode,
    having sent the `+++` to the network.
    """

    HANDSHAKE_WINDOW = 3.0

    def __init__(self, fake, clock, round_trip, late_a=0.0):
        self.fake = fake
        self.clock = clock
        self.delay = round_trip / 2.0
        self.late_a = late_a  # the first `a` leaves the module that much later (a busy module), its window with it
        self.up = []        # (arrival at the module, bytes)
        self.down = []      # (arrival at the host, bytes)
        self.writes = []    # (time sent, bytes)
        self.window_opened = None

    def _advance(self):
        now = self.clock[0]
        while self.up and self.up[0][0] <= now:
            arrival, data = self.up.pop(0)
            self._window(arrival)
            was_waiting = self.fake.mode == 'await_a'
            if was_waiting and data != b'a':
                self.fake.network += b'+++' + data  # the handshake ends, and its `+++` goes to the network with the byte
            self.fake.write(data)
            if self.fake.mode == 'await_a' and not was_waiting:
                self.window_opened = arrival
        self._window(now)
        if self.fake.output:
            late, self.late_a = (self.late_a, 0.0) if self.fake.output == b'a' else (0.0, self.late_a)
            if late and self.window_opened is not None:
                self.window_opened += late
            self.down.append((now + self.delay + late, self.fake.output))
            self.fake.output = b''

    def _window(self, now):
        if self.fake.mode == 'await_a' and self.window_opened is not None and now - self.window_opened > self.HANDSHAKE_WINDOW:
            self.fake.mode = 'work'
            self.fake.network += b'+++'

    @property
    def in_waiting(self):
        self._advance()
        return sum(len(data) for arrival, data in self.down if arrival <= self.clock[0])

    def read(self, size=1):
        self._advance()
        data = b''
        while self.down and self.down[0][0] <= self.clock[0] and len(data) < size:
            data += self.down.pop(0)[1]
        return data

    def write(self, data):
        self.writes.append((self.clock[0], data))
        self.up.append((self.clock[0] + self.delay, data))
        return len(data)

    def reset_input_buffer(self):
        self.read(1 << 20)

    def flush(self):
        pass

    def close(self):
        self.fake.closed = True
