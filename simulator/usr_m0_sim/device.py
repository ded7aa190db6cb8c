# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One simulated USR-M0: bytes in from the host, bytes out to it, no I/O of its own.

Behaviour follows ../shared/reference/protocol-notes.md: work (transparent)
mode after boot, the +++ / a / +ok handshake with its guard time and 3 s
window, AT mode with echo, CR/LF framing and +ERR codes, settings stored in
flash at once but run only after a restart, during which nothing answers.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import json
import os
import random
import re
import time

from usr_m0_sim import commands

HANDSHAKE_GAP = 0.3      # max gap between the three '+'
HANDSHAKE_WINDOW = 3.0   # the host must answer 'a' within this
NAME_RE = re.compile(r'^([A-Za-z0-9]+)(.*)$', re.DOTALL)
# What whoever controls a module can store in it: templates, path separators, control characters.
HOSTILE_TEMPLATES = {'MID': '../../pwnd', 'REGUSR': "{{ lookup('pipe','id') }}", 'HEARTDT': '{{ 7*7 }}',
                     'HTPURL': '/{% raw %}x/../../etc', 'HTPHEAD': "X: {{ q('env','HOME') }}<<CRLF>>Y: ../"}
HOSTILE_CONTROLS = {'HTPURL': '/x\x85AT+WEBU=root,pwn', 'HEARTDT': 'a\x1b[2J\x9bb\x11', 'MID': 'x\u2028AT+Z'}


