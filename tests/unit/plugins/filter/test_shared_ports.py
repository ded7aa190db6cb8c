# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hosts that would configure one module in turn are named, with their port."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.filter.shared_ports import shared_ports

HOSTVARS = {
    'pump-01': {'serial_port': '/dev/ttyUSB0'},
    'pump-02': {'serial_port': '/dev/ttyUSB0'},
    'pump-03': {'serial_port': 'rfc2217://ts1:4001', 'usr_m0_mac': 'D8B04C000001'},
    'pump-04': {'serial_port': 'rfc2217://ts1:4001', 'usr_m0_mac': 'D8B04C000002'},
    'pump-05': {'serial_port': 'socket://ts1:4002', 'usr_m0_mac': 'D8B04C000003'},
    'pump-06': {'serial_port': 'socket://ts1:4002'},
    'pump-07': {'serial_port': '/dev/ttyUSB7'},
    'pump-08': {},
}


def test_hosts_on_one_port_are_named_unless_each_has_its_mac():
    assert shared_ports(sorted(HOSTVARS), HOSTVARS) == [
        "pump-01, pump-02 name the same serial_port /dev/ttyUSB0, and not each sets usr_m0_mac: they configure one module "
        "in turn (a run changes and restarts it once per host). Give each host its own port, or its module's usr_m0_mac.",
        "pump-05, pump-06 name the same serial_port socket://ts1:4002, and not each sets usr_m0_mac: they configure one "
        "module in turn (a run changes and restarts it once per host). Give each host its own port, or its module's "
        "usr_m0_mac.",
    ]


def test_only_the_hosts_of_the_play_count():
    assert shared_ports(['pump-01', 'pump-03', 'pump-07'], HOSTVARS) == []
