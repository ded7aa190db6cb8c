#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: usr_m0_audit
short_description: Compare a USR-M0 module with its wanted settings and report risky settings, changing
  nothing
version_added: 0.1.0
description:
  - 'Reads, in one AT session and each once, the settings in O(config) and what the report needs (C(AT+HEARTEN),
    C(AT+MAC), C(AT+SOCK), C(AT+WANN), C(AT+WEBU)), and compares them with O(config) as M(usriot.m0.usr_m0_config)
    with O(usriot.m0.usr_m0_config#module:state=merged) would: RV(drift) lists each setting whose running
    value is not the wanted one. Sends no set or restart command and never reports a change; the same
    in check mode.'
  - 'Reports risky running settings as RV(risks): the factory web credentials, a client socket without
    heartbeat or still pointing at the factory server, the factory static address.'
  - 'Passwords are compared in the AT session and shown only masked: a password that differs shows as
    C(********) (changed).'
  - A wanted setting whose AT command the module's firmware lacks is reported in RV(unsupported), on its
    own.
  - The C(usriot.m0.audit) playbook runs it once per module and writes the fleet report.
author: usriot.m0 contributors (@usriot)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - usriot.m0.transport
  - usriot.m0.settings.config
options:
  config:
    description: The wanted settings, in the shape of O(usriot.m0.usr_m0_config#module:config); only the options
      given are compared.
    type: dict
    required: true
  expected_mac:
    description:
      - The MAC address the module on O(serial_port) should have, in any notation.
      - 'A module that answers with another MAC is reported in RV(identity) and RV(status), not refused:
        an audit changes nothing, and a wrong cable is one of the things it finds.'
    type: str
attributes:
  check_mode:
    support: full
    details: The module only queries; it runs the same in check mode.
  diff_mode:
    support: full
    details: Before is what runs, after what O(config) wants; secrets masked, a differing secret marked.
seealso:
  - module: usriot.m0.usr_m0_config
  - module: usriot.m0.usr_m0_facts
'''

EXAMPLES = r'''
- name: Audit a module against its layered settings from inventory (nothing is set)
  usriot.m0.usr_m0_audit:
    serial_port: "{{ serial_port }}"
    config: "{{ lookup('usriot.m0.layered_config') }}"
  register: audit

- name: Say what drifted
  ansible.builtin.debug:
    msg: "{{ audit.status }}: {{ audit.drift | map(attribute='setting') | join(', ') }}; risks: {{ audit.risks }}"
'''

RETURN = r'''
status:
  description:
    - V(compliant) when nothing drifted, else V(drifted); V(left in AT mode) when the module was found
      in AT mode, which an interrupted run leaves, so that its stored settings may not be the ones it
      runs until it restarts (a converge does that).
    - 'V(identity mismatch) when the module answers with another MAC than O(expected_mac) (a moved cable):
      what was compared is another module''s, whatever it holds.'
    - V(unsupported) when nothing drifted but a wanted setting is one the module's firmware cannot hold
      (RV(unsupported)).
  returned: success
  type: str
  sample: drifted
unsupported:
  description: 'Each wanted setting whose AT command the module''s firmware lacks (it answered C(+ERR=-2), invalid
    command, to its query): C(setting) (section.option), C(wanted) (secrets masked) and C(command).
    Neither drift (no set can fix it) nor a failure: give the setting only to modules whose firmware
    has it.'
  returned: success
  type: list
  elements: dict
  sample: [{setting: http.method, wanted: post, command: AT+HTPTP}]
firmware_version:
  description: The firmware version of the module (C(AT+VER)).
  returned: when unsupported is not empty
  type: str
  sample: '4010'
drift:
  description: 'Each setting whose running value is not the wanted one: C(setting) (section.option), C(wanted)
    and C(running), secrets masked.'
  returned: success
  type: list
  elements: dict
  sample: [{setting: sock.port, wanted: 502, running: 8234}]
risks:
  description: Risky running settings, one sentence each.
  returned: success
  type: list
  elements: str
  sample: [web page has the factory credentials admin/admin]
identity:
  description: C(expected_mac) (null when not given), C(running_mac) and C(mismatch).
  returned: success
  type: dict
  sample: {expected_mac: D8B04C000001, running_mac: D8B04C000001, mismatch: false}
transcript:
  description: Each AT command of the session and the reply read (null when none came); passwords masked.
  returned: when the task fails after the port was opened, with -v or more
  type: list
  elements: dict
  sample: [{command: AT+DNS=10.20.0.2, reply: +ERR=-5}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.usriot.m0.plugins.module_utils._internal import arguments, states


def module_arguments():
    return dict(argument_spec=arguments.audit(), supports_check_mode=True)


def run(module):
    states.run_audit(module)


def main():
    run(AnsibleModule(**module_arguments()))


if __name__ == '__main__':
    main()
