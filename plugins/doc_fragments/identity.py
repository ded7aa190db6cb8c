# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The identity guard of every usriot.m0 module that changes or restarts a module."""

    DOCUMENTATION = r'''
options:
  expected_mac:
    description:
      - The MAC address the module on O(serial_port) must have, in any notation (V(D8B04C123456), V(d8:b0:4c:12:34:56)).
      - Read with C(AT+MAC) right after the handshake, in the same AT session and before any set or restart command;
        if it differs, the task fails naming the port and both MAC addresses and nothing is changed. Check mode
        reports a mismatch the same way.
      - Guards against swapped cables. If the task does not give it, the host variable C(usr_m0_mac) is used when it
        is set, so the C(usriot.m0.configure) role, the playbooks and any task of the collection check it.
    type: str
'''
