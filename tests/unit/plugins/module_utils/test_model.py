# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.usriot.m0.plugins.module_utils._internal import model
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import FACTORY

# The manual's factory table (../shared/reference/protocol-notes.md), as each section's options.
MANUAL_DEFAULTS = {
    'system': {'echo': True},
    'network': {'ip_mode': 'static', 'ip_address': '192.168.0.7', 'netmask': '255.255.255.0',
                'gateway': '192.168.0.1', 'dns': '208.67.222.222'},
    'web': {'username': 'admin', 'password': 'admin', 'port': 80},
    'uart': {'baudrate': 115200, 'data_bits': 8, 'stop_bits': 1, 'parity': 'none', 'flow_control': 'nfc'},
    'sock': {'protocol': 'tcpc', 'remote_address': '192.168.0.201', 'port': 8234, 'local_port': 0,
             'tcp_server_policy': 'keep'},
    'registration': {'mode': 'off', 'send': 'first', 'data': 'www.usr.cn'},
    'heartbeat': {'enabled': False, 'target': 'net', 'interval': 30, 'data': 'www.usr.cn'},
    'http': {'method': 'get', 'url': '/1.php?', 'headers': ['User_Agent: Mozilla/4.0'], 'filter_response_header': False},
}


def test_all_29_commands_of_the_manual_are_declared():
    assert len(model.COMMANDS) == 29
    assert set(model.BY_NAME) == set([
        'ENTM', 'Z', 'RELD', 'E', 'VER', 'MID', 'MAC', 'USERMAC', 'WANN', 'DNS', 'WEBU', 'WEBPORT', 'UART', 'SOCK',
        'SOCKLK', 'SOCKPORT', 'TCPSE', 'REGEN', 'REGTCP', 'REGUSR', 'REGCLOUD', 'HEARTEN', 'HEARTTP', 'HEARTTM',
        'HEARTDT', 'HTPTP', 'HTPURL', 'HTPHEAD', 'HTPCHD'])


@pytest.mark.parametrize('section', sorted(MANUAL_DEFAULTS))
def test_declared_factory_values_are_the_manuals(section):
    assert model.factory_settings(section) == MANUAL_DEFAULTS[section]


@pytest.mark.parametrize('section', sorted(MANUAL_DEFAULTS))
def test_factory_replies_parse_to_the_manuals_defaults(section):
    values = {}
    for command in model.section_commands(section):
        values.update(command.parse(FACTORY[command.query_name]))
    for option, expected in MANUAL_DEFAULTS[section].items():
        assert values[option] == expected, option


def test_status_and_values_without_a_documented_default():
    parsed = {}
    for name in ('VER', 'MAC', 'SOCKLK', 'MID', 'REGCLOUD'):
        parsed.update(model.BY_NAME[name].parse(FACTORY[name]))
    assert parsed == {'firmware_version': '4016', 'mac': 'D8B04C000001', 'socket_connected': False,
                      'name': 'USR-M0', 'cloud_id': None, 'cloud_password': None}


