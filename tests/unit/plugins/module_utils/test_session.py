# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.usriot.m0.plugins.module_utils._internal import model, session as session_module
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import (
    ATSession, DeviceError, NoAnswerError, SessionError, ERROR_MEANINGS)
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import FakeM0, SlowLine


def test_handshake_from_work_mode(fake, at_session):
    at_session.enter_at_mode()
    assert at_session.in_at_mode and not at_session.was_in_at_mode
    assert fake.mode == 'at'
    assert fake.network == b''


@pytest.mark.parametrize('echo', [True, False])
def test_query_with_echo_on_and_off(fake, at_session, echo):
    fake.settings['E'] = 'ON' if echo else 'OFF'
    at_session.enter_at_mode()
    assert at_session.query('VER') == '4016'
    assert at_session.query('WANN') == 'STATIC,192.168.0.7,255.255.255.0,192.168.0.1'
    assert at_session.command('AT+MID=pump') == ''
    assert fake.settings['MID'] == 'pump'


def test_value_that_looks_like_a_reply_is_not_confused_with_the_echo(fake, at_session):
    at_session.enter_at_mode()
    at_session.command('AT+MID=+OK=x')
    assert at_session.query('MID') == '+OK=x'


def test_noise_before_the_a_is_discarded(fake, at_session):
    fake.noise_before_a = b'payload from the server\r\n'
    at_session.enter_at_mode()
    assert at_session.query('VER') == '4016'


def test_garbage_before_a_reply_is_skipped(fake, at_session):
    fake.garbage_around_reply = b'\x00\xff#'
    at_session.enter_at_mode()
    assert at_session.query('DNS') == '208.67.222.222'


@pytest.mark.parametrize('echo', [True, False])
def test_module_already_in_at_mode_is_recognised(fake, at_session, echo):
    fake.mode = 'at'
    fake.settings['E'] = 'ON' if echo else 'OFF'
    at_session.enter_at_mode()
    assert at_session.was_in_at_mode
    assert at_session.query('VER') == '4016'
    assert fake.network == b''


def test_silent_module_fails_with_a_clear_message_and_leaks_no_at_command(fake, at_session):
    fake.silent = True
    with pytest.raises(NoAnswerError, match=r'no answer to the \+\+\+ handshake at 115200 baud after 2 attempts'):
        at_session.enter_at_mode()
    assert fake.lines == []


def test_a_module_that_restarted_during_the_first_handshake_gets_no_probe(fake, at_session):
    # the first `+++` reaches a module that is restarting, and the CR that probes for AT mode would go to its network
    fake.lost_handshakes = 1
    at_session.enter_at_mode()
    assert at_session.in_at_mode and not at_session.was_in_at_mode
    assert fake.network == b'+++' and fake.lines == []
    assert at_session.silent_handshakes == 1  # what the watch takes for a restart seen


def test_a_module_that_answers_at_once_had_no_silent_handshake(fake, at_session):
    at_session.enter_at_mode()
    assert at_session.silent_handshakes == 0


def test_module_in_work_mode_that_swallows_the_a_gets_no_at_line(fake, at_session):
    # the 'a' reply is lost: only a bare CR may follow, which carries no command to the network
    fake.noise_before_a = b''
    original = fake._work

    def lose_a(data):
        original(data)
        fake.output = b''
    fake._work = lose_a
    with pytest.raises(NoAnswerError):
        at_session.enter_at_mode()
    assert b'AT' not in fake.network


def test_a_network_peer_that_answers_like_an_m0_gets_no_query_set_or_password(fake, at_session):
    # a module in work mode that never answers the handshake: its peer answers the probing CR with +OK
    fake.lost_handshakes = 99
    fake.hostile_peer = True
    with pytest.raises(NoAnswerError, match=r'no answer to the \+\+\+ handshake'):
        at_session.enter_at_mode()
    assert not at_session.in_at_mode
    assert fake.lines == []
    lines = [line for line in fake.network.replace(b'+++', b'').split(b'\r') if line]
    assert set(lines) <= {b'AT+ENTM'}  # only the line that leaves AT mode, which carries nothing


