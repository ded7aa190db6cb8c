# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules end to end against the fake port: argument handling, results, failures."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.usriot.m0.plugins.modules import (
    usr_m0_command, usr_m0_config, usr_m0_facts, usr_m0_http, usr_m0_registration, usr_m0_restart, usr_m0_uart, usr_m0_web)
from ansible_collections.usriot.m0.plugins.module_utils._internal import backup_codec, model, transport
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import FIRMWARE_4010

PORT = {'serial_port': '/dev/ttyFAKE', 'serial_timeout': 0.05}


def run(module, capsys, **args):
    with patch_module_args(dict(PORT, **args)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def test_facts_of_a_factory_module(fake, capsys):
    result = run(usr_m0_facts, capsys)
    facts = result['ansible_facts']['usr_m0']
    assert not result['changed']
    assert facts['firmware_version'] == '4016' and facts['socket_connected'] is False
    assert facts['web'] == {'username': 'admin', 'password': '********', 'port': 80}
    assert facts['registration']['cloud_id'] is None
    assert fake.mode == 'work' and fake.lines[-1] == 'AT+ENTM'


def test_facts_subset(fake, capsys):
    facts = run(usr_m0_facts, capsys, gather_subset=['all', '!http', '!web'])['ansible_facts']['usr_m0']
    assert 'http' not in facts and 'web' not in facts and 'uart' in facts
    assert not any(line.startswith('AT+HTP') for line in fake.lines)


def test_facts_unknown_subset_fails_before_the_port(fake, capsys):
    result = run(usr_m0_facts, capsys, gather_subset=['wifi'])
    assert result['failed'] and "unknown subset 'wifi'" in result['msg'] and fake.lines == []


def test_missing_port_is_a_clear_error(fake, capsys, monkeypatch):
    monkeypatch.delenv('USR_M0_SERIAL_PORT', raising=False)
    with patch_module_args({}):
        with pytest.raises(SystemExit):
            usr_m0_facts.main()
    assert 'serial_port is required' in json.loads(capsys.readouterr().out)['msg']


@pytest.mark.parametrize('library, flag', [('pyserial', 'HAS_PYSERIAL'), ('netaddr', 'HAS_NETADDR')])
def test_a_missing_library_is_named_before_the_port(fake, capsys, monkeypatch, library, flag):
    monkeypatch.setattr(transport if flag == 'HAS_PYSERIAL' else model, flag, False)
    result = run(usr_m0_facts, capsys)
    assert result['failed'] and 'Failed to import the required Python library (%s)' % library in result['msg']
    assert 'in the Python of ansible-playbook on a local connection' in result['msg'] and fake.lines == []


def test_port_from_the_environment(fake, capsys, monkeypatch):
    monkeypatch.setenv('USR_M0_SERIAL_PORT', '/dev/ttyENV')
    with patch_module_args({'gather_subset': ['status']}):
        with pytest.raises(SystemExit):
            usr_m0_facts.main()
    assert json.loads(capsys.readouterr().out)['ansible_facts']['usr_m0']['mac'] == 'D8B04C000001'


def test_silent_module_fails_naming_the_port(fake, capsys):
    fake.silent = True
    result = run(usr_m0_facts, capsys)
    assert result['failed'] and result['msg'].startswith('/dev/ttyFAKE: no answer to the +++ handshake')


def test_command_returns_replies_and_corrects_misspellings(fake, capsys):
    result = run(usr_m0_command, capsys, commands=['AT+VER', 'AT+HEARTTM1', 'AT+MID=pump'])
    assert result['stdout'] == ['4016', '30', ''] and result['changed']
    assert 'misspelling of AT+HEARTTM' in json.dumps(result['warnings'])
    assert fake.lines[:4] == ['AT+VER', 'AT+HEARTTM', 'AT+MID=pump', 'AT+ENTM']


def test_command_check_mode_sends_queries_only(fake, capsys):
    result = run(usr_m0_command, capsys, commands=['AT+VER', 'AT+MID=pump'], _ansible_check_mode=True)
    assert result['stdout'] == ['4016', None] and result['changed']
    assert fake.sets() == []


@pytest.mark.parametrize('line, message', [
    ('AT+MID=a\rAT+RELD', 'would inject another command'),
    ('+++', 'would inject another command'),
    ('hello', 'not an AT command line'),
    ('AT+Z', 'use usriot.m0.usr_m0_restart'),
    ('AT+VER\b\b\bENTM', 'holds U+0008: AT lines are printable ASCII only'),
    ('AT+MID=a\x11b', 'holds U+0011'),
    ('AT+MID=a\x13b', 'holds U+0013'),
    ('AT+MID=a\x7fb', 'holds U+007F'),
    ('AT+MID=a\x1bb', 'holds U+001B'),
    ('AT+HTPURL=/x\x85AT+WEBU=root,pwn', 'holds U+0085'),
    ('AT+HTPURL=/x\x9b2J', 'holds U+009B'),
    (u'AT+MID=a\u2028AT+Z', 'holds U+2028'),
    ('AT+VER\t', 'holds U+0009'),
])
def test_command_refuses_lines_before_opening_the_port(fake, capsys, line, message):
    result = run(usr_m0_command, capsys, commands=[line])
    assert result['failed'] and message in result['msg'] and fake.lines == []


@pytest.mark.parametrize('line', ['AT+WEBU=admin,Hk\x113', 'AT+WEBU=admin,Hk+++', 'AT+WEBU=admin,Hk\r3'])
def test_a_refused_password_line_is_quoted_masked(fake, capsys, line):
    result = run(usr_m0_command, capsys, commands=[line])
    assert result['failed'] and 'Hk' not in result['msg'] and 'AT+WEBU=admin,********' in result['msg']


@pytest.mark.parametrize('line', ['AT+VER?', 'AT+HEARTTM1?', 'AT+HTPTP1X', 'AT+VERENTM'])
def test_only_the_manuals_exact_misspellings_are_rewritten(fake, capsys, line):
    result = run(usr_m0_command, capsys, commands=[line])
    assert fake.lines[0] == line and 'misspelling' not in json.dumps(result.get('warnings', []))


def test_command_error_fails_with_the_meaning(fake, capsys):
    result = run(usr_m0_command, capsys, commands=['AT+NOPE'])
    assert result['failed'] and 'AT+NOPE was refused with +ERR=-2 (invalid command)' in result['msg']
    assert fake.mode == 'work'


def test_command_failure_masks_passwords_in_its_transcript(fake, capsys):
    fake.settings.update(WEBU='ops,old1')
    result = run(usr_m0_command, capsys, commands=['AT+WEBU', 'AT+WEBU=ops,new1', 'AT+NOPE'])
    assert result['failed'] and result['transcript'][:2] == [
        {'command': 'AT+WEBU', 'reply': '+OK=ops,********'}, {'command': 'AT+WEBU=ops,********', 'reply': '+OK'}]


def test_command_error_names_a_line_with_its_password_masked(fake, capsys):
    fake.errors['WEBU'] = -4
    result = run(usr_m0_command, capsys, commands=['AT+WEBU=ops,new1'])
    assert result['failed'] and 'AT+WEBU=ops,******** was refused with +ERR=-4' in result['msg']
    assert 'new1' not in result['msg']


def test_restart_follows_the_stored_speed(fake, capsys):
    fake.settings['UART'] = '9600,8,1,NONE,NFC'
    result = run(usr_m0_restart, capsys, state='restarted')
    assert result['changed'] and result['serial_baudrate'] == 9600 and fake.baudrate == 9600 and fake.mode == 'work'


def test_restart_check_mode_sends_nothing(fake, capsys):
    result = run(usr_m0_restart, capsys, state='factory_reset', _ansible_check_mode=True)
    assert result['changed'] and fake.lines == []


def test_work_mode_reports_a_module_left_in_at_mode(fake, capsys):
    fake.mode = 'at'
    assert run(usr_m0_restart, capsys, state='work_mode')['changed'] is True
    assert fake.mode == 'work'
    assert run(usr_m0_restart, capsys, state='work_mode')['changed'] is False


def test_settings_module_converges_then_is_idempotent(fake, capsys):
    first = run(usr_m0_uart, capsys, baudrate=9600, parity='even')
    assert first['changed'] and first['commands'] == ['AT+UART=9600,8,1,EVEN,NFC'] and first['serial_baudrate'] == 9600
    sets = len(fake.sets())
    second = run(usr_m0_uart, capsys, baudrate=9600, parity='even', serial_baudrate=9600)
    assert not second['changed'] and len(fake.sets()) == sets


def test_a_moved_uart_speed_is_a_warning_naming_the_new_speed(fake, capsys):
    moved = run(usr_m0_uart, capsys, baudrate=9600)
    assert 'now answers at 9600 baud' in json.dumps(moved.get('warnings'))
    assert 'a serial_scan inventory with a cache: run with --flush-cache' in json.dumps(moved.get('warnings'))


def test_a_restart_at_the_same_speed_is_no_warning(fake, capsys):
    fake.baudrate = fake.running_baud = 9600
    fake.settings['UART'] = '9600,8,1,NONE,NFC'
    kept = run(usr_m0_uart, capsys, baudrate=9600, parity='odd', serial_baudrate=9600)
    assert kept['restarted'] and 'warnings' not in kept


def test_settings_module_validates_before_the_port(fake, capsys):
    result = run(usr_m0_uart, capsys, baudrate=300)
    assert result['failed'] and 'uart.baudrate: 300 is not allowed' in result['msg'] and fake.lines == []


def test_settings_module_needs_an_option(fake, capsys):
    assert 'give at least one of baudrate' in run(usr_m0_uart, capsys)['msg']


def test_running_config_is_never_shown_in_the_invocation(capsys):
    with patch_module_args({'state': 'parsed', 'running_config': 'AT+WEBU\n+OK=admin,Hx5Yz', '_ansible_verbosity': 3}):
        with pytest.raises(SystemExit):
            usr_m0_config.main()
    out = capsys.readouterr().out
    assert json.loads(out)['parsed']['web'] == {'username': 'admin', 'password': '********'}
    assert 'Hx5Yz' not in out


def test_password_never_appears_in_the_result(fake, capsys):
    with patch_module_args(dict(PORT, password='s3cr', _ansible_diff=True)):
        with pytest.raises(SystemExit):
            usr_m0_web.main()
    out = capsys.readouterr().out
    assert json.loads(out)['changed'] and 's3cr' not in out
    assert fake.settings['WEBU'] == 'admin,s3cr'


def test_passwords_read_before_a_failure_are_masked_in_its_transcript(fake, capsys):
    fake.settings.update(WEBU='ops,old1', REGCLOUD='00012345678901234567,cl0ud')
    fake.errors['WEBPORT'] = -4
    with patch_module_args(dict(PORT, config={'web': {'password': 'new1', 'port': 8080}})):
        with pytest.raises(SystemExit):
            usr_m0_config.main()
    out = capsys.readouterr().out
    result = json.loads(out)
    assert result['failed'] and {'command': 'AT+WEBU', 'reply': '+OK=ops,********'} in result['transcript']
    assert 'old1' not in out and 'new1' not in out and 'cl0ud' not in out


def test_in_check_mode_the_backup_is_read_masked_and_nothing_is_set(fake, capsys):
    fake.settings.update(WEBU='ops,old1')
    result = run(usr_m0_config, capsys, config={'web': {'password': 'new1', 'port': 8080}}, backup=True, _ansible_check_mode=True)
    assert result['changed'] and fake.sets() == []
    document = backup_codec.decode(result[backup_codec.BACKUP_KEY])
    assert document[backup_codec.SETTINGS_KEY]['web'] == {'username': 'ops', 'password': '********', 'port': 80}
    assert backup_codec.UNSUPPORTED_KEY not in document  # the firmware has every command


def test_outside_check_mode_the_module_reads_no_backup(fake, capsys):
    # the action has written it, from a check-mode run, before it runs the change
    result = run(usr_m0_config, capsys, config={'web': {'port': 8080}}, backup=True)
    assert result['changed'] and backup_codec.BACKUP_KEY not in result and not any(line == 'AT+HTPURL' for line in fake.lines)


def test_a_backup_comes_out_of_no_log_scrubbing_whole_whatever_the_password(fake, capsys):
    fake.settings['WEBU'] = 'admin,9'
    with patch_module_args(dict(PORT, config={'web': {'password': '1'}}, backup=True, include_secrets=True, _ansible_check_mode=True)):
        with pytest.raises(SystemExit):
            usr_m0_config.main()
    result = json.loads(capsys.readouterr().out)
    settings = backup_codec.decode(result[backup_codec.BACKUP_KEY])[backup_codec.SETTINGS_KEY]
    assert settings['network']['ip_address'] == '192.168.0.7' and settings['uart']['baudrate'] == 115200
    assert settings['web'] == {'username': 'admin', 'password': '9', 'port': 80} and fake.settings['WEBU'] == 'admin,9'


def test_config_gathered_given_back_is_unchanged(fake, capsys):
    fake.settings.update(WEBU='ops,pw', HTPHEAD='A: 1<<CRLF>>B: 2', REGCLOUD='00012345678901234567,cl')
    gathered = run(usr_m0_config, capsys, state='gathered')['gathered']
    assert gathered['web']['password'] == '********' and gathered['http']['headers'] == ['A: 1', 'B: 2']
    again = run(usr_m0_config, capsys, config=gathered, state='merged')
    assert not again['changed'] and again['commands'] == []


def test_config_rendered_and_parsed_need_no_device(fake, capsys):
    rendered = run(usr_m0_config, capsys, config={'uart': {'baudrate': 9600}}, state='rendered')
    assert rendered['rendered'] == ['AT+UART=9600,8,1,NONE,NFC'] and 'factory values' in json.dumps(rendered['warnings'])
    parsed = run(usr_m0_config, capsys, running_config='\n'.join(rendered['rendered']), state='parsed')
    assert parsed['parsed'] == {'uart': {'baudrate': 9600, 'data_bits': 8, 'stop_bits': 1, 'parity': 'none', 'flow_control': 'nfc'}}
    assert fake.lines == []


def test_config_merged_needs_config(fake, capsys):
    assert 'state is merged but all of the following are missing: config' in run(usr_m0_config, capsys, state='merged')['msg']


def test_config_gathered_with_secrets_for_a_backup(fake, capsys):
    fake.settings.update(WEBU='ops,pw')
    gathered = run(usr_m0_config, capsys, state='gathered', include_secrets=True)['gathered']
    assert gathered['web'] == {'username': 'ops', 'password': 'pw', 'port': 80}


@pytest.mark.parametrize('check_mode', [False, True])
def test_another_module_on_the_port_is_refused_before_any_set(fake, capsys, check_mode):
    result = run(usr_m0_config, capsys, config={'system': {'name': 'pump'}}, expected_mac='d8:b0:4c:00:00:99',
                 _ansible_check_mode=check_mode)
    assert result['failed'] and not result['changed']
    assert 'it has MAC D8B04C000001, expected_mac is D8B04C000099. Nothing was changed' in result['msg']
    assert result['msg'].startswith('/dev/ttyFAKE: ')
    assert fake.sets() == [] and fake.restarts == 0 and fake.mode == 'work'


def test_the_expected_module_is_configured(fake, capsys):
    result = run(usr_m0_uart, capsys, flow_control='fc', expected_mac='D8-B0-4C-00-00-01')
    assert result['changed'] and fake.sets() == ['AT+UART=115200,8,1,NONE,FC']
    assert fake.lines[:2] == ['AT+MAC', 'AT+UART']


def test_restart_of_another_module_is_refused_also_in_check_mode(fake, capsys):
    for check_mode in (True, False):
        result = run(usr_m0_restart, capsys, expected_mac='D8B04C000099', _ansible_check_mode=check_mode)
        assert result['failed'] and 'expected_mac is D8B04C000099' in result['msg']
    assert fake.restarts == 0 and 'AT+Z' not in fake.lines


def test_a_malformed_expected_mac_fails_before_the_port(fake, capsys):
    result = run(usr_m0_web, capsys, port=81, expected_mac='not-a-mac')
    assert result['msg'] == ("expected_mac: 'not-a-mac' is not allowed: not a MAC address (allowed: a MAC address of 12 hex "
                             "digits whose first byte is even (unicast))")
    assert result['failed'] and fake.lines == []


LACKS_4010 = ['http', 'registration.cloud_id', 'registration.cloud_password']


@pytest.mark.parametrize('subset, sections, unsupported', [
    (['all'], ['heartbeat', 'network', 'registration', 'sock', 'system', 'uart', 'web'], LACKS_4010),
    (['http', 'uart'], ['uart'], ['http']),
    (['all', '!http', '!registration'], ['heartbeat', 'network', 'sock', 'system', 'uart', 'web'], []),
], ids=['all', 'a section it lacks', 'without what it lacks'])
def test_facts_of_an_older_firmware_hold_what_it_has(fake, capsys, subset, sections, unsupported):
    fake.run_firmware(*FIRMWARE_4010)
    result = run(usr_m0_facts, capsys, gather_subset=subset)
    facts = result['ansible_facts']['usr_m0']
    assert not result.get('failed') and facts['firmware_version'] == '4010' and facts['unsupported'] == unsupported
    assert sorted(set(facts) & set(model.SECTIONS)) == sections


def test_facts_of_a_firmware_that_has_everything_name_nothing(fake, capsys):
    assert run(usr_m0_facts, capsys)['ansible_facts']['usr_m0']['unsupported'] == []


@pytest.mark.parametrize('module, args, message', [
    (usr_m0_http, {'method': 'post'}, 'which has no AT+HTPTP (it answers +ERR=-2, invalid command, to its query): it '
                                      'cannot hold http.method. Nothing was changed'),
    (usr_m0_registration, {'mode': 'usr', 'cloud_id': '0' * 20, 'cloud_password': 'pw'},
     'which has no AT+REGCLOUD (it answers +ERR=-2, invalid command, to its query): it cannot hold '
     'registration.cloud_id, registration.cloud_password. Nothing was changed'),
    (usr_m0_config, {'config': {'sock': {'port': 502}, 'http': {'url': '/x'}}, 'state': 'overridden'},
     'which has no AT+HTPURL (it answers +ERR=-2, invalid command, to its query): it cannot hold http.url. Nothing'),
], ids=['usr_m0_http', 'usr_m0_registration', 'usr_m0_config'])
@pytest.mark.parametrize('check_mode', [False, True], ids=['a run', 'check mode'])
def test_a_setting_the_firmware_lacks_fails_naming_the_port_firmware_and_command(fake, capsys, module, args, message, check_mode):
    fake.run_firmware(*FIRMWARE_4010)
    result = run(module, capsys, _ansible_check_mode=check_mode, **args)
    assert result['failed'] and not result['changed'] and result['commands'] == []
    assert result['msg'].startswith('/dev/ttyFAKE: the module runs firmware 4010, ') and message in result['msg']
    assert fake.sets() == [] and fake.restarts == 0 and fake.mode == 'work'


def test_gathered_is_what_the_firmware_has_and_names_what_it_lacks(fake, capsys):
    fake.run_firmware(*FIRMWARE_4010)
    result = run(usr_m0_config, capsys, state='gathered')
    assert 'http' not in result['gathered'] and result['unsupported'] == LACKS_4010
    again = run(usr_m0_config, capsys, config=result['gathered'], state='merged')
    assert not again['changed'] and fake.sets() == []


def test_skip_unsupported_leaves_it_out_and_warns(fake, capsys):
    fake.run_firmware(*FIRMWARE_4010)
    result = run(usr_m0_config, capsys, config={'http': {'method': 'post'}, 'web': {'port': 8080}}, skip_unsupported=True)
    assert result['changed'] and result['commands'] == ['AT+WEBPORT=8080'] and result['unsupported'] == ['http.method']
    assert 'has no command for http.method: left out (skip_unsupported)' in json.dumps(result['warnings'])


def test_the_backup_of_an_older_firmware_names_what_it_lacks(fake, capsys):
    fake.run_firmware(*FIRMWARE_4010)
    result = run(usr_m0_config, capsys, config={'web': {'port': 8080}}, backup=True, _ansible_check_mode=True)
    document = backup_codec.decode(result[backup_codec.BACKUP_KEY])
    assert document[backup_codec.UNSUPPORTED_KEY] == LACKS_4010 and 'http' not in document[backup_codec.SETTINGS_KEY]
