# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A signal during a session waits for a safe point; what became of the module is kept for the next run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import signal
import threading

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.usriot.m0.plugins.module_utils._internal import engine, interruption
from ansible_collections.usriot.m0.plugins.modules import usr_m0_audit, usr_m0_config, usr_m0_facts
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import normalised


@pytest.fixture(autouse=True)
def no_held_signal(monkeypatch):
    monkeypatch.setattr(interruption, '_held', [])


@pytest.fixture
def noted():
    """The signals delivered to this process's own handlers (a stand-in for an Ansible worker's)."""
    seen = []
    previous = dict((signum, signal.signal(signum, lambda number, frame: seen.append(number)))
                    for signum in interruption.HELD_SIGNALS)
    yield seen
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@pytest.mark.parametrize('signum', interruption.HELD_SIGNALS)
def test_a_signal_is_held_until_the_block_ends_then_delivered_on_request(noted, signum):
    with interruption.Hold() as hold:
        os.kill(os.getpid(), signum)
        assert noted == [] and hold.stop_reason() == 'interrupted by %s' % signal.Signals(signum).name
    assert noted == []
    interruption.deliver_held()
    assert noted == [signum]


def test_outside_the_main_thread_nothing_is_held(noted):
    errors = []

    def hold():
        try:
            with interruption.Hold() as held:
                errors.append(held.stop_reason())
        except ValueError as exc:  # signal.signal outside the main thread
            errors.append(exc)
    thread = threading.Thread(target=hold)
    thread.start()
    thread.join()
    assert errors == [None]


def test_the_parent_gone_is_a_reason_to_stop(monkeypatch):
    with interruption.Hold() as hold:
        monkeypatch.setattr(interruption.os, 'getppid', lambda: 1)
        assert hold.stop_reason().startswith('interrupted: the process that started this run ended')


def test_an_interruption_between_sets_rolls_back_what_the_run_stored(fake, device, monkeypatch):
    stops = iter([None, 'interrupted by SIGINT'])
    monkeypatch.setattr(device, 'stop_reason', lambda: next(stops))
    with pytest.raises(engine.RunFailed, match=r'^interrupted by SIGINT\. Rolled back: AT\+MID=USR-M0 stored again .* '
                                               r'Not applied: AT\+DNS=10\.20\.0\.2\. Nothing of this run is stored\.$') as caught:
        engine.converge(device, normalised(system={'name': 'pump-7'}, network={'dns': '10.20.0.2'}))
    assert caught.value.applied == [] and fake.restarts == 0
    assert fake.settings['MID'] == 'USR-M0' and fake.settings['DNS'] == '208.67.222.222'


def test_an_interruption_after_the_last_set_finishes_the_restart_and_its_check(fake, device, monkeypatch):
    calls = []

    def stop_after_the_sets():
        calls.append(len(fake.sets()))
        return 'interrupted by SIGTERM' if len(calls) > 1 else None
    monkeypatch.setattr(device, 'stop_reason', stop_after_the_sets)
    result = engine.converge(device, normalised(system={'name': 'pump-7'}))
    assert result['restarted'] and fake.restarts == 1 and fake.settings['MID'] == 'pump-7'


def test_an_interrupted_confirmation_puts_back_what_ran_before(fake, device, monkeypatch):
    monkeypatch.setattr(device, 'stop_reason', lambda: 'interrupted by SIGINT' if fake.restarts else None)
    confirm = {'socket_connected': True, 'timeout': 60.0, 'interval': 5.0}
    with pytest.raises(engine.RunFailed, match=r'not confirmed \(interrupted by SIGINT while confirming, after .*\): rolled back') as caught:
        engine.converge(device, normalised(sock={'remote_address': '10.0.0.9'}), confirm=confirm)
    assert caught.value.details['rolled_back'] and fake.restarts == 2
    assert fake.settings['SOCK'] == 'TCPC,192.168.0.201,8234'


def test_a_module_found_in_at_mode_is_restarted_though_nothing_differs(fake, at_session):
    fake.mode = 'at'
    at_session.enter_at_mode()
    result = engine.converge(engine.CachedDevice(at_session), normalised(system={'name': 'USR-M0'}))
    assert result['changed'] and result['found_in_at_mode'] and result['restarted'] and result['commands'] == []
    assert fake.restarts == 1 and fake.sets() == []


