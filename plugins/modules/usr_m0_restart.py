#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: usr_m0_restart
short_description: Restart, factory-reset, or return a USR-M0 module to work mode
version_added: 0.1.0
description:
  - C(restarted) sends C(AT+Z) so stored settings take effect, waits until the module answers the C(+++) handshake
    again, at its new UART speed if the stored one differs, and leaves it in work mode.
  - C(factory_reset) sends C(AT+RELD), which restores every factory setting (UART back to 115200 8N1) and restarts;
    the module waits until it answers at 115200 baud. The web password goes back to C(admin).
  - V(work_mode) only makes sure the module is in work (transparent) mode, for example after a run was interrupted
    and left it in AT mode, where it does not carry data. It reports a change only if the module was found in AT mode.
author: usriot.m0 contributors (@usriot)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - usriot.m0.transport
  - usriot.m0.identity
options:
  state:
    description: What to do with the module.
    type: str
    choices: [restarted, factory_reset, work_mode]
    default: restarted
  wait_timeout:
    description: Seconds to keep trying the handshake after the restart before failing (a first wait of 2 seconds comes on top).
    type: float
    default: 30
attributes:
  check_mode:
    support: full
    details: >-
      V(restarted) and V(factory_reset) send nothing in check mode and report a change.
      V(work_mode) runs as usual: finding the mode means entering AT mode and leaving it.
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- name: Restart so that the stored settings take effect
  usriot.m0.usr_m0_restart:
    serial_port: /dev/ttyUSB0
    state: restarted

- name: Factory reset (the module comes back at 115200 baud)
  usriot.m0.usr_m0_restart:
    serial_port: /dev/ttyUSB0
    serial_baudrate: 9600
    state: factory_reset

- name: Make sure an interrupted module carries data again
  usriot.m0.usr_m0_restart:
    serial_port: /dev/ttyUSB0
    state: work_mode
'''

RETURN = r'''
serial_baudrate:
  description: The speed the module answers at now; use it as O(serial_baudrate) for the next tasks.
  returned: success
  type: int
  sample: 115200
was_in_at_mode:
  description: Whether the module was found in AT mode (left there by an earlier run).
  returned: success, unless skipped in check mode
  type: bool
  sample: false
transcript:
  description: Each AT command of the session and the reply read (null when none came); passwords masked.
  returned: when the task fails after the port was opened, with -v or more
  type: list
  elements: dict
  sample: [{command: AT+UART, reply: null}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.usriot.m0.plugins.module_utils._internal import arguments, common, engine, model

FACTORY_BAUDRATE = model.factory_settings('uart')['baudrate']


def restart(session, state):
    if state == 'work_mode':
        return {'changed': session.was_in_at_mode}
    if state == 'factory_reset':
        session.restart(baudrate=FACTORY_BAUDRATE, factory_reset=True)
    else:
        stored = engine.CachedDevice(session).read(model.BY_NAME['UART'])['baudrate']
        session.restart(baudrate=stored)
    return {'changed': True}


def module_arguments():
    return dict(argument_spec=arguments.with_transport(arguments.IDENTITY, {
        'state': {'type': 'str', 'choices': ['restarted', 'factory_reset', 'work_mode'], 'default': 'restarted'},
        'wait_timeout': {'type': 'float', 'default': 30.0},
    }), supports_check_mode=True)


def run(module):
    state = module.params['state']
    if module.check_mode and state != 'work_mode':
        if module.params['expected_mac']:
            common.run_session(module, lambda session: None)  # only the identity check
        module.exit_json(changed=True, serial_baudrate=FACTORY_BAUDRATE if state == 'factory_reset' else module.params['serial_baudrate'])

    def work(session):
        result = restart(session, state)
        result.update(was_in_at_mode=session.was_in_at_mode, serial_baudrate=session.baudrate)
        return result

    module.exit_json(**common.run_session(module, work, restart_timeout=module.params['wait_timeout']))


def main():
    run(AnsibleModule(**module_arguments()))


if __name__ == '__main__':
    main()
