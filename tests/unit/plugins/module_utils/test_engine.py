# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.usriot.m0.plugins.module_utils._internal import engine, model
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import SessionError
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import normalised as config


def test_gather_queries_each_command_once(fake, device):
    facts = device.gather(model.SECTIONS)
    assert facts['uart'] == {'baudrate': 115200, 'data_bits': 8, 'stop_bits': 1, 'parity': 'none', 'flow_control': 'nfc'}
    assert facts['system']['mac'] == facts['mac'] == 'D8B04C000001'
    queries = [line for line in fake.lines if line != 'AT']
    assert len(queries) == len(set(queries)) == 25


def test_converged_settings_send_no_set(fake, device):
    wanted = config(network={'ip_address': '192.168.000.007', 'ip_mode': 'STATIC'}, uart={'parity': 'none'})
    result = engine.converge(device, wanted)
    assert result['changed'] is False and result['commands'] == []
    assert fake.sets() == [] and fake.restarts == 0


def test_change_keeps_the_other_fields_of_the_command_and_restarts_once(fake, device):
    wanted = config(uart={'baudrate': 9600, 'data_bits': 7, 'parity': 'even'}, heartbeat={'enabled': True})
    result = engine.converge(device, wanted)
    assert result['commands'] == ['AT+UART=9600,7,1,EVEN,NFC', 'AT+HEARTEN=ON']
    assert fake.sets() == result['commands']
    assert fake.restarts == 1 and fake.baudrate == 9600 and result['serial_baudrate'] == 9600
    assert result['restarted'] and not result['restart_required']
    assert result['diff'] == {
        'before': {'uart': {'baudrate': 115200, 'data_bits': 8, 'parity': 'none'}, 'heartbeat': {'enabled': False}},
        'after': {'uart': {'baudrate': 9600, 'data_bits': 7, 'parity': 'even'}, 'heartbeat': {'enabled': True}},
    }


def test_check_mode_sends_queries_only_and_predicts(fake, device):
    result = engine.converge(device, config(sock={'port': 502}), check_mode=True)
    assert result['changed'] and result['commands'] == ['AT+SOCK=TCPC,192.168.0.201,502']
    assert fake.sets() == [] and fake.restarts == 0


@pytest.mark.parametrize('check_mode, name, read', [(True, 'pump', True), (True, 'M0', False), (False, 'pump', False)],
                         ids=['check mode, a change', 'check mode, no change', 'a real run'])
def test_the_backup_is_read_in_check_mode_when_something_would_change(fake, device, check_mode, name, read):
    fake.settings['MID'] = 'M0'
    result = engine.converge(device, config(system={'name': name}), check_mode=check_mode, backup=True)
    assert ('backup' in result) is read
    if read:
        assert result['backup']['system']['name'] == 'M0' and result['backup']['uart']['baudrate'] == 115200
        assert fake.sets() == []


def test_restart_false_leaves_restart_required(fake, device):
    result = engine.converge(device, config(system={'name': 'pump'}), restart=False)
    assert result['restart_required'] and not result['restarted'] and fake.restarts == 0


def test_secrets_are_masked_in_commands_and_diff(fake, device):
    result = engine.converge(device, config(web={'password': 'n3w'}), check_mode=True)
    assert result['commands'] == ['AT+WEBU=admin,********']
    assert result['diff'] == {'before': {'web': {'password': '********'}}, 'after': {'web': {'password': '******** (changed)'}}}
    assert 'n3w' not in repr(result)


def test_replaced_resets_what_is_not_given_to_factory(fake, device):
    fake.settings.update(HEARTEN='ON', HEARTTM='90', HEARTDT='beat')
    result = engine.converge(device, config(heartbeat={'interval': 90}), state='replaced', restart=False)
    assert result['commands'] == ['AT+HEARTEN=OFF', 'AT+HEARTDT=www.usr.cn']


def test_device_error_names_what_was_applied(fake, device):
    fake.errors['DNS'] = -4
    with pytest.raises(engine.RunFailed) as caught:
        engine.converge(device, config(web={'port': 81}, network={'dns': '1.1.1.1'}))
    assert caught.value.applied == []
    message = str(caught.value)
    assert 'AT+DNS=1.1.1.1 was refused with +ERR=-4 (invalid parameter)' in message
    assert 'Nothing was applied. Not applied: AT+DNS=1.1.1.1, AT+WEBPORT=81' in message


def refuse_after(fake, line, command, code):
    """The fake module refuses the next set of command once it has received line."""
    original = fake._answer

    def answer(received):
        reply = original(received)
        if received == line:
            fake.errors[command] = code
        return reply
    fake._answer = answer


