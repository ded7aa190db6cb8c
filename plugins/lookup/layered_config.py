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
  - The role usriot.m0.configure and the playbooks of the collection take their settings from this lookup.
  - A layer that is not a dict, a section in it that is not a dict, or an option the section does not have or a value
    of the wrong type or out of its choices, fails naming the variable, before any module is touched.
options: {}
"""

EXAMPLES = r"""
- name: Converge a module to its layered settings
  usriot.m0.usr_m0_config:
    serial_port: "{{ serial_port }}"
    config: "{{ lookup('usriot.m0.layered_config') }}"
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

from ansible_collections.usriot.m0.plugins.module_utils import model
from ansible_collections.usriot.m0.plugins.plugin_utils.worker import as_a_module_receives

BASE = 'usr_m0_config'
PREFIX = BASE + '_'


def layer_names(names):
    """usr_m0_config first, then every usr_m0_config_* in name order."""
    return ([BASE] if BASE in names else []) + sorted(name for name in names if name.startswith(PREFIX))


def check_layer(name, layer):
    """Fail naming the layer variable when its options are not the model's (the module would, naming only config)."""
    result = ArgumentSpecValidator(model.config_argument_spec()).validate(as_a_module_receives(layer))
    if result.error_messages:
        # the validator names an unknown option without saying that it is unknown
        raise AnsibleError('%s: %s' % (name, '; '.join(
            'unknown option %s' % error.msg if isinstance(error, UnsupportedError) else error.msg for error in result.errors)))


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
        names = [name for name in variables if isinstance(name, str)]
        # each layer is templated as the vars lookup does, so a layer may refer to vault variables
        return [merge_layers((name, self._templar.template(variables[name])) for name in layer_names(names))]
