# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module's work run in the worker gives what the module process gives, on public argument validation."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible.module_utils.testing import patch_module_args
from ansible.template import trust_as_template

from ansible_collections.usriot.m0.plugins.modules import usr_m0_command, usr_m0_config, usr_m0_facts, usr_m0_uart, usr_m0_web
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import core_adapter, worker

PORT = {'serial_port': '/dev/ttyFAKE', 'serial_timeout': 0.05}
MODES = {'_ansible_check_mode': False, '_ansible_diff': False}


def as_module(module, capsys, args, check_mode):
    name = 'usriot.m0.%s' % module.__name__.rsplit('.', 1)[1]
    with patch_module_args(dict(args, _ansible_check_mode=check_mode, _ansible_diff=True, _ansible_module_name=name)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def in_worker(module, args, check_mode=False):
    name = 'usriot.m0.%s' % module.__name__.rsplit('.', 1)[1]
    # what this ansible-core does by default, as the module process above does
    return worker.run_in_worker(name, module, dict(args), check_mode, core_adapter.inject_invocation({}))


@pytest.mark.parametrize('module, args, check_mode', [
    (usr_m0_facts, dict(PORT, gather_subset=['system', 'web']), False),
    (usr_m0_uart, dict(PORT, baudrate=9600, speed='fast'), False),
    (usr_m0_uart, dict(PORT, baudrate='fast'), False),
    (usr_m0_uart, dict(PORT, parity='odd-ish'), False),
    (usr_m0_config, dict(PORT, state='merged'), False),
    (usr_m0_config, dict(PORT, state='gathered', config={'system': {'name': 'x'}, 'dns': 1}), False),
    (usr_m0_web, dict(PORT, password='toolong'), False),
    (usr_m0_config, dict(PORT, config={'web': {'password': 'pw1'}, 'system': {'name': 'pump'}}), True),
    (usr_m0_config, dict(PORT, config={'uart': {'baudrate': 9600}}, serial_baudrate=1), False),
    (usr_m0_config, dict(PORT, state='parsed', config={'system': {'name': 'x'}}, running_config='AT+VER\n+OK=4016'), False),
], ids=['facts', 'unknown option', 'wrong type', 'choices', 'required_if', 'unknown suboption', 'secret out of range',
        'check mode diff', 'refused transport', 'mutually exclusive'])
def test_same_result_in_the_worker_as_in_a_module_process(fake, capsys, module, args, check_mode):
    assert in_worker(module, args, check_mode) == as_module(module, capsys, args, check_mode)


def test_no_log_options_never_in_the_result(fake):
    result = worker.run_in_worker('usriot.m0.usr_m0_web', usr_m0_web, dict(PORT, password='pw1'), True, True)
    assert result['changed'] and 'pw1' not in json.dumps(result)
    assert result['invocation']['module_args']['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def test_config_and_running_config_exclude_each_other(fake):
    result = in_worker(usr_m0_config, dict(PORT, state='parsed', config={'system': {'name': 'x'}}, running_config='AT+VER\n+OK=4016'))
    assert result['failed'] and result['msg'] == 'parameters are mutually exclusive: config|running_config'


def test_invocation_only_when_asked(fake):
    result = worker.run_in_worker('usriot.m0.usr_m0_facts', usr_m0_facts, dict(PORT), False, False)
    assert 'invocation' not in result and 'ansible_facts' in result


def test_check_mode_sends_no_set(fake):
    result = in_worker(usr_m0_config, dict(PORT, config={'system': {'name': 'pump'}}), check_mode=True)
    assert result['changed'] and result['commands'] == ['AT+MID=pump']
    assert not any(line.startswith('AT+MID=') for line in fake.lines)


def test_warnings_come_back_in_the_result(fake):
    result = in_worker(usr_m0_config, dict(PORT, state='rendered', config={'uart': {'baudrate': 9600}}))
    assert result['rendered'] == ['AT+UART=9600,8,1,NONE,NFC']
    assert len(result['warnings']) == 1 and 'factory values for uart' in result['warnings'][0]


class CrashingModule:
    """Module code with a bug: its run() raises."""

    @staticmethod
    def module_arguments():
        return dict(argument_spec={'password': {'type': 'str', 'no_log': True}})

    @staticmethod
    def run(module):
        raise KeyError('bug near %s' % module.params['password'])


def test_a_crash_is_a_failed_task_with_its_traceback_and_no_secret():
    result = worker.run_in_worker('usriot.m0.crash', CrashingModule, {'password': 'Hk3Jq'}, False, False)
    assert result['failed'] and 'KeyError' in result['msg'] and 'Traceback' in result['exception']
    assert 'Hk3Jq' not in json.dumps(result)


class SilentModule(CrashingModule):
    """Module code that returns without exit_json or fail_json."""

    @staticmethod
    def run(module):
        return None


def test_a_module_without_a_result_fails():
    result = worker.run_in_worker('usriot.m0.silent', SilentModule, {}, False, False)
    assert result == {'failed': True, 'msg': 'usriot.m0 module usriot.m0.silent ended without a result'}


class EnvironmentAction:
    """The part of an action that task_environment uses."""

    @staticmethod
    def _compute_environment_string(raw_environment_out):
        raw_environment_out.update({'USR_M0_SERIAL_PORT': '/dev/ttyFAKE'})
        return ''


def test_the_task_environment_reaches_the_module_and_is_put_back(fake, monkeypatch):
    monkeypatch.delenv('USR_M0_SERIAL_PORT', raising=False)
    saved = dict(os.environ)
    with core_adapter.task_environment(EnvironmentAction()):
        result = worker.run_in_worker('usriot.m0.usr_m0_facts', usr_m0_facts, {'serial_timeout': 0.05}, False, False)
    assert result['ansible_facts']['usr_m0']['mac'] and dict(os.environ) == saved


def test_a_lone_surrogate_is_refused_in_the_worker(fake):
    # as on the module path: the arguments go through the JSON a module process gets, which refuses it
    result = worker.run_in_worker('usriot.m0.usr_m0_command', usr_m0_command, dict(PORT, commands=[u'AT+MID=\ud800']), False, False)
    assert result['failed'] and fake.lines == []
    assert result['msg'].startswith('the arguments of usriot.m0.usr_m0_command cannot be given to a module: ') and 'surrogate' in result['msg']


def test_the_module_gets_its_arguments_as_plain_data_as_a_module_process_does():
    # templated values are tagged, and a Jinja native result may be a tuple: a module process gets JSON
    config = {'system': {'name': trust_as_template('pump')}, 'http': {'headers': ('A: 1',)}}
    module = worker.WorkerModule('usriot.m0.usr_m0_config', dict(PORT, config=config), True, False, **usr_m0_config.module_arguments())
    assert type(module.params['config']['system']['name']) is str  # pylint: disable=unidiomatic-typecheck
    assert module.params['config']['http']['headers'] == ['A: 1']