def run(module, capsys, **args):
    with patch_module_args(dict({'serial_port': '/dev/ttyFAKE', 'serial_timeout': 0.05}, **args)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def test_a_signal_during_the_sets_ends_in_work_mode_and_is_kept_for_the_next_run(fake, capsys, journal, monkeypatch, noted):
    original = fake._answer

    def interrupt_at_the_first_set(line):
        if '=' in line and len(fake.sets()) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        return original(line)
    fake._answer = interrupt_at_the_first_set
    result = run(usr_m0_config, capsys, config={'system': {'name': 'pump-7'}, 'network': {'dns': '10.20.0.2'}})
    assert result['failed'] and result['msg'].startswith('/dev/ttyFAKE: interrupted by SIGINT. Rolled back: AT+MID=USR-M0')
    assert fake.mode == 'work' and fake.restarts == 0 and fake.settings['MID'] == 'USR-M0'
    assert noted == []  # held for the caller: an Ansible worker delivers it once its result is kept
    kept = json.loads((journal / '_dev_ttyFAKE.json').read_text())
    assert kept['reason'] == 'interrupted by SIGINT' and kept['outcome'].endswith('The module was left in work mode')
    assert '/dev/ttyFAKE: interrupted by SIGINT. Rolled back' in json.dumps(result['warnings'])

    interruption.deliver_held()  # as the action does once the result is kept: the process ends
    assert noted == [signal.SIGINT]
    fake._answer = original
    again = run(usr_m0_facts, capsys, gather_subset=['status'])
    assert re.search(r'an earlier run on /dev/ttyFAKE was interrupted: [^"]*: interrupted by SIGINT\. '
                     r'Rolled back', json.dumps(again['warnings']))
    assert not (journal / '_dev_ttyFAKE.json').exists()
    assert again['ansible_facts']['usr_m0']['found_in_at_mode'] is False


@pytest.mark.parametrize('plant, says', [(lambda journal, make_theirs: journal.chmod(0o777), 'is writable by its group and others'),
                                         (lambda journal, make_theirs: make_theirs(journal), 'is owned by uid 54321')],
                         ids=['writable by others', "another user's"])
def test_a_journal_folder_not_the_users_own_is_not_read_nor_written_and_the_record_says_why(
        fake, capsys, journal, another_users, plant, says):
    journal.mkdir(mode=0o700)
    entry = journal / '_dev_ttyFAKE.json'
    entry.write_text(json.dumps({'port': '/dev/ttyFAKE', 'time': 't', 'reason': 'planted', 'outcome': 'x', 'epoch': 1.0}))
    plant(journal, another_users)
    result = run(usr_m0_facts, capsys, gather_subset=['status'])
    assert 'planted' not in json.dumps(result.get('warnings', [])) and interruption.since(0.0) == []
    assert interruption.record('/dev/ttyFAKE', 'r', 'o').startswith('not kept: %s %s' % (journal, says))
    assert os.listdir(str(journal)) == ['_dev_ttyFAKE.json']


def test_facts_say_when_the_module_was_found_in_at_mode(fake, capsys):
    fake.mode = 'at'
    facts = run(usr_m0_facts, capsys, gather_subset=['status'])['ansible_facts']['usr_m0']
    assert facts['found_in_at_mode'] is True and fake.mode == 'work'


def test_a_signal_held_by_an_earlier_session_of_the_process_stops_the_next_before_any_set(fake, capsys, noted):
    # the backup's check-mode session held it; the change's session must not start setting
    with interruption.Hold():
        os.kill(os.getpid(), signal.SIGTERM)
    result = run(usr_m0_config, capsys, config={'system': {'name': 'pump-7'}})
    assert result['failed'] and result['msg'].startswith('/dev/ttyFAKE: interrupted by SIGTERM. Nothing was applied.')
    assert fake.sets() == [] and fake.mode == 'work'


def test_a_module_found_in_at_mode_by_a_read_is_restarted_by_the_next_converge(fake, capsys, journal):
    fake.mode = 'at'
    facts = run(usr_m0_facts, capsys, gather_subset=['status'])
    assert facts['ansible_facts']['usr_m0']['found_in_at_mode'] and fake.mode == 'work' and fake.restarts == 0
    assert json.loads((journal / '_dev_ttyFAKE.json').read_text())['restart_owed'] is True

    audited = run(usr_m0_audit, capsys, config={'system': {'name': 'USR-M0'}})
    assert audited['status'] == 'left in AT mode' and fake.restarts == 0  # still owed: a read does not restart

    converged = run(usr_m0_config, capsys, config={'system': {'name': 'USR-M0'}})
    assert converged['changed'] and converged['found_in_at_mode'] and converged['restarted'] and converged['commands'] == []
    assert fake.restarts == 1 and fake.sets() == [] and not (journal / '_dev_ttyFAKE.json').exists()
    assert run(usr_m0_config, capsys, config={'system': {'name': 'USR-M0'}})['changed'] is False
