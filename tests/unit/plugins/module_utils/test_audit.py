# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read-only audit of one module: one session, drift, risks, identity, nothing set."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.module_utils._internal import audit, model
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import normalised as config


def test_a_factory_module_drifts_and_every_risk_is_named(fake, device):
    result = audit.audit(device, config(sock={'port': 502}, web={'password': 'pw1'}))
    assert result['changed'] is False and result['status'] == 'drifted'
    assert result['drift'] == [{'setting': 'web.password', 'wanted': model.MASK_CHANGED, 'running': model.MASK},
                               {'setting': 'sock.port', 'wanted': 502, 'running': 8234}]
    assert result['risks'] == ['web page has the factory credentials admin/admin',
                               'heartbeat is off on a client socket: a dead link goes unnoticed',
                               'client socket still points at the factory server 192.168.0.201',
                               'static address is the factory 192.168.0.7: modules will collide']
    assert fake.sets() == [] and fake.restarts == 0


def test_only_the_wanted_settings_and_what_is_reported_on_are_queried_each_once(fake, device):
    audit.audit(device, config(system={'name': 'USR-M0'}, uart={'baudrate': 115200}, heartbeat={'enabled': False}))
    queries = [line for line in fake.lines if line != 'AT']
    assert len(queries) == len(set(queries))
    # wanted: MID, UART, HEARTEN; the risks: WEBU, SOCK, HEARTEN, WANN; the identity: MAC
    assert sorted(queries) == ['AT+%s' % name for name in sorted(['MID', 'UART', 'HEARTEN', 'WEBU', 'SOCK', 'WANN', 'MAC'])]


def test_a_compliant_module_with_safe_settings_has_nothing_to_report(fake, device):
    fake.settings.update(WEBU='ops,pw1', HEARTEN='ON', SOCK='TCPC,10.20.0.50,502', WANN='DHCP,192.168.0.7,255.255.255.0,192.168.0.1')
    result = audit.audit(device, config(sock={'remote_address': '10.20.0.50', 'port': 502}, web={'password': 'pw1'}))
    assert result['status'] == 'compliant' and result['drift'] == [] and result['risks'] == []


def test_a_server_socket_is_not_a_client_risk(fake, device):
    fake.settings.update(SOCK='TCPS,192.168.0.201,8234')
    assert not [risk for risk in audit.audit(device, {})['risks'] if 'socket' in risk]


def test_another_mac_is_reported_not_refused(fake, device):
    result = audit.audit(device, {}, expected_mac='D8B04C0000FF')
    assert result['identity'] == {'expected_mac': 'D8B04C0000FF', 'running_mac': 'D8B04C000001', 'mismatch': True}
    assert audit.audit(device, {}, expected_mac='D8B04C000001')['identity']['mismatch'] is False


def test_another_module_on_the_port_is_not_compliant_whatever_it_runs(fake, device):
    # what was compared is that other module's: nothing it holds makes the expected one compliant (or drifted)
    assert audit.audit(device, {}, expected_mac='D8B04C0000FF')['status'] == 'identity mismatch'
    drifted = audit.audit(device, config(sock={'port': 502}), expected_mac='D8B04C0000FF')
    assert drifted['status'] == 'identity mismatch' and drifted['drift'][0]['setting'] == 'sock.port'
    assert audit.audit(device, {}, expected_mac='D8B04C000001')['status'] == 'compliant'
    assert audit.audit(device, {})['identity'] == {'expected_mac': None, 'running_mac': 'D8B04C000001', 'mismatch': False}


def test_a_watch_round_queries_only_the_wanted_settings_and_the_mac_each_once_and_sets_nothing(fake, device):
    fake.settings.update(MID='pump', HEARTTM='99')
    seen = audit.observe(device, config(system={'name': 'pump'}, heartbeat={'interval': 45, 'enabled': False},
                                        web={'password': 'pw1'}))
    assert seen == {'drift': [{'setting': 'web.password', 'wanted': model.MASK_CHANGED, 'running': model.MASK},
                              {'setting': 'heartbeat.interval', 'wanted': 45, 'running': 99}],
                    'at_factory': False, 'mac': 'D8B04C000001'}
    assert sorted(fake.lines) == ['AT+%s' % name for name in sorted(['MID', 'WEBU', 'HEARTEN', 'HEARTTM', 'MAC'])]
    assert fake.sets() == [] and fake.restarts == 0


def test_a_module_whose_every_setting_read_is_the_factory_one_is_told_from_a_drift(fake, device):
    wanted = config(system={'name': 'pump'}, heartbeat={'interval': 45})
    assert audit.observe(device, wanted)['at_factory'] is True
    fake.settings.update(HEARTTM='99')
    device.forget()
    assert audit.observe(device, wanted)['at_factory'] is False
    # the same drift on a module named otherwise: not a factory reset
    fake.settings.update(HEARTTM='30', MID='tank')
    device.forget()
    assert audit.observe(device, wanted)['at_factory'] is False
    assert audit.observe(device, config(system={'name': model.FACTORY_NAME}))['at_factory'] is False  # no drift
