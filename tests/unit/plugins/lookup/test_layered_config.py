# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""usr_m0_config layers merge section by section and option by option, in name order."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import lookup_loader
from ansible.template import Templar, trust_as_template

from ansible_collections.usriot.m0.plugins.lookup import layered_config
from ansible_collections.usriot.m0.plugins.lookup.layered_config import layer_names, merge_layers


def run(variables, terms=()):
    lookup = lookup_loader.get('usriot.m0.layered_config', loader=DataLoader(), templar=Templar(loader=DataLoader(), variables=variables))
    return lookup.run(list(terms), variables=variables)[0]


def test_layers_in_name_order_after_the_base_and_the_command_line_last():
    assert layer_names(['usr_m0_config_site', 'serial_port', 'usr_m0_config', 'usr_m0_config_host', 'usr_m0_configx']) == [
        'usr_m0_config', 'usr_m0_config_host', 'usr_m0_config_site']
    assert layer_names(['usr_m0_config_zone', 'usr_m0_config_cli', 'usr_m0_config']) == [
        'usr_m0_config', 'usr_m0_config_zone', 'usr_m0_config_cli']


def test_later_layers_win_option_by_option():
    merged = run({
        'usr_m0_config': {'sock': {'protocol': 'tcpc', 'remote_address': '10.20.0.50', 'port': 502},
                          'http': {'headers': ['A: 1', 'B: 2']}},
        'usr_m0_config_host': {'system': {'name': 'pump-07'}, 'sock': {'port': 503}},
        'usr_m0_config_site': {'sock': {'port': 504, 'remote_address': '10.30.0.50'}, 'http': {'headers': ['C: 3']}},
        'serial_port': '/dev/ttyUSB0',
    })
    assert merged == {
        'sock': {'protocol': 'tcpc', 'remote_address': '10.30.0.50', 'port': 504},
        'http': {'headers': ['C: 3']},  # an option's list is replaced, not appended to
        'system': {'name': 'pump-07'},
    }


def test_layers_without_a_base():
    assert run({'usr_m0_config_host': {'system': {'name': 'pump-07'}}}) == {'system': {'name': 'pump-07'}}
    assert run({'usr_m0_config': {}}) == {}  # nothing wanted, said so


def test_a_host_without_any_layer_fails_naming_it_and_where_layers_are_looked_for():
    with pytest.raises(AnsibleError, match=r'pump-07 has no wanted settings: neither usr_m0_config nor any usr_m0_config_\* '
                                           r'variable is defined for it\. They are looked for in its inventory, the group_vars/'):
        run({'serial_port': '/dev/ttyUSB0', 'inventory_hostname': 'pump-07'})


def test_an_extra_var_named_as_an_inventory_layer_is_warned_of(monkeypatch):
    warnings = []
    monkeypatch.setattr(layered_config.display, 'warning', warnings.append)
    layered_config.warn_of_replaced_layers({'usr_m0_config_site': {}, 'usr_m0_config_cli': {}, 'usr_m0_rollout_batches': 1})
    assert warnings == ['usriot.m0: the extra var usr_m0_config_site replaces any usr_m0_config_site of the inventory whole, '
                        'on every host, as extra vars replace any variable. To add settings on the command line, give '
                        'them in usr_m0_config_cli: it is merged last, option by option.']


def test_layers_are_templated_like_any_variable():
    merged = run({'usr_m0_config': {'web': {'password': trust_as_template('{{ vault_password }}')}}, 'vault_password': 's3cr3'})
    assert merged == {'web': {'password': 's3cr3'}}


def test_the_merge_does_not_change_the_layers():
    base = {'sock': {'port': 502}}
    merge_layers([('usr_m0_config', base), ('usr_m0_config_host', {'sock': {'port': 503}})])
    assert base == {'sock': {'port': 502}}


@pytest.mark.parametrize('variables, message', [
    ({'usr_m0_config_site': ['sock']}, 'usr_m0_config_site must be a dict of usr_m0_config sections, got list'),
    ({'usr_m0_config_host': {'sock': 502}}, 'usr_m0_config_host.sock must be a dict of options, got int'),
])
def test_a_layer_of_another_shape_is_named(variables, message):
    with pytest.raises(AnsibleError, match=message):
        run(variables)


def test_terms_are_refused():
    with pytest.raises(AnsibleError, match='takes no terms'):
        run({}, terms=['usr_m0_config'])


@pytest.mark.parametrize('layer, message', [
    ({'sock': {'protcol': 'tcpc'}}, r'usr_m0_config_site: unknown option sock\.protcol\. Supported parameters include: .*protocol'),
    ({'sock': {'protocol': 'tcp'}}, r'usr_m0_config_site: value of protocol must be one of: .*tcpc.*, got: tcp found in sock'),
    ({'heartbeat': {'interval': 'often'}}, r'usr_m0_config_site: .*interval.*int'),
    ({'serial': {'baudrate': 9600}}, r'usr_m0_config_site: .*serial'),
    ({'web': {'username': 'plantops'}}, r"usr_m0_config_site: web\.username: 'plantops' is not allowed: it is 8 bytes long"),
    ({'heartbeat': {'interval': 0}}, r'usr_m0_config_site: heartbeat\.interval: 0 is not allowed: out of range'),
])
def test_a_bad_option_fails_naming_the_layer_and_what_is_allowed(layer, message):
    with pytest.raises(AnsibleError, match=message):
        run({'usr_m0_config': {'sock': {'port': 502}}, 'usr_m0_config_site': layer})


def test_values_as_the_command_line_gives_them_are_taken():
    assert run({'usr_m0_config_host': {'sock': {'port': '502'}, 'heartbeat': {'enabled': 'yes'}}}) == {
        'sock': {'port': '502'}, 'heartbeat': {'enabled': 'yes'}}