def test_a_late_handshake_answered_by_the_peer_is_confirmed_by_a_fresh_one(fake, at_session):
    # the first `a` is lost and the peer answers the CR; the module must answer a new handshake before any set
    fake.lost_handshakes = 1
    fake.hostile_peer = True
    at_session.enter_at_mode()
    at_session.command('AT+WEBU=admin,Hk3Jq')
    assert fake.settings['WEBU'] == 'admin,Hk3Jq'
    assert b'WEBU' not in fake.network


@pytest.mark.parametrize('secret', [True, False])
def test_an_unreadable_error_reply_is_quoted_unless_it_may_hold_a_password(fake, at_session, monkeypatch, secret):
    at_session.enter_at_mode()
    line = 'AT+WEBU=admin,pa55' if secret else 'AT+DNS=10.0.0.1'
    monkeypatch.setattr(fake, '_answer', lambda line: '+ERR=pa55')
    with pytest.raises(SessionError) as failure:
        at_session.command(line)
    assert ('pa55' in str(failure.value)) is not secret


@pytest.mark.parametrize('code', sorted(ERROR_MEANINGS))
def test_every_error_code_is_named(fake, at_session, code):
    at_session.enter_at_mode()
    fake.errors['MID'] = code
    with pytest.raises(DeviceError) as caught:
        at_session.command('AT+MID=x', name='AT+MID')
    assert caught.value.code == code
    assert 'AT+MID was refused with +ERR=%d (%s)' % (code, ERROR_MEANINGS[code]) == str(caught.value)


def test_timeout_names_the_command(fake, at_session):
    at_session.enter_at_mode()
    fake.silent = True
    with pytest.raises(NoAnswerError, match=r'no reply to AT\+VER from /dev/ttyFAKE within 0.1 s'):
        at_session.query('VER')


@pytest.mark.parametrize('name, secret', [('HEARTDT', False), ('WEBU', True)])
def test_a_reply_cut_short_is_quoted_unless_it_may_hold_a_password(fake, at_session, monkeypatch, name, secret):
    at_session.enter_at_mode()
    fake.settings[name] = 'ops,s3cr'
    write = fake.write

    def cut_short(data):
        write(data)
        if data.startswith(b'AT+' + name.encode()):
            fake.output = fake.output[:-4]  # '+OK=ops,s3cr\r\n' arrives as '+OK=ops,s3'

    monkeypatch.setattr(fake, 'write', cut_short)
    with pytest.raises(NoAnswerError, match=r'no reply to AT\+' + name) as caught:
        at_session.query(name)
    assert ('ops,s3' in str(caught.value)) is not secret
    assert ('not shown: they may hold a password' in str(caught.value)) is secret


def test_reads_do_not_reconfigure_the_port(fake, at_session, monkeypatch):
    # pyserial reconfigures the port on every timeout assignment: over RFC 2217 a negotiation with the server
    assigned = []
    monkeypatch.setattr(FakeM0, 'timeout', property(lambda port: 0.02, lambda port, value: assigned.append(value)),
                        raising=False)
    at_session.enter_at_mode()
    at_session.query('VER')
    at_session.query('MAC')
    assert assigned == []


@pytest.mark.parametrize('port, purges', [('/dev/ttyFAKE', True), ('socket://ts1:4001', True), ('rfc2217://ts1:2001', False)])
def test_unread_input_is_purged_where_that_costs_no_round_trip(fake, monkeypatch, port, purges):
    purged = []
    monkeypatch.setattr(fake, 'reset_input_buffer', lambda: purged.append(True))
    session = ATSession(port, model.SecretMasking, timeout=0.05).open()
    session.enter_at_mode()
    assert session.query('VER') == '4016' and bool(purged) is purges


def test_no_at_line_is_written_outside_at_mode(fake, at_session):
    with pytest.raises(SessionError, match='not in AT mode'):
        at_session.query('VER')
    assert fake.network == b''


def test_close_returns_to_work_mode(fake, at_session):
    at_session.enter_at_mode()
    at_session.close()
    assert fake.mode == 'work' and fake.closed
    assert fake.lines[-1] == 'AT+ENTM'


def test_restart_follows_a_new_speed(fake, at_session):
    fake.settings['UART'] = '9600,8,1,NONE,NFC'
    at_session.enter_at_mode()
    at_session.restart(baudrate=9600)
    assert fake.restarts == 1 and fake.baudrate == 9600 and at_session.baudrate == 9600
    assert at_session.in_at_mode
    at_session.close()
    assert fake.mode == 'work'


