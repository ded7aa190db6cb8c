# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AT session with one M0: handshake, framing, echo, errors, timeouts.

The session never writes a query, a set or a password unless the module
answered the `+++` / `a` / `+ok` handshake in this session, because in work
mode every byte goes to the customer's server as data, and that server may
answer anything: every byte from the line is data, never proof of AT mode.
The only AT line sent before that proof is AT+ENTM, which carries nothing,
and only after a `+++` and a CR drew an AT reply: it takes a module that was
left in AT mode back to work mode so that it can answer a fresh handshake.
One handshake at a time: after a `+++` nothing is sent until the module had
our `a` or its handshake window has surely closed, whatever the line's delay.
It knows nothing of Ansible or of the settings model: what of a line or a
reply is a password, it asks the masking it is given (model.SecretMasking).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

from ansible_collections.usriot.m0.plugins.module_utils._internal.transport import (
    DEFAULT_BAUDRATE, DEFAULT_LOCK_WAIT, DEFAULT_TIMEOUT, open_port, transport_of, TransportError)

try:
    import serial
    SERIAL_ERRORS = (serial.SerialException, OSError)
except ImportError:  # pragma: no cover - reported by the modules
    SERIAL_ERRORS = (OSError,)

ERROR_MEANINGS = {
    -1: 'invalid command format',
    -2: 'invalid command',
    -3: 'invalid operation symbol',
    -4: 'invalid parameter',
    -5: 'operation not permitted',
}
# What a module answers to a command its firmware does not have (the command set grows from release to release).
INVALID_COMMAND = -2
REPLY_RE = re.compile(r'\+(OK|ERR)(?:=(.*))?$', re.IGNORECASE)
LINE_END_RE = re.compile('[\r\n]')
ENTRY_OK_RE = re.compile(b'\\+ok', re.IGNORECASE)
AT_MODE_HINT_RE = re.compile(b'\\+\\+\\+|\\+ERR', re.IGNORECASE)
# Tried, in this order, when the module does not answer at the given speed: the factory speed first.
FALLBACK_SPEEDS = (115200, 9600, 57600, 38400, 19200, 230400, 460800, 4800, 2400, 1200, 600)
# The module holds a `+++` it answered with `a` open this long for the host's `a`; anything else the host sends
# in that window ends the handshake and goes to the network peer as data, `+++` and all.
HANDSHAKE_WINDOW = 3.0
# What the line's delay may vary by: the host answers an `a` only while its own `a` surely arrives inside the
# window, and after an unanswered `+++` sends nothing until the window has surely closed. Both cross the line the
# same way as the `+++`, so the round trip itself cancels out; only its jitter does not.
WINDOW_MARGIN = 0.5


class SessionError(Exception):
    """The module did not do what was asked; the message says what and where."""


class NoAnswerError(SessionError):
    """The module did not answer in time."""


class LineError(SessionError):
    """The port itself failed (a terminal server dropped the connection, a USB adapter went away)."""


class PortBusyError(LineError):
    """A terminal server said the port is in use by another client."""


class DeviceError(SessionError):
    """The module answered +ERR=<code>."""

    def __init__(self, command, code):
        self.command = command
        self.code = code
        SessionError.__init__(self, '%s was refused with +ERR=%d (%s)' % (command, code, ERROR_MEANINGS.get(code, 'unknown error code')))


