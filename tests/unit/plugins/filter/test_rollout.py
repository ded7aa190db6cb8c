# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout's batches and threshold as users give them, and what became of each module."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.usriot.m0.plugins.filter.rollout import (cut, rollout_batch, rollout_batches, rollout_report,
                                                                  rollout_threshold)
from ansible_collections.usriot.m0.tests.unit.plugins.markdown_view import HOSTILE, view

HOSTS = ['m0-%02d' % index for index in range(10)]


@pytest.mark.parametrize('given, raw_params, sizes', [
    ([1, '10%', '50%', '100%'], None, ['1', '10%', '50%', '100%']),
    ('1,5,50%', None, ['1', '5', '50%']),
    ('[1,', '10, "100%"]', ['1', '10', '100%']),       # -e usr_m0_rollout_batches='[1, 10, "100%"]' cut at the space
    ('["1", \'20%\']', None, ['1', '20%']),
    (3, None, ['3']),
    ('3', 'other=1', ['3']),                          # _raw_params of something else is not glued to a plain value
])
def test_batches_as_inventory_and_the_command_line_give_them(given, raw_params, sizes):
    assert rollout_batches(given, raw_params) == sizes


@pytest.mark.parametrize('given, raw_params', [('ten', None), ([0], None), ('1,150%', None), ('[1,', '10'), ([], None),
                                               ('1,,2', None), ('-1', None)])
def test_bad_batches_are_refused_naming_the_variable(given, raw_params):
    with pytest.raises(AnsibleFilterError, match='usr_m0_rollout_batches must be a list of batch sizes'):
        rollout_batches(given, raw_params)


@pytest.mark.parametrize('value, threshold', [(20, 20), ('0', 0), (' 100 ', 100)])
def test_threshold(value, threshold):
    assert rollout_threshold(value) == threshold


@pytest.mark.parametrize('value', ['150', 'all', '-1', '5.5', None])
def test_bad_threshold_is_refused_naming_the_variable(value):
    with pytest.raises(AnsibleFilterError, match='usr_m0_max_fail_percentage must be a whole number from 0 to 100'):
        rollout_threshold(value)


def test_batches_are_cut_as_ansible_cuts_serial():
    # a percentage of all the hosts, at least one; the last size repeated until every host is in a batch
    assert [len(batch) for batch in cut(HOSTS, ['1', '10%', '50%', '100%'])] == [1, 1, 5, 3]
    assert [len(batch) for batch in cut(HOSTS, ['1', '4'])] == [1, 4, 4, 1]
    assert [len(batch) for batch in cut(HOSTS, ['1%'])] == [1] * 10
    assert sum(cut(HOSTS, ['3']), []) == HOSTS
    assert rollout_batch(['m0-02'], HOSTS, ['1', '10%', '50%', '100%']) == {'number': 3, 'count': 4}


def converged(settings=None, commands=()):
    """A host's configure_result: settings maps each setting the task was given to its (running, wanted) values."""
    diff = {'before': {}, 'after': {}}
    for setting, values in (settings or {}).items():
        section, option = setting.split('.')
        for side, value in zip(('before', 'after'), values):
            diff[side].setdefault(section, {})[option] = value
    return {'configure_result': {'changed': bool(commands), 'commands': list(commands), 'diff': diff}}


def test_every_module_is_in_the_report_whatever_became_of_it():
    hostvars = {
        'm0-00': converged({'system.name': ('USR-M0', 'pump'), 'sock.protocol': ('tcpc', 'tcpc'), 'sock.port': (8234, 502)},
                           ['AT+MID=pump', 'AT+SOCK=TCPC,10.0.0.1,502']),
        'm0-01': converged({'system.name': ('pump', 'pump')}),
        'm0-02': {'usr_m0_rollout_error': 'no answer', 'configure_result': {'failed': True}},
        'm0-03': {'usr_m0_rollout_error': 'not confirmed', 'usr_m0_rollout_rolled_back': True},
        'm0-04': {},
        'm0-05': {},
    }
    hosts = sorted(hostvars)
    report = rollout_report(hosts, hostvars, ['2', '100%'], 50, play_hosts=[host for host in hosts if host != 'm0-05'])
    assert report['modules'] == [
        {'module': 'm0-00', 'result': 'changed', 'detail': 'system.name, sock.port'},
        {'module': 'm0-01', 'result': 'unchanged', 'detail': ''},
        {'module': 'm0-02', 'result': 'failed', 'detail': 'no answer'},
        {'module': 'm0-03', 'result': 'rolled back', 'detail': 'not confirmed'},
        {'module': 'm0-04', 'result': 'not reached', 'detail': ''},
        {'module': 'm0-05', 'result': 'failed', 'detail': 'unreachable'},
    ]
    # batch 2 (m0-02 to m0-05): 2 of 4 failed, not more than 50 %
    assert report['stopped'] is None
    assert report['summary'] == '6 module(s): 1 changed, 1 unchanged, 1 rolled back, 2 failed, 1 not reached'
    assert report['failed'] == ['m0-02', 'm0-03', 'm0-05']
    # the settings as the inventory names them, those that changed only (not sock.protocol, which AT+SOCK also sets)
    assert report['table'][0].split() == ['m0-00', 'changed', 'system.name,', 'sock.port']
    # the AT commands, for -v
    assert report['commands'] == ['m0-00: AT+MID=pump, AT+SOCK=TCPC,10.0.0.1,502']
    assert '| m0-00 | changed | system.name, sock.port |' in report['markdown']
    assert '| m0-03 | rolled back | not confirmed |' in report['markdown']
    json.dumps(report)


