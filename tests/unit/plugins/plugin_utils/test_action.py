# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one action of every module: where the module runs, and never a crash when ansible-core moves."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
from unittest.mock import MagicMock

import pytest

from ansible.module_utils.common import arg_spec
from ansible.plugins.action import ActionBase

from ansible_collections.usriot.m0.plugins.module_utils._internal import backup_codec, interruption
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import action as m0, backup
from ansible_collections.usriot.m0.plugins.modules import usr_m0_config, usr_m0_facts
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import core_adapter


def action_for(transport='local', become=False, async_val=0):
    connection = MagicMock(transport=transport)
    task = MagicMock(async_val=async_val, action='usriot.m0.usr_m0_config', resolved_action='usriot.m0.usr_m0_config',
                     check_mode=False, args={})
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    return m0.ActionModule(task, connection, MagicMock(become=become, check_mode=False), MagicMock(), templar, MagicMock())


@pytest.mark.parametrize('situation, task_vars, reason', [
    (dict(), dict(), None),
    (dict(), dict(usr_m0_run_as_module=True), 'usr_m0_run_as_module is true'),
    (dict(), dict(usr_m0_run_as_module='yes'), 'usr_m0_run_as_module is true'),
    (dict(), dict(usr_m0_run_as_module=False), None),
    (dict(transport='ssh'), dict(), 'connection ssh: the port is on the target'),
    (dict(become=True), dict(), 'become: the module runs as the become user'),
    (dict(async_val=30), dict(), 'async'),
])
def test_where_the_module_runs(situation, task_vars, reason):
    assert action_for(**situation)._module_process_reason(task_vars) == reason


def test_this_ansible_core_fits():
    assert core_adapter.unfit_reason() is None


def test_an_untested_ansible_core_is_unfit():
    assert core_adapter.unfit_reason('2.99.1') == (
        'ansible-core 2.99.1 is not a release usriot.m0 was tested with in the worker (%s)' % ', '.join(core_adapter.CHECKED_RELEASES))


class BareValidationResult:
    """A ValidationResult of an ansible-core that keeps no no_log values where the adapter reads them."""

    def __init__(self, parameters):
        self.parameters = parameters


def run_action(monkeypatch):
    """Run the action of a facts task; return its result and whether the worker path was taken."""
    plugin = action_for()
    plugin._execute_module = MagicMock(return_value={'changed': False, 'ansible_facts': {'usr_m0': {}}})
    in_worker = MagicMock(return_value={'changed': False})
    monkeypatch.setattr(m0, 'run_in_worker', in_worker)
    monkeypatch.setattr(plugin, '_compute_environment_string', lambda environment: None, raising=False)
    monkeypatch.setattr(plugin, '_module_code', lambda: usr_m0_facts)
    monkeypatch.setattr(ActionBase, 'run', lambda self, tmp=None, task_vars=None: {})
    return plugin.run(task_vars={}), in_worker.called


@pytest.mark.parametrize('take_hook_away, reason', [
    (lambda monkeypatch: monkeypatch.delattr(ActionBase, '_compute_environment_string'), 'computes no task environment for actions'),
    (lambda monkeypatch: monkeypatch.setattr(core_adapter, 'ValidationResult', BareValidationResult),
     'keeps no no_log values in its argument validation result'),
    (lambda monkeypatch: monkeypatch.setattr(core_adapter, 'ANSIBLE_CORE_VERSION', '2.99.0'), 'is not a release usriot.m0 was tested with'),
], ids=['environment hook', 'no_log values', 'unknown release'])
def test_a_missing_hook_runs_the_task_as_a_module_with_one_warning(monkeypatch, take_hook_away, reason):
    take_hook_away(monkeypatch)
    result, worker_ran = run_action(monkeypatch)
    assert not worker_ran and result['ansible_facts'] == {'usr_m0': {}}
    assert len(result['warnings']) == 1
    assert reason in result['warnings'][0] and result['warnings'][0].endswith('the task ran as a module instead of in the Ansible worker')


def test_a_fitting_ansible_core_runs_the_task_in_the_worker(monkeypatch):
    result, worker_ran = run_action(monkeypatch)
    assert worker_ran and result == {'changed': False}


def test_the_validator_the_worker_uses_is_public():
    assert core_adapter.no_log_values(arg_spec.ArgumentSpecValidator({'p': {'type': 'str', 'no_log': True}}).validate({'p': 'x'})) == {'x'}


HOST = {'serial_port': '/dev/ttyUSB3', 'serial_timeout': 1.0, 'usr_m0_mac': 'D8:B0:4C:00:00:09', 'usr_m0_terminal_server_sessions': None}
CONFIG_OPTIONS = usr_m0_config.module_arguments()['argument_spec']
FACTS_OPTIONS = usr_m0_facts.module_arguments()['argument_spec']


