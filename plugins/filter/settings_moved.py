# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: settings_moved
author: usriot.m0 contributors (@usriot)
short_description: The settings a usr_m0_config result changed, named as the inventory names them
description:
  - From the C(diff) of a M(usriot.m0.usr_m0_config) result (or of a settings module), the settings whose running value
    was not the wanted one, as C(section.option) (C(sock.port), C(heartbeat.enabled)), without their values, which may
    be long or secret. One AT command sets several settings; only those that moved are named.
  - The rollout's summary and the restore playbook name a module's change with it.
options:
  _input:
    description: The result's C(diff), with C(before) and C(after).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Say what moved
  ansible.builtin.debug:
    msg: "{{ result.diff | usriot.m0.settings_moved | join(', ') }}"
"""

RETURN = r"""
_value:
  description: The settings that moved, in the order of the diff's sections.
  type: list
  elements: str
"""

from ansible_collections.usriot.m0.plugins.module_utils._internal.audit import drift


def settings_moved(diff):
    return [item['setting'] for item in drift(diff['before'], diff['after'])]


class FilterModule(object):
    def filters(self):
        return {'settings_moved': settings_moved}
