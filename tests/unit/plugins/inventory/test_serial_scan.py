# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The serial_scan inventory plugin: which ports a configuration stands for, and what one port scan sends."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import yaml

from ansible.errors import AnsibleError

from ansible_collections.usriot.m0.plugins.inventory import serial_scan
from ansible_collections.usriot.m0.plugins.module_utils._internal import interruption, model
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import FIRMWARE_4010


def test_a_url_range_stands_for_one_url_per_tcp_port():
    ports, reports = serial_scan.expand_ports(['socket://ts1.example.net:4001-4003', 'rfc2217://ts-2.example.net:2001-2001?timeout=3'])
    assert ports == ['socket://ts1.example.net:4001', 'socket://ts1.example.net:4002', 'socket://ts1.example.net:4003',
                     'rfc2217://ts-2.example.net:2001?timeout=3']
    assert reports == []


@pytest.mark.parametrize('entry', ['socket://ts1:4003-4001', 'socket://ts1:0-3', 'socket://ts1:1-5000', 'socket://ts1:65535-65536'])
def test_a_senseless_range_is_refused(entry):
    with pytest.raises(AnsibleError, match='not a range'):
        serial_scan.expand_ports([entry])


def test_globs_are_sorted_and_a_device_under_two_names_is_scanned_once(tmp_path):
    for name in ('ttyUSB1', 'ttyUSB0'):
        (tmp_path / name).write_text('')
    os.symlink(str(tmp_path / 'ttyUSB1'), str(tmp_path / 'usb-FTDI-A1'))
    ports, reports = serial_scan.expand_ports([str(tmp_path / 'usb-*'), str(tmp_path / 'ttyUSB*'), str(tmp_path / 'ttyACM*')])
    assert ports == [str(tmp_path / 'usb-FTDI-A1'), str(tmp_path / 'ttyUSB0')]
    assert reports == [{'port': str(tmp_path / 'ttyACM*'), 'problem': 'no port matches this pattern'}]


def test_a_scan_reads_the_identity_and_leaves_at_mode_without_setting_anything(fake):
    result = serial_scan.scan_port('/dev/ttyFAKE', [115200, 9600], 0.05, 0, ['sock'])
    assert result['baudrate'] == 115200
    assert result['facts']['mac'] == fake.settings['MAC']
    assert result['facts']['sock']['protocol'] == 'tcpc'
    sent = [line for line in fake.lines if line.startswith('AT')]
    assert sent[-1] == 'AT+ENTM'
    assert not [line for line in sent if '=' in line]


def test_a_module_found_in_at_mode_is_kept_in_the_journal_for_the_next_converge_as_any_session_keeps_it(fake):
    # the scan runs the modules' session lifecycle: the next converge on the port learns a restart is owed
    fake.mode = 'at'
    result = serial_scan.scan_port('/dev/ttyFAKE', [115200], 0.05, 0, [])
    assert result['facts']['mac'] == fake.settings['MAC'] and fake.mode == 'work'
    entry = interruption.take('/dev/ttyFAKE')
    assert entry['restart_owed'] and entry['outcome'].startswith('the module was found in AT mode')


def test_a_module_whose_firmware_lacks_a_section_read_is_found_with_what_it_has(fake):
    fake.run_firmware(*FIRMWARE_4010)
    result = serial_scan.scan_port('/dev/ttyFAKE', [115200], 0.05, 0, ['http', 'registration'])
    facts = result['facts']
    assert 'problem' not in result and facts['firmware_version'] == '4010' and 'http' not in facts
    assert facts['unsupported'] == ['http', 'registration.cloud_id', 'registration.cloud_password']
    assert facts['registration'] == {'mode': 'off', 'send': 'first', 'data': 'www.usr.cn'}


def test_a_silent_port_is_reported_with_the_speeds_tried(fake):
    fake.silent = True
    result = serial_scan.scan_port('/dev/ttyFAKE', [115200, 9600], 0.05, 0, [])
    assert result == {'port': '/dev/ttyFAKE', 'problem': 'silent: nothing answered the +++ handshake at 115200, 9600 baud'}


def test_over_a_raw_socket_only_the_first_speed_is_tried(fake):
    fake.silent = True
    result = serial_scan.scan_port('socket://ts1:4001', [115200, 9600], 0.05, 0, [])
    assert result['problem'].endswith('at 115200 baud')


def test_ports_not_started_within_the_time_limit_are_reported(monkeypatch):
    import time
    options = {'baudrates': None, 'ports': ['socket://ts1:4001-4004'], 'timeout': 0.2, 'parallel': 1,
               'serial_timeout': 1.0, 'lock_wait': 0, 'gather_subset': []}

    def slow_scan(port, *args):
        time.sleep(0.3)
        return {'port': port, 'problem': 'silent'}

    monkeypatch.setattr(serial_scan, 'scan_port', slow_scan)
    plugin = serial_scan.InventoryModule()
    monkeypatch.setattr(plugin, 'get_option', options.get)
    results = plugin._scan()['ports']
    assert [result['port'] for result in results] == ['socket://ts1:400%d' % number for number in range(1, 5)]
    assert results[0]['problem'] == 'silent'
    assert [result['problem'] for result in results[1:]] == ['not scanned: the time limit of 0.2 s was reached'] * 3


def test_a_missing_library_fails_the_scan_naming_it(monkeypatch):
    monkeypatch.setattr(serial_scan.transport, 'HAS_PYSERIAL', False)
    with pytest.raises(AnsibleError, match=r'Failed to import the required Python library \(pyserial\).*by the usriot.m0.serial_scan'):
        serial_scan.InventoryModule()._scan()


def test_the_documented_sections_are_the_models():
    documentation = yaml.safe_load(serial_scan.DOCUMENTATION)
    assert documentation['options']['gather_subset']['choices'] == [section for section in model.SECTIONS if section != 'system']