class Device:
    """A module: its flash, its mode, its faults and what crossed its UART."""

    def __init__(self, name, index, flash_path, log_path, guard_time=0.05, restart_delay=1.5,
                 reset_delay=2.0, seed=None, clock=time.monotonic, line_speed=False, reachable=None,
                 firmware=(commands.FIRMWARE, frozenset())):
        self.name = name
        self.index = index
        # the release it runs: AT+VER answers its version, and it answers +ERR=-2 to the commands it lacks
        self.firmware_version, self.lacks = firmware
        self.flash_path = flash_path
        self.log_path = log_path
        self.guard_time = guard_time
        self.restart_delay = restart_delay
        self.reset_delay = reset_delay
        self.clock = clock
        # line_speed: bytes take 10 bit times at the running UART speed each way, as on the wire
        self.line_speed = line_speed
        self.inbox = collections.deque()   # (arrival time, byte) from the host
        self.outbox = collections.deque()  # (arrival time at the host, byte)
        self.in_free = self.out_free = 0.0
        self.random = random.Random(seed if seed is not None else index)
        self.flash = self._load_flash()
        self.flash['VER'] = self.firmware_version  # an update of the firmware keeps the settings, not the version
        self.link = 'Disconnected'
        # servers ('host:port') a TCP client socket reaches; None: the link is only what set-state says
        self.reachable = None if reachable is None else set(reachable)
        self.faults = {}
        self.output = bytearray()
        self.peer_line = bytearray()  # what the hostile network peer got since its last answer
        self.scheduled = []          # (time, bytes) written later (late handshake)
        self.stalled_until = None    # the stall fault: until then the line holds what it carries either way
        self.held = []               # (data, host_baud) the host sent during the stall
        self.stats = dict(query=0, set=0, action=0, error=0, bytes_in=0, bytes_out=0, handshakes=0, restarts=0,
                          network_tx_bytes=0, at_mode_seconds=0.0, garbled_bytes=0, echo_bytes=0,
                          mandatory_wait_seconds=0.0)
        self._log = open(log_path, 'a')
        self._boot(first=True)

    # --- flash ----------------------------------------------------------------------
    def _load_flash(self):
        if os.path.exists(self.flash_path):
            with open(self.flash_path) as handle:
                return json.load(handle)
        flash = commands.factory_flash(self.index, self.firmware_version)
        self._save(flash)
        return flash

    def _save(self, flash=None):
        temporary = self.flash_path + '.tmp'
        with open(temporary, 'w') as handle:
            json.dump(flash or self.flash, handle, indent=1, sort_keys=True)
        os.replace(temporary, self.flash_path)

    def _boot(self, first=False):
        self.mode = 'work'
        self.running_baud = int(self.flash['UART'].split(',')[0])
        # the socket it runs since this boot: a set of AT+SOCK is stored, and runs after the next restart
        self.running_sock = self.flash['SOCK']
        self.echo = self.flash['E'] == 'ON'
        self.line = bytearray()
        self.plus = b''
        self.plus_last = 0.0
        self.last_rx = -1e9
        self.restart_until = None
        self.await_until = None
        self.at_since = None
        self.commands_seen = 0
        if not first:
            self.log('boot', baud=self.running_baud)
            late = self.faults.get('late-handshake')
            if late and late.get('after_restart'):
                late['after_restart'] = False  # it was waiting for this restart: the next `a` is late

    # --- log ------------------------------------------------------------------------
    def log(self, event, **fields):
        fields.update(t=round(time.time(), 6), event=event)
        self._log.write(json.dumps(fields, sort_keys=True) + '\n')
        self._log.flush()

    def reset_log(self):
        self._log.close()
        self._log = open(self.log_path, 'w')
        for key in self.stats:
            self.stats[key] = 0.0 if key.endswith('seconds') else 0

    def close(self):
        self._log.close()

    # --- the host side --------------------------------------------------------------
    def receive(self, data, host_baud=None):
        """Bytes written by the host; host_baud is its line speed (None: a TCP peer, always right)."""
        if self.stalled_until is not None:
            self.held.append((data, host_baud))
            return
        now = self.clock()
        self.stats['bytes_in'] += len(data)
        if 'silent' in self.faults or self.mode == 'restarting':
            return
        if host_baud is not None and host_baud != self.running_baud:
            # at the wrong speed the module samples noise, not the host's bytes
            self.stats['garbled_bytes'] += len(data)
            self.log('garbled', host_baud=host_baud, running_baud=self.running_baud, bytes=len(data))
            data = bytes(self.random.randrange(0x80, 0x100) for dummy in data)
        for value in bytearray(data):
            byte = bytes(bytearray([value]))
            if self.line_speed:
                self.in_free = max(self.in_free, now) + self.byte_time()
                self.inbox.append((self.in_free, byte))
            else:
                self._byte(byte, now)
                self.last_rx = now
        self._deliver()

    def byte_time(self):
        return 10.0 / self.running_baud

    def _deliver(self):
        """Process the host's bytes that have crossed the line by now, each at its arrival time."""
        now = self.clock()
        while self.inbox and self.inbox[0][0] <= now:
            arrival, byte = self.inbox.popleft()
            if self.mode != 'restarting':
                self._byte(byte, arrival)
                self.last_rx = arrival

    def take_output(self, host_baud=None):
        """Bytes for the host (garbage if it listens at the wrong speed)."""
        self.tick()
        if self.stalled_until is not None:
            return b''
        data, self.output = bytes(self.output), bytearray()
        if self.line_speed:
            now = self.clock()
            for value in bytearray(data):
                self.out_free = max(self.out_free, now) + self.byte_time()
                self.outbox.append((self.out_free, bytes(bytearray([value]))))
            ready = bytearray()
            while self.outbox and self.outbox[0][0] <= now:
                ready += self.outbox.popleft()[1]
            data = bytes(ready)
        if not data:
            return b''
        self.stats['bytes_out'] += len(data)
        if host_baud is not None and host_baud != self.running_baud:
            return bytes(self.random.randrange(0x80, 0x100) for dummy in data)
        return data

    def tick(self):
        """Timers: end of a stall, end of a restart, an unanswered handshake, late output, periodic noise."""
        now = self.clock()
        if self.stalled_until is not None and now >= self.stalled_until:
            # the line flows again: what it held reaches the module in one burst, in order
            self.stalled_until = None
            held, self.held = self.held, []
            for data, host_baud in held:
                self.receive(data, host_baud)
        self._deliver()
        if self.mode == 'restarting' and now >= self.restart_until:
            self._boot()
        if self.mode == 'await_a' and now >= self.await_until:
            self._to_network(b'+++')
            self.mode = 'work'
        due = [item for item in self.scheduled if item[0] <= now]
        for item in due:
            self.scheduled.remove(item)
            self.output += item[1]
        noise = self.faults.get('noise')
        if noise and self.mode == 'work' and noise.get('interval') and now >= noise.setdefault('next', now):
            noise['next'] = now + noise['interval']
            self.output += noise['data']

    def next_timer(self):
        times = [item[0] for item in self.scheduled]
        if self.stalled_until is not None:
            times.append(self.stalled_until)
        times.extend(queue[0][0] for queue in (self.inbox, self.outbox) if queue)
        if self.mode == 'restarting':
            times.append(self.restart_until)
        if self.mode == 'await_a':
            times.append(self.await_until)
        noise = self.faults.get('noise')
        if noise and noise.get('interval'):
            times.append(noise.get('next', self.clock()))
        return min(times) if times else None

    # --- modes ----------------------------------------------------------------------
    def _to_network(self, data):
        self.stats['network_tx_bytes'] += len(data)
        self.log('network_tx', data=data.decode('utf-8', 'replace'))
        if self.faults.get('hostile', {}).get('peer'):
            self._peer_answers(data)

    def turn_hostile(self, settings):
        """The hostile fault: a network peer that answers like an M0, and values no one should trust."""
        self.faults['hostile'] = settings
        for chosen, values in (('templates', HOSTILE_TEMPLATES), ('controls', HOSTILE_CONTROLS)):
            if settings.get(chosen):
                self.flash.update(values)
        self._save()

    def _peer_answers(self, data):
        """Each line the peer gets is answered as the M0 would: +OK=<a plausible value> to a query, +OK otherwise."""
        for value in bytearray(data):
            if value not in (0x0d, 0x0a):
                self.peer_line.append(value)
                continue
            line, self.peer_line = self.peer_line.decode('utf-8', 'replace').strip(), bytearray()
            match = NAME_RE.match(line[3:]) if line[:3].upper() == 'AT+' else None
            name = match.group(1).upper() if match and not match.group(2) else None
            self.output += b'\r\n' + ('+OK=%s' % self.flash[name] if name in self.flash else '+OK').encode('utf-8') + b'\r\n'

    def _byte(self, byte, now):
        if self.mode == 'work':
            self._work_byte(byte, now)
        elif self.mode == 'await_a':
            if byte == b'a':
                self._enter_at()
            else:
                self._to_network(b'+++' + byte)
                self.mode = 'work'
        elif self.mode == 'at':
            self._at_byte(byte)

    def _work_byte(self, byte, now):
        answers_handshake = self.faults.get('hostile', {}).get('handshake', True)
        if byte == b'+' and answers_handshake and (self.plus and now - self.plus_last < HANDSHAKE_GAP or
                                                   not self.plus and now - self.last_rx >= self.guard_time):
            self.plus += byte
            self.plus_last = now
            if self.plus == b'+++':
                self.plus = b''
                self._answer_plus(now)
            return
        if self.plus:
            self._to_network(self.plus)
            self.plus = b''
        self._to_network(byte)

    def _answer_plus(self, now):
        self.mode = 'await_a'
        self.await_until = now + HANDSHAKE_WINDOW
        noise = self.faults.get('noise')
        if noise and noise.get('before_a'):
            self.output += noise['data']
        late = self.faults.get('late-handshake')
        if late and not late.get('after_restart'):
            del self.faults['late-handshake']
            self.scheduled.append((now + late['seconds'], b'a'))
            self.await_until += late['seconds']
            self.log('late_a', seconds=late['seconds'])
        else:
            self.output += b'a'

    def _enter_at(self):
        self.mode = 'at'
        lost = self.faults.get('lost-entry-reply')
        if lost and lost['after'] > 0:
            lost['after'] -= 1
        elif lost:
            del self.faults['lost-entry-reply']  # in AT mode all the same: the host did not hear it
            self.log('entry_reply_lost')
        else:
            self.output += b'+ok'
        self.at_since = self.clock()
        self.stats['handshakes'] += 1
        self.stats['mandatory_wait_seconds'] += self.guard_time
        self.log('enter_at')

    def _leave_at(self, event):
        if self.at_since is not None:
            self.stats['at_mode_seconds'] += self.clock() - self.at_since
            self.at_since = None
        self.log(event)

    def _restart(self, delay, event):
        self._leave_at(event)
        self.stats['restarts'] += 1
        self.stats['mandatory_wait_seconds'] += delay
        self.mode = 'restarting'
        self.restart_until = self.clock() + delay

    def socket_link(self):
        """AT+SOCKLK: with reachable servers, Connected when the running socket is a TCP client of one of them."""
        if self.reachable is None:
            return self.link
        protocol, dummy, server = self.running_sock.partition(',')
        return 'Connected' if protocol == 'TCPC' and server.replace(',', ':') in self.reachable else 'Disconnected'

    def set_state(self, mode=None, baud=None, link=None, reachable=None):
        """Prepare a test: put the module in AT mode, change its running speed, flip the link, say which servers answer.

        reachable: 'host:port,host:port' (empty: none answers)."""
        if mode == 'at' and self.mode != 'at':
            self.mode = 'at'
            self.at_since = self.clock()
            self.log('enter_at', forced=True)
        elif mode == 'work' and self.mode == 'at':
            self.mode = 'work'
            self._leave_at('leave_at')
        if baud:
            self.running_baud = int(baud)
        if link:
            self.link = link
        if reachable is not None:
            self.reachable = set(server for server in reachable.split(',') if server)

    # --- AT mode --------------------------------------------------------------------
    def _at_byte(self, byte):
        if self.echo:
            self.output += byte
            self.stats['echo_bytes'] += 1
        if byte not in (b'\r', b'\n'):
            self.line += byte
            return
        line, self.line = bytes(self.line), bytearray()
        if line:
            self._command(line.decode('utf-8', 'replace'))

    def _reply(self, text):
        if self._fault_count('drop-reply'):
            self.log('fault', fault='drop-reply')
            return
        framed = b'\r\n' + text.encode('utf-8') + b'\r\n'
        if self._fault_count('truncate-reply'):
            framed = framed[:max(3, len(framed) // 2)]
            self.log('fault', fault='truncate-reply')
        if self._fault_count('garbage-reply'):
            framed = b'\x1b#~' + framed + b'~#\x00'
            self.log('fault', fault='garbage-reply')
        self.output += framed

    def _fault_count(self, name):
        fault = self.faults.get(name)
        if not fault:
            return False
        fault['count'] -= 1
        if fault['count'] <= 0:
            del self.faults[name]
        return True

    def _command(self, line):
        reboot = self.faults.get('reboot')
        if reboot and self.commands_seen >= reboot['after'] and self.mode == 'at':
            # the module restarts as this line arrives: the line is lost in the restart however late the host sends it
            # (a restart after a reply would take a line sent later than the restart delay for data to forward)
            del self.faults['reboot']
            self.log('rx_line_lost', line=line)
            self._restart(self.restart_delay, 'fault_reboot')
            return
        kind, name, reply = self._execute(line)
        if reply.startswith('+ERR'):
            self.stats['error'] += 1
        elif kind in ('query', 'set', 'action'):
            self.stats[kind] += 1
        self.log('rx_line', line=line, command=name, kind=kind, reply=reply)
        if self.mode == 'at' or reply.startswith('+OK') and name in ('ENTM', 'Z', 'RELD'):
            self._reply(reply)
        self.commands_seen += 1
        cut = self.faults.get('cut-after-set')
        if cut and kind == 'set':
            cut['sets'] = int(cut['sets']) - 1
            if cut['sets'] <= 0:
                # the line dies for good: nothing more reaches the module until the fault is cleared
                del self.faults['cut-after-set']
                self.faults['silent'] = {}
        stall = self.faults.get('stall')
        if stall:
            stall['after'] = int(stall['after']) - 1
            if stall['after'] < 0:
                # from this reply on nothing reaches the host, and what the host sends waits, as on a busy terminal server
                del self.faults['stall']
                self.stalled_until = self.clock() + stall['seconds']
                self.log('line_stalled', seconds=stall['seconds'])

    def _execute(self, line):
        """(kind, command name, reply) for one AT line."""
        if line.upper() == 'AT':
            return 'ping', None, '+OK'
        if not line[:3].upper() == 'AT+':
            return 'invalid', None, '+ERR=-1'
        match = NAME_RE.match(line[3:])
        if not match:
            return 'invalid', None, '+ERR=-1'
        name, rest = match.group(1).upper(), match.group(2)
        if name not in commands.TABLE or name in self.lacks:
            return 'unknown', name, '+ERR=-2'
        access = commands.TABLE[name][0]
        if rest in ('', '?'):
            return self._query(name, access)
        if not rest.startswith('='):
            return 'invalid', name, '+ERR=-3'
        return self._set(name, access, rest[1:])

    def _query(self, name, access):
        if access == 'action':
            return 'action', name, self._action(name)
        if access == 'wo':
            return 'query', name, '+ERR=-5'
        value = self.socket_link() if name == 'SOCKLK' else self.flash[name]
        return 'query', name, '+OK=%s' % value

    def _set(self, name, access, value):
        if access == 'action':
            return 'set', name, '+ERR=-3'
        if access == 'ro':
            return 'set', name, '+ERR=-5'
        error = self.faults.get('error')
        if error and error['command'] in (name, 'any'):
            del self.faults['error']
            return 'set', name, '+ERR=%d' % error['code']
        try:
            stored = commands.validate(name, value)
        except commands.InvalidParameter:
            return 'set', name, '+ERR=-4'
        if name == 'USERMAC':
            self.flash['MAC'] = stored
        else:
            self.flash[name] = stored
        if name == 'E':
            self.echo = stored == 'ON'
        self._save()
        return 'set', name, '+OK'

    def _action(self, name):
        if name == 'ENTM':
            self.mode = 'work'
            self._leave_at('leave_at')
            return '+OK'
        if name == 'Z':
            self._restart(self.restart_delay, 'restart')
            return '+OK'
        factory = commands.factory_flash(self.index, self.firmware_version)
        factory['MAC'] = factory['FACTORY_MAC'] = self.flash.get('FACTORY_MAC', factory['MAC'])
        self.flash = factory
        self._save()
        self._restart(self.reset_delay, 'factory_reset')
        return '+OK=rebooting...'
