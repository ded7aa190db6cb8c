# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulated M0 as a state machine, driven byte by byte on a fake clock."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from usr_m0_sim import commands
from usr_m0_sim.device import Device


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def device(tmp_path, clock):
    return Device('m0-00', 0, str(tmp_path / 'flash.json'), str(tmp_path / 'log.jsonl'), guard_time=0.05,
                  restart_delay=1.5, reset_delay=2.0, clock=clock)


def handshake(device, clock):
    clock.now += 1
    device.receive(b'+++')
    assert device.take_output() == b'a'
    device.receive(b'a')
    assert device.take_output() == b'+ok'


def at(device, line):
    device.receive(line.encode() + b'\r')
    return device.take_output()


def events(device):
    with open(device.log_path) as handle:
        return [json.loads(line) for line in handle]


def test_handshake_enters_at_mode(device, clock):
    handshake(device, clock)
    assert device.mode == 'at'
    assert at(device, 'AT+VER') == b'AT+VER\r\r\n+OK=4016\r\n'


def test_plus_without_idle_guard_goes_to_the_network(device, clock):
    device.receive(b'data')
    device.receive(b'+++')
    assert device.take_output() == b''
    assert device.mode == 'work'
    assert [e['data'] for e in events(device) if e['event'] == 'network_tx'] == ['d', 'a', 't', 'a', '+', '+', '+']


def test_late_a_returns_to_work_mode_and_forwards_the_plus(device, clock):
    clock.now += 1
    device.receive(b'+++')
    device.take_output()
    clock.now += 3.5
    device.tick()
    device.receive(b'a')
    assert device.mode == 'work' and device.take_output() == b''
    assert device.stats['network_tx_bytes'] == 4


def test_at_line_in_work_mode_leaks_to_the_network(device, clock):
    device.receive(b'AT+VER\r')
    assert device.take_output() == b''
    assert device.stats['network_tx_bytes'] == 7


@pytest.mark.parametrize('line, reply', [
    ('+++', b'+ERR=-1'), ('XT+VER', b'+ERR=-1'), ('AT+NOPE', b'+ERR=-2'), ('AT+HEARTTM1', b'+ERR=-2'),
    ('AT+VER=1', b'+ERR=-5'), ('AT+E#ON', b'+ERR=-3'), ('AT+E=on', b'+ERR=-4'), ('AT+USERMAC', b'+ERR=-5'),
    ('AT+SOCKLK=Connected', b'+ERR=-5'), ('AT+Z=1', b'+ERR=-3'), ('AT', b'+OK'), ('at+ver', b'+OK=4016'),
    ('AT+VER?', b'+OK=4016'),
])
def test_replies_and_error_codes(device, clock, line, reply):
    handshake(device, clock)
    assert at(device, line) == line.encode() + b'\r\r\n' + reply + b'\r\n'


def test_an_older_firmware_answers_its_version_and_invalid_command_to_what_it_lacks(tmp_path, clock):
    older = Device('m0-01', 1, str(tmp_path / 'flash.json'), str(tmp_path / 'log.jsonl'), clock=clock,
                   firmware=commands.firmware('4010:HTPTP,htpurl,REGCLOUD'))
    handshake(older, clock)
    assert at(older, 'AT+VER').endswith(b'+OK=4010\r\n')
    for line in ('AT+HTPTP', 'AT+HTPURL=/x', 'AT+REGCLOUD?', 'AT+REGCLOUD=00000000000000000000,pw'):
        assert at(older, line).endswith(b'\r\n+ERR=-2\r\n'), line
    assert at(older, 'AT+HTPHEAD').endswith(b'+OK=User_Agent: Mozilla/4.0\r\n')
    assert older.flash['HTPTP'] == 'GET' and older.stats['set'] == 0
    assert [event['kind'] for event in events(older) if event['event'] == 'rx_line'][1:4] == ['unknown'] * 3
    at(older, 'AT+RELD')
    clock.now += 3
    older.tick()
    handshake(older, clock)
    assert at(older, 'AT+VER').endswith(b'+OK=4010\r\n')  # a factory reset keeps the firmware


def test_a_firmware_runs_whatever_version_its_flash_held_before(tmp_path, clock):
    Device('m0-00', 0, str(tmp_path / 'flash.json'), str(tmp_path / 'log.jsonl'), clock=clock)
    updated = Device('m0-00', 0, str(tmp_path / 'flash.json'), str(tmp_path / 'log.jsonl'), clock=clock,
                     firmware=commands.firmware('4020'))
    handshake(updated, clock)
    assert at(updated, 'AT+VER').endswith(b'+OK=4020\r\n')