def test_a_lost_entry_reply_is_not_taken_for_silence(fake, at_session):
    # the module took the `a`: the next `+++` starts a bad line, whose +ERR proves AT mode before AT+ENTM goes out
    fake.lost_oks = 1
    at_session.enter_at_mode()
    assert at_session.in_at_mode and fake.mode == 'at' and not at_session.was_in_at_mode
    assert fake.lines == ['+++', 'AT+ENTM']
    assert fake.network == b''


def test_an_entry_reply_that_never_comes_is_named_and_leaves_the_module_in_work_mode(fake, at_session):
    fake.lost_oks = 99
    with pytest.raises(NoAnswerError, match=r'handshake at 115200 baud drew an `a` but never its `\+ok` in 3 attempts'):
        at_session.enter_at_mode()
    assert not at_session.in_at_mode and fake.mode == 'work'
    assert fake.lines == ['+++', 'AT+ENTM'] * 3
    assert fake.network == b''


def test_a_restarted_module_whose_entry_reply_is_lost_is_found(fake, at_session):
    at_session.enter_at_mode()
    at_session.restart_timeout = 10  # a handshake window to tell AT mode, a probe, a fresh handshake
    original = fake._answer

    def lose_ok_after_restart(line):
        fake.lost_oks = int(line == 'AT+Z')
        return original(line)
    fake._answer = lose_ok_after_restart
    at_session.restart()
    assert fake.restarts == 1 and at_session.in_at_mode and fake.mode == 'at'
    assert fake.lines[-3:] == ['AT+Z', '+++', 'AT+ENTM']
    assert fake.network == b''


def test_an_entry_reply_slower_than_a_handshake_poll_is_waited_for(fake, at_session, clock):
    # under load the `+ok` of a module that answered `a` can take longer than a repeated handshake waits
    at_session.timeout = 2.0
    write, read = fake.write, fake.read
    held = []

    def hold_ok(data):
        written = write(data)
        if data == b'a':
            held.append((clock[0] + 0.8, fake.output))
            fake.output = b''
        return written

    def release_ok(size=1):
        if held and clock[0] >= held[0][0]:
            fake.output += held.pop()[1]
        return read(size)
    fake.write, fake.read = hold_ok, release_ok
    at_session.enter_at_mode(probe=False, attempts=1)
    assert at_session.in_at_mode and fake.lines == []


def test_restart_gives_up_after_the_timeout(fake, at_session):
    at_session.enter_at_mode()
    at_session.restart_timeout = 0
    original = fake._answer

    def die_on_restart(line):
        reply = original(line)
        fake.silent = line == 'AT+Z'
        return reply
    fake._answer = die_on_restart
    with pytest.raises(NoAnswerError, match=r'did not answer at 115200 baud .* after AT\+Z'):
        at_session.restart()


def test_lock_held_by_another_process_is_reported(monkeypatch):
    from ansible_collections.usriot.m0.plugins.module_utils._internal import transport

    class Locked:
        exclusive = False

        def open(self):
            raise transport.serial.SerialException('Could not exclusively lock port /dev/ttyX')
    monkeypatch.setattr(transport.serial, 'serial_for_url', lambda *args, **kwargs: Locked())
    with pytest.raises(SessionError, match='held by another process'):
        ATSession('/dev/ttyX', model.SecretMasking, lock_wait=0.01).open()


def test_a_lost_reply_is_asked_again(fake, at_session):
    at_session.enter_at_mode()
    fake.drop_replies = 1
    assert at_session.query('VER') == '4016'
    assert at_session.recoveries == 1
    assert fake.lines == ['AT+VER', '+++', 'AT+ENTM', 'AT+VER']  # found in AT mode: left, then a fresh handshake
    # in AT mode where this session put it: not a module an earlier run left there, which a converge would restart
    assert not at_session.found_in_at_mode


def test_a_module_that_rebooted_mid_session_is_found_again(fake, at_session):
    at_session.enter_at_mode()
    fake.reboot_after_next = True
    assert at_session.query('MID') == 'USR-M0'
    assert at_session.recoveries == 1 and fake.network == b''


def test_set_commands_are_not_retried_after_an_error(fake, at_session):
    at_session.enter_at_mode()
    fake.errors['MID'] = -4
    with pytest.raises(DeviceError):
        at_session.command('AT+MID=x')
    assert fake.lines.count('AT+MID=x') == 1


