# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet's audit report: every module in it, those that did not answer with the reason."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.filter.audit_report import audit_report


def audited(status='compliant', drift=(), risks=(), mismatch=False):
    return {'usr_m0_audit_result': {
        'changed': False, 'status': status, 'drift': list(drift), 'risks': list(risks),
        'identity': {'expected_mac': 'D8B04C0000FF' if mismatch else None, 'running_mac': 'D8B04C000001', 'mismatch': mismatch}}}


HOSTVARS = {
    'm0-00': audited(),
    'm0-01': audited('drifted', [{'setting': 'sock.port', 'wanted': 502, 'running': 8234}]),
    'm0-02': audited(risks=['web page has the factory credentials admin/admin'], mismatch=True),
    'm0-03': {'usr_m0_audit_error': '/dev/ttyUSB3: no answer'},
    'm0-04': {},
}


def test_every_module_is_in_the_report():
    report = audit_report(sorted(HOSTVARS, reverse=True), HOSTVARS)
    assert list(report['modules']) == sorted(HOSTVARS)
    assert report['summary'] == '5 module(s): 2 compliant, 1 drifted, 2 not answering'
    assert report['modules']['m0-03'] == {'status': 'not answering', 'error': '/dev/ttyUSB3: no answer', 'drift': [],
                                          'warnings': [], 'identity': None}
    assert report['modules']['m0-04']['error'] == 'unreachable'
    assert report['modules']['m0-02']['warnings'] == ['web page has the factory credentials admin/admin']
    assert report['flagged'] == ['m0-01', 'm0-02']


def test_the_markdown_leaves_nobody_out():
    markdown = audit_report(list(HOSTVARS), HOSTVARS)['markdown']
    assert '- **m0-03**: /dev/ttyUSB3: no answer' in markdown and '- **m0-04**: unreachable' in markdown
    assert '- **m0-02**: the port answers with MAC D8B04C000001, the inventory expects D8B04C0000FF' in markdown
    assert '| m0-01 | sock.port | 502 | 8234 |' in markdown and '| m0-00 | (no drift) | | |' in markdown
    assert 'Every module answered' not in markdown and 'Every module with usr_m0_mac set' not in markdown


def test_a_clean_fleet_says_so():
    hostvars = {'m0-00': audited()}
    report = audit_report(['m0-00'], hostvars)
    assert report['flagged'] == [] and 'Every module answered.' in report['markdown'] and '\nNone.\n' in report['markdown']


def test_the_run_shows_each_wrong_cable_and_each_module_not_audited():
    hostvars = dict(HOSTVARS, **{'m0-02': dict(HOSTVARS['m0-02'], serial_port='/dev/ttyUSB2')})
    report = audit_report(list(hostvars), hostvars)
    assert report['lines'] == ['5 module(s): 2 compliant, 1 drifted, 2 not answering',
                               'IDENTITY MISMATCH: /dev/ttyUSB2 answers with MAC D8B04C000001, usr_m0_mac is D8B04C0000FF',
                               'NOT AUDITED: m0-03: /dev/ttyUSB3: no answer', 'NOT AUDITED: m0-04: unreachable']
    assert report['not_answering'] == ['m0-03', 'm0-04']


def test_a_module_left_in_at_mode_is_counted_flagged_and_shown():
    hostvars = {'m0-00': audited(), 'm0-01': audited('left in AT mode')}
    report = audit_report(list(hostvars), hostvars)
    assert report['summary'] == '2 module(s): 1 compliant, 0 drifted, 1 left in AT mode, 0 not answering'
    assert report['flagged'] == ['m0-01']
    assert report['lines'][1].startswith('LEFT IN AT MODE: m0-01: an interrupted run left it')


def test_what_a_firmware_cannot_hold_is_its_own_finding():
    lacking = [{'setting': 'http.method', 'wanted': 'post', 'command': 'AT+HTPTP'},
               {'setting': 'http.url', 'wanted': '/x', 'command': 'AT+HTPURL'}]
    older = audited('unsupported')
    older['usr_m0_audit_result'].update(unsupported=lacking, firmware_version='4010')
    hostvars = {'m0-00': audited(), 'm0-01': older}
    report = audit_report(list(hostvars), hostvars)
    assert report['summary'] == '2 module(s): 1 compliant, 0 drifted, 1 unsupported, 0 not answering'
    assert report['modules']['m0-01']['unsupported'] == lacking and report['modules']['m0-01']['firmware_version'] == '4010'
    assert 'unsupported' not in report['modules']['m0-00'] and report['flagged'] == ['m0-01']
    assert 'UNSUPPORTED: m0-01 runs firmware 4010, which cannot hold http.method, http.url' in report['lines']
    assert ('## Settings the firmware cannot hold\n\n- **m0-01**: http.method, http.url (its firmware has no AT+HTPTP, '
            'AT+HTPURL)\n') in report['markdown']
    assert 'm0-01 | (no drift)' in report['markdown'] and report['not_answering'] == []


def test_a_fleet_whose_firmware_holds_everything_reports_as_before():
    report = audit_report(list(HOSTVARS), HOSTVARS)
    assert 'unsupported' not in report['summary'] and not any(line.startswith('UNSUPPORTED') for line in report['lines'])
    assert report['markdown'].endswith("## Settings the firmware cannot hold\n\nNone: every wanted setting is one the module's firmware has.\n")