@pytest.mark.parametrize('name, values, line', [
    ('E', {'echo': False}, 'AT+E=OFF'),
    ('MID', {'name': 'pump,7'}, 'AT+MID=pump,7'),
    ('USERMAC', {'mac': 'D8B04C0000FE'}, 'AT+USERMAC=D8B04C0000FE'),
    ('WANN', {'ip_mode': 'dhcp', 'ip_address': '10.0.0.5', 'netmask': '255.0.0.0', 'gateway': '10.0.0.1'},
     'AT+WANN=DHCP,10.0.0.5,255.0.0.0,10.0.0.1'),
    ('DNS', {'dns': '1.1.1.1'}, 'AT+DNS=1.1.1.1'),
    ('WEBU', {'username': 'ops', 'password': 's3cr'}, 'AT+WEBU=ops,s3cr'),
    ('WEBPORT', {'port': 8080}, 'AT+WEBPORT=8080'),
    ('UART', {'baudrate': 9600, 'data_bits': 7, 'stop_bits': 1, 'parity': 'even', 'flow_control': '485'},
     'AT+UART=9600,7,1,EVEN,485'),
    ('SOCK', {'protocol': 'tcps', 'remote_address': 'plant.example.net', 'port': 502}, 'AT+SOCK=TCPS,plant.example.net,502'),
    ('SOCKPORT', {'local_port': 0}, 'AT+SOCKPORT=0'),
    ('TCPSE', {'tcp_server_policy': 'kick'}, 'AT+TCPSE=KICK'),
    ('REGEN', {'mode': 'usr'}, 'AT+REGEN=USR'),
    ('REGTCP', {'send': 'all'}, 'AT+REGTCP=ALL'),
    ('REGUSR', {'data': 'id=7'}, 'AT+REGUSR=id=7'),
    ('REGCLOUD', {'cloud_id': '00012345678901234567', 'cloud_password': 'pw'}, 'AT+REGCLOUD=00012345678901234567,pw'),
    ('HEARTEN', {'enabled': True}, 'AT+HEARTEN=ON'),
    ('HEARTTP', {'target': 'com'}, 'AT+HEARTTP=COM'),
    ('HEARTTM', {'interval': 65535}, 'AT+HEARTTM=65535'),
    ('HEARTDT', {'data': 'ping'}, 'AT+HEARTDT=ping'),
    ('HTPTP', {'method': 'post'}, 'AT+HTPTP=POST'),
    ('HTPURL', {'url': '/a.php?x=1,2'}, 'AT+HTPURL=/a.php?x=1,2'),
    ('HTPHEAD', {'headers': ['Accept: */*', 'X-Id: 7']}, 'AT+HTPHEAD=Accept: */*<<CRLF>>X-Id: 7'),
    ('HTPHEAD', {'headers': []}, 'AT+HTPHEAD='),
    ('HTPCHD', {'filter_response_header': True}, 'AT+HTPCHD=ON'),
])
def test_render_and_parse_back(name, values, line):
    command = model.BY_NAME[name]
    assert command.render(values) == line
    assert command.parse(line.split('=', 1)[1]) == values


def test_secrets_are_masked_in_rendered_lines():
    assert model.BY_NAME['WEBU'].render({'username': 'ops', 'password': 's3cr'}, masked=True) == 'AT+WEBU=ops,********'


@pytest.mark.parametrize('line, reply, shown', [
    ('AT+WEBU', '+OK=ops,s3cr', ('AT+WEBU', '+OK=ops,********')),
    ('AT+WEBU=ops,s3cr', '+OK', ('AT+WEBU=ops,********', '+OK')),
    ('AT+REGCLOUD', '+OK=00012345678901234567,cl', ('AT+REGCLOUD', '+OK=00012345678901234567,********')),
    ('AT+REGCLOUD', '+OK=,', ('AT+REGCLOUD', '+OK=,')),
    ('AT+WEBU', '+OK=s3cr', ('AT+WEBU', '+OK=********')),
    ('AT+WEBU', None, ('AT+WEBU', None)),
    ('AT+MID', '+OK=pump-7', ('AT+MID', '+OK=pump-7')),
    ('AT+NOPE=1', '+ERR=-2', ('AT+NOPE=1', '+ERR=-2')),
])
def test_secrets_are_masked_in_exchanges(line, reply, shown):
    assert model.masked_exchange(line, reply) == shown


@pytest.mark.parametrize('reply', ['115200,8,1,NONE,NFC', '115200,8,1,NONENFC', '115200,8,1,none,nfc', '115200,08,1,NONE485'])
def test_uart_reply_with_or_without_the_comma_before_flow_control(reply):
    parsed = model.BY_NAME['UART'].parse(reply)
    assert parsed['parity'] == 'none' and parsed['flow_control'] in ('nfc', '485') and parsed['data_bits'] == 8


@pytest.mark.parametrize('reply, connected', [('Connected', True), ('connect', True), ('CONNECTED', True),
                                              ('Disconnected', False), ('disconnect', False)])
def test_socket_link_reads_both_spellings(reply, connected):
    assert model.BY_NAME['SOCKLK'].parse(reply) == {'socket_connected': connected}


