# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values in the Markdown reports (drift.md, rollout.md) that people open and push to Git, shown as text."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import html
import re
import unicodedata

from ansible.module_utils.common.text.converters import to_text

# What CommonMark and GitHub's tables take for markup in running text: a backslash before it shows the character
# itself. (&, < and > become HTML entities instead: Markdown passes raw HTML on, and every renderer shows an entity
# as its character.) A _ between letters or digits is left as it is: it emphasises nothing there, and setting
# names (sock.remote_address) stay readable in the file.
MARKUP = re.compile(r'[\\`*\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])')
# Characters that would end the line, and so the table row, or that do not show: control and format characters
# (bidirectional overrides among them), line and paragraph separators
UNSEEN = ('Cc', 'Cf', 'Zl', 'Zp')


def _shown(char):
    return char.encode('unicode_escape').decode('ascii') if unicodedata.category(char) in UNSEEN else char


def markdown_text(value):
    """value (a module's name, URL or headers, an error message: anything) as Markdown inline text that shows
    exactly its characters, in a table cell or in running text: no HTML, link, image, emphasis or code, no cell or
    line of its own. Characters that would break the line or not show are written as Python escapes (\\n, \\x1b,
    \\u2028)."""
    text = ''.join(_shown(char) for char in to_text(value))
    return MARKUP.sub(lambda match: '\\' + match.group(0), html.escape(text, quote=False))


def markdown_row(values):
    """A row of a Markdown table, each value a cell of text (markdown_text)."""
    return '| %s |' % ' | '.join(markdown_text(value) for value in values)
