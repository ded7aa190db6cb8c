# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fleet playbook's rows as AWX job artifacts."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.usriot.m0.plugins.filter.fleet_artifacts import fleet_artifacts


def test_one_entry_per_module_and_a_count_per_result_zero_counts_included():
    rows = [{'module': 'm0-00', 'result': 'changed', 'detail': 'sock.port'},
            {'module': 'm0-01', 'result': 'failed', 'detail': 'no answer'},
            {'module': 'm0-02', 'result': 'changed', 'detail': 'system.name'}]
    assert fleet_artifacts(rows, 'rollout') == {
        'usr_m0_results': {'m0-00': {'result': 'changed', 'detail': 'sock.port'}, 'm0-01': {'result': 'failed', 'detail': 'no answer'},
                           'm0-02': {'result': 'changed', 'detail': 'system.name'}},
        'usr_m0_summary': {'modules': 3, 'changed': 2, 'would_change': 0, 'unchanged': 0, 'rolled_back': 0, 'failed': 1,
                           'not_reached': 0}}


def test_the_audits_rows_are_keyed_by_module_and_counted_by_status():
    report = {'m0-01': {'status': 'drifted', 'drift': [{'setting': 'sock.port'}]}, 'm0-00': {'status': 'compliant', 'drift': []}}
    assert fleet_artifacts(report, 'audit') == {
        'usr_m0_results': report,
        'usr_m0_summary': {'modules': 2, 'compliant': 1, 'drifted': 1, 'unsupported': 0, 'identity_mismatch': 0,
                           'left_in_AT_mode': 0, 'not_answering': 0, 'inventory_error': 0}}


def test_a_backup_that_went_well_still_counts_its_failures():
    summary = fleet_artifacts([{'module': 'm0-00', 'result': 'backed up', 'backup': 'backups/m0-00.yml'}], 'backup')['usr_m0_summary']
    assert summary == {'modules': 1, 'backed_up': 1, 'failed': 0}


def test_no_rows_no_modules():
    assert fleet_artifacts([], 'restore') == {'usr_m0_results': {}, 'usr_m0_summary': {
        'modules': 0, 'restored': 0, 'would_restore': 0, 'unchanged': 0, 'failed': 0}}


@pytest.mark.parametrize('row', [{'result': 'changed'}, {'module': 'm0-00'}, 'm0-00', {'module': 'm0-00', 'result': 'backed up'}])
def test_a_row_without_module_or_a_known_result_is_refused(row):
    with pytest.raises(AnsibleFilterError, match='each row of the rollout needs module and result'):
        fleet_artifacts([row], 'rollout')


def test_an_unknown_playbook_is_refused():
    with pytest.raises(AnsibleFilterError, match='playbook is one of audit, backup, restore, rollout'):
        fleet_artifacts([], 'deploy')
