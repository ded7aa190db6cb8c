# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: shared_ports
author: usriot.m0 contributors (@usriot)
short_description: Hosts that name one serial port, where one of them has no usr_m0_mac
description:
  - Two inventory hosts with the same C(serial_port) are one module, configured in turn by each (renamed and restarted
    twice in one run), unless C(usr_m0_mac) tells them apart (the identity guard then refuses the one that is not
    there). The role usriot.m0.configure warns with this before any module is touched.
  - Ports are compared as written. Hosts reached through different serial hosts (C(delegate_to)) may name the same
    device path and still be different modules.
options:
  _input:
    description: The hosts to look at (C(ansible_play_hosts_all)).
    type: list
    elements: str
    required: true
  hostvars:
    description: C(hostvars).
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Warn of hosts that would configure one module in turn
  run_once: true
  vars:
    shared: "{{ ansible_play_hosts_all | usriot.m0.shared_ports(hostvars) }}"
  when: shared | length > 0
  ansible.builtin.debug:
    msg: "{{ shared }}"
"""

RETURN = r"""
_value:
  description: One sentence per shared port, naming the port and its hosts, in the order of the hosts.
  type: list
  elements: str
"""


def shared_ports(hosts, hostvars):
    by_port = {}
    for host in hosts:
        port = hostvars[host].get('serial_port')
        if isinstance(port, str):
            by_port.setdefault(port, []).append(host)
    return ['%s name the same serial_port %s, and not each sets usr_m0_mac: they configure one module in turn (a run '
            'changes and restarts it once per host). Give each host its own port, or its module\'s usr_m0_mac.'
            % (', '.join(names), port)
            for port, names in by_port.items()
            if len(names) > 1 and not all(hostvars[host].get('usr_m0_mac') for host in names)]


class FilterModule(object):
    def filters(self):
        return {'shared_ports': shared_ports}
