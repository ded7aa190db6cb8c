# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A change is named by the settings that moved, not by the AT commands that carried them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.filter.settings_moved import settings_moved


def test_only_the_settings_that_moved_are_named():
    diff = {'before': {'sock': {'protocol': 'tcpc', 'remote_address': '10.20.0.50', 'port': 8234}, 'system': {'name': 'M0'}},
            'after': {'sock': {'protocol': 'tcpc', 'remote_address': '10.20.0.50', 'port': 502}, 'system': {'name': 'pump'}}}
    assert settings_moved(diff) == ['sock.port', 'system.name']


def test_nothing_moved_names_nothing():
    assert settings_moved({'before': {'sock': {'port': 502}}, 'after': {'sock': {'port': 502}}}) == []