def speeds_tried(at_session, monkeypatch):
    """The speeds the session switches its port to, in order."""
    speeds, set_speed = [], at_session._set_speed
    monkeypatch.setattr(at_session, '_set_speed', lambda speed: (speeds.append(speed), set_speed(speed)))
    return speeds


def test_a_module_left_in_at_mode_at_another_speed_is_found(fake, at_session):
    fake.running_baud, fake.mode = 9600, 'at'  # it echoes what it hears: noise at 115200
    at_session.find_and_enter_at_mode()
    assert at_session.found_baudrate == 9600 and at_session.baudrate == 9600 and fake.mode == 'at'
    assert fake.network == b'' and fake.lines == ['+++', 'AT+ENTM']


def test_a_silent_port_fails_within_about_a_reply_time_without_trying_other_speeds(fake, clock, monkeypatch):
    at_session = ATSession('/dev/ttyFAKE', model.SecretMasking, timeout=2.0).open()
    speeds = speeds_tried(at_session, monkeypatch)
    fake.running_baud = 9600  # at another speed in work mode, or off: the host hears nothing either way
    with pytest.raises(NoAnswerError, match=r'at 115200 baud after 2 attempts: is the module powered.*\(nothing came back '
                                            r'at all, so no other UART speed was tried\)$'):
        at_session.find_and_enter_at_mode()
    assert speeds == [] and at_session.baudrate == 115200 and fake.lines == []
    # what it waited: each `+++`'s window (closed before the next `+++` and before the probing CR), a reply time
    # for the CR, and the guards
    window = session_module.HANDSHAKE_WINDOW + session_module.WINDOW_MARGIN
    assert clock[0] < 2 * at_session.guard_time + 2 * window + at_session.timeout + 0.2


def test_a_silent_port_at_another_speed_tries_the_factory_speed_alone(fake, monkeypatch):
    at_session = ATSession('/dev/ttyFAKE', model.SecretMasking, baudrate=9600, timeout=0.05).open()
    speeds = speeds_tried(at_session, monkeypatch)
    fake.silent = True
    with pytest.raises(NoAnswerError, match=r'at 9600 baud after 2 attempts: .*; no answer at the factory speed 115200 either '
                                            r'\(nothing came back at all, so no other UART speed was tried\)$'):
        at_session.find_and_enter_at_mode()
    assert speeds == [115200, 9600] and fake.lines == []


def test_a_scan_tries_every_speed_of_a_silent_port(fake, at_session, clock, monkeypatch):
    speeds = speeds_tried(at_session, monkeypatch)
    fake.silent = True
    with pytest.raises(NoAnswerError, match=r'at 115200 baud after 2 attempts.*other UART speeds \(9600, ') as caught:
        at_session.find_and_enter_at_mode(on_silence_too=True)
    assert '115200, ' not in str(caught.value) and ', 115200' not in str(caught.value)
    assert speeds[:-1] == [speed for speed in session_module.FALLBACK_SPEEDS if speed != 115200]
    assert at_session.baudrate == speeds[-1] == 115200


def test_noise_at_every_speed_tries_each_once(fake, at_session, clock, monkeypatch):
    speeds = speeds_tried(at_session, monkeypatch)
    fake.running_baud, fake.mode = 14400, 'at'  # a speed not in the list: noise at each
    with pytest.raises(NoAnswerError, match=r'other UART speeds \(9600, 57600, '):
        at_session.find_and_enter_at_mode()
    assert speeds[:-1] == [speed for speed in session_module.FALLBACK_SPEEDS if speed != 115200]
    assert fake.lines == [] and fake.network == b''


def test_a_lost_reply_to_the_restart_does_not_restart_twice(fake, at_session):
    at_session.enter_at_mode()
    fake.drop_replies = 1
    at_session.restart()
    assert fake.restarts == 1 and at_session.in_at_mode


