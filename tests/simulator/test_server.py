# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator process: many modules on real pseudo-terminals and TCP, driven with pyserial."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys
import threading
import time

import pytest
import serial

from usr_m0_sim.control import Client
from usr_m0_sim.terminal import type_lines


@pytest.fixture(scope='module')
def sim(tmp_path_factory):
    state = str(tmp_path_factory.mktemp('sim'))
    subprocess.check_call([sys.executable, '-m', 'usr_m0_sim', 'serve', '--state-dir', state, '--count', '50', '--tcp',
                           '--restart-delay', '0.3'], env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    with open(os.path.join(state, 'devices.json')) as handle:
        devices = json.load(handle)
    yield state, devices
    Client(state).call('stop')


def converse(port, lines):
    time.sleep(0.1)
    port.reset_input_buffer()
    port.write(b'+++')
    assert port.read(1) == b'a'
    port.write(b'a')
    assert port.read(3) == b'+ok'
    replies = []
    for line in lines:
        port.write(line + b'\r')
        received = b''
        while not [text for text in received.split(b'\r\n')[:-1] if text.startswith(b'+')]:
            chunk = port.read(1)
            assert chunk, 'no reply to %r' % line
            received += chunk
        replies.append([text for text in received.split(b'\r\n') if text.startswith(b'+')][0])
    return replies


def test_fifty_modules_each_answer_on_its_pty(sim):
    state, devices = sim
    assert len(devices) == 50
    for index in range(0, 50, 7):
        with serial.serial_for_url(devices[index]['tty'], baudrate=115200, timeout=1) as port:
            assert converse(port, [b'AT+MAC', b'AT+ENTM']) == [b'+OK=D8B04C%06X' % (index + 1), b'+OK']


def test_tcp_peer(sim):
    state, devices = sim
    with serial.serial_for_url('socket://127.0.0.1:%d' % devices[1]['tcp_port'], timeout=1) as port:
        assert converse(port, [b'AT+VER', b'AT+ENTM']) == [b'+OK=4016', b'+OK']


def test_the_inventory_reaches_every_module(sim):
    state, devices = sim
    with open(os.path.join(state, 'inventory.json')) as handle:
        inventory = json.load(handle)
    assert inventory['all']['vars']['ansible_connection'] == 'local'
    assert inventory['all']['vars']['m0sim_ctl'][1:] == ['-m', 'usr_m0_sim', 'ctl', '--state-dir', state]
    assert 'usr_m0_run_as_module' not in inventory['all']['vars']
    hosts = inventory['all']['hosts']
    assert sorted(hosts) == [device['name'] for device in devices]
    host = hosts[devices[3]['name']]
    with serial.serial_for_url(host['serial_port'], baudrate=115200, timeout=1) as port:
        assert converse(port, [b'AT+MAC', b'AT+ENTM']) == [b'+OK=D8B04C000004', b'+OK']
    with serial.serial_for_url(host['serial_url_tcp'], timeout=1) as port:
        assert converse(port, [b'AT+MAC', b'AT+ENTM']) == [b'+OK=D8B04C000004', b'+OK']


def test_a_mixed_fleet_takes_the_firmwares_in_turn(tmp_path):
    state = str(tmp_path)
    subprocess.check_call([sys.executable, '-m', 'usr_m0_sim', 'serve', '--state-dir', state, '--count', '3',
                           '--firmware', '4016', '--firmware', '4010:HTPTP,REGCLOUD'],
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    try:
        with open(os.path.join(state, 'inventory.json')) as handle:
            hosts = json.load(handle)['all']['hosts']
        with open(os.path.join(state, 'devices.json')) as handle:
            devices = json.load(handle)
        with serial.serial_for_url(hosts['m0-01']['serial_port'], baudrate=115200, timeout=1) as port:
            assert converse(port, [b'AT+VER', b'AT+HTPTP', b'AT+ENTM']) == [b'+OK=4010', b'+ERR=-2', b'+OK']
    finally:
        Client(state).call('stop')
    assert [hosts[name]['m0sim_firmware'] for name in sorted(hosts)] == ['4016', '4010', '4016']
    assert [(device['firmware'], device['lacks']) for device in devices] == [
        ('4016', []), ('4010', ['HTPTP', 'REGCLOUD']), ('4016', [])]


def test_a_firmware_option_that_cannot_be_is_refused_before_serving(tmp_path):
    run = subprocess.run([sys.executable, '-m', 'usr_m0_sim', 'serve', '--state-dir', str(tmp_path), '--firmware', '4010:HTTP'],
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)), stderr=subprocess.PIPE, text=True, check=False)
    assert run.returncode == 2 and 'a firmware can lack the commands of the table but ENTM, Z, RELD, not HTTP' in run.stderr


