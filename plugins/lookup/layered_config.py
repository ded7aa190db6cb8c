# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: layered_config
author: usriot.m0 contributors (@usriot)
short_description: A host's usr_m0_config merged with every usr_m0_config_* layer
description:
  - Returns the desired settings of the current host, in the shape of the O(usriot.m0.usr_m0_config#module:config) option
    of M(usriot.m0.usr_m0_config).
  - Starts from C(usr_m0_config) and merges into it, section by section and option by option, every variable whose name
    starts with C(usr_m0_config_) (C(usr_m0_config_site), C(usr_m0_config_host), ...) in name order, later layers winning,
    as community.general.merge_variables does. An option's value, a list included, is replaced as a whole.
  - So a group can set the fleet's C(usr_m0_config), a site group C(usr_m0_config_site) and a host C(usr_m0_config_host)
    without any of them repeating what the others set; a plain C(usr_m0_config) in host vars would replace the group's
    whole dict, as Ansible's variable precedence does for any dict.
  - C(usr_m0_config_cli) is the command line's layer and is merged last, whatever its name's order. An extra var (C(-e))
    named as an inventory layer (C(usr_m0_config), C(usr_m0_config_site), ...) replaces that layer whole on every host, as
    extra vars replace any variable; the lookup warns when it sees one.
  - The role usriot.m0.configure and the playbooks of the collection take their settings from this lookup.
  - A host with neither C(usr_m0_config) nor any C(usr_m0_config_*) variable fails, naming the host and where its
    variables are looked for; that is inventory (or group_vars) not found, not a wish for nothing. A host that wants
    nothing set says so with an empty dict in C(usr_m0_config).
  - A layer that is not a dict, a section in it that is not a dict, or an option the section does not have or a value
    of the wrong type, out of its choices or its range, fails naming the variable, before any module is touched.
options: {}
"""

EXAMPLES = r"""
- name: Converge a module to its layered settings
  usriot.m0.usr_m0_config:
    serial_port: "{{ serial_port }}"
    config: "{{ lookup('usriot.m0.layered_config') }}"

# Add settings on the command line without replacing any inventory layer:
#   ansible-playbook usriot.m0.rollout -e '{"usr_m0_config_cli": {"heartbeat": {"interval": 45}}}'
"""

RETURN = r"""
_raw:
  description: The merged settings, one dict per section.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display
from ansible.utils.vars import load_extra_vars

from ansible_collections.usriot.m0.plugins.module_utils._internal import model
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.worker import as_a_module_receives

display = Display()

BASE = 'usr_m0_config'
PREFIX = BASE + '_'
COMMAND_LINE = PREFIX + 'cli'


def layer_names(names):
    """usr_m0_config first, then every usr_m0_config_* in name order, the command line's layer last."""
    layers = [BASE] if BASE in names else []
    layers += sorted(name for name in names if name.startswith(PREFIX) and name != COMMAND_LINE)
    return layers + ([COMMAND_LINE] if COMMAND_LINE in names else [])


def warn_of_replaced_layers(extra_vars):
    """An extra var named as an inventory layer replaces that layer on every host (the same words for every host,
    so that ansible-playbook shows them once)."""
    for name in layer_names([name for name in extra_vars if isinstance(name, str)]):
        if name != COMMAND_LINE:
            display.warning('usriot.m0: the extra var %s replaces any %s of the inventory whole, on every host, as '
                            'extra vars replace any variable. To add settings on the command line, give them in %s: it '
                            'is merged last, option by option.' % (name, name, COMMAND_LINE))


def check_layer(name, layer):
    """Fail naming the layer variable when its options are not the model's (the module would, naming only config)."""
    result = ArgumentSpecValidator(model.config_argument_spec()).validate(as_a_module_receives(layer))
    if result.error_messages:
        # the validator names an unknown option without saying that it is unknown
        raise AnsibleError('%s: %s' % (name, '; '.join(
            'unknown option %s' % error.msg if isinstance(error, UnsupportedError) else error.msg for error in result.errors)))
    for section, options in result.validated_parameters.items():
        try:
            model.normalise_section(section, options or {})
        except model.ModelError as exc:
            raise AnsibleError('%s: %s' % (name, exc))


def merge_layers(layers):
    """Merge (name, dict) layers in order: sections and options of later layers win, other values are replaced."""
    merged = {}
    for name, layer in layers:
        if layer is None:
            continue
        if not isinstance(layer, dict):
            raise AnsibleError('%s must be a dict of usr_m0_config sections, got %s' % (name, type(layer).__name__))
        for section, options in layer.items():
            if not isinstance(options, dict):
                raise AnsibleError('%s.%s must be a dict of options, got %s' % (name, section, type(options).__name__))
        check_layer(name, layer)
        for section, options in layer.items():
            merged.setdefault(section, {}).update(options)
    return merged


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if terms:
            raise AnsibleError('usriot.m0.layered_config takes no terms: it reads usr_m0_config and usr_m0_config_* of the host')
        variables = variables or {}
        names = layer_names([name for name in variables if isinstance(name, str)])
        if not names:
            raise AnsibleError(
                '%s has no wanted settings: neither %s nor any %s* variable is defined for it. They are looked for in '
                'its inventory, the group_vars/ and host_vars/ folders next to the inventory or the playbook, and the '
                'extra vars (-e); set %s: {} to want nothing.' % (variables.get('inventory_hostname', 'this host'), BASE, PREFIX, BASE))
        warn_of_replaced_layers(load_extra_vars(self._loader))
        # each layer is templated as the vars lookup does, so a layer may refer to vault variables
        return [merge_layers((name, self._templar.template(variables[name])) for name in names)]
