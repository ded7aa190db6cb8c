# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fleet playbook's rows as AWX job artifacts."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.usriot.m0.plugins.filter.fleet_artifacts import fleet_artifacts


def test_one_entry_per_module_and_a_count_per_result():
    rows = [{'module': 'm0-00', 'result': 'changed', 'detail': 'SOCK'},
            {'module': 'm0-01', 'result': 'failed', 'detail': 'no answer'},
            {'module': 'm0-02', 'result': 'changed', 'detail': 'MID'}]
    assert fleet_artifacts(rows) == {
        'usr_m0_results': {'m0-00': {'result': 'changed', 'detail': 'SOCK'}, 'm0-01': {'result': 'failed', 'detail': 'no answer'},
                           'm0-02': {'result': 'changed', 'detail': 'MID'}},
        'usr_m0_summary': {'modules': 3, 'changed': 2, 'failed': 1}}


def test_rows_keyed_by_module_with_another_result_key():
    report = {'m0-01': {'status': 'drifted', 'drift': [{'setting': 'sock.port'}]}, 'm0-00': {'status': 'compliant', 'drift': []}}
    assert fleet_artifacts(report, result='status') == {
        'usr_m0_results': report, 'usr_m0_summary': {'modules': 2, 'compliant': 1, 'drifted': 1}}


def test_no_rows_no_modules():
    assert fleet_artifacts([]) == {'usr_m0_results': {}, 'usr_m0_summary': {'modules': 0}}


@pytest.mark.parametrize('row', [{'result': 'changed'}, {'module': 'm0-00'}, 'm0-00'])
def test_a_row_without_module_or_result_is_refused(row):
    with pytest.raises(AnsibleFilterError, match='each row needs module and result'):
        fleet_artifacts([row])