@pytest.mark.parametrize('echo', [True, False])
def test_a_restart_that_never_arrived_is_sent_again(fake, at_session, echo):
    at_session.enter_at_mode()
    fake.settings['E'] = 'ON' if echo else 'OFF'  # with echo off only a CR after two silent `+++` shows AT mode
    original = fake._answer

    def lose_first_z(line):
        if line == 'AT+Z' and not fake.lost_z:
            fake.lost_z = True
            return ''
        return original(line)
    fake.lost_z = False
    fake._answer = lose_first_z
    fake.drop_replies = 1
    at_session.restart()
    assert fake.restarts == 1 and fake.lines.count('AT+Z') == 2


def test_a_line_that_drops_twice_around_the_restart_is_reconnected(fake, at_session, monkeypatch):
    import serial
    at_session.enter_at_mode()
    read, drops = fake.read, []

    def dropping_read(size=1):
        if 'AT+Z' in fake.lines and len(drops) < 2:
            drops.append(size)
            raise serial.SerialException('connection failed (reader thread died)')
        return read(size)

    monkeypatch.setattr(fake, 'read', dropping_read)
    at_session.restart()
    assert fake.restarts == 1 and len(drops) == 2 and at_session.in_at_mode


def test_a_terminal_server_line_that_drops_while_finding_the_module_is_reopened(fake, monkeypatch):
    import serial
    read, drops = fake.read, []

    def dropping_read(size=1):
        if b'+ok' in fake.output and not drops:
            drops.append(size)
            raise serial.SerialException('connection failed (reader thread died)')
        return read(size)

    monkeypatch.setattr(fake, 'read', dropping_read)
    session = ATSession('rfc2217://ts1:2001', model.SecretMasking, timeout=0.05, lock_wait=5).open()
    session.find_and_enter_at_mode()
    assert drops and session.in_at_mode and session.query('VER') == '4016'


class BusyTerminalServerPort:
    """What ser2net gives a second client of a port in use: a banner, then the connection closes."""

    def __init__(self, banner=b'Port already in use\r\n'):
        self.output = banner
        self.timeout = 0
        self.baudrate = 115200

    @property
    def in_waiting(self):
        return len(self.output) or 1  # a socket closed by the peer is readable

    def read(self, size=1):
        import serial
        if not self.output:
            raise serial.SerialException('read failed: socket disconnected')
        data, self.output = self.output[:size], self.output[size:]
        return data

    def write(self, data):
        return len(data)

    def reset_input_buffer(self):
        self.output = b''

    def flush(self):
        pass

    def close(self):
        pass


@pytest.mark.parametrize('banner', [b'Port already in use\r\n', b''])
def test_a_busy_terminal_server_port_is_waited_for_then_the_module_found(fake, monkeypatch, banner):
    lines = [BusyTerminalServerPort(banner), BusyTerminalServerPort(banner), fake]
    opened = []
    monkeypatch.setattr(session_module, 'open_port', lambda *args, **kwargs: opened.append(kwargs) or lines.pop(0))
    session = session_module.ATSession('socket://ts1:4001', model.SecretMasking, timeout=0.05).open()
    session.find_and_enter_at_mode()
    assert session.in_at_mode and fake.network == b''
    assert [kwargs['reconnect'] for kwargs in opened] == [False, True, True]


def test_a_port_busy_for_longer_than_lock_wait_fails_naming_the_url(monkeypatch):
    monkeypatch.setattr(session_module, 'open_port', lambda *args, **kwargs: BusyTerminalServerPort())
    monkeypatch.setattr(session_module.time, 'sleep', lambda seconds: None)
    session = session_module.ATSession('socket://ts1:4001', model.SecretMasking, timeout=0.05, lock_wait=0).open()
    with pytest.raises(SessionError, match=r"^socket://ts1:4001 is in use by another client of the terminal server "
                                           r"\(it answered 'Port already in use' and closed the connection\); still in use after 0 s$"):
        session.find_and_enter_at_mode()


@pytest.mark.parametrize('port, meaning', [
    ('socket://ts1:4001', 'or the server cannot open its serial device ('),
    ('tls://ts1:4001?cafile=/x', 'or the server cannot open its serial device, or it refused the TLS client certificate ('),
])
def test_a_connection_closed_before_any_byte_says_what_it_means_on_its_transport(monkeypatch, port, meaning):
    monkeypatch.setattr(session_module, 'open_port', lambda *args, **kwargs: BusyTerminalServerPort(banner=b''))
    monkeypatch.setattr(session_module.time, 'sleep', lambda seconds: None)
    session = session_module.ATSession(port, model.SecretMasking, timeout=0.05, lock_wait=0).open()
    with pytest.raises(SessionError) as caught:
        session.find_and_enter_at_mode()
    assert str(caught.value).startswith(port + ' closed the connection right after it was opened, before anything came through: '
                                        'the port is in use by another client of the terminal server')
    assert meaning in str(caught.value)


