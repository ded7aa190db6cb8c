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
  - One entry per module of the input, with C(status) (C(compliant), C(drifted), C(unsupported), C(identity mismatch),
    C(left in AT mode), C(not answering), C(inventory error)), C(drift), C(warnings) (the risks M(usriot.m0.usr_m0_audit)
    found), C(identity) and, for a module not audited, C(error).
  - A module with wanted settings its firmware cannot hold (C(unsupported) in the result of M(usriot.m0.usr_m0_audit)) has
    them in C(unsupported) and its C(firmware_version), its own section in the Markdown and a line in the run's output, and
    is flagged; its status is C(unsupported) unless it drifted too.
  - Reads only each host's C(usr_m0_audit_wanted) (its wanted settings), C(usr_m0_audit_result) (the registered
    M(usriot.m0.usr_m0_audit) result) and C(usr_m0_audit_error) (why it failed), which the C(usriot.m0.audit) playbook
    sets; a host that failed before its wanted settings were taken is an C(inventory error) (no C(usr_m0_config) layer,
    or a wrong one), one that failed after did not answer (unreachable, too).
  - Also returns a summary line (a count per status; C(unsupported), C(identity mismatch), C(left in AT mode) and
    C(inventory error) only when there are such modules), the lines a run shows (the summary, each identity mismatch,
    each module not audited and each with settings its firmware cannot hold), the report in Markdown, the modules that
    need a look (every status but C(compliant) and those not audited, or a warning, or settings the firmware cannot
    hold) with why, and those not audited.
  - In the Markdown every value (host names, settings, errors, warnings) is text, whatever it holds. HTML, links,
    emphasis, code, C(|) and line breaks are shown as the characters they are, not rendered.
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
  description: C(modules) (module name to its entry), C(summary), C(lines), C(markdown), C(flagged) (the modules that need
    a look), C(findings) (each of them with its status and how many warnings) and C(not_audited) (those not answering
    or with an inventory error).
  type: dict
"""

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.usriot.m0.plugins.module_utils._internal.audit import IDENTITY_MISMATCH, LEFT_IN_AT_MODE, UNSUPPORTED
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.markdown import markdown_row, markdown_text

NOT_ANSWERING = 'not answering'
# the host's wanted settings could not be taken (no usr_m0_config layer, or a wrong one): the module was not read
INVENTORY_ERROR = 'inventory error'
STATUSES = ('compliant', 'drifted', UNSUPPORTED, IDENTITY_MISMATCH, LEFT_IN_AT_MODE, NOT_ANSWERING, INVENTORY_ERROR)
NOT_AUDITED = (NOT_ANSWERING, INVENTORY_ERROR)
# rare states, named when they are there
RARE = (UNSUPPORTED, IDENTITY_MISMATCH, LEFT_IN_AT_MODE, INVENTORY_ERROR)


def _entry(facts):
    result = facts.get('usr_m0_audit_result')
    if facts.get('usr_m0_audit_error') is not None or not result or result.get('failed'):
        error = facts.get('usr_m0_audit_error') or (result or {}).get('msg') or 'unreachable'
        failed_before_reading = facts.get('usr_m0_audit_error') is not None and 'usr_m0_audit_wanted' not in facts
        status = INVENTORY_ERROR if failed_before_reading else NOT_ANSWERING
        return {'status': status, 'error': to_text(error), 'drift': [], 'warnings': [], 'identity': None}
    # the report's warnings are the module's risks (a result's own "warnings" are Ansible's to show)
    entry = {'status': result['status'], 'drift': result['drift'], 'warnings': result['risks'], 'identity': result['identity']}
    # wanted settings the module's firmware cannot hold, and its version: neither drift nor a failure
    entry.update((key, result[key]) for key in ('unsupported', 'firmware_version') if result.get(key))
    return entry


def _identity(modules):
    """The report's lines on which module is on which port: every mismatch, and how many were checked at all."""
    answered = [entry for entry in modules.values() if entry['status'] not in NOT_AUDITED]
    checked = [entry for entry in answered if entry['identity']['expected_mac']]
    lines = ['- **%s**: the port answers with MAC %s, the inventory expects %s (a moved cable or a wrong inventory: its '
             'drift below is that of another module)' % tuple(markdown_text(text) for text in (
                 host, entry['identity']['running_mac'], entry['identity']['expected_mac']))
             for host, entry in modules.items() if entry['status'] == IDENTITY_MISMATCH]
    if lines:
        lines.append('')
    if not answered:
        lines.append('No module answered: no identity was checked.')
    elif not checked:
        lines.append('No identity was checked: no module that answered has usr_m0_mac set.')
    else:
        matched = sum(1 for entry in checked if entry['status'] != IDENTITY_MISMATCH)
        lines.append('%d of the %d module(s) checked (those with usr_m0_mac set that answered) answer with that MAC.'
                     % (matched, len(checked)))
    return lines


