# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property tests: malformed replies and hostile input never get past the model unnoticed."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.usriot.m0.plugins.module_utils._internal import model
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import ATSession

BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
QUERYABLE = [command for command in model.COMMANDS if command.access in ('rw', 'ro')]
TEXT_FIELDS = [field for command in model.COMMANDS if command.section in model.SECTIONS
               for field in command.fields if field.kind == 'text']
SMUGGLED = st.sampled_from(['\r', '\n', '\x00', '+++', '\r\nAT+RELD\r\n'])


@pytest.mark.parametrize('command', QUERYABLE, ids=lambda command: command.name)
@BOUNDED
@given(reply=st.text(alphabet=st.characters(blacklist_categories=('Cs',)), max_size=200))
def test_any_reply_parses_or_raises_a_clear_error(command, reply):
    try:
        values = command.parse(reply)
    except model.ModelError as exc:
        assert 'AT+' in str(exc)
        return
    assert set(values) == set(field.option for field in command.fields)


@BOUNDED
@given(noise=st.binary(max_size=300))
def test_reply_scanning_never_fails_on_noise(noise):
    ATSession._has_reply(noise, 'AT+VER')
    for line in ATSession._reply_lines(noise, 'AT+VER'):
        assert not line.upper().startswith('AT')


@pytest.mark.parametrize('field', TEXT_FIELDS, ids=lambda field: field.path())
@BOUNDED
@given(before=st.text(max_size=10), smuggled=SMUGGLED, after=st.text(max_size=10))
def test_framing_breakers_in_free_text_are_refused(field, before, smuggled, after):
    with pytest.raises(model.ModelError, match=field.path()):
        model.normalise_section(field.command.section, {field.option: before + smuggled + after})


@pytest.mark.parametrize('field', TEXT_FIELDS, ids=lambda field: field.path())
@BOUNDED
@given(value=st.text(max_size=60))
def test_accepted_text_renders_one_line_with_the_commands_fields(field, value):
    try:
        normalised = model.normalise_section(field.command.section, {field.option: value})
    except model.ModelError:
        return
    if field.option not in normalised:
        return  # a secret given as the mask, as facts show it: not managed
    normal = normalised[field.option]
    values = dict((f.option, f.factory if f.factory is not None else 'x' * (f.min_bytes or 1)) for f in field.command.fields)
    values[field.option] = normal
    line = field.command.render(values)
    assert '\r' not in line and '\n' not in line and '\x00' not in line
    assert len(normal.encode('utf-8')) <= field.max_bytes
    if field.command.multi_field:
        assert line.count(',') == len(field.command.fields) - 1


@BOUNDED
@given(headers=st.lists(st.text(max_size=60), max_size=5))
def test_headers_either_fit_or_are_refused(headers):
    try:
        normal = model.normalise_section('http', {'headers': headers})['headers']
    except model.ModelError:
        return
    rendered = model.BY_NAME['HTPHEAD'].render({'headers': normal})
    assert len(rendered.split('=', 1)[1].encode('utf-8')) <= 180
    assert model.BY_NAME['HTPHEAD'].parse(rendered.split('=', 1)[1]) == {'headers': normal}


# Every code point, lone surrogates included: a value can hold anything a YAML file or a template can.
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=60)
SETTABLE_TEXT_FIELDS = [field for field in TEXT_FIELDS if field.command.settable]


def is_one_line(text):
    return len(model.split_lines(text)) <= 1 and len(text.splitlines()) <= 1 and not model.NOT_PRINTABLE_RE.search(text)


@pytest.mark.parametrize('field', SETTABLE_TEXT_FIELDS, ids=lambda field: field.path())
@BOUNDED
@given(value=ANY_TEXT)
def test_nothing_rendered_holds_a_second_command(field, value):
    try:
        normal = field.normalise(value)
    except model.ModelError:
        return
    values = dict((f.option, f.factory if f.factory is not None else 'x' * (f.min_bytes or 1)) for f in field.command.fields)
    values[field.option] = normal
    line = field.command.render(values)
    assert is_one_line(line) and '+++' not in line
    parsed = model.parse_running_config(line)
    assert list(parsed) == [field.command.section] and set(parsed[field.command.section]) <= set(values)
    if normal == normal.strip(' \t'):  # parsed trims the captured line's blanks, as around pasted text
        assert parsed[field.command.section][field.option] == normal


@pytest.mark.parametrize('field', SETTABLE_TEXT_FIELDS, ids=lambda field: field.path())
@BOUNDED
@given(value=ANY_TEXT)
def test_nothing_parsed_holds_a_second_command(field, value):
    """A set line or a query reply with any value parses into that one command's values, or is refused."""
    others = ','.join('x' * (f.min_bytes or 1) if f.kind == 'text' else f.render(f.factory)
                      for f in field.command.fields if f is not field)
    text = value if not field.command.multi_field else (
        '%s,%s' % (value, others) if field is field.command.fields[0] else '%s,%s' % (others, value))
    for captured in ('AT+%s=%s' % (field.command.name, text), 'AT+%s\r\n+OK=%s' % (field.command.name, text)):
        try:
            parsed = model.parse_running_config(captured)
        except model.ModelError:
            continue
        assert list(parsed) == [field.command.section]
        assert set(parsed[field.command.section]) <= set(f.option for f in field.command.fields)
        assert all(is_one_line(v) for v in parsed[field.command.section].values() if isinstance(v, str))