def test_over_a_raw_socket_no_other_speed_is_tried(fake, monkeypatch):
    fake.silent = True
    session = session_module.ATSession('socket://ts1:4001', model.SecretMasking, timeout=0.05).open()
    with pytest.raises(NoAnswerError, match=r'after 2 attempts: is the module powered') as caught:
        session.find_and_enter_at_mode()
    assert 'other UART speeds' not in str(caught.value)


@pytest.fixture
def slow_line(fake, clock, monkeypatch):
    """make(round_trip, late_a=0): the fake M0 behind a line that slow (and an `a` that late), opened by every session."""
    def make(round_trip, late_a=0.0):
        line = SlowLine(fake, clock, round_trip, late_a)
        monkeypatch.setattr(session_module, 'open_port', lambda *args, **kwargs: line)
        return line
    return make


def writes_inside_an_open_window(line):
    """What was sent after a `+++` and before its window surely closed, other than the `a` that answers it."""
    bad, opened = [], None
    window = session_module.HANDSHAKE_WINDOW + session_module.WINDOW_MARGIN
    for sent, data in line.writes:
        if opened is not None and sent - opened < window and data != b'a':
            bad.append((round(sent - opened, 3), data))
        opened = sent if data == b'+++' else None
    return bad


@pytest.mark.parametrize('round_trip', [0.6, 0.9, 1.5])
def test_a_slow_line_gets_one_handshake_at_a_time_and_leaks_nothing(fake, slow_line, round_trip):
    line = slow_line(round_trip)
    at_session = ATSession('socket://ts1:4001', model.SecretMasking, timeout=2.0).open()
    at_session.find_and_enter_at_mode()
    assert at_session.query('VER') == '4016'
    at_session.command('AT+HEARTTM=72')
    at_session.restart()
    assert at_session.in_at_mode and at_session.query('HEARTTM') == '72'
    at_session.close()
    assert fake.mode == 'work' and fake.restarts == 1
    assert fake.network == b''
    assert writes_inside_an_open_window(line) == []
    assert [data for sent, data in line.writes].count(b'+++') == 2


def test_an_a_too_late_to_answer_in_the_window_is_left_unanswered_and_the_window_waited_out(fake, slow_line):
    # a 2.8 s round trip: an `a` of ours would reach the module after its window, and go to the network
    line = slow_line(2.8)
    at_session = ATSession('socket://ts1:4001', model.SecretMasking, timeout=5.0).open()
    with pytest.raises(NoAnswerError):
        at_session.enter_at_mode(probe=False, attempts=2)
    assert b'a' not in [data for sent, data in line.writes]
    assert writes_inside_an_open_window(line) == []
    assert b'AT' not in fake.network and fake.lines == []


def test_an_a_later_than_serial_timeout_but_inside_the_window_is_answered(fake, slow_line):
    # a busy module: its `a` takes longer than a reply is given, and nothing may be sent meanwhile
    line = slow_line(0.2, late_a=1.0)
    at_session = ATSession('socket://ts1:4001', model.SecretMasking, timeout=0.5).open()
    at_session.enter_at_mode(probe=False, attempts=1)
    assert at_session.in_at_mode and fake.network == b'' and writes_inside_an_open_window(line) == []


class WaitingReply(object):
    """A line on which a reply is already waiting to be read."""

    def __init__(self, data):
        self.data = data

    @property
    def in_waiting(self):
        return len(self.data)

    def read(self, size):
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk


def test_a_reply_that_came_in_time_counts_when_the_driver_ran_too_late_to_read_it(at_session, clock):
    # a loaded controller: the process that waits for the reply is not running until after its deadline
    at_session.port = WaitingReply(b'\r\n+ERR=-1\r\n')
    descheduled = []

    def has_reply(buffer):
        if not descheduled:
            descheduled.append(True)
            clock[0] += 1.0
        return at_session._has_reply(buffer)
    assert at_session._read_until(has_reply, 0.3) == (b'\r\n+ERR=-1\r\n', True)
