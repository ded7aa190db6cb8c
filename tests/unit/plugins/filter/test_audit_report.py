# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet's audit report: every module in it, those that did not answer with the reason."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.filter.audit_report import audit_report
from ansible_collections.usriot.m0.tests.unit.plugins.markdown_view import HOSTILE, view


def audited(status=None, drift=(), risks=(), mismatch=False, expected_mac=None):
    """A usr_m0_audit result as the module gives it: a module with another MAC is an identity mismatch."""
    return {'usr_m0_audit_result': {
        'changed': False, 'status': status or ('identity mismatch' if mismatch else 'compliant'), 'drift': list(drift),
        'risks': list(risks), 'identity': {'expected_mac': 'D8B04C0000FF' if mismatch else expected_mac,
                                           'running_mac': 'D8B04C000001', 'mismatch': mismatch}}}


HOSTVARS = {
    'm0-00': audited(),
    'm0-01': audited('drifted', [{'setting': 'sock.port', 'wanted': 502, 'running': 8234}]),
    'm0-02': audited(risks=['web page has the factory credentials admin/admin'], mismatch=True),
    'm0-03': {'usr_m0_audit_wanted': {}, 'usr_m0_audit_error': '/dev/ttyUSB3: no answer'},
    'm0-04': {},
}


def test_every_module_is_in_the_report():
    report = audit_report(sorted(HOSTVARS, reverse=True), HOSTVARS)
    assert list(report['modules']) == sorted(HOSTVARS)
    assert report['summary'] == '5 module(s): 1 compliant, 1 drifted, 1 identity mismatch, 2 not answering'
    assert report['modules']['m0-03'] == {'status': 'not answering', 'error': '/dev/ttyUSB3: no answer', 'drift': [],
                                          'warnings': [], 'identity': None}
    assert report['modules']['m0-04']['error'] == 'unreachable'
    assert report['modules']['m0-02']['warnings'] == ['web page has the factory credentials admin/admin']
    assert report['flagged'] == ['m0-01', 'm0-02']
    assert report['findings'] == ['m0-01 (drifted)', 'm0-02 (identity mismatch, 1 warning(s))']


def test_the_markdown_leaves_nobody_out():
    markdown = audit_report(list(HOSTVARS), HOSTVARS)['markdown']
    assert '- **m0-03**: /dev/ttyUSB3: no answer' in markdown and '- **m0-04**: unreachable' in markdown
    assert '- **m0-02**: the port answers with MAC D8B04C000001, the inventory expects D8B04C0000FF' in markdown
    assert '| m0-01 | sock.port | 502 | 8234 |' in markdown and '| m0-00 | (no drift) |  |  |' in markdown
    assert 'Every module answered' not in markdown
    assert '\n0 of the 1 module(s) checked (those with usr_m0_mac set that answered) answer with that MAC.\n' in markdown


def test_a_clean_fleet_says_so():
    hostvars = {'m0-00': audited()}
    report = audit_report(['m0-00'], hostvars)
    assert report['flagged'] == [] and 'Every module answered.' in report['markdown'] and '\nNone.\n' in report['markdown']


def test_the_run_shows_each_wrong_cable_and_each_module_not_audited():
    hostvars = dict(HOSTVARS, **{'m0-02': dict(HOSTVARS['m0-02'], serial_port='/dev/ttyUSB2')})
    report = audit_report(list(hostvars), hostvars)
    assert report['lines'] == ['5 module(s): 1 compliant, 1 drifted, 1 identity mismatch, 2 not answering',
                               'IDENTITY MISMATCH: /dev/ttyUSB2 answers with MAC D8B04C000001, usr_m0_mac is D8B04C0000FF',
                               'NOT AUDITED: m0-03: /dev/ttyUSB3: no answer', 'NOT AUDITED: m0-04: unreachable']
    assert report['not_audited'] == ['m0-03', 'm0-04']


def test_a_module_left_in_at_mode_is_counted_flagged_and_shown():
    hostvars = {'m0-00': audited(), 'm0-01': audited('left in AT mode')}
    report = audit_report(list(hostvars), hostvars)
    assert report['summary'] == '2 module(s): 1 compliant, 0 drifted, 1 left in AT mode, 0 not answering'
    assert report['flagged'] == ['m0-01']
    assert report['lines'][1].startswith('LEFT IN AT MODE: m0-01: an interrupted run left it')


