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
  - Turns the rows a fleet playbook reports (one per module, with its C(module) name and its C(result)) into
    the data of C(ansible.builtin.set_stats) that AWX and Automation Platform show on the job's page and pass to
    the next node of a workflow. C(usr_m0_results) holds one entry per module (the row without its name);
    C(usr_m0_summary) counts the modules and each result.
  - The rollout, audit, backup and restore playbooks end with it (docs/awx.md).
options:
  _input:
    description: The rows, each a dict with C(module) and C(result); or a dict of rows keyed by module.
    type: raw
    required: true
  result:
    description: The key of a row that holds its result (the audit's is C(status)).
    type: str
    default: result
"""

EXAMPLES = r"""
- name: Keep the results in the job's artifacts
  ansible.builtin.set_stats:
    data: "{{ rows | usriot.m0.fleet_artifacts }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: C(usr_m0_results) (module -> its row) and C(usr_m0_summary) (C(modules) and a count per result).
  type: dict
"""

from ansible.errors import AnsibleFilterError


def fleet_artifacts(rows, result='result'):
    if isinstance(rows, dict):
        rows = [dict(row, module=module) for module, row in sorted(rows.items())]
    results, summary = {}, {'modules': 0}
    for row in rows:
        if not isinstance(row, dict) or 'module' not in row or result not in row:
            raise AnsibleFilterError('fleet_artifacts: each row needs module and %s, got %r' % (result, row))
        results[row['module']] = dict((key, value) for key, value in row.items() if key != 'module')
        summary['modules'] += 1
        summary[row[result]] = summary.get(row[result], 0) + 1
    return {'usr_m0_results': results, 'usr_m0_summary': summary}


class FilterModule(object):
    def filters(self):
        return {'fleet_artifacts': fleet_artifacts}