@pytest.mark.parametrize('section, option, given, normal', [
    ('network', 'ip_address', '192.168.000.007', '192.168.0.7'),
    ('sock', 'remote_address', 'Plant.Example.NET', 'plant.example.net'),
    ('sock', 'remote_address', '010.000.000.001', '10.0.0.1'),
    ('system', 'mac', 'd8:b0:4c:00:00:fe', 'D8B04C0000FE'),
    ('system', 'mac', 'd8b0.4c00.00fe', 'D8B04C0000FE'),
    ('uart', 'parity', 'EVEN', 'even'),
])
def test_values_the_device_spells_differently_compare_equal(section, option, given, normal):
    assert model.normalise_section(section, {option: given}) == {option: normal}


@pytest.mark.parametrize('section, options, message', [
    ('system', {'name': ''}, r"system.name: '' is not allowed: it is 0 bytes long \(allowed: 1 to 15 bytes\)"),
    ('system', {'name': 'x' * 16}, 'it is 16 bytes long'),
    ('system', {'name': u'\u00e9' * 8}, 'printable ASCII only'),
    ('system', {'name': 'x\x85AT+Z'}, r"contains '\\x85', and text values are printable ASCII only"),
    ('system', {'name': 'x\x9bAT+Z'}, 'printable ASCII only'),
    ('system', {'name': u'x\u2028AT+Z'}, 'printable ASCII only'),
    ('system', {'name': u'x\ud800'}, 'printable ASCII only'),
    ('system', {'name': 'x\x7f'}, 'printable ASCII only'),
    ('web', {'password': u'p\u2028w'}, r'web.password: \*{8} is not allowed: it contains a character that is not printable'),
    ('sock', {'remote_address': 'host\n'}, 'neither an IPv4 address nor a host name'),
    ('system', {'name': 'a\rAT+RELD'}, 'contains CR'),
    ('system', {'mac': '01:00:5e:00:00:01'}, 'first byte is odd'),
    ('system', {'mac': 'nonsense'}, 'not a MAC address'),
    ('system', {'mac': 'D8:B0:4C'}, 'not a MAC address'),  # netaddr would pad it into 00D800B0004C
    ('system', {'mac': '1:2:3:4:5:6'}, 'not a MAC address'),
    ('network', {'ip_address': '300.1.1.1'}, 'not a dotted-quad IPv4 address'),
    ('network', {'ip_address': '10.1'}, 'not a dotted-quad IPv4 address'),
    ('network', {'netmask': '255.0.255.0'}, 'not a contiguous netmask'),
    ('web', {'password': 'a,b'}, r"web.password: \*\*\*\*\*\*\*\* is not allowed: it contains ',', the separator of AT\+WEBU"),
    ('web', {'username': 'toolong'}, r'allowed: 1 to 5 bytes'),
    ('web', {'port': 0}, r'web.port: 0 is not allowed: out of range \(allowed: an integer from 1 to 65535\)'),
    ('uart', {'baudrate': 460801}, 'from 600 to 460800'),
    ('sock', {'remote_address': 'bad_host!'}, 'neither an IPv4 address nor a host name'),
    ('sock', {'local_port': 65536}, 'from 0 to 65535'),
    ('registration', {'data': 'x' * 41}, '41 bytes long'),
    ('registration', {'cloud_id': 'short'}, 'exactly 20 bytes'),
    ('heartbeat', {'interval': 0}, 'from 1 to 65535'),
    ('heartbeat', {'data': 'x+++y'}, "contains '\\+\\+\\+'"),
    ('http', {'url': 'x' * 101}, '101 bytes long'),
    ('http', {'headers': ['a<<CRLF>>b']}, 'separator of header lines'),
    ('http', {'headers': ['x' * 90, 'y' * 90]}, 'joined headers are 188 bytes long'),
    ('http', {'headers': ['a\nb']}, 'contains LF'),
    ('http', {'headers': ['A: 1', '']}, 'empty header line would end the HTTP header'),
])
def test_bad_input_names_the_option_and_what_is_allowed(section, options, message):
    with pytest.raises(model.ModelError, match=message):
        model.normalise_section(section, options)


