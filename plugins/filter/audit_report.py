# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: audit_report
author: usriot.m0 contributors (@usriot)
version_added: 0.1.0
short_description: The fleet's audit report from each module's usr_m0_audit result
description:
  - One entry per module of the input, with C(status) (C(compliant), C(drifted), C(left in AT mode), C(not answering)), C(drift),
    C(warnings) (the risks M(usriot.m0.usr_m0_audit) found), C(identity) and, for a module that did not answer, C(error).
  - A module with wanted settings its firmware cannot hold (C(unsupported) in the result of M(usriot.m0.usr_m0_audit)) has
    them in C(unsupported) and its C(firmware_version), its own section in the Markdown and a line in the run's output, and
    is flagged; its status is C(unsupported) unless it drifted too.
  - Reads only each host's C(usr_m0_audit_result) (the registered M(usriot.m0.usr_m0_audit) result) and
    C(usr_m0_audit_error) (why it failed), which the C(usriot.m0.audit) playbook sets; a host with neither did not
    answer (unreachable).
  - Also returns a summary line, the lines a run shows (the summary, each identity mismatch and each module not
    audited), the report in Markdown, the modules that drifted or have a risky setting, and those that did not answer.
positional: hostvars
options:
  _input:
    description: The audited hosts (C(ansible_play_hosts_all)).
    type: list
    elements: str
    required: true
  hostvars:
    description: C(hostvars).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Sum up the audit
  ansible.builtin.debug:
    msg: "{{ (ansible_play_hosts_all | usriot.m0.audit_report(hostvars)).summary }}"
"""

RETURN = r"""
_value:
  description: C(modules) (module name to its entry), C(summary), C(lines), C(markdown), C(flagged) and C(not_answering).
  type: dict
"""

from ansible.module_utils.common.text.converters import to_text

LEFT_IN_AT_MODE = 'left in AT mode'
UNSUPPORTED = 'unsupported'
STATUSES = ('compliant', 'drifted', UNSUPPORTED, LEFT_IN_AT_MODE, 'not answering')
# named in the summary only when a module is in them
RARE_STATUSES = (UNSUPPORTED, LEFT_IN_AT_MODE)


def _entry(facts):
    result = facts.get('usr_m0_audit_result')
    if facts.get('usr_m0_audit_error') is not None or not result or result.get('failed'):
        error = facts.get('usr_m0_audit_error') or (result or {}).get('msg') or 'unreachable'
        return {'status': 'not answering', 'error': to_text(error), 'drift': [], 'warnings': [], 'identity': None}
    # the report's warnings are the module's risks (a result's own "warnings" are Ansible's to show)
    entry = {'status': result['status'], 'drift': result['drift'], 'warnings': result['risks'], 'identity': result['identity']}
    # wanted settings the module's firmware cannot hold, and its version: neither drift nor a failure
    entry.update((key, result[key]) for key in ('unsupported', 'firmware_version') if result.get(key))
    return entry


def _markdown(modules, summary):
    lines = ['# USR-M0 audit', '', summary + '.', '', '## Modules not audited', '']
    lines.extend('- **%s**: %s' % (host, entry['error']) for host, entry in modules.items() if entry['status'] == 'not answering')
    if lines[-1] == '':
        lines.append('Every module answered.')
    lines.extend(['', '## Identity', ''])
    mismatched = [(host, entry['identity']) for host, entry in modules.items() if entry['identity'] and entry['identity']['mismatch']]
    lines.extend('- **%s**: the port answers with MAC %s, the inventory expects %s (a moved cable or a wrong inventory: its '
                 'drift below is that of another module)' % (host, identity['running_mac'], identity['expected_mac'])
                 for host, identity in mismatched)
    if not mismatched:
        lines.append('Every module with usr_m0_mac set answers with that MAC.')
    lines.extend(['', '## Drift', '', '| module | setting | wanted | running |', '|---|---|---|---|'])
    for host, entry in modules.items():
        if entry['status'] != 'not answering':
            lines.extend('| %s | %s | %s | %s |' % (host, item['setting'], item['wanted'], item['running']) for item in entry['drift'])
            if not entry['drift']:
                lines.append('| %s | (no drift) | | |' % host)
    lines.extend(['', '## Warnings', ''])
    risky = ['- **%s**: %s' % (host, risk) for host, entry in modules.items() for risk in entry['warnings']]
    lines.extend(risky or ['None.'])
    lines.extend(['', '## Settings the firmware cannot hold', ''])
    lines.extend(_cannot_hold(modules) or ['None: every wanted setting is one the module\'s firmware has.'])
    return '\n'.join(lines) + '\n'


def _cannot_hold(modules):
    """A line per module with wanted settings whose AT commands its firmware lacks (names from the model only)."""
    return ['- **%s**: %s (its firmware has no %s)' % (
        host, ', '.join(item['setting'] for item in entry['unsupported']),
        ', '.join(sorted(set(item['command'] for item in entry['unsupported']))))
        for host, entry in modules.items() if entry.get('unsupported')]


def audit_report(hosts, hostvars):
    facts = dict((host, hostvars[host]) for host in sorted(hosts))
    modules = dict((host, _entry(facts[host])) for host in facts)
    counts = [(status, sum(1 for entry in modules.values() if entry['status'] == status)) for status in STATUSES]
    # a rare state, named when it is there
    counts = [(status, count) for status, count in counts if count or status not in RARE_STATUSES]
    summary = '%d module(s): %s' % (len(modules), ', '.join('%d %s' % (count, status) for status, count in counts))
    # what a person must see in the run's output, not only in the report: a wrong cable, a module not audited
    lines = [summary]
    lines.extend('IDENTITY MISMATCH: %s answers with MAC %s, usr_m0_mac is %s'
                 % (facts[host].get('serial_port', host), entry['identity']['running_mac'], entry['identity']['expected_mac'])
                 for host, entry in modules.items() if entry['identity'] and entry['identity']['mismatch'])
    not_answering = [host for host, entry in modules.items() if entry['status'] == 'not answering']
    lines.extend('NOT AUDITED: %s: %s' % (host, modules[host]['error']) for host in not_answering)
    lines.extend('LEFT IN AT MODE: %s: an interrupted run left it; what it stores may not run until a restart (a rollout '
                 'does it)' % host for host, entry in modules.items() if entry['status'] == LEFT_IN_AT_MODE)
    lines.extend('UNSUPPORTED: %s runs firmware %s, which cannot hold %s' % (
        host, entry['firmware_version'], ', '.join(item['setting'] for item in entry['unsupported']))
        for host, entry in modules.items() if entry.get('unsupported'))
    flagged = [host for host, entry in modules.items()
               if entry['status'] in ('drifted', LEFT_IN_AT_MODE) or entry['warnings'] or entry.get('unsupported')]
    return {'modules': modules, 'summary': summary, 'lines': lines, 'markdown': _markdown(modules, summary),
            'flagged': flagged, 'not_answering': not_answering}


class FilterModule(object):
    def filters(self):
        return {'audit_report': audit_report}
