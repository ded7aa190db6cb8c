# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The usriot.m0.watch event source's watch: which hosts of an inventory it reads and how, and the events a round's
result makes against the round before (the source itself runs against the simulator in
tests/unit/extensions/eda/plugins/event_source/test_watch.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import yaml

from ansible_collections.usriot.m0.plugins.plugin_utils._internal import watch

DRIFT = [{'setting': 'heartbeat.interval', 'wanted': 45, 'running': 99}]


def answered(drift=(), mac='D8B04C000001', baudrate=115200, **seen):
    result = dict(changed=False, drift=list(drift), at_factory=False, mac=mac, expected_mac=None, serial_baudrate=baudrate,
                  found_in_at_mode=False, answered_after_silence=False)
    result.update(seen)
    return result


SILENT = {'failed': True, 'msg': '/dev/ttyUSB0: no answer to the +++ handshake at 115200 baud after 2 attempts'}


def kinds(events):
    return [found['usr_m0']['kind'] for found in events]


@pytest.fixture
def module():
    return watch.Watched('pump-07', {'serial_port': '/dev/ttyUSB0', 'config': {}})


def test_a_module_silent_from_the_start_vanishes_once_and_appears_with_what_differs(module):
    assert module.events(SILENT) == []
    assert module.events(SILENT) == [{'usr_m0': {'host': 'pump-07', 'kind': 'vanished', 'serial_port': '/dev/ttyUSB0',
                                                 'reason': SILENT['msg']}, 'meta': {'hosts': 'pump-07'}}]
    assert module.events(SILENT) == []
    events = module.events(answered(DRIFT, at_factory=True))
    assert kinds(events) == ['appeared', 'factory_reset']
    assert events[0]['usr_m0'] == {'host': 'pump-07', 'kind': 'appeared', 'serial_port': '/dev/ttyUSB0', 'mac': 'D8B04C000001',
                                   'serial_baudrate': 115200}
    assert events[1]['usr_m0']['drift'] == DRIFT


def test_a_drift_is_put_when_it_comes_and_again_after_the_module_was_put_right(module):
    assert module.events(answered()) == []
    assert kinds(module.events(answered(DRIFT))) == ['drifted']
    assert module.events(answered(DRIFT)) == []
    assert module.events(answered()) == []
    assert kinds(module.events(answered(DRIFT))) == ['drifted']


def test_a_drift_is_put_again_after_the_module_vanished(module):
    assert kinds(module.events(answered(DRIFT))) == ['drifted']
    assert module.events(SILENT) == []
    assert kinds(module.events(SILENT)) == ['vanished']
    assert kinds(module.events(answered(DRIFT))) == ['appeared', 'drifted']


def test_one_missed_round_is_a_blip_not_a_vanished_module_and_the_next_round_compares_with_the_last_answer(module):
    assert kinds(module.events(answered(DRIFT))) == ['drifted']
    assert module.events(SILENT) == []
    assert module.events(answered(DRIFT)) == []  # the same drift: not put again, and nothing appeared
    assert module.events(SILENT) == []
    assert kinds(module.events(answered())) == []
    assert module.events(SILENT) == [] and kinds(module.events(SILENT)) == ['vanished']


def test_another_speed_than_in_the_last_round_is_a_restart_and_the_next_round_reads_at_it(module, monkeypatch):
    module.events(answered())
    events = module.events(answered(baudrate=9600))
    assert kinds(events) == ['restarted']
    assert events[0]['usr_m0']['evidence'].startswith('it answers at 9600 baud, at 115200 in the last round')
    ran = []
    monkeypatch.setattr(watch, 'run_in_worker', lambda name, code, arguments, **kwargs: ran.append(arguments) or answered())
    module.read()
    assert ran == [{'serial_port': '/dev/ttyUSB0', 'config': {}, 'serial_baudrate': 9600}]
    assert module.arguments == {'serial_port': '/dev/ttyUSB0', 'config': {}}


def test_a_module_restarting_when_the_round_began_restarted_but_not_one_found_so_in_the_first_round(module):
    assert module.events(answered(answered_after_silence=True)) == []
    assert kinds(module.events(answered(answered_after_silence=True))) == ['restarted']
    assert module.events(answered()) == []


def test_a_module_found_in_at_mode_is_put_each_time_it_is_found_so(module):
    assert kinds(module.events(answered(found_in_at_mode=True))) == ['found_in_at_mode']
    assert module.events(answered()) == []
    assert kinds(module.events(answered(found_in_at_mode=True))) == ['found_in_at_mode']


def test_another_module_on_the_port_is_a_new_one_and_its_drift_is_put(module):
    module.events(answered(DRIFT))
    events = module.events(answered(DRIFT, mac='D8B04C0000AA'))
    assert kinds(events) == ['appeared', 'drifted']
    assert events[0]['usr_m0']['previous_mac'] == 'D8B04C000001'


def test_with_usr_m0_mac_another_module_is_the_module_vanished(module):
    events = module.events(answered(mac='D8B04C0000AA', expected_mac='D8B04C000001'))
    assert events[0]['usr_m0']['reason'] == 'another module answers on its port: MAC D8B04C0000AA, usr_m0_mac is D8B04C000001'
    assert kinds(module.events(answered(expected_mac='D8B04C000001'))) == ['appeared']


def test_a_warning_is_given_once_even_when_it_quotes_a_new_journal_time(module):
    said = 'an earlier run on /dev/ttyUSB0 was interrupted: %s: the module was found in AT mode'
    assert module.new_warnings({'warnings': [said % '2026-12-06T20:01:07+0000', 'another']}) == [
        said % '2026-12-06T20:01:07+0000', 'another']
    assert module.new_warnings({'warnings': [said % '2026-12-06T20:01:09+0000', 'another']}) == []
    assert module.new_warnings({}) == []


def test_each_host_is_watched_with_its_layered_settings_and_line_or_said_why_not(tmp_path):
    inventory = tmp_path / 'inventory'
    (inventory / 'group_vars').mkdir(parents=True)
    (inventory / 'hosts.yml').write_text(yaml.safe_dump({'all': {
        'vars': {'ansible_connection': 'local', 'usr_m0_config': {'heartbeat': {'interval': 45}}},
        'hosts': {
            'pump-07': {'serial_port': '/dev/ttyUSB0', 'serial_baudrate': '{{ 4800 * 2 }}', 'usr_m0_mac': 'D8:B0:4C:00:00:01',
                        'usr_m0_terminal_server_sessions': 4, 'usr_m0_config_host': {'system': {'name': 'pump-07'}}},
            'pump-08': {'serial_port': '/dev/ttyUSB1', 'ansible_connection': 'ssh'},
            'pump-09': {'serial_port': '/dev/ttyUSB2', 'serial_baudrate': 'fast'},
            'pump-10': {},
        }}}))
    (inventory / 'group_vars' / 'all.yml').write_text(yaml.safe_dump({'usr_m0_config_site': {'heartbeat': {'enabled': True}}}))
    watched, unwatched = watch.watched_hosts(str(inventory))
    assert [(module.host, module.arguments) for module in watched] == [('pump-07', {
        'config': {'heartbeat': {'interval': 45, 'enabled': True}, 'system': {'name': 'pump-07'}},
        'serial_port': '/dev/ttyUSB0', 'serial_baudrate': 9600, 'terminal_server_sessions': 4, 'expected_mac': 'D8:B0:4C:00:00:01'})]
    why = dict(unwatched)
    assert why['pump-08'].startswith('ansible_connection is ssh, not local')
    assert why['pump-09'].startswith('serial_baudrate (option serial_baudrate of usriot.m0.watch): ')
    assert why['pump-10'] == 'it has no serial_port variable'
    assert [module.host for module in watch.watched_hosts(str(inventory), limit='pump-08:pump-09')[0]] == []


def test_a_host_without_wanted_settings_is_not_watched_naming_the_lookup_s_reason(tmp_path):
    (tmp_path / 'hosts.yml').write_text(yaml.safe_dump({'all': {'hosts': {'pump-07': {
        'ansible_connection': 'local', 'serial_port': '/dev/ttyUSB0'}}}}))
    watched, unwatched = watch.watched_hosts(str(tmp_path / 'hosts.yml'))
    assert watched == [] and unwatched[0][0] == 'pump-07' and 'has no wanted settings' in unwatched[0][1]


def test_an_inventory_without_a_host_in_the_limit_is_refused(tmp_path):
    (tmp_path / 'hosts.yml').write_text(yaml.safe_dump({'all': {'hosts': {'pump-07': {}}}}))
    with pytest.raises(watch.WatchError, match='pump-99'):
        watch.watched_hosts(str(tmp_path / 'hosts.yml'), limit='pump-99')