@pytest.mark.parametrize('text, says', [('4010:NOPE', 'not NOPE'), ('4010:ENTM,Z', 'not ENTM, Z'), (':HTPTP', 'version'),
                                        ('40 10', 'version')])
def test_a_firmware_that_cannot_be_is_refused(text, says):
    with pytest.raises(ValueError, match=says):
        commands.firmware(text)


def test_echo_off_takes_effect_at_once(device, clock):
    handshake(device, clock)
    assert at(device, 'AT+E=OFF') == b'AT+E=OFF\r\r\n+OK\r\n'
    assert at(device, 'AT+E') == b'\r\n+OK=OFF\r\n'


@pytest.mark.parametrize('name, value', sorted(
    (name, value) for name, value in commands.FACTORY.items() if name != 'VER'))
def test_factory_values_are_the_manuals(device, clock, name, value):
    handshake(device, clock)
    assert at(device, 'AT+' + name).endswith(('+OK=%s\r\n' % value).encode())


@pytest.mark.parametrize('name, good, bad', [
    ('MID', ['x', 'a' * 15, 'a,b'], ['', 'a' * 16]),
    ('USERMAC', ['D8B04C000010', 'd8b04c000010'], ['D9B04C000010', 'D8B04C00001', 'ZZB04C000010']),
    ('WANN', ['DHCP,10.0.0.2,255.0.0.0,10.0.0.1'], ['dhcp,10.0.0.2,255.0.0.0,10.0.0.1', 'STATIC,10.0.0.256,255.0.0.0,10.0.0.1',
                                                    'STATIC,10.0.0.2,255.0.0.0']),
    ('DNS', ['1.1.1.1'], ['1.1.1', 'x']),
    ('WEBU', ['ops,pw'], ['toolong,pw', 'ops,', 'ops']),
    ('WEBPORT', ['1', '65535'], ['0', '65536', 'x']),
    ('UART', ['600,5,2,MASK,485', '460800,8,1,NONE,FC'], ['599,8,1,NONE,NFC', '115200,9,1,NONE,NFC', '115200,8,1,NONENFC']),
    ('SOCK', ['TCPS,0.0.0.0,1', 'UDPC,plant.example.net,9'], ['TCPX,1.1.1.1,1', 'TCPC,1.1.1.1,0']),
    ('SOCKPORT', ['0', '65535'], ['65536']),
    ('TCPSE', ['KICK'], ['Kick']),
    ('REGEN', ['USR'], ['usr']),
    ('REGTCP', ['ALL'], ['NONE']),
    ('REGUSR', ['x' * 40], ['x' * 41]),
    ('REGCLOUD', ['0' * 20 + ',12345678'], ['0' * 19 + ',1', '0' * 20 + ',123456789']),
    ('HEARTEN', ['ON'], ['YES']),
    ('HEARTTP', ['COM'], ['UART']),
    ('HEARTTM', ['1', '65535'], ['0', '65536']),
    ('HEARTDT', ['x'], ['']),
    ('HTPTP', ['POST'], ['PUT']),
    ('HTPURL', ['/' * 100], ['', '/' * 101]),
    ('HTPHEAD', ['', 'A: 1<<CRLF>>B: 2'], ['x' * 181]),
    ('HTPCHD', ['ON'], ['1']),
    ('E', ['OFF'], ['NO']),
])
def test_every_parameter_is_validated(device, clock, name, good, bad):
    handshake(device, clock)
    at(device, 'AT+E=OFF')
    for value in good:
        assert at(device, 'AT+%s=%s' % (name, value)) == b'\r\n+OK\r\n', value
    for value in bad:
        assert at(device, 'AT+%s=%s' % (name, value)) == b'\r\n+ERR=-4\r\n', value


def test_values_come_back_normalised(device, clock):
    handshake(device, clock)
    at(device, 'AT+E=OFF')
    at(device, 'AT+WANN=STATIC,010.000.000.007,255.255.255.000,10.0.0.1')
    at(device, 'AT+WEBPORT=0080')
    assert at(device, 'AT+WANN') == b'\r\n+OK=STATIC,10.0.0.7,255.255.255.0,10.0.0.1\r\n'
    assert at(device, 'AT+WEBPORT') == b'\r\n+OK=80\r\n'


