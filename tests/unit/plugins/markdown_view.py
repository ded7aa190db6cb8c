# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Markdown reports as a person sees them, for unit tests: values a module (or whoever controls it) can hold,
and what a viewer makes of a report.

The report is rendered with markdown-it-py (CommonMark with GitHub's tables and strikethrough, as GitHub, GitLab and
Gitea show a report pushed to Git) where it is installed; its tables are also read from the text itself, so the
shape of every row is checked either way.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from html.parser import HTMLParser

try:
    from markdown_it import MarkdownIt
except ImportError:  # the compatibility legs: the text's own checks still run
    MarkdownIt = None

# (a value, what the report must show for it): markup of every kind, and characters that end a line or do not show,
# which the report writes as Python escapes
HOSTILE = [
    ('<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'),
    ('</td></tr><script>alert(1)</script>', '</td></tr><script>alert(1)</script>'),
    ('[link](https://evil.example/)', '[link](https://evil.example/)'),
    ('![logo](https://evil.example/x.png)', '![logo](https://evil.example/x.png)'),
    ('<https://evil.example/>', '<https://evil.example/>'),
    ('a | b |', 'a | b |'),
    ('`code` ``x``', '`code` ``x``'),
    ('**bold** _em_ ~~gone~~ *i*', '**bold** _em_ ~~gone~~ *i*'),
    ('&lt;b&gt; &amp;', '&lt;b&gt; &amp;'),
    ('back\\slash\\|pipe\\', 'back\\slash\\|pipe\\'),
    ('one\ntwo', 'one\\ntwo'),
    ('cr\r\n| x | y |', 'cr\\r\\n| x | y |'),
    ('x\u2028AT+Z', 'x\\u2028AT+Z'),
    ('a\x1b[2J\x9bb', 'a\\x1b[2J\\x9bb'),
    ('\u202eevil', '\\u202eevil'),
    ('<!-- hidden -->', '<!-- hidden -->'),
]
# What the collection's reports are made of: headings, paragraphs, lists, bold host names and tables, none with an
# attribute. Anything else (a link, an image, a script, code, emphasis) came from a value.
REPORT_TAGS = {'h1', 'h2', 'p', 'ul', 'li', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td'}


class Page(HTMLParser):
    """The rendered report: the tags used, whether any has an attribute, each table row's cells and each list
    item as text."""

    def __init__(self):
        HTMLParser.__init__(self, convert_charrefs=True)
        self.tags, self.attributes, self.rows, self.items = set(), [], [], []
        self._open = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend(attrs)
        if tag == 'tr':
            self.rows.append([])
        if tag in ('td', 'th', 'li'):
            self._open.append((tag, []))

    def handle_endtag(self, tag):
        if tag in ('td', 'th', 'li'):
            kind, text = self._open.pop()
            (self.items if kind == 'li' else self.rows[-1]).append(''.join(text).strip())

    def handle_data(self, data):
        for _kind, text in self._open:
            text.append(data)


def table_rows(markdown):
    """The cells of each table line of the Markdown text, split where GitHub splits them: at each | that no
    backslash escapes."""
    rows = []
    for line in markdown.split('\n'):
        if not line.startswith('|'):
            continue
        cells, cell, escaped = [], '', False
        for char in line:
            if char == '|' and not escaped:
                cells.append(cell)
                cell = ''
            else:
                cell += char
            escaped = char == '\\' and not escaped
        rows.append([text.strip() for text in cells[1:]])
    return rows


def view(markdown):
    """The report as a viewer shows it (a Page), after checking the text itself: every table line has as many cells
    as its header, and no HTML is in it. None where markdown-it-py is not installed."""
    rows = table_rows(markdown)
    assert rows and all(len(row) == len(rows[0]) for row in rows), rows
    assert '<' not in markdown and '>' not in markdown, markdown
    if MarkdownIt is None:
        return None
    page = Page()
    page.feed(MarkdownIt('commonmark').enable(['table', 'strikethrough']).render(markdown))
    assert page.tags <= REPORT_TAGS and not page.attributes, (page.tags, page.attributes)
    return page