def test_an_identity_mismatch_is_its_own_status_counted_and_flagged():
    # two cables swapped: what each port's module holds may even be what the other host wants
    hostvars = {'m0-00': audited(mismatch=True), 'm0-01': audited(mismatch=True), 'm0-02': audited(expected_mac='D8B04C000001')}
    report = audit_report(list(hostvars), hostvars)
    assert report['summary'] == '3 module(s): 1 compliant, 0 drifted, 2 identity mismatch, 0 not answering'
    assert [entry['status'] for entry in report['modules'].values()] == ['identity mismatch', 'identity mismatch', 'compliant']
    assert report['flagged'] == ['m0-00', 'm0-01']
    assert report['findings'] == ['m0-00 (identity mismatch)', 'm0-01 (identity mismatch)']
    assert '\n1 of the 3 module(s) checked (those with usr_m0_mac set that answered) answer with that MAC.\n' in report['markdown']


def test_a_report_claims_no_identity_it_did_not_check():
    silent = {'m0-00': {'usr_m0_audit_error': 'no answer'}, 'm0-01': {}}
    assert '\nNo module answered: no identity was checked.\n' in audit_report(list(silent), silent)['markdown']
    unnamed = dict(silent, **{'m0-02': audited()})
    assert '\nNo identity was checked: no module that answered has usr_m0_mac set.\n' in audit_report(list(unnamed), unnamed)['markdown']
    for hostvars in (silent, unnamed):
        assert 'answer with that MAC' not in audit_report(list(hostvars), hostvars)['markdown']


def test_what_a_module_or_its_error_holds_is_text_in_the_report():
    # a module's name, URL and headers, what it answered, the warnings about them: each cell and line is the value
    values = [value for value, _shown in HOSTILE]
    hostvars = {
        'm0-00': audited('drifted', [{'setting': 'http.url', 'wanted': '/in', 'running': value} for value in values],
                         risks=values),
        'm0-01': {'usr_m0_audit_error': 'AT+MID: cannot read name from the reply %s' % values[0]},
        '</td>|**m0**': audited(),
    }
    page = view(audit_report(list(hostvars), hostvars)['markdown'])
    if page:
        assert page.rows == [['module', 'setting', 'wanted', 'running'], ['</td>|**m0**', '(no drift)', '', '']] + [
            ['m0-00', 'http.url', '/in', shown] for _value, shown in HOSTILE]
        assert page.items == ['m0-01: AT+MID: cannot read name from the reply %s' % HOSTILE[0][1]] + [
            'm0-00: %s' % shown for _value, shown in HOSTILE]


def test_a_host_whose_wanted_settings_could_not_be_taken_is_an_inventory_error_not_a_silent_module():
    hostvars = {'m0-00': audited(), 'm0-01': {'usr_m0_audit_error': 'm0-01 has no wanted settings: neither usr_m0_config nor ...'}}
    report = audit_report(list(hostvars), hostvars)
    assert report['summary'] == '2 module(s): 1 compliant, 0 drifted, 0 not answering, 1 inventory error'
    assert report['modules']['m0-01']['status'] == 'inventory error' and report['not_audited'] == ['m0-01']
    assert report['lines'][1] == 'NOT AUDITED: m0-01: m0-01 has no wanted settings: neither usr_m0_config nor ...'
    assert '## Modules not audited\n\n- **m0-01**: m0-01 has no wanted settings' in report['markdown']


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
    assert 'm0-01 | (no drift)' in report['markdown'] and report['not_audited'] == []


def test_a_fleet_whose_firmware_holds_everything_reports_as_before():
    report = audit_report(list(HOSTVARS), HOSTVARS)
    assert 'unsupported' not in report['summary'] and not any(line.startswith('UNSUPPORTED') for line in report['lines'])
    assert report['markdown'].endswith("## Settings the firmware cannot hold\n\nNone: every wanted setting is one the module's firmware has.\n")