def test_what_the_task_does_not_give_comes_from_the_host_variables():
    plugin = action_for()
    plugin._task.args = {'serial_timeout': 5.0}
    assert plugin._options_from_host_variables(HOST, CONFIG_OPTIONS) == ({'serial_port': 'serial_port', 'expected_mac': 'usr_m0_mac'}, None)
    assert plugin._task.args == {'serial_port': '/dev/ttyUSB3', 'serial_timeout': 5.0, 'expected_mac': 'D8:B0:4C:00:00:09'}


def test_a_module_without_the_option_gets_nothing_for_it():
    plugin = action_for()
    assert 'expected_mac' not in FACTS_OPTIONS
    plugin._options_from_host_variables(HOST, FACTS_OPTIONS)
    assert plugin._task.args == {'serial_port': '/dev/ttyUSB3', 'serial_timeout': 1.0}


def test_backups_come_from_the_host_variables_and_a_confirmation_only_from_the_task():
    plugin = action_for()
    plugin._task.args = {}
    host = dict(HOST, usr_m0_backup=True, usr_m0_backup_options={'dir_path': '/srv/m0'}, usr_m0_confirm={'socket_connected': True})
    plugin._options_from_host_variables(host, CONFIG_OPTIONS)
    # confirm from a group variable would refuse every task with restart=false: only the role passes it
    assert plugin._task.args == {'serial_port': '/dev/ttyUSB3', 'serial_timeout': 1.0, 'expected_mac': 'D8:B0:4C:00:00:09',
                                 'backup': True, 'backup_options': {'dir_path': '/srv/m0'}}


@pytest.mark.parametrize('variable, option, value, says', [
    ('usr_m0_backup', 'backup', 'maybe', "usr_m0_backup (option backup of usriot.m0.usr_m0_config): argument 'backup' is of type str"),
    ('usr_m0_backup_options', 'backup_options', {'dirpath': '/srv'},
     'usr_m0_backup_options (option backup_options of usriot.m0.usr_m0_config): backup_options.dirpath. Supported parameters include: dir_path, filename.'),
    ('serial_baudrate', 'serial_baudrate', 'fast', "serial_baudrate (option serial_baudrate of usriot.m0.usr_m0_config): argument 'serial_baudrate'"),
])
def test_a_host_variable_that_does_not_fit_its_option_is_named(variable, option, value, says):
    plugin = action_for()
    assert plugin._options_from_host_variables(dict(HOST, **{variable: value}), CONFIG_OPTIONS)[1].startswith(says)
    assert option not in plugin._task.args


@pytest.mark.parametrize('task_args, host, says', [
    ({}, dict(HOST, usr_m0_mac='D8:B0:4C'), 'usr_m0_mac (option expected_mac of usriot.m0.usr_m0_config): '),
    ({'expected_mac': 'D8:B0:4C'}, HOST, 'expected_mac: '),
], ids=['from the host variable', 'from the task'])
def test_what_the_module_refuses_in_a_host_variable_names_the_variable(monkeypatch, task_args, host, says):
    plugin = action_for()
    plugin._task.args = dict(task_args, config={'system': {'name': 'guarded'}})
    monkeypatch.setattr(ActionBase, 'run', lambda self, tmp=None, task_vars=None: {})
    monkeypatch.setattr(plugin, '_compute_environment_string', lambda environment: None)
    monkeypatch.setattr(plugin, '_module_code', lambda: usr_m0_config)
    # the MAC is checked before the port (which does not exist) is opened
    result = plugin.run(task_vars=host)
    assert result['failed'] and result['msg'].startswith(says) and 'D8:B0:4C' in result['msg']


CHANGE = {'changed': True, 'commands': ['AT+MID=pump'], 'diff': {'before': {'system': {'name': 'M0'}}, 'after': {'system': {'name': 'pump'}}},
          'restarted': False, 'restart_required': False}
RUNNING = {'system': {'name': 'M0'}}


def backed_up_action(monkeypatch, tmp_path, checked, task_check_mode=False, dir_path=None):
    """A usr_m0_config task with backup whose module runs give checked in check mode and CHANGE, restarted, for real.

    Returns the action's result and, for each run of the module, whether it was in check mode and which backup
    files were on the disk then.
    """
    plugin = action_for()
    plugin._task.check_mode = task_check_mode
    plugin._task.args = {'config': {'system': {'name': 'pump'}}, 'backup': True,
                         'backup_options': {'dir_path': dir_path or str(tmp_path / 'backups'), 'filename': 'pump-07.yml'}}
    runs = []

    def run_module(code, task_vars, as_a_module, check_mode):
        runs.append((check_mode, sorted(os.listdir(str(tmp_path / 'backups'))) if (tmp_path / 'backups').is_dir() else []))
        return dict(checked) if check_mode else dict(CHANGE, restarted=True)
    monkeypatch.setattr(plugin, '_run_module', run_module)
    monkeypatch.setattr(plugin, '_module_code', lambda: usr_m0_config)
    monkeypatch.setattr(ActionBase, 'run', lambda self, tmp=None, task_vars=None: {})
    return plugin.run(task_vars={'inventory_hostname': 'pump-07'}), runs


