# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Playbooks reach safe_name through the filter of the same name."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.loader import filter_loader

from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name


def test_the_filter_is_the_one_sanitiser():
    assert filter_loader.get('usriot.m0.safe_name').j2_function is safe_name
    assert filter_loader.get('usriot.m0.safe_name').j2_function('../../pwnd') == '_pwnd'