def test_masked_secret_given_back_is_not_managed():
    assert model.normalise_section('web', {'username': 'admin', 'password': model.MASK}) == {'username': 'admin'}


@pytest.mark.parametrize('name, reply', [
    ('WANN', 'STATIC,192.168.0.7'), ('UART', '115200,8,1'), ('WEBPORT', 'eighty'), ('E', 'MAYBE'),
    ('HEARTTM', '0'), ('WANN', 'STATIC,1.2.3,255.255.255.0,1.1.1.1'), ('SOCKLK', 'weird'),
])
def test_malformed_replies_raise_a_clear_error(name, reply):
    with pytest.raises(model.ModelError, match=r'AT\+%s' % name):
        model.BY_NAME[name].parse(reply)


def test_manual_misspellings_map_to_the_real_commands():
    assert model.known_command('AT+HEARTTM1=5').name == 'HEARTTM'
    assert model.known_command('at+htphead1').name == 'HTPHEAD'
    assert model.known_command('AT+HTPTP1').name == 'HTPTP'
    assert model.known_command('AT+NOPE') is None


@pytest.mark.parametrize('name, reply, secret', [
    ('WEBU', 'admin,pa,ss', 'pa,ss'), ('WEBU', 'admin', 'admin'), ('REGCLOUD', 'Secret123', 'Secret123'),
    ('REGCLOUD', '01234567890123456789,toolong99', 'toolong99'), ('WEBU', 'admin,p\x85w', 'p\x85w'),
])
def test_errors_on_a_password_reply_do_not_quote_it(name, reply, secret):
    with pytest.raises(model.ModelError, match=r'AT\+%s.*not shown: it holds a password' % name) as failure:
        model.BY_NAME[name].parse(reply)
    assert secret not in str(failure.value)


def test_a_running_config_error_does_not_quote_a_password():
    for text in ('AT+WEBU=admin,Hk,3J', 'AT+WEBUX=admin,Hk3Jq', 'AT+WEBU\n+OK=admin,H\x01k'):
        with pytest.raises(model.ModelError, match='running_config line') as failure:
            model.parse_running_config(text)
        assert 'Hk' not in str(failure.value) and 'H\x01k' not in str(failure.value)


@pytest.mark.parametrize('separator', ['\x85', '\x9b', u'\u2028', u'\u2029', '\x0b', '\x0c', '\x1c', '\x1e'])
def test_parsed_splits_lines_on_cr_and_lf_only(separator):
    with pytest.raises(model.ModelError, match='running_config line 1 holds U\\+%04X' % ord(separator)):
        model.parse_running_config('AT+HTPURL=/x%sAT+WEBU=root,pwn' % separator)


@pytest.mark.parametrize('value', ['x\x85y', u'x\u2028y', 'x\x1by', 'x\x00y'])
def test_replies_with_text_that_is_not_printable_ascii_are_refused(value):
    with pytest.raises(model.ModelError, match='cannot read name from the reply .* not printable ASCII'):
        model.BY_NAME['MID'].parse(value)


def test_lines_split_on_cr_and_lf_as_splitlines_does_for_them():
    assert model.split_lines('') == []
    assert model.split_lines('a\r\nb\rc\nd\n') == ['a', 'b', 'c', 'd']
    assert model.split_lines(u'a\x85b\u2028c') == [u'a\x85b\u2028c']


def _text(option='data', **kwargs):
    return model.Field(option, 'text', 'Data.', min_bytes=kwargs.pop('min_bytes', 1), max_bytes=kwargs.pop('max_bytes', 8), **kwargs)