class ATSession:
    """One run's conversation with one M0 over an open pyserial port.

    masking: exchange(line, reply) -> (line, reply) as results and errors may show them, and
    holds_secret(line); model.SecretMasking masks the passwords of the settings model.
    guard_time: idle line before `+++` (protocol-notes: 200 ms is safe).
    restart_wait: silence after AT+Z / AT+RELD before the first handshake.
    hold: an interruption.Hold whose stop_reason() says when the run must stop at the next safe point.
    """

    def __init__(self, port_name, masking, baudrate=DEFAULT_BAUDRATE, timeout=DEFAULT_TIMEOUT, guard_time=0.2, restart_wait=2.0,
                 restart_timeout=30.0, handshake_attempts=3, lock_wait=DEFAULT_LOCK_WAIT, hold=None):
        self.port_name = port_name
        self.hold = hold
        self.masking = masking
        self.transport = transport_of(port_name)  # what this kind of line can do
        self.baudrate = baudrate
        self.timeout = timeout
        self.guard_time = guard_time
        self.restart_wait = restart_wait
        self.restart_timeout = restart_timeout
        self.handshake_attempts = handshake_attempts
        self.lock_wait = lock_wait
        self.port = None
        self.in_at_mode = False
        self.was_in_at_mode = False  # found in AT mode: a previous run did not leave it
        self.found_earlier = False  # an earlier session found it in AT mode and could not restart it (the journal says)
        self.restarted = False  # AT+Z or AT+RELD was taken: the module runs what it stores
        self._window_closes = 0.0  # until then a `+++` of ours may still wait for the host's `a`: send nothing
        self._entry_unconfirmed = False  # it took our `a` and its `+ok` never came: maybe in AT mode, maybe not
        self.restarting = False
        self.transcript = []  # (command name, reply) of every command sent
        self.recoveries = 0  # lost replies, reboots and dropped lines survived
        self.expected_baudrate = baudrate  # what the caller said; self.baudrate is what the module answers at
        self.found_baudrate = None  # set when the module answered only at another speed
        self.bytes_heard = 0  # what came back at all: tells a silent port from one where something else talks
        self.heard_on_connection = 0  # since the port was last opened
        self.silent_handshakes = 0  # `+++` that drew nothing at all: a module restarting, one that is off, or a lost `+++`

    @property
    def found_in_at_mode(self):
        """An interrupted run left the module in AT mode (found so now, or by an earlier session that could not restart
        it): what it stores may not be what it runs until it restarts."""
        return self.was_in_at_mode or self.found_earlier

    def stop_reason(self):
        """Why the run must stop at its next safe point (a signal, the controller gone), or None."""
        return self.hold.stop_reason() if self.hold else None

    # --- port ---------------------------------------------------------------------
    def open(self, reconnect=False):
        try:
            self.port = open_port(self.port_name, self.baudrate, lock_wait=self.lock_wait, reconnect=reconnect)
        except TransportError as exc:
            raise SessionError(str(exc))
        self.heard_on_connection = 0
        return self

    def reopen(self):
        """A new connection after the line dropped: a terminal server may be restarting, or busy."""
        try:
            self.port.close()
        except SERIAL_ERRORS:
            pass  # it is broken already
        self.open(reconnect=True)

    def _line_failed(self, doing, exc, heard):
        """The LineError for a failed read or write; a terminal server's busy banner is not the module's output.

        pyserial drops what arrives while it opens a URL, so the banner may be gone: a terminal server that
        closes a connection before a byte came through it is taken for one that is busy too.
        """
        banner = self.transport.busy(heard)
        if banner:
            return PortBusyError('%s is in use by another client of the terminal server (it answered %r and closed '
                                 'the connection)' % (self.port_name, banner))
        if self.transport.closed_meaning and not self.heard_on_connection and not heard:
            return PortBusyError('%s closed the connection right after it was opened, before anything came through: %s (%s)'
                                 % (self.port_name, self.transport.closed_meaning, exc))
        return LineError('the line to %s failed while %s: %s' % (self.port_name, doing, exc))

    def _write(self, data, in_window=False):
        """Write data; unless it answers the module inside its handshake window (in_window), once that has closed."""
        if not in_window:
            self._await_window()
        try:
            self.port.write(data)
            self.port.flush()
        except SERIAL_ERRORS as exc:
            raise LineError('the line to %s failed while writing: %s' % (self.port_name, exc))

    def _await_window(self):
        """Wait until no `+++` of ours can still be waiting for our `a`: a byte sent into it would end the
        handshake and go to the network peer, the `+++` with it."""
        wait = self._window_closes - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _read_until(self, done, timeout):
        """Read until done(buffer) is true or timeout; return the buffer and whether done.

        Each read waits up to the port's short timeout (transport.READ_POLL), so the
        deadline is overshot by at most that. Past the deadline, what is already waiting is read before
        giving up: a reply that came in time counts even when this process was not running to read it (a
        loaded controller).
        """
        buffer = b''
        deadline = time.monotonic() + timeout
        while True:
            if done(buffer):
                return buffer, True
            late = time.monotonic() >= deadline
            try:
                chunk = self.port.read(self.port.in_waiting if late else max(1, self.port.in_waiting))
            except SERIAL_ERRORS as exc:
                raise self._line_failed('reading', exc, buffer)
            buffer += chunk
            self.bytes_heard += len(chunk)
            self.heard_on_connection += len(chunk)
            if late:
                return buffer, done(buffer)

    def _discard_input(self):
        """Drop what came unasked (network data, late echoes), but not a terminal server's busy banner."""
        heard = b''
        try:
            while self.port.in_waiting and len(heard) < 4096:
                heard += self.port.read(self.port.in_waiting)
            self.heard_on_connection += len(heard)
            if self.transport.purges_locally:
                self.port.reset_input_buffer()
        except SERIAL_ERRORS as exc:
            raise self._line_failed('reading', exc, heard)
        if self.transport.busy(heard):
            raise self._line_failed('reading', None, heard)

    # --- entering AT mode ---------------------------------------------------------
    def find_and_enter_at_mode(self, speeds=FALLBACK_SPEEDS, poll=0.5, on_silence_too=False):
        """Enter AT mode at the given speed, or else at another UART speed the module may run at.

        A previous run may have stored a new speed without restarting (so the
        module still runs the old one), or the inventory may be out of date.
        The other speeds are tried only when bytes came back that made no
        sense (what a module at another speed echoes or forwards), unless
        on_silence_too: complete silence means nobody is there (the factory
        speed alone is tried then), and the run fails within about one reply
        time. At the other speeds only `+++` is
        sent, and the CR and AT+ENTM of the probe when the reply looks like a
        module in AT mode: no AT line that carries anything can leak.
        A terminal server port in use by another client, or one that drops the
        line (restarting), is waited for, as a locked local port is, for
        lock_wait seconds.
        """
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                return self._try_speeds(speeds, on_silence_too)
            except LineError as exc:
                if not self.transport.network:
                    raise
                if time.monotonic() + poll > deadline:
                    raise SessionError('%s; still %s after %.0f s' % (
                        exc, 'in use' if isinstance(exc, PortBusyError) else 'failing', self.lock_wait))
            time.sleep(poll)
            self.reopen()

    def _try_speeds(self, speeds, on_silence_too):
        if not self.transport.sets_speed:
            speeds = ()  # over a raw TCP socket every "speed" reaches the same line: no use trying others
        heard = self.bytes_heard
        try:
            return self.enter_at_mode()
        except NoAnswerError as first:
            silent = self.bytes_heard == heard and not on_silence_too
            if silent:
                # nobody is there, or a module that a factory reset (or a speed stored without a restart) left
                # at the factory speed while the inventory says another
                speeds = [speed for speed in speeds if speed == DEFAULT_BAUDRATE]
            for speed in speeds:
                if speed == self.expected_baudrate:
                    continue
                self._set_speed(speed)
                try:
                    self.enter_at_mode(attempts=1, blind_probe=False)
                except NoAnswerError:
                    continue
                self.found_baudrate = speed
                return self
            if self.baudrate != self.expected_baudrate:
                self._set_speed(self.expected_baudrate)
            others = [str(speed) for speed in speeds if speed != self.expected_baudrate]
            if silent:
                factory = '; no answer at the factory speed %s either' % others[0] if others else ''
                raise NoAnswerError('%s%s (nothing came back at all, so no other UART speed was tried)' % (first, factory))
            if not others:
                raise first
            raise NoAnswerError('%s; no answer at the other UART speeds (%s) either' % (first, ', '.join(others)))

    def _set_speed(self, baudrate):
        try:
            self.port.baudrate = baudrate
        except (ValueError,) + SERIAL_ERRORS as exc:
            raise LineError('cannot switch %s to %d baud: %s' % (self.port_name, baudrate, exc))
        self.baudrate = baudrate

    def enter_at_mode(self, probe=True, attempts=None, blind_probe=True):
        """Bring the module into AT mode, or find it already there.

        Unsolicited network data may arrive before and around the `a`: it is
        discarded, and only an `a` that is the last byte received counts.
        probe: tell a module already in AT mode by its reply to a CR; blind_probe: send
        that CR after two `+++` that drew nothing, too (a module in AT mode with echo off; not
        after one, which a module restarting then, and in work mode now, would forward).
        After an `a` whose `+ok` never came, the next attempts probe whatever probe says: the
        module may be in AT mode. Two attempts that draw nothing at all end the tries: nobody
        answers, and each unanswered `+++` costs a whole handshake window.
        """
        attempts = attempts or self.handshake_attempts
        made = 0
        for attempt in range(attempts):
            made += 1
            heard = self.bytes_heard
            entered, answered, buffer = self._handshake()
            if entered:
                return self
            if answered:
                continue  # it took our `a`: the next `+++` tells AT mode (a bad line) from work mode (an `a`)
            if self.bytes_heard == heard:
                self.silent_handshakes += 1
            ours = self._entry_unconfirmed
            if ((probe or ours) and (buffer or ours or (blind_probe and attempt == 1 and self.bytes_heard == heard))
                    and self._probe_at_mode(buffer)):
                self.was_in_at_mode = self.was_in_at_mode or not ours
                return self
            if self.bytes_heard == heard and attempt:
                break
        if self._entry_unconfirmed:
            self._leave_unconfirmed_entry()
            raise NoAnswerError(
                'the +++ handshake at %d baud drew an `a` but never its `+ok` in %d attempts: is another client '
                'on this line, or is a device other than an M0 answering on this port?' % (self.baudrate, made))
        raise NoAnswerError(
            'no answer to the +++ handshake at %d baud after %d attempts: is the module powered, '
            'on this port, and is serial_baudrate its current UART speed?' % (self.baudrate, made))

    def _handshake(self):
        """One `+++` / `a` / `+ok`: (entered AT mode, answered an `a`, what came after the `+++`).

        The `a` is waited for, and answered, as long as an `a` of ours still reaches the module inside its
        window; a later `a` is left unanswered, and nothing is sent until that window has surely closed
        (_write). The module that answered `a` is there: its `+ok` is waited for as long as any reply.
        """
        self._await_window()
        time.sleep(self.guard_time)
        self._discard_input()  # what the line still held: an `a` counts only when it answers this `+++`
        self._write(b'+++')
        sent = time.monotonic()
        self._window_closes = sent + HANDSHAKE_WINDOW + WINDOW_MARGIN
        answerable = sent + HANDSHAKE_WINDOW - WINDOW_MARGIN
        # whatever serial_timeout says: a module slow to answer (busy, or behind a slow link) answers late, and
        # nothing may be sent before the window closes anyway
        buffer, got_a = self._read_until(lambda data: data.endswith(b'a'), answerable - sent)
        if not got_a or time.monotonic() > answerable:
            return False, False, buffer
        self._write(b'a', in_window=True)
        self._window_closes = 0.0  # the module has its `a`: in AT mode, or back in work mode if the `a` came late
        dummy, entered = self._read_until(ENTRY_OK_RE.search, self.timeout)
        self.in_at_mode = entered
        self._entry_unconfirmed = not entered
        return entered, not entered, buffer

    def _probe_at_mode(self, after_plus, enter=True):
        """Tell a module already in AT mode from a silent one, and prove it with a handshake.

        In AT mode `+++` is echoed or taken as the start of a bad line; a bare
        CR then draws +ERR. Only then, and once the `+++`'s window has closed,
        does AT+ENTM go out. That reply proves little more: should the module
        be in work mode after all, the CR reached its network peer, which may
        answer like an M0. So the module must answer a fresh handshake, which
        only the module itself answers, before any query or set (enter=False:
        only back to work mode).
        """
        if after_plus and not AT_MODE_HINT_RE.search(after_plus):
            return False  # it said something else: noise on a module in work mode
        self._write(b'\r')
        dummy, answered = self._read_until(self._has_reply, self.timeout)
        if not answered:
            return False
        self._discard_input()
        self._send_entm()
        self._entry_unconfirmed = False
        return not enter or self._handshake()[0]

    def _leave_unconfirmed_entry(self):
        """After `a`s whose `+ok` never came: back to work mode if a `+++` and a CR show the module in AT mode."""
        entered, answered, buffer = self._handshake()
        if entered:
            self.leave()
        elif not answered:
            self._probe_at_mode(buffer, enter=False)

    def _send_entm(self):
        """Back to work mode, once the module showed it is in AT mode."""
        self._write(b'AT+ENTM\r')
        self._read_until(lambda data: self._has_reply(data, 'AT+ENTM'), self.timeout)

    # --- commands -------------------------------------------------------------------
    @staticmethod
    def _reply_lines(buffer, sent):
        """Complete lines of the buffer that can be a reply (not the echo of `sent`)."""
        lines = LINE_END_RE.split(buffer.decode('utf-8', 'replace'))[:-1]
        echo = sent.upper() if sent else None
        return [line for line in lines if line.strip() and line.strip().upper() != echo and not line.upper().startswith('AT')]

    @classmethod
    def _has_reply(cls, buffer, sent=None):
        return any(REPLY_RE.search(line) for line in cls._reply_lines(buffer, sent))

    def command(self, line, name=None, retry=True):
        """Send one AT line and return the value of `+OK=<value>` ('' for a bare `+OK`).

        name is how errors refer to the command (defaults to the line with its
        passwords masked). Raises DeviceError on +ERR.
        A reply that is lost or cut, a module that rebooted, or a terminal
        server that dropped the line is survived once: the session finds the
        module again and sends the line again (queries and sets are
        idempotent; pass retry=False for actions). For a command that carries
        a password, a failure does not quote what the module sent, and the
        transcript masks the password.
        """
        name = name or self.masking.exchange(line, None)[0]
        secret = self.masking.holds_secret(line)
        if not self.in_at_mode:
            raise SessionError('refusing to send %s: the module is not in AT mode' % name)
        try:
            return self._exchange(line, name, secret)
        except (NoAnswerError, LineError) as failure:
            if not retry:
                raise
            self._recover(failure)
            return self._exchange(line, name, secret)

    def _recover(self, failure):
        """Find the module again after a failed exchange, or re-raise the failure.

        Found in AT mode then, it is where this session put it, not where an earlier run left it."""
        was_in_at_mode = self.was_in_at_mode
        try:
            if isinstance(failure, LineError):
                self.reopen()
            self.in_at_mode = False
            self.enter_at_mode()
        except SessionError as exc:
            raise failure.__class__('%s; finding the module again failed: %s' % (failure, exc))
        finally:
            self.was_in_at_mode = was_in_at_mode
        self.recoveries += 1

    def _exchange(self, line, name, secret):
        self._discard_input()  # nothing left over from an earlier reply may be taken for this one
        self._write(line.encode('utf-8') + b'\r')
        buffer, done = self._read_until(lambda data: self._has_reply(data, line), self.timeout)
        if not done:
            detail = ''
            if buffer:
                detail = (' (it sent %d bytes, not shown: they may hold a password)' % len(buffer) if secret
                          else ' (it sent %r)' % buffer[-60:])
            self.transcript.append((name, None))
            raise NoAnswerError('no reply to %s from %s within %.1f s%s' % (name, self.port_name, self.timeout, detail))
        reply = [REPLY_RE.search(text) for text in self._reply_lines(buffer, line) if REPLY_RE.search(text)][0]
        self.transcript.append((name, self.masking.exchange(line, reply.group(0))[1]))
        if reply.group(1).upper() == 'ERR':
            try:
                code = int(reply.group(2))
            except (TypeError, ValueError):
                raise SessionError('unreadable error reply to %s%s' % (
                    name, ' (not shown: it may hold a password)' if secret else ': %r' % reply.group(0)))
            raise DeviceError(name, code)
        return reply.group(2) or ''

    def query(self, name):
        return self.command('AT+%s' % name)

    # --- leaving AT mode ------------------------------------------------------------
    def leave(self):
        """Back to work mode (AT+ENTM): the module carries data again."""
        if self.in_at_mode:
            self.command('AT+ENTM')
            self.in_at_mode = False

    def restart(self, baudrate=None, factory_reset=False):
        """AT+Z (or AT+RELD), wait, and enter AT mode again at the module's new speed.

        The module comes back in work mode running its stored settings; the
        session follows a changed UART speed and proves the module answers.
        """
        command = 'AT+RELD' if factory_reset else 'AT+Z'
        try:
            self.command(command, retry=False)  # a second AT+Z or AT+RELD would restart twice
        except (NoAnswerError, LineError) as failure:
            if self._already_restarted(command, failure):
                self.restarted = True
                return
        self.in_at_mode = False
        self.restarting = self.restarted = True
        time.sleep(self.restart_wait)
        if baudrate and baudrate != self.baudrate:
            self._set_speed(baudrate)
        deadline = time.monotonic() + self.restart_timeout
        while True:
            try:
                self.enter_at_mode(probe=False, attempts=1)
                break
            except (NoAnswerError, LineError) as exc:
                if isinstance(exc, LineError) and time.monotonic() <= deadline:
                    time.sleep(self.guard_time)
                    self.reopen()  # a terminal server that dropped the line while the module restarted
                if time.monotonic() > deadline:
                    raise NoAnswerError('%s did not answer at %d baud within %.0f s after %s'
                                        % (self.port_name, self.baudrate, self.restart_wait + self.restart_timeout, command))
        self.restarting = False

    def _already_restarted(self, command, failure):
        """The reply to AT+Z or AT+RELD was lost, or the line dropped around it.

        True if the module already restarted and is in AT mode again. A module
        that is restarting answers nothing (wait for it as usual); one still in
        AT mode never got the command, which is then sent again.
        """
        found_in_at_mode = self.was_in_at_mode
        self.in_at_mode = self.was_in_at_mode = False
        for attempt in (1, 2):
            if isinstance(failure, LineError):
                self.reopen()
            try:
                # two: a module still in AT mode with echo off shows it only to the CR after a second silent +++
                self.enter_at_mode(attempts=2)
                break
            except NoAnswerError:
                return False
            except LineError as exc:
                if attempt == 2:
                    raise
                failure = exc  # dropped again: a terminal server still restarting; once more on a new connection
        never_restarted, self.was_in_at_mode = self.was_in_at_mode, found_in_at_mode
        if never_restarted:
            self.command(command, retry=False)
            self.in_at_mode = False
            return False
        return True

    def close(self):
        """Always leave the module in work mode (unless it is restarting) and free the port."""
        error = None
        if self.port is not None:
            if self.in_at_mode and not self.restarting:
                try:
                    self.leave()  # command() finds the module again once if the line or a reply failed
                except SessionError as exc:
                    error = exc
            try:
                self.port.close()
            except SERIAL_ERRORS:
                pass  # closing a broken line cannot fail the run more than it already has
            self.port = None
        if error:
            raise SessionError('could not return the module to work mode (AT+ENTM): %s' % error)