def test_a_failed_set_rolls_back_what_the_run_stored(fake, device):
    fake.settings['MID'] = 'old-name'
    fake.errors['WEBPORT'] = -5
    with pytest.raises(engine.RunFailed) as caught:
        engine.converge(device, config(system={'name': 'pump'}, network={'dns': '1.1.1.1'}, web={'port': 81}))
    assert caught.value.applied == []
    assert fake.sets() == ['AT+MID=pump', 'AT+DNS=1.1.1.1', 'AT+WEBPORT=81', 'AT+DNS=208.67.222.222', 'AT+MID=old-name']
    # stored as before the run, read back after the rollback, and no restart
    assert fake.settings['MID'] == 'old-name' and fake.settings['DNS'] == '208.67.222.222'
    assert fake.lines[-2:] == ['AT+DNS', 'AT+MID'] and fake.restarts == 0
    message = str(caught.value)
    assert 'Rolled back: AT+DNS=208.67.222.222, AT+MID=old-name stored again as they were before the run' in message
    assert 'Not applied: AT+WEBPORT=81. Nothing of this run is stored.' in message


def test_a_rollback_that_fails_says_what_is_stored_and_not_running(fake, device):
    fake.errors['WEBPORT'] = -5
    refuse_after(fake, 'AT+DNS=1.1.1.1', 'DNS', -4)
    with pytest.raises(engine.RunFailed) as caught:
        engine.converge(device, config(system={'name': 'pump'}, network={'dns': '1.1.1.1'}, web={'port': 81}))
    assert [change.line() for change in caught.value.applied] == ['AT+MID=pump', 'AT+DNS=1.1.1.1']
    message = str(caught.value)
    assert 'Rolling back failed: AT+DNS=208.67.222.222 was refused' in message
    assert 'Stored and not running (active after a restart): AT+MID=pump, AT+DNS=1.1.1.1' in message
    assert fake.restarts == 0


def test_a_secret_is_rolled_back_and_masked_in_the_message(fake, device):
    fake.errors['WEBPORT'] = -5
    with pytest.raises(engine.RunFailed) as caught:
        engine.converge(device, config(web={'password': 'pw1', 'port': 81}))
    assert fake.settings['WEBU'] == 'admin,admin'
    assert 'pw1' not in str(caught.value) and 'admin,admin' not in str(caught.value)


def test_a_command_with_nothing_to_store_back_is_named(fake, device):
    fake.errors['HEARTEN'] = -5
    with pytest.raises(engine.RunFailed) as caught:
        engine.converge(device, config(registration={'cloud_id': '0' * 20, 'cloud_password': 'pw'}, heartbeat={'enabled': True}))
    assert 'Rolling back failed: AT+REGCLOUD had no value before the run to store back' in str(caught.value)
    assert [change.command.name for change in caught.value.applied] == ['REGCLOUD']


def test_overridden_sets_every_section_whole(fake, device):
    fake.settings.update(HEARTEN='ON', DNS='1.1.1.1', MID='pump')
    result = engine.converge(device, config(sock={'port': 502}), state='overridden', restart=False)
    # everything back to factory but the port given; the name has no factory value and is left
    assert result['commands'] == ['AT+DNS=208.67.222.222', 'AT+SOCK=TCPC,192.168.0.201,502', 'AT+HEARTEN=OFF']
    assert engine.converge(device, config(sock={'port': 502}), state='overridden', restart=False)['changed'] is False


def test_deleted_puts_the_given_sections_or_all_back_to_factory(fake, device):
    fake.settings.update(HEARTEN='ON', HEARTTM='90', DNS='1.1.1.1')
    assert engine.converge(device, config(heartbeat={}), state='deleted', restart=False)['commands'] == [
        'AT+HEARTEN=OFF', 'AT+HEARTTM=30']
    assert engine.converge(device, {}, state='deleted', restart=False)['commands'] == ['AT+DNS=208.67.222.222']
    assert engine.converge(device, {}, state='deleted', check_mode=True)['changed'] is False


def lose_on_restart(fake, command, value):
    """The fake module stores value for command when it restarts, as if the setting had not held."""
    original = fake._answer

    def answer(line):
        reply = original(line)
        if line == 'AT+Z':
            fake.settings[command] = value
        return reply
    fake._answer = answer


def test_verification_after_restart_catches_a_setting_that_did_not_hold(fake, device):
    lose_on_restart(fake, 'MID', 'USR-M0')
    with pytest.raises(SessionError, match=r'after the restart AT\+MID reads AT\+MID=USR-M0 instead of AT\+MID=pump'):
        engine.converge(device, config(system={'name': 'pump'}))


