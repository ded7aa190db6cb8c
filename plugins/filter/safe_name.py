# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: safe_name
author: usriot.m0 contributors (@usriot)
short_description: A name read from a module (or an inventory host name) as one safe file name
description:
  - The collection's one name sanitiser, as the serial_scan inventory plugin and the playbooks use it. Only
    C(A-Za-z0-9_.-) are kept, runs of other characters become one C(_), a leading dot or dash is dropped,
    at most 64 characters; what is left empty is C(m0).
  - So a module named C(../../pwnd) is written as C(_pwnd.yml), inside the folder it was meant for.
options:
  _input:
    description: The name.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Write a file named after the host
  ansible.builtin.copy:
    content: "{{ settings | to_nice_yaml }}"
    dest: "backups/{{ inventory_hostname | usriot.m0.safe_name }}.yml"
    mode: "0600"
"""

RETURN = r"""
_value:
  description: The name as one path component.
  type: str
"""

from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name


class FilterModule(object):
    def filters(self):
        return {'safe_name': safe_name}