def test_the_batch_over_the_threshold_is_where_the_rollout_stopped():
    hostvars = dict((host, {}) for host in HOSTS)
    hostvars['m0-00'] = {'usr_m0_rollout_error': 'no answer'}
    report = rollout_report(HOSTS, hostvars, ['1', '10%', '50%', '100%'], 20)
    assert report['stopped'] == 'batch 1 of 4: 1 of 1 module(s) failed, more than usr_m0_max_fail_percentage (20%)'
    assert report['summary'].startswith('10 module(s): 1 failed, 9 not reached; STOPPED at batch 1 of 4')
    # at 100 % nothing stops the rollout
    assert rollout_report(HOSTS, hostvars, ['1', '10%'], 100)['stopped'] is None


def test_check_mode_says_would_change_and_details_are_names_only():
    hostvars = {'m0-00': converged({'web.username': ('admin', 'admin'), 'web.password': ('********', '******** (changed)')},
                                   ['AT+WEBU=admin,********'])}
    report = rollout_report(['m0-00'], hostvars, ['1'], 0, check_mode=True)
    assert report['modules'] == [{'module': 'm0-00', 'result': 'would change', 'detail': 'web.password'}]
    assert report['commands'] == ['m0-00: AT+WEBU=admin,********']
    assert report['check_mode'] is True and 'check mode: nothing was set' in report['markdown']


def test_the_json_report_is_the_document_without_the_views():
    hostvars = {'m0-00': converged({'system.name': ('USR-M0', 'pump')}, ['AT+MID=pump']), 'm0-01': {'usr_m0_rollout_error': 'timeout'}}
    report = rollout_report(['m0-00', 'm0-01'], hostvars, ['1'], 100)
    assert json.loads(report['json']) == dict((key, report[key]) for key in ('summary', 'stopped', 'check_mode', 'modules'))
    assert report['json'].endswith('}\n')


class ReadOnce(dict):
    """hostvars that remember which hosts were read."""

    def __init__(self, *args):
        super(ReadOnce, self).__init__(*args)
        self.read = []

    def __getitem__(self, host):
        self.read.append(host)
        return dict.__getitem__(self, host)


def test_a_batch_says_whether_it_stops_the_rollout_reading_only_its_own_hosts():
    sizes = ['1', '10%', '50%', '100%']
    hostvars = ReadOnce((host, {}) for host in HOSTS)
    hostvars['m0-03'] = {'usr_m0_rollout_error': 'no answer'}
    # batch 3 is m0-02 to m0-06: 1 of 5 failed, 20 %, not more than 20 %
    assert rollout_batch(['m0-02', 'm0-04'], HOSTS, sizes, hostvars, 20) == {'number': 3, 'count': 4, 'stopped': None}
    assert sorted(hostvars.read) == ['m0-02', 'm0-03', 'm0-04', 'm0-05', 'm0-06']
    hostvars['m0-05'] = {'usr_m0_rollout_error': 'timeout'}
    stopped = rollout_batch(['m0-02'], HOSTS, sizes, hostvars, 20)['stopped']
    # the same words as the report's
    assert stopped == rollout_report(HOSTS, hostvars, sizes, 20)['stopped'] == (
        'batch 3 of 4: 2 of 5 module(s) failed, more than usr_m0_max_fail_percentage (20%)')
    # a batch whose hosts all left the play (unreachable) stops nothing
    assert rollout_batch([], HOSTS, sizes, hostvars, 0)['stopped'] is None


def test_what_a_module_or_its_error_holds_is_text_in_the_report():
    # the reason a module failed quotes what it answered, or what it ran (a rollback names the settings put back);
    # an inventory's host name is text too
    hosts = ['m0-%02d' % index for index in range(len(HOSTILE))]
    hostvars = dict((host, {'usr_m0_rollout_error': value}) for host, (value, _shown) in zip(hosts, HOSTILE))
    hostvars['</td>|**m0**'] = converged({'system.name': ('a', 'b')}, ['AT+MID=b'])
    page = view(rollout_report(sorted(hostvars), hostvars, ['100%'], 100)['markdown'])
    if page:
        assert page.rows == [['module', 'result', 'settings changed or reason'], ['</td>|**m0**', 'changed', 'system.name']] + [
            [host, 'failed', shown] for host, (_value, shown) in zip(hosts, HOSTILE)]
