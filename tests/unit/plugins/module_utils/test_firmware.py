# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module whose firmware lacks commands: learnt from its +ERR=-2, read, refused, audited for what it has."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.usriot.m0.plugins.module_utils._internal import audit, engine, model
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import DeviceError, SessionError
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import FIRMWARE_4010, normalised as config

LACKS_4010 = ['http', 'registration.cloud_id', 'registration.cloud_password']


@pytest.fixture
def older(fake):
    return fake.run_firmware(*FIRMWARE_4010)


@pytest.mark.parametrize('lacking, named', [
    (FIRMWARE_4010[1], LACKS_4010),
    (('HTPHEAD',), ['http.headers']),
    (('MAC', 'HTPURL'), ['http.url', 'mac', 'system.mac']),  # AT+USERMAC is read back through AT+MAC
    ((), []),
], ids=['4010', 'one command of a section', 'a status value', 'nothing'])
def test_what_a_firmware_lacks_is_named_as_the_facts_name_it(lacking, named):
    assert model.unsupported_settings(set(lacking)) == named


def test_facts_hold_what_the_firmware_has_and_name_what_it_lacks(older, device):
    facts = device.gather(model.SECTIONS)
    assert 'http' not in facts and facts['firmware_version'] == '4010'
    assert facts['registration'] == {'mode': 'off', 'send': 'first', 'data': 'www.usr.cn'}
    assert facts['unsupported'] == LACKS_4010
    assert device.gather(['network'])['unsupported'] == LACKS_4010  # what the session learnt stays learnt


def test_a_command_the_firmware_lacks_is_asked_once_a_session(older, device):
    for dummy in range(2):
        device.gather(model.SECTIONS)
        device.forget()  # as after a set or a restart: the firmware is still the same
    assert older.lines.count('AT+HTPTP') == 1 and older.lines.count('AT+REGCLOUD') == 1
    assert older.lines.count('AT+WANN') == 2


def test_other_errors_to_a_query_are_failures_not_a_lacking_command(fake, device):
    fake.settings['SOCKLK'] = None
    fake._answer = lambda line, answer=fake._answer: '+ERR=-5' if line == 'AT+SOCKLK' else answer(line)
    with pytest.raises(DeviceError, match=r'AT\+SOCKLK was refused with \+ERR=-5'):
        device.gather([])


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('wanted, commands, named', [
    (config(http={'method': 'post'}), 'AT+HTPTP (it answers +ERR=-2, invalid command, to its query)', 'http.method'),
    (config(sock={'port': 502}, registration={'mode': 'usr', 'cloud_id': '0' * 20, 'cloud_password': 'pw'},
            http={'url': '/x', 'filter_response_header': True}),
     'AT+REGCLOUD, AT+HTPURL, AT+HTPCHD (it answers +ERR=-2, invalid command, to their queries)',
     'registration.cloud_id, registration.cloud_password, http.url, http.filter_response_header'),
], ids=['one setting', 'settings of two commands among others'])
def test_a_config_naming_what_the_firmware_lacks_is_refused_before_any_set(older, device, check_mode, wanted, commands, named):
    with pytest.raises(SessionError) as refused:
        engine.converge(device, wanted, check_mode=check_mode)
    assert str(refused.value) == (
        'the module runs firmware 4010, which has no %s: it cannot hold %s. Nothing was changed (no set or restart '
        'command sent). Give %s only to modules whose firmware has %s (ansible_facts.usr_m0.unsupported lists what a '
        'module lacks)' % (commands, named, 'it' if ',' not in named else 'them',
                           'the command' if 'its query' in commands else 'the commands'))
    assert older.sets() == [] and older.restarts == 0


def test_a_config_of_what_the_firmware_has_converges_and_is_idempotent(older, device):
    wanted = config(registration={'mode': 'usr', 'data': 'site-7'}, sock={'port': 502})
    result = engine.converge(device, wanted)
    assert result['commands'] == ['AT+SOCK=TCPC,192.168.0.201,502', 'AT+REGEN=USR', 'AT+REGUSR=site-7']
    assert 'unsupported' not in result and not any(line.startswith(('AT+HTP', 'AT+REGCLOUD')) for line in older.lines)
    again = engine.converge(device, wanted)
    assert not again['changed'] and again['commands'] == [] and len(older.sets()) == 3


@pytest.mark.parametrize('state, given', [('overridden', config(sock={'port': 502})), ('deleted', config(http={})),
                                          ('replaced', config(http={})), ('deleted', {})])
def test_whole_section_states_leave_what_the_firmware_lacks_alone(older, device, state, given):
    older.settings['HEARTTM'] = '90'
    result = engine.converge(device, given, state=state, check_mode=True)
    assert not any(line.startswith(('AT+HTP', 'AT+REGCLOUD')) and '=' in line for line in result['commands'])
    assert 'http' in result['unsupported'] and older.sets() == []
    assert result['commands'] == {'overridden': ['AT+SOCK=TCPC,192.168.0.201,502', 'AT+HEARTTM=30'], 'replaced': [],
                                  'deleted': ['AT+HEARTTM=30'] if not given else []}[state]


def test_with_skip_unsupported_what_the_firmware_lacks_is_left_out_and_named(older, device):
    result = engine.converge(device, config(http={'method': 'post'}, sock={'port': 502}), skip_unsupported=True)
    # what the run read: the one command of the section it asked for
    assert result['commands'] == ['AT+SOCK=TCPC,192.168.0.201,502'] and result['unsupported'] == ['http.method']
    assert older.sets() == result['commands'] and result['diff']['after'] == {'sock': {'port': 502}}


def test_the_backup_holds_what_the_firmware_has_and_the_result_what_it_lacks(older, device):
    result = engine.converge(device, config(sock={'port': 502}), check_mode=True, backup=True)
    assert 'http' not in result['backup'] and 'cloud_id' not in result['backup']['registration']
    assert result['unsupported'] == LACKS_4010


def test_the_audit_reports_a_wanted_setting_the_firmware_cannot_hold_on_its_own(older, device):
    result = audit.audit(device, config(http={'method': 'post'}, registration={'cloud_password': 'pw'}, sock={'port': 8234}))
    assert result['status'] == audit.UNSUPPORTED and result['drift'] == [] and result['firmware_version'] == '4010'
    assert result['unsupported'] == [{'setting': 'registration.cloud_password', 'wanted': model.MASK, 'command': 'AT+REGCLOUD'},
                                     {'setting': 'http.method', 'wanted': 'post', 'command': 'AT+HTPTP'}]
    assert result['diff'] == {'before': {'sock': {'port': 8234}}, 'after': {'sock': {'port': 8234}}}
    assert 'pw' not in repr(result) and older.sets() == []


def test_drift_outranks_what_the_firmware_cannot_hold(older, device):
    result = audit.audit(device, config(http={'method': 'post'}, sock={'port': 502}))
    assert result['status'] == 'drifted' and [item['setting'] for item in result['unsupported']] == ['http.method']


def test_a_module_that_has_every_wanted_setting_is_audited_as_before(fake, device):
    result = audit.audit(device, config(http={'method': 'get'}))
    assert result['status'] == 'compliant' and result['unsupported'] == [] and 'firmware_version' not in result
    assert 'AT+VER' not in fake.lines  # the audit's session is no longer than it was


def test_no_risk_is_told_from_a_setting_the_firmware_lacks(older, device):
    older.run_firmware('4008', ['HEARTEN'])
    assert not [risk for risk in audit.audit(device, {})['risks'] if 'heartbeat' in risk]
