# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared action: a module's main() run in this process gives what the module process gives."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible.module_utils import _internal, basic
from ansible.module_utils.testing import patch_module_args
from unittest.mock import MagicMock

from ansible_collections.usriot.m0.plugins.modules import usr_m0_config, usr_m0_facts, usr_m0_uart, usr_m0_web
from ansible_collections.usriot.m0.plugins.plugin_utils import action

PORT = {'serial_port': '/dev/ttyFAKE', 'serial_timeout': 0.05}


def as_module(module, capsys, args):
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def in_worker(module, args, environment=None):
    return json.loads(action.run_module_main(getattr(module, 'main', module), args, environment or {}))


@pytest.mark.parametrize('module, args', [
    (usr_m0_facts, dict(PORT, gather_subset=['system', 'web'])),
    (usr_m0_uart, dict(PORT, baudrate=9600, speed='fast')),
    (usr_m0_uart, dict(PORT, baudrate='fast')),
    (usr_m0_config, dict(PORT, state='merged')),
    (usr_m0_web, dict(PORT, password='toolong')),
    (usr_m0_config, dict(PORT, config={'web': {'password': 'pw1'}, 'system': {'name': 'pump'}},
                         _ansible_check_mode=True, _ansible_diff=True)),
], ids=['facts', 'unknown option', 'wrong type', 'required_if', 'secret out of range', 'check mode diff'])
def test_same_result_in_the_worker_as_in_a_module_process(fake, capsys, module, args):
    assert in_worker(module, dict(args)) == as_module(module, capsys, dict(args))


def test_no_log_options_never_in_the_result(fake):
    result = in_worker(usr_m0_web, dict(PORT, password='pw1', _ansible_check_mode=True))
    assert result['changed'] and 'pw1' not in json.dumps(result)
    assert result['invocation']['module_args']['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def test_check_mode_sends_no_set(fake):
    result = in_worker(usr_m0_config, dict(PORT, config={'system': {'name': 'pump'}}, _ansible_check_mode=True))
    assert result['changed'] and result['commands'] == ['AT+MID=pump']
    assert not any(line.startswith('AT+MID=') for line in fake.lines)


def warning_module():
    module = basic.AnsibleModule(argument_spec={'port': {'type': 'str'}})
    module.warn('from %s' % os.environ['USR_M0_SERIAL_PORT'])
    module.exit_json(changed=False, seen_as_controller=_internal.is_controller)


def test_warnings_come_back_in_the_result_and_the_worker_is_put_back():
    saved = (dict(os.environ), basic._ANSIBLE_ARGS, basic.AnsibleModule._record_module_result)
    result = in_worker(warning_module, {'port': 'x'}, {'USR_M0_SERIAL_PORT': '/dev/ttyTASK'})
    # as a module process writes it; the action decodes it into the task's warnings
    assert [warning['event']['msg'] for warning in result['warnings']] == ['from /dev/ttyTASK']
    # the module saw a module process, and the worker is a controller process again afterwards
    assert result['seen_as_controller'] is False and _internal.is_controller is True
    assert (dict(os.environ), basic._ANSIBLE_ARGS, basic.AnsibleModule._record_module_result) == saved


def crashing_module():
    raise KeyError('bug')


def test_a_crash_propagates_and_the_worker_is_put_back():
    saved = dict(os.environ)
    with pytest.raises(KeyError):
        in_worker(crashing_module, {}, {'USR_M0_SERIAL_PORT': '/dev/ttyTASK'})
    assert dict(os.environ) == saved and _internal.is_controller is True


def action_for(transport='local', become=False, async_val=0, **task_vars):
    connection = MagicMock(transport=transport)
    task = MagicMock(async_val=async_val, action='usriot.m0.usr_m0_facts')
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    plugin = action.ActionModule(task, connection, MagicMock(become=become), MagicMock(), templar, MagicMock())
    return plugin._module_process_reason(task_vars)


@pytest.mark.parametrize('situation, reason', [
    (dict(), None),
    (dict(usr_m0_run_as_module=True), 'usr_m0_run_as_module is true'),
    (dict(usr_m0_run_as_module='yes'), 'usr_m0_run_as_module is true'),
    (dict(usr_m0_run_as_module=False), None),
    (dict(transport='ssh'), 'connection ssh: the port is on the target'),
    (dict(become=True), 'become: the module runs as the become user'),
    (dict(async_val=30), 'async'),
])
def test_where_the_module_runs(situation, reason):
    assert action_for(**situation) == reason