@pytest.mark.parametrize('declare, message', [
    (lambda: model.Field('mode', 'colour', 'Mode.'), "unknown kind 'colour'"),
    (lambda: model.Field('mode', 'choice', 'Mode.'), 'choices belong to a choice field'),
    (lambda: model.Field('mode', 'choice', 'Mode.', choices=('a', 'a')), 'choices must be distinct'),
    (lambda: model.Field('mode', 'choice', 'Mode.', choices=('a', 'b'), factory='c'), "factory value 'c' is not a choice"),
    (lambda: model.Field('on', 'bool', 'On.', choices=(True, False)), 'choices belong to a choice field'),
    (lambda: model.Field('port', 'int', 'Port.', minimum=10, maximum=1), 'an int needs minimum <= maximum'),
    (lambda: model.Field('port', 'int', 'Port.', minimum=1), 'an int needs minimum <= maximum'),
    (lambda: model.Field('port', 'int', 'Port.', minimum=1, maximum=9, factory=10), 'factory value 10 is out of range'),
    (lambda: model.Field('bits', 'int', 'Bits.', choices=(5, 9), minimum=5, maximum=8), 'a choice is out of range'),
    (lambda: model.Field('dns', 'ipv4', 'DNS.', maximum=3), 'only an int has a minimum and maximum'),
    (lambda: model.Field('data', 'text', 'Data.', min_bytes=5, max_bytes=4), 'text needs 0 <= min_bytes <= max_bytes'),
    (lambda: model.Field('data', 'text', 'Data.'), 'text needs 0 <= min_bytes <= max_bytes'),
    (lambda: model.Field('dns', 'ipv4', 'DNS.', max_bytes=4), 'only text has a size'),
    (lambda: model.Field('port', 'int', 'Port.', minimum=1, maximum=2, secret=True), 'only a text field can be secret'),
    (lambda: model.Field('on', 'bool', 'On.', factory='yes'), "a bool's factory value is True or False"),
    (lambda: _text(factory='123456789'), 'factory value is 9 bytes long'),
    (lambda: model.Command('ab', 'system', [_text()]), 'a name is upper-case letters and digits'),
    (lambda: model.Command('AB', 'system', [_text()], access='rx'), 'access is one of rw, ro, wo, action'),
    (lambda: model.Command('AB', 'system', [_text()], access='action'), 'an action has no section and no fields'),
    (lambda: model.Command('AB', 'system'), 'a setting has a section and fields'),
    (lambda: model.Command('AB', None, [_text()]), 'a setting has a section and fields'),
    (lambda: model.Command('AB', 'system', [_text()], query_name='CD'), 'only a write-only command is read back'),
    (lambda: model.Command('AB', 'system', [_text(), _text()]), 'two fields share an option name'),
    (lambda: model.Command('AB', 'status', [model.Field('up', 'link', 'Up.')]), 'a link state is read-only'),
])
def test_a_declaration_that_breaks_an_invariant_is_refused_where_it_is_made(declare, message):
    with pytest.raises(model.TableError) as error:
        declare()
    assert message in str(error.value)


def _table(*extra):
    """The real table with extra commands, checked as the model checks its own."""
    return model._check_table(model.COMMANDS + extra, model.SECTIONS, model.STATUS_FIELDS)


@pytest.mark.parametrize('extra, message', [
    ((model.Command('MID', 'system', [_text('alias')]),), 'a command is declared twice'),
    ((model.Command('HEARTTM1', 'heartbeat', [_text('again')]),), 'a manual misspelling is also a command'),
    ((model.Command('MYMAC', 'system', [model.Field('own_mac', 'mac', 'MAC.')], access='wo', query_name='NOPE'),),
     'it is read back through AT+NOPE, which is not a query'),
    ((model.Command('MYMAC', 'system', [model.Field('own_mac', 'mac', 'MAC.')], access='wo', query_name='ENTM'),),
     'it is read back through AT+ENTM, which is not a query'),
    ((model.Command('LED', 'lights', [_text()]),), "unknown section 'lights'"),
    ((model.Command('ALIAS', 'system', [_text('name')]),), 'section system: two fields share an option name'),
    ((model.Command('SN', 'status', [_text('serial')], access='ro'),), 'the status fields'),
])
def test_a_table_that_breaks_an_invariant_is_refused(extra, message):
    with pytest.raises(model.TableError) as error:
        _table(*extra)
    assert message in str(error.value)


def test_a_section_without_commands_is_refused():
    with pytest.raises(model.TableError) as error:
        model._check_table(model.COMMANDS, model.SECTIONS + ('lights',), model.STATUS_FIELDS)
    assert 'section lights: no command is declared for it' in str(error.value)


def test_the_declared_table_keeps_its_invariants():
    assert _table() == model.BY_NAME