def with_backup(result):
    return dict(result, **{backup_codec.BACKUP_KEY: backup_codec.encode({backup_codec.SETTINGS_KEY: RUNNING}, set())})


def test_the_change_runs_only_once_its_backup_is_on_the_disk(monkeypatch, tmp_path):
    result, runs = backed_up_action(monkeypatch, tmp_path, with_backup(CHANGE))
    assert runs == [(True, []), (False, ['pump-07.yml'])]
    assert result == dict(CHANGE, restarted=True, backup_path=str(tmp_path / 'backups' / 'pump-07.yml'))


def test_a_backup_that_cannot_be_written_stops_the_task_before_the_change(monkeypatch, tmp_path):
    (tmp_path / 'file').write_text('a file where a folder should be')
    result, runs = backed_up_action(monkeypatch, tmp_path, with_backup(CHANGE), dir_path=str(tmp_path / 'file' / 'backups'))
    assert runs == [(True, [])]
    assert result['failed'] and not result['changed'] and result['commands'] == [] and 'backup_path' not in result
    assert result['msg'].startswith('could not write the backup to %s: ' % (tmp_path / 'file' / 'backups' / 'pump-07.yml'))
    assert 'Not a directory' in result['msg'] and result['msg'].endswith('; nothing was changed on the module')


def test_a_backup_that_reads_back_otherwise_stops_the_task_before_the_change(monkeypatch, tmp_path):
    monkeypatch.setattr(backup, 'backup_text', lambda settings, task_vars: 'usr_m0_config: {system: {name: other}}\n')
    result, runs = backed_up_action(monkeypatch, tmp_path, with_backup(CHANGE))
    assert runs == [(True, [])] and result['failed'] and not result['changed']
    assert 'does not read back as the settings read from the module; nothing was changed' in result['msg']


def test_a_signal_held_while_the_backup_was_read_stops_the_task_before_the_change(monkeypatch, tmp_path):
    delivered = []
    monkeypatch.setattr(interruption, '_held', [signal.SIGTERM])
    monkeypatch.setattr(interruption, 'deliver_held', lambda: delivered.append(True))
    result, runs = backed_up_action(monkeypatch, tmp_path, with_backup(CHANGE))
    assert runs == [(True, [])] and result['failed'] and not result['changed'] and result['commands'] == []
    assert result['msg'] == 'interrupted by SIGTERM before the change; nothing was changed on the module'
    assert delivered == [True] and not (tmp_path / 'backups').exists()


def test_a_module_with_nothing_to_change_is_read_in_one_session(monkeypatch, tmp_path):
    unchanged = dict(CHANGE, changed=False, commands=[], diff={'before': {}, 'after': {}})
    result, runs = backed_up_action(monkeypatch, tmp_path, unchanged)
    assert runs == [(True, [])] and result == unchanged and not (tmp_path / 'backups').exists()


def test_in_check_mode_the_backup_is_read_not_written(monkeypatch, tmp_path):
    result, runs = backed_up_action(monkeypatch, tmp_path, with_backup(CHANGE), task_check_mode=True)
    assert runs == [(True, [])] and result == CHANGE and not (tmp_path / 'backups').exists()


@pytest.mark.parametrize('check_mode', [True, False])
def test_the_module_process_runs_in_the_check_mode_asked_whatever_the_task_says(check_mode):
    plugin = action_for()
    plugin._task.check_mode = not check_mode
    plugin._execute_module = lambda task_vars: {'check_mode': plugin._task.check_mode}
    assert plugin._run_module(usr_m0_config, {}, True, check_mode) == {'check_mode': check_mode}
    assert plugin._task.check_mode is not check_mode


@pytest.mark.parametrize('verbosity, transcript_kept', [(0, False), (1, True)])
def test_a_failure_keeps_its_transcript_for_verbose_runs(monkeypatch, verbosity, transcript_kept):
    """The default callback prints a failed task's whole result: at the default verbosity it stays a few lines."""
    plugin = action_for()
    plugin._task.args = {'config': {'system': {'name': 'pump'}}}
    transcript = [{'command': 'AT+MID=pump', 'reply': '+ERR=-4'}] * 40
    monkeypatch.setattr(plugin, '_run_module', lambda code, task_vars, as_a_module, check_mode: {
        'failed': True, 'msg': '/dev/ttyUSB0: AT+MID=pump was refused', 'transcript': transcript})
    monkeypatch.setattr(plugin, '_module_code', lambda: usr_m0_config)
    monkeypatch.setattr(ActionBase, 'run', lambda self, tmp=None, task_vars=None: {})
    monkeypatch.setattr(m0.display, 'verbosity', verbosity)
    result = plugin.run(task_vars={'inventory_hostname': 'pump-07'})
    if transcript_kept:
        assert result['transcript'] == transcript and result['msg'] == '/dev/ttyUSB0: AT+MID=pump was refused'
    else:
        assert 'transcript' not in result
        assert result['msg'] == '/dev/ttyUSB0: AT+MID=pump was refused (-v shows the AT transcript)'