def test_verification_after_restart_covers_managed_settings_that_did_not_change(fake, device):
    fake.settings['DNS'] = '1.1.1.1'
    lose_on_restart(fake, 'DNS', '208.67.222.222')
    with pytest.raises(SessionError, match=r'after the restart AT\+DNS reads AT\+DNS=208.67.222.222 instead of AT\+DNS=1.1.1.1'):
        engine.converge(device, config(system={'name': 'pump'}, network={'dns': '1.1.1.1'}))


def test_verification_after_restart_names_every_setting_that_did_not_hold(fake, device):
    lose_on_restart(fake, 'MID', 'USR-M0')
    lose_on_restart(fake, 'DNS', '208.67.222.222')
    with pytest.raises(SessionError, match=r'instead of AT\+MID=pump; AT\+DNS reads AT\+DNS=208.67.222.222 instead of AT\+DNS=1.1.1.1$'):
        engine.converge(device, config(system={'name': 'pump'}, network={'dns': '1.1.1.1'}))


def test_cloud_password_alone_needs_the_cloud_id(fake, device):
    with pytest.raises(model.ModelError, match=r'give registration.cloud_id as well'):
        engine.converge(device, config(registration={'cloud_password': 'pw'}))


def test_render_without_device_fills_factory_values():
    lines, filled = engine.render(config(network={'ip_address': '10.0.0.2'}))
    assert lines == ['AT+WANN=STATIC,10.0.0.2,255.255.255.0,192.168.0.1']
    assert filled == ['network.ip_mode', 'network.netmask', 'network.gateway']


def test_parsed_round_trips_rendered_and_query_transcripts():
    rendered, dummy = engine.render(config(uart={'baudrate': 9600}, web={'username': 'ops', 'password': 'pw'}))
    assert model.parse_running_config('\n'.join(rendered)) == {
        'uart': {'baudrate': 9600, 'data_bits': 8, 'stop_bits': 1, 'parity': 'none', 'flow_control': 'nfc'},
        'web': {'username': 'ops', 'password': model.MASK}}
    transcript = 'AT+MAC\r\n\r\n+OK=D8B04C000002\r\nAT+HEARTTM1\n+OK=45\nAT+VER\n+OK=4016\n'
    assert model.parse_running_config(transcript) == {'system': {'mac': 'D8B04C000002'}, 'heartbeat': {'interval': 45}}
    with pytest.raises(model.ModelError, match='line 1'):
        model.parse_running_config('AT+BOGUS=1')


def test_speed_stored_without_restart_is_restarted_into(fake, at_session):
    # an earlier run stored 9600 with restart=false; the inventory already says 9600
    fake.settings['UART'] = '9600,8,1,NONE,NFC'
    at_session.baudrate = at_session.expected_baudrate = 9600
    fake.baudrate = 9600
    at_session.find_and_enter_at_mode()
    assert at_session.found_baudrate == 115200
    result = engine.converge(engine.CachedDevice(at_session), config(system={'name': 'USR-M0'}))
    assert result['changed'] and result['commands'] == [] and result['serial_baudrate'] == 9600
    assert fake.restarts == 1 and fake.running_baud == 9600


def test_a_restart_without_answer_names_what_is_stored(fake, device):
    device.session.restart_timeout = 0
    original = fake._answer

    def answer(line):
        reply = original(line)
        if line == 'AT+Z':
            fake.silent = True  # the module never answers again
        return reply
    fake._answer = answer
    with pytest.raises(engine.RunFailed) as caught:
        engine.converge(device, config(system={'name': 'pump'}))
    assert [change.line() for change in caught.value.applied] == ['AT+MID=pump']
    assert str(caught.value).endswith('Stored (all of this run), not known to run until the module restarts: AT+MID=pump')


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_speed_change_over_a_raw_tcp_terminal_server_is_refused_before_any_set(fake, check_mode):
    from ansible_collections.usriot.m0.plugins.module_utils._internal.session import ATSession
    session = ATSession('socket://ts1.example.net:4001', model.SecretMasking, timeout=0.05).open().enter_at_mode()
    with pytest.raises(SessionError, match=r'^uart.baudrate 115200 -> 9600 cannot be followed over socket://ts1.example.net:4001: '
                                           r'.*Nothing was changed'):
        engine.converge(engine.CachedDevice(session), config(uart={'baudrate': 9600}, system={'name': 'x'}), check_mode=check_mode)
    assert fake.sets() == [] and fake.restarts == 0


def test_over_a_raw_tcp_terminal_server_the_speed_can_be_stored_without_restart(fake):
    from ansible_collections.usriot.m0.plugins.module_utils._internal.session import ATSession
    session = ATSession('socket://ts1.example.net:4001', model.SecretMasking, timeout=0.05).open().enter_at_mode()
    result = engine.converge(engine.CachedDevice(session), config(uart={'baudrate': 9600}), restart=False)
    assert fake.sets() == ['AT+UART=9600,8,1,NONE,NFC'] and result['restart_required'] and fake.restarts == 0