def test_the_inventory_can_force_the_module_path(tmp_path):
    state = str(tmp_path)
    subprocess.check_call([sys.executable, '-m', 'usr_m0_sim', 'serve', '--state-dir', state, '--run-as-module'],
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    try:
        with open(os.path.join(state, 'inventory.json')) as handle:
            inventory = json.load(handle)
    finally:
        Client(state).call('stop')
    variables = inventory['all']['vars']
    assert variables['usr_m0_run_as_module'] is True
    assert variables['ansible_python_interpreter'] == variables['m0sim_ctl'][0]
    assert list(inventory['all']['hosts']) == ['m0-00']


def test_wrong_host_speed_gets_no_handshake(sim):
    state, devices = sim
    with serial.serial_for_url(devices[2]['tty'], baudrate=9600, timeout=0.5) as port:
        time.sleep(0.1)
        port.write(b'+++')
        assert port.read(1) != b'a'
    stats = Client(state).call('stats', device=devices[2]['name'])['stats'][devices[2]['name']]
    assert stats['garbled_bytes'] == 3 and stats['handshakes'] == 0


def test_restart_at_a_new_speed_over_the_pty(sim):
    state, devices = sim
    with serial.serial_for_url(devices[3]['tty'], baudrate=115200, timeout=1) as port:
        assert converse(port, [b'AT+UART=57600,8,1,NONE,NFC', b'AT+Z']) == [b'+OK', b'+OK']
        time.sleep(0.5)
        port.baudrate = 57600
        assert converse(port, [b'AT+UART', b'AT+ENTM']) == [b'+OK=57600,8,1,NONE,NFC', b'+OK']
    stats = Client(state).call('stats', device=devices[3]['name'])['stats'][devices[3]['name']]
    assert stats['restarts'] == 1 and stats['set'] == 1 and stats['running_baud'] == 57600


def test_control_faults_and_state(sim):
    state, devices = sim
    name = devices[4]['name']
    client = Client(state)
    client.call('fault', device=name, fault='silent')
    with serial.serial_for_url(devices[4]['tty'], baudrate=115200, timeout=0.3) as port:
        time.sleep(0.1)
        port.write(b'+++')
        assert port.read(1) == b''
    client.call('clear-faults', device=name)
    client.call('set-state', device=name, state={'mode': 'at'})
    with serial.serial_for_url(devices[4]['tty'], baudrate=115200, timeout=1) as port:
        port.write(b'AT+VER\r')
        assert port.read(24).endswith(b'+OK=4016\r\n')
    with pytest.raises(RuntimeError, match='unknown control command'):
        client.call('explode')


def test_a_person_at_a_terminal_types_lines_leaves_or_stays_and_waits_for_the_port(sim):
    state, devices = sim
    client = Client(state)
    name, tty = devices[6]['name'], devices[6]['tty']
    assert type_lines(tty, ['AT+HEARTTM=99', 'AT+MID']) == [('AT+HEARTTM=99', '+OK'), ('AT+MID', '+OK=USR-M0'), ('AT+ENTM', '+OK')]
    stats = client.call('stats', device=name)['stats'][name]
    assert (stats['mode'], stats['set'], client.call('flash', device=name)['flash'][name]['HEARTTM']) == ('work', 1, '99')
    assert type_lines(tty, [], stay=True) == []
    assert client.call('stats', device=name)['stats'][name]['mode'] == 'at'
    client.call('set-state', device=name, state={'mode': 'work'})
    # a session holds the port (pyserial's exclusive lock, as the collection's driver takes it): the typing waits for it
    with serial.serial_for_url(tty, baudrate=115200, timeout=1, exclusive=True) as port:
        typing = threading.Thread(target=type_lines, args=(tty, ['AT+Z']))
        typing.start()
        typing.join(1)
        assert typing.is_alive() and client.call('stats', device=name)['stats'][name]['handshakes'] == 2
        assert converse(port, [b'AT+ENTM']) == [b'+OK']
    typing.join(10)
    assert client.call('stats', device=name)['stats'][name]['restarts'] == 1