def test_uart_speed_runs_only_after_restart(device, clock):
    handshake(device, clock)
    at(device, 'AT+UART=9600,8,1,NONE,NFC')
    assert device.running_baud == 115200
    assert at(device, 'AT+Z').endswith(b'+OK\r\n')
    clock.now += 1.0
    device.receive(b'+++')
    assert device.take_output() == b'' and device.mode == 'restarting'
    clock.now += 0.6
    device.tick()
    assert device.mode == 'work' and device.running_baud == 9600


def test_wrong_host_speed_is_garbage_both_ways(device, clock):
    clock.now += 1
    device.receive(b'+++', host_baud=9600)
    assert device.mode == 'work' and device.stats['garbled_bytes'] == 3
    device.output += b'hello'
    assert all(byte >= 0x80 for byte in bytearray(device.take_output(host_baud=9600)))


def test_factory_reset_restores_settings_but_keeps_the_mac(device, clock):
    handshake(device, clock)
    at(device, 'AT+UART=9600,8,1,NONE,NFC')
    at(device, 'AT+USERMAC=D8B04C0000AA')
    assert at(device, 'AT+RELD').endswith(b'+OK=rebooting...\r\n')
    clock.now += 2.1
    device.tick()
    assert device.running_baud == 115200 and device.flash['UART'] == '115200,8,1,NONE,NFC'
    assert device.flash['MAC'] == 'D8B04C000001'


def test_flash_survives_a_new_simulator(device, clock, tmp_path):
    handshake(device, clock)
    at(device, 'AT+MID=kept')
    again = Device('m0-00', 0, device.flash_path, device.log_path, clock=clock)
    assert again.flash['MID'] == 'kept'


def test_faults(device, clock):
    device.faults['error'] = {'command': 'MID', 'code': -5}
    device.faults['drop-reply'] = {'count': 1}
    handshake(device, clock)
    at(device, 'AT+E=OFF')
    assert at(device, 'AT+VER') == b'\r\n+OK=4016\r\n'
    assert at(device, 'AT+MID=x') == b'\r\n+ERR=-5\r\n'
    device.faults['garbage-reply'] = {'count': 1}
    assert at(device, 'AT+VER') == b'\x1b#~\r\n+OK=4016\r\n~#\x00'
    device.faults['reboot'] = {'after': 0}
    clock.now += 5  # however late the line comes, the restart takes it
    assert at(device, 'AT+VER') == b'' and device.mode == 'restarting'


def test_a_line_cut_after_a_set(device, clock):
    device.faults['cut-after-set'] = {'sets': 1}
    handshake(device, clock)
    assert at(device, 'AT+MID') == b'AT+MID\r\r\n+OK=USR-M0\r\n'
    assert at(device, 'AT+MID=cut') == b'AT+MID=cut\r\r\n+OK\r\n'
    # stored, and nothing more reaches the module
    assert device.flash['MID'] == 'cut'
    assert at(device, 'AT+MID') == b'' and at(device, 'AT+ENTM') == b'' and device.mode == 'at'


def test_noise_before_the_a(device, clock):
    device.faults['noise'] = {'data': b'payload', 'before_a': True}
    clock.now += 1
    device.receive(b'+++')
    assert device.take_output() == b'payloada'


def test_line_speed_paces_both_ways(tmp_path, clock):
    device = Device('m0-00', 0, str(tmp_path / 'flash.json'), str(tmp_path / 'log.jsonl'), clock=clock, line_speed=True)
    clock.now += 1
    device.receive(b'+++')
    assert device.take_output() == b'' and device.mode == 'work'
    clock.now += 3.01 * 10.0 / 115200
    assert device.take_output() == b''  # the 'a' is produced now and needs its own bit times
    assert device.mode == 'await_a'
    clock.now += 1.01 * 10.0 / 115200
    assert device.take_output() == b'a'
    assert device.stats['mandatory_wait_seconds'] == 0


def test_the_socket_link_follows_the_running_socket_and_the_reachable_servers(device, clock):
    device.set_state(reachable='10.20.0.50:502')
    handshake(device, clock)
    # factory socket: a TCP client of 192.168.0.201:8234, which nobody serves
    assert at(device, 'AT+SOCKLK').endswith(b'+OK=Disconnected\r\n')
    at(device, 'AT+SOCK=TCPC,10.20.0.50,502')
    # stored, not running yet
    assert at(device, 'AT+SOCKLK').endswith(b'+OK=Disconnected\r\n')
    at(device, 'AT+Z')
    clock.now += 1.6
    device.tick()
    handshake(device, clock)
    assert at(device, 'AT+SOCKLK').endswith(b'+OK=Connected\r\n')
    # a server socket has no link of its own to a server
    at(device, 'AT+SOCK=TCPS,10.20.0.50,502')
    at(device, 'AT+Z')
    clock.now += 1.6
    device.tick()
    handshake(device, clock)
    assert at(device, 'AT+SOCKLK').endswith(b'+OK=Disconnected\r\n')
    device.set_state(reachable='')
    assert device.socket_link() == 'Disconnected'