CONFIRM = {'socket_connected': True, 'timeout': 2.0, 'interval': 0.5}
NEW_SERVER = config(sock={'protocol': 'tcpc', 'remote_address': '10.20.0.50', 'port': 502})


def test_a_confirmed_change_polls_until_the_socket_connects(fake, device):
    fake.reachable = {'10.20.0.50:502'}
    result = engine.converge(device, NEW_SERVER, confirm=CONFIRM)
    assert result['restarted'] and result['confirmation']['seen'].startswith('connected after')
    assert fake.restarts == 1 and fake.settings['SOCK'] == 'TCPC,10.20.0.50,502'


def test_an_unconfirmed_change_is_rolled_back_restarted_and_verified(fake, device):
    fake.reachable = {'192.168.0.201:8234'}  # the old server answers, the new one does not
    with pytest.raises(engine.RunFailed) as failure:
        engine.converge(device, NEW_SERVER, confirm=CONFIRM)
    details = failure.value.details
    assert details['rolled_back'] and failure.value.applied == []
    # what ran, and what put it back
    assert details['commands'] == ['AT+SOCK=TCPC,10.20.0.50,502'] and details['put_back'] == ['AT+SOCK=TCPC,192.168.0.201,8234']
    assert details['running'] == {'sock': {'protocol': 'tcpc', 'remote_address': '192.168.0.201', 'port': 8234}}
    assert 'still read disconnected' in details['confirmation']['seen']
    # stored again, running again after a second restart, and polled with work mode between polls
    assert fake.settings['SOCK'] == fake.running_sock == 'TCPC,192.168.0.201,8234' and fake.restarts == 2
    polls = fake.lines.count('AT+SOCKLK')
    assert polls >= 2 and fake.lines.count('AT+ENTM') >= polls - 1


def test_a_rollback_that_cannot_complete_says_what_is_stored(fake, device):
    fake.reachable = set()
    original = fake._answer

    def refuse_the_undo(line):
        if line == 'AT+SOCK=TCPC,192.168.0.201,8234':
            return '+ERR=-5'
        return original(line)

    fake._answer = refuse_the_undo
    with pytest.raises(engine.RunFailed) as failure:
        engine.converge(device, NEW_SERVER, confirm=CONFIRM)
    assert not failure.value.details['rolled_back']
    assert 'putting back what ran before failed' in str(failure.value) and 'AT+SOCK=TCPC,10.20.0.50,502' in str(failure.value)
    assert [change.line() for change in failure.value.applied] == ['AT+SOCK=TCPC,10.20.0.50,502']


@pytest.mark.parametrize('protocol', ['tcps', 'udpc', 'udps', 'htpc'])
def test_a_socket_without_a_link_is_refused_before_any_set(fake, device, protocol):
    with pytest.raises(SessionError, match='sock.protocol %s has no link' % protocol):
        engine.converge(device, config(sock={'protocol': protocol}), confirm=CONFIRM)
    assert fake.sets() == []


def test_check_mode_says_what_the_confirmation_would_check_and_polls_nothing(fake, device):
    result = engine.converge(device, NEW_SERVER, check_mode=True, confirm=CONFIRM)
    assert result['confirmation']['seen'] == 'not checked in check mode' and 'AT+SOCKLK' in result['confirmation']['checked']
    assert 'AT+SOCKLK' not in fake.lines and fake.sets() == []


def test_nothing_to_change_confirms_nothing(fake, device):
    fake.reachable = set()
    result = engine.converge(device, config(sock={'protocol': 'tcpc'}), confirm=CONFIRM)
    assert not result['changed'] and 'confirmation' not in result


def test_a_line_that_drops_during_the_confirmation_is_reconnected_and_the_change_rolled_back(fake, device, monkeypatch):
    import serial
    fake.reachable = set()
    read, drops = fake.read, []

    def dropping_read(size=1):
        # the line fails for good once the module was polled twice, until the port is opened again
        if fake.lines.count('AT+SOCKLK') >= 2 and not fake.closed:
            drops.append(size)
            raise serial.SerialException('connection failed (reader thread died)')
        return read(size)

    monkeypatch.setattr(fake, 'read', dropping_read)
    real_close = fake.close

    def close_then_reopen():
        real_close()
        monkeypatch.setattr(fake, 'read', read)  # the new connection works

    monkeypatch.setattr(fake, 'close', close_then_reopen)
    with pytest.raises(engine.RunFailed) as failure:
        engine.converge(device, NEW_SERVER, confirm=CONFIRM)
    assert drops and failure.value.details['rolled_back']
    assert fake.settings['SOCK'] == fake.running_sock == 'TCPC,192.168.0.201,8234'
