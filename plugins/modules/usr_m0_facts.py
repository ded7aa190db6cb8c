#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: usr_m0_facts
short_description: Gather the settings and status of a USR-M0 module
version_added: 0.1.0
description:
  - Enters AT mode, queries the settings of the M0 (each AT query at most once), returns them as
    C(ansible_facts.usr_m0) and puts the module back in work mode (C(AT+ENTM)). Nothing is changed on the device.
  - Each settings section holds exactly the options of its settings module (M(usriot.m0.usr_m0_system),
    M(usriot.m0.usr_m0_network), ...), so a section can be given back to that module, or the whole set to
    M(usriot.m0.usr_m0_config) as O(usriot.m0.usr_m0_config#module:config), unchanged.
  - Passwords (web, cloud) are shown masked as C(********); given back as O(usriot.m0.usr_m0_config#module:config)
    they are left as they are.
  - A module whose firmware lacks commands (older releases do, and answer C(+ERR=-2), invalid command, to their
    queries) is read for what it has, and C(unsupported) names what it lacks. Each command is asked once per session.
author: usriot.m0 contributors (@usriot)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - usriot.m0.transport
options:
  gather_subset:
    description:
      - What to query. V(all), V(status) (firmware version, MAC, socket link), or one of the settings sections
        V(system), V(network), V(web), V(uart), V(sock), V(registration), V(heartbeat), V(http).
      - Prefix with C(!) to leave a subset out, for example C(['all', '!http']).
      - The status values are queried with every subset.
    type: list
    elements: str
    default: [all]
attributes:
  check_mode:
    support: full
    details: The module only queries; it runs the same in check mode.
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- name: Gather everything from the M0 on a local USB adapter
  usriot.m0.usr_m0_facts:
    serial_port: /dev/ttyUSB0

- name: Only the network and UART settings, through a terminal server
  usriot.m0.usr_m0_facts:
    serial_port: socket://ts1.example.net:4001
    gather_subset: [network, uart]

- name: Show the firmware version
  ansible.builtin.debug:
    msg: "{{ inventory_hostname }} runs firmware {{ ansible_facts.usr_m0.firmware_version }}"

- name: Say what the firmware lacks
  ansible.builtin.debug:
    msg: "{{ inventory_hostname }} lacks {{ ansible_facts.usr_m0.unsupported | join(', ') or 'nothing' }}"
'''

RETURN = r'''
ansible_facts:
  description: Facts to add to ansible_facts.
  returned: always
  type: dict
  contains:
    usr_m0:
      description: The M0's status and settings, one dict per gathered section.
      returned: always
      type: dict
      contains:
        firmware_version:
          description: Firmware version (C(AT+VER)).
          type: str
          sample: "4016"
        mac:
          description: MAC address in use, 12 upper-case hex digits (C(AT+MAC)).
          type: str
          sample: D8B04C000001
        socket_connected:
          description: Whether the TCP link is up (C(AT+SOCKLK)).
          type: bool
          sample: false
        unsupported:
          description:
            - What the module's firmware lacks, of what was gathered (it answered C(+ERR=-2), invalid command, to the
              queries). A section it has none of the commands of is named by the section, else each setting as
              C(section.option), and a status value by its key. The sections and settings named are left out of these
              facts.
            - Empty when the firmware has every command gathered.
          type: list
          elements: str
          sample: [http, registration.cloud_id, registration.cloud_password]
        found_in_at_mode:
          description: Whether the module was in AT mode when the session began (or an earlier session that did not restart it
            did), as an interrupted run leaves it; a converge restarts it even when nothing differs.
          type: bool
          sample: false
        system:
          description: C(name), C(echo), C(mac), as in M(usriot.m0.usr_m0_system).
          type: dict
          returned: when gathered
          sample: {name: USR-M0, echo: true, mac: D8B04C000001}
        network:
          description: C(ip_mode), C(ip_address), C(netmask), C(gateway), C(dns), as in M(usriot.m0.usr_m0_network).
          type: dict
          returned: when gathered
          sample: {ip_mode: static, ip_address: 192.168.0.7, netmask: 255.255.255.0, gateway: 192.168.0.1, dns: 208.67.222.222}
        web:
          description: C(username), C(password) (masked), C(port), as in M(usriot.m0.usr_m0_web).
          type: dict
          returned: when gathered
          sample: {username: admin, password: "********", port: 80}
        uart:
          description: C(baudrate), C(data_bits), C(stop_bits), C(parity), C(flow_control), as in M(usriot.m0.usr_m0_uart).
          type: dict
          returned: when gathered
          sample: {baudrate: 115200, data_bits: 8, stop_bits: 1, parity: none, flow_control: nfc}
        sock:
          description: C(protocol), C(remote_address), C(port), C(local_port), C(tcp_server_policy), as in M(usriot.m0.usr_m0_sock).
          type: dict
          returned: when gathered
          sample: {protocol: tcpc, remote_address: 192.168.0.201, port: 8234, local_port: 0, tcp_server_policy: keep}
        registration:
          description:
            - C(mode), C(send), C(data), C(cloud_id), C(cloud_password) (masked), as in M(usriot.m0.usr_m0_registration).
            - C(cloud_id) and C(cloud_password) are null while no cloud account is set, and left out on a firmware
              without C(AT+REGCLOUD).
          type: dict
          returned: when gathered
          sample: {mode: "off", send: first, data: www.usr.cn, cloud_id: null, cloud_password: null}
        heartbeat:
          description: C(enabled), C(target), C(interval), C(data), as in M(usriot.m0.usr_m0_heartbeat).
          type: dict
          returned: when gathered
          sample: {enabled: false, target: net, interval: 30, data: www.usr.cn}
        http:
          description: C(method), C(url), C(headers), C(filter_response_header), as in M(usriot.m0.usr_m0_http).
          type: dict
          returned: when gathered and the firmware has it
          sample: {method: get, url: "/1.php?", headers: ["User_Agent: Mozilla/4.0"], filter_response_header: false}
transcript:
  description: Each AT command of the session and the reply read (null when none came); passwords masked.
  returned: when the task fails after the port was opened, with -v or more
  type: list
  elements: dict
  sample: [{command: AT+VER, reply: "+OK=4016"}, {command: AT+UART, reply: null}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.usriot.m0.plugins.module_utils._internal import arguments, common, engine, model

SUBSETS = ('status',) + model.SECTIONS


def resolve_subsets(requested):
    """The sections to gather from gather_subset, or a message saying what is wrong."""
    chosen = set()
    excluded = set()
    for item in requested:
        name = item[1:] if item.startswith('!') else item
        if name != 'all' and name not in SUBSETS:
            return None, 'gather_subset: unknown subset %r (allowed: all, %s, each optionally prefixed with !)' % (item, ', '.join(SUBSETS))
        names = set(SUBSETS) if name == 'all' else set([name])
        (excluded if item.startswith('!') else chosen).update(names)
    if not chosen:
        chosen = set(SUBSETS)
    return [section for section in model.SECTIONS if section in chosen - excluded], None


def module_arguments():
    return dict(argument_spec=arguments.with_transport({'gather_subset': {'type': 'list', 'elements': 'str', 'default': ['all']}}),
                supports_check_mode=True)


def run(module):
    sections, error = resolve_subsets(module.params['gather_subset'])
    if error:
        module.fail_json(msg=error)
    facts = common.run_session(module, lambda session: dict(engine.CachedDevice(session).gather(sections),
                                                            found_in_at_mode=session.found_in_at_mode))
    for section in sections:
        if section in facts:
            facts[section] = model.mask_secrets(section, facts[section])
    module.exit_json(changed=False, ansible_facts={'usr_m0': facts})


def main():
    run(AnsibleModule(**module_arguments()))


if __name__ == '__main__':
    main()