HOSTILE = {'peer': True, 'handshake': True, 'templates': True, 'controls': False}


def test_a_hostile_peer_answers_every_forwarded_line_as_an_m0(device, clock):
    device.turn_hostile(HOSTILE)
    device.receive(b'\r')
    assert device.take_output() == b'\r\n+OK\r\n'
    device.receive(b'AT+WEBU\r')
    assert device.take_output() == b'\r\n+OK=admin,admin\r\n'
    device.receive(b'AT+WEBU=admin,Hk3Jq\r')
    assert device.take_output() == b'\r\n+OK\r\n' and device.flash['WEBU'] == 'admin,admin'
    assert device.mode == 'work'


def test_a_hostile_module_that_never_answers_the_handshake_forwards_it(device, clock):
    device.turn_hostile(dict(HOSTILE, handshake=False))
    clock.now += 1
    device.receive(b'+++')
    assert device.take_output() == b'' and device.mode == 'work' and device.stats['network_tx_bytes'] == 3


def test_hostile_values_are_stored_in_flash_and_read_back(device, clock, tmp_path):
    device.turn_hostile(dict(HOSTILE, controls=True))
    handshake(device, clock)
    device.receive(b'AT+HEARTDT\r')
    assert b'+OK=a\x1b[2J\xc2\x9bb\x11\r\n' in device.take_output()
    device.receive(b'AT+REGUSR\r')
    assert b"+OK={{ lookup('pipe','id') }}" in device.take_output()
    assert json.load(open(str(tmp_path / 'flash.json')))['MID'] == u'x\u2028AT+Z'


def test_a_late_handshake_after_restart_waits_for_the_restart(device, clock):
    device.faults['late-handshake'] = {'seconds': 1.0, 'after_restart': True}
    handshake(device, clock)  # before the restart: answered at once
    at(device, 'AT+Z')
    clock.now += 1.6
    device.tick()
    clock.now += 1
    device.receive(b'+++')
    assert device.take_output() == b'' and device.mode == 'await_a'
    clock.now += 1.0
    assert device.take_output() == b'a'
    clock.now += 0.5
    device.receive(b'a')  # 1.5 s after the late `a`, within its window
    assert device.take_output() == b'+ok' and device.mode == 'at'
    assert 'late-handshake' not in device.faults
    assert [e['seconds'] for e in events(device) if e['event'] == 'late_a'] == [1.0]


def test_a_plus_sent_again_before_the_late_a_breaks_the_handshake(device, clock):
    device.faults['late-handshake'] = {'seconds': 1.0}
    clock.now += 1
    device.receive(b'+++')
    clock.now += 0.7  # a host that gave up on the `a` after 0.5 s and tries again
    device.receive(b'+++')
    assert device.mode == 'work'
    assert [e['data'] for e in events(device) if e['event'] == 'network_tx'] == ['++++', '+', '+']


def test_a_stalled_line_holds_both_ways_then_flows_in_order(device, clock):
    handshake(device, clock)
    at(device, 'AT+E=OFF')
    device.faults['stall'] = {'after': 1, 'seconds': 2.0}
    assert at(device, 'AT+VER') == b'\r\n+OK=4016\r\n'
    assert at(device, 'AT+MID=stalled') == b''  # its reply is held, the set is stored
    assert device.flash['MID'] == 'stalled'
    clock.now += 1.0
    assert at(device, 'AT+MID') == b''  # held on its way to the module
    assert device.stats['query'] == 1 and device.next_timer() == 1003.0
    clock.now += 1.0
    assert device.take_output() == b'\r\n+OK\r\n\r\n+OK=stalled\r\n'
    assert device.stats['query'] == 2 and 'stall' not in device.faults
    assert at(device, 'AT+VER') == b'\r\n+OK=4016\r\n'
    assert [e['seconds'] for e in events(device) if e['event'] == 'line_stalled'] == [2.0]