def _markdown(modules, summary):
    """The report a person opens (and Git shows): every value in it, each from a module or its error, is text."""
    lines = ['# USR-M0 audit', '', markdown_text(summary) + '.', '', '## Modules not audited', '']
    lines.extend('- **%s**: %s' % (markdown_text(host), markdown_text(entry['error']))
                 for host, entry in modules.items() if entry['status'] in NOT_AUDITED)
    if lines[-1] == '':
        lines.append('Every module answered.')
    lines.extend(['', '## Identity', ''] + _identity(modules))
    lines.extend(['', '## Drift', '', '| module | setting | wanted | running |', '|---|---|---|---|'])
    for host, entry in modules.items():
        if entry['status'] not in NOT_AUDITED:
            lines.extend(markdown_row((host, item['setting'], item['wanted'], item['running'])) for item in entry['drift'])
            if not entry['drift']:
                lines.append(markdown_row((host, '(no drift)', '', '')))
    lines.extend(['', '## Warnings', ''])
    risky = ['- **%s**: %s' % (markdown_text(host), markdown_text(risk)) for host, entry in modules.items() for risk in entry['warnings']]
    lines.extend(risky or ['None.'])
    lines.extend(['', '## Settings the firmware cannot hold', ''])
    lines.extend(_cannot_hold(modules) or ['None: every wanted setting is one the module\'s firmware has.'])
    return '\n'.join(lines) + '\n'


def _cannot_hold(modules):
    """A line per module with wanted settings whose AT commands its firmware lacks (names from the model only)."""
    return ['- **%s**: %s (its firmware has no %s)' % (
        markdown_text(host), ', '.join(item['setting'] for item in entry['unsupported']),
        ', '.join(sorted(set(item['command'] for item in entry['unsupported']))))
        for host, entry in modules.items() if entry.get('unsupported')]


def _findings(entry):
    """Why a module needs a look, or nothing: its status unless compliant, its warnings, what its firmware cannot hold."""
    found = [] if entry['status'] in ('compliant', UNSUPPORTED) else [entry['status']]
    if entry['warnings']:
        found.append('%d warning(s)' % len(entry['warnings']))
    if entry.get('unsupported'):
        found.append('%d setting(s) its firmware cannot hold' % len(entry['unsupported']))
    return found


def audit_report(hosts, hostvars):
    facts = dict((host, hostvars[host]) for host in sorted(hosts))
    modules = dict((host, _entry(facts[host])) for host in facts)
    counts = [(status, sum(1 for entry in modules.values() if entry['status'] == status)) for status in STATUSES]
    counts = [(status, count) for status, count in counts if count or status not in RARE]
    summary = '%d module(s): %s' % (len(modules), ', '.join('%d %s' % (count, status) for status, count in counts))
    # what a person must see in the run's output, not only in the report: a wrong cable, a module not audited
    lines = [summary]
    lines.extend('IDENTITY MISMATCH: %s answers with MAC %s, usr_m0_mac is %s'
                 % (facts[host].get('serial_port', host), entry['identity']['running_mac'], entry['identity']['expected_mac'])
                 for host, entry in modules.items() if entry['status'] == IDENTITY_MISMATCH)
    not_audited = [host for host, entry in modules.items() if entry['status'] in NOT_AUDITED]
    lines.extend('NOT AUDITED: %s: %s' % (host, modules[host]['error']) for host in not_audited)
    lines.extend('LEFT IN AT MODE: %s: an interrupted run left it; what it stores may not run until a restart (a rollout '
                 'does it)' % host for host, entry in modules.items() if entry['status'] == LEFT_IN_AT_MODE)
    lines.extend('UNSUPPORTED: %s runs firmware %s, which cannot hold %s' % (
        host, entry['firmware_version'], ', '.join(item['setting'] for item in entry['unsupported']))
        for host, entry in modules.items() if entry.get('unsupported'))
    # a module not audited fails its host anyway: the audit's other findings are what usr_m0_audit_fail_on_drift
    # is about
    findings = dict((host, _findings(entry)) for host, entry in modules.items() if entry['status'] not in NOT_AUDITED)
    flagged = [host for host in findings if findings[host]]
    return {'modules': modules, 'summary': summary, 'lines': lines, 'markdown': _markdown(modules, summary),
            'flagged': flagged, 'findings': ['%s (%s)' % (host, ', '.join(findings[host])) for host in flagged],
            'not_audited': not_audited}


class FilterModule(object):
    def filters(self):
        return {'audit_report': audit_report}
