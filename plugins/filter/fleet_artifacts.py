# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_artifacts
author: usriot.m0 contributors (@usriot)
short_description: A fleet playbook's rows as AWX job artifacts (set_stats data)
description:
  - Turns the rows a fleet playbook reports (one per module, with its C(module) name and its result) into the data of
    C(ansible.builtin.set_stats) that AWX and Automation Platform show on the job's page and pass to the next node of a
    workflow. C(usr_m0_results) holds one entry per module (the row without its name); C(usr_m0_summary) counts the
    modules (C(modules)) and each result the playbook can give, zero counts included, each under its name with C(_)
    for a space (C(backed_up), C(not_answering)), so that a workflow can test C(usr_m0_summary.failed) on any run.
  - The rollout, audit, backup and restore playbooks end with it (docs/awx.md).
options:
  _input:
    description: The rows, each a dict with C(module) and its result; or a dict of rows keyed by module.
    type: raw
    required: true
  playbook:
    description: Whose rows they are, which says the key of a row's result (the audit's is C(status), the others'
      C(result)) and the results it can give.
    type: str
    choices: [rollout, audit, backup, restore]
    required: true
"""

EXAMPLES = r"""
- name: Keep the results in the job's artifacts
  ansible.builtin.set_stats:
    data: "{{ rows | usriot.m0.fleet_artifacts('backup') }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: C(usr_m0_results) (module -> its row) and C(usr_m0_summary) (C(modules) and a count per result).
  type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.usriot.m0.plugins.filter.audit_report import STATUSES
from ansible_collections.usriot.m0.plugins.filter.rollout import RESULTS as ROLLOUT_RESULTS

# each playbook's (key of a row's result, the results it can give)
PLAYBOOKS = {
    'rollout': ('result', ROLLOUT_RESULTS),
    'audit': ('status', STATUSES),
    'backup': ('result', ('backed up', 'failed')),
    'restore': ('result', ('restored', 'would restore', 'unchanged', 'failed')),
}


def count_key(result):
    return result.replace(' ', '_')


def fleet_artifacts(rows, playbook):
    if playbook not in PLAYBOOKS:
        raise AnsibleFilterError('fleet_artifacts: playbook is one of %s, got %r' % (', '.join(sorted(PLAYBOOKS)), playbook))
    key, known = PLAYBOOKS[playbook]
    if isinstance(rows, dict):
        rows = [dict(row, module=module) for module, row in sorted(rows.items())]
    results = {}
    summary = dict([('modules', 0)] + [(count_key(result), 0) for result in known])
    for row in rows:
        if not isinstance(row, dict) or 'module' not in row or row.get(key) not in known:
            raise AnsibleFilterError('fleet_artifacts: each row of the %s needs module and %s (one of %s), got %r'
                                     % (playbook, key, ', '.join(known), row))
        results[row['module']] = dict((name, value) for name, value in row.items() if name != 'module')
        summary['modules'] += 1
        summary[count_key(row[key])] += 1
    return {'usr_m0_results': results, 'usr_m0_summary': summary}


class FilterModule(object):
    def filters(self):
        return {'fleet_artifacts': fleet_artifacts}
