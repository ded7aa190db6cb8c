# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names read from a module become file and host names only through safe_name."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
from hypothesis import given, strategies

from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name


@pytest.mark.parametrize('value, name', [
    ('pump-07', 'pump-07'),
    ('../../pwnd', '_pwnd'),
    ('/etc/passwd', '_etc_passwd'),
    ('.hidden', 'hidden'),
    ('..', 'm0'),
    ('', 'm0'),
    (None, 'm0'),
    ('{{ 7*7 }}', '_7_7_'),
    ('USR M0\r\nAT+WEBU', 'USR_M0_AT_WEBU'),
    ('-rf', 'rf'),
    ('D8:B0:4C:00:00:01', 'D8_B0_4C_00_00_01'),
    ('a' * 80, 'a' * 64),
])
def test_names_from_a_module(value, name):
    assert safe_name(value) == name


@given(strategies.text())
def test_a_safe_name_is_one_plain_path_component(value):
    name = safe_name(value)
    assert name and os.path.basename(name) == name and name not in ('.', '..')
    assert not name.startswith(('.', '-')) and len(name) <= 64
    assert all(char.isascii() and (char.isalnum() or char in '_.-') for char in name)
