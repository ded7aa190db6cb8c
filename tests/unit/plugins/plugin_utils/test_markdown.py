# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values in the Markdown reports are text: no markup, no cell or line of their own, whatever they hold."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.usriot.m0.plugins.plugin_utils._internal.markdown import markdown_text
from ansible_collections.usriot.m0.tests.unit.plugins.markdown_view import HOSTILE, view


@pytest.mark.parametrize('value, shown', HOSTILE)
def test_a_value_shows_as_its_characters_in_a_cell_and_in_running_text(value, shown):
    text = markdown_text(value)
    assert '\n' not in text and '\r' not in text
    page = view('| value | next |\n|---|---|\n| %s | end |\n\n- **m0-00**: %s\n' % (text, text))
    if page:
        assert page.rows == [['value', 'next'], [shown, 'end']]
        assert page.items == ['m0-00: ' + shown]


@pytest.mark.parametrize('value', ['sock.remote_address', 'D8B04C000001', 'm0-01', '10.20.0.50', 'web page (factory)'])
def test_ordinary_values_are_left_readable_in_the_file(value):
    assert markdown_text(value) == value


def test_values_of_any_type_are_shown_as_text():
    assert [markdown_text(value) for value in (502, True, None, ['X: 1', 'Y: <b>'])] == [
        '502', 'True', 'None', "\\['X: 1', 'Y: &lt;b&gt;'\\]"]
