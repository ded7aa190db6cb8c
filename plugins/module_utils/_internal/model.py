# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The USR-M0 settings model: every AT command of the manual declared once as data.

Modules build their argument specs from it, facts are parsed with it, desired
settings are validated, compared and rendered into set commands with it. It
knows neither Ansible's module API nor the serial line.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

try:
    import netaddr
    HAS_NETADDR = True
    NETADDR_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the modules
    HAS_NETADDR = False
    NETADDR_IMPORT_ERROR = exc

MASK = '********'
MASK_CHANGED = '******** (changed)'
HEADER_SEPARATOR = '<<CRLF>>'
# Bytes that would end the AT line early or split it into another command.
FRAMING_BREAKERS = (('\r', 'CR'), ('\n', 'LF'), ('\x00', 'NUL'), ('+++', "'+++'"))
# Text values are printable ASCII: C0 and C1 controls, DEL, U+2028 and the like end or split lines for some
# reader on the way (the M0, a terminal server, Python's splitlines), and XON/XOFF and telnet escapes travel in them.
NOT_PRINTABLE_RE = re.compile('[^\x20-\x7e]')


def framing_problem(text):
    """(breaker, unprintable): the name of what in text would end or inject an AT command line (CR, LF, NUL, '+++'),
    else its first character that is not printable ASCII, else (None, None). The one check of AT framing, for values
    and for the raw lines of usr_m0_command."""
    for breaker, name in FRAMING_BREAKERS:
        if breaker in text:
            return name, None
    unprintable = NOT_PRINTABLE_RE.search(text)
    return None, unprintable.group(0) if unprintable else None


# \Z, not $: $ also matches before a final LF, which would end the AT line
HOSTNAME_RE = re.compile(r'^(?=.{1,64}\Z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z')
# Lines of the AT protocol end in CR or LF, and in nothing else (not in what str.splitlines also takes for one).
LINE_BREAK_RE = re.compile('\r\n|\r|\n')


class ModelError(ValueError):
    """A value that the model refuses: bad input, or a reply it cannot parse."""

    def __init__(self, message, reason=None):
        super(ModelError, self).__init__(message)
        # what is wrong with the value without the setting it is for, for an option that is not a setting (expected_mac)
        self.reason = reason or message


class TableError(ValueError):
    """A declaration of the table that breaks an invariant: raised when the model is imported, not at run time."""


def _require(condition, where, why):
    if not condition:
        raise TableError('%s: %s' % (where, why))


class Field:
    """One parameter of an AT command, as an Ansible option.

    kind: choice, bool, int, text, ipv4, netmask, host, mac, headers, link (read-only).
    Python values are the normal form: comparing two normal values is the
    idempotency check, so the device's own spelling never causes a change.
    """

    def __init__(self, option, kind, description, choices=None, minimum=None, maximum=None,
                 min_bytes=None, max_bytes=None, secret=False, factory=None):
        self.option = option
        self.kind = kind
        self.description = description
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.min_bytes = min_bytes
        self.max_bytes = max_bytes
        self.secret = secret
        self.factory = factory
        self.command = None  # set by Command
        self._check_declaration()

    KINDS = ('choice', 'bool', 'int', 'text', 'ipv4', 'netmask', 'host', 'mac', 'headers', 'link')

    def _check_declaration(self):
        """What the rest of the model takes for granted of a field, checked once, where it is declared."""
        where = 'field %s' % self.option
        _require(self.kind in self.KINDS, where, 'unknown kind %r' % (self.kind,))
        _require((self.choices is not None) == (self.kind == 'choice') or self.kind == 'int', where,
                 'choices belong to a choice field (and may narrow an int)')
        if self.choices is not None:
            _require(len(self.choices) == len(set(self.choices)) > 0, where, 'choices must be distinct and not empty')
        if self.kind == 'int':
            _require(self.minimum is not None and self.maximum is not None and self.minimum <= self.maximum,
                     where, 'an int needs minimum <= maximum')
            _require(all(self.minimum <= choice <= self.maximum for choice in self.choices or ()), where,
                     'a choice is out of range')
        else:
            _require(self.minimum is None and self.maximum is None, where, 'only an int has a minimum and maximum')
        if self.kind in ('text', 'headers'):
            _require(self.min_bytes is not None and self.max_bytes is not None and 0 <= self.min_bytes <= self.max_bytes,
                     where, 'text needs 0 <= min_bytes <= max_bytes')
        else:
            _require(self.min_bytes is None and self.max_bytes is None, where, 'only text has a size')
        _require(not self.secret or self.kind == 'text', where, 'only a text field can be secret')
        if self.factory is None:
            return
        if self.choices is not None:
            _require(self.factory in self.choices, where, 'factory value %r is not a choice' % (self.factory,))
        if self.kind == 'int':
            _require(self.minimum <= self.factory <= self.maximum, where, 'factory value %r is out of range' % (self.factory,))
        if self.kind == 'bool':
            _require(isinstance(self.factory, bool), where, 'a bool\'s factory value is True or False')
        if self.kind in ('text', 'headers'):
            size = len((HEADER_SEPARATOR.join(self.factory) if self.kind == 'headers' else self.factory).encode('utf-8'))
            _require(self.min_bytes <= size <= self.max_bytes, where, 'factory value is %d bytes long' % size)

    # --- Ansible side -------------------------------------------------------------
    def argument_spec(self):
        spec = {'type': {'bool': 'bool', 'int': 'int', 'headers': 'list'}.get(self.kind, 'str')}
        if self.kind == 'headers':
            spec['elements'] = 'str'
        if self.choices is not None:
            spec['choices'] = list(self.choices)
        if self.secret:
            spec['no_log'] = True
        return spec

    def allowed(self):
        """The allowed values, in words, for error messages and docs."""
        if self.choices is not None:
            return 'one of %s' % ', '.join(str(c) for c in self.choices)
        if self.kind == 'int':
            return 'an integer from %d to %d' % (self.minimum, self.maximum)
        if self.kind in ('text', 'headers'):
            if self.min_bytes == self.max_bytes:
                size = 'exactly %d bytes' % self.max_bytes
            else:
                size = '%d to %d bytes' % (self.min_bytes, self.max_bytes)
            return '%s%s' % (size, ' joined with %s' % HEADER_SEPARATOR if self.kind == 'headers' else '')
        return {
            'bool': 'true or false',
            'ipv4': 'an IPv4 address (dotted quad)',
            'netmask': 'an IPv4 netmask (dotted quad)',
            'host': 'an IPv4 address or a host name of at most 64 bytes',
            'mac': 'a MAC address of 12 hex digits whose first byte is even (unicast)',
        }[self.kind]

    def _refuse(self, value, why):
        shown = MASK if self.secret else repr(value)
        reason = '%s is not allowed: %s (allowed: %s)' % (shown, why, self.allowed())
        raise ModelError('%s: %s' % (self.path(), reason), reason)

    def path(self):
        return '%s.%s' % (self.command.section, self.option) if self.command else self.option

    def _check_text(self, value, separators):
        self._check_framing(value)
        for separator in separators:
            if separator in value:
                self._refuse(value, 'it contains %r, the separator of AT+%s' % (separator, self.command.name))
        size = len(value.encode('utf-8'))
        if not self.min_bytes <= size <= self.max_bytes:
            self._refuse(value, 'it is %d bytes long' % size)

    def normalise(self, value):
        """Validate a user-given value and return its normal form (raises ModelError)."""
        if value is None:
            return None
        kind = self.kind
        if kind == 'choice':
            return value.lower() if isinstance(value, str) else value
        if kind == 'bool':
            return bool(value)
        if kind == 'int':
            if not self.minimum <= value <= self.maximum:
                self._refuse(value, 'out of range')
            return value
        if kind == 'text':
            self._check_text(value, (',',) if self.command.multi_field else ())
            return value
        if kind == 'headers':
            for line in value:
                self._check_text_line(line)
            size = len(HEADER_SEPARATOR.join(value).encode('utf-8'))
            if not self.min_bytes <= size <= self.max_bytes:
                self._refuse(value, 'the joined headers are %d bytes long' % size)
            return list(value)
        if kind in ('ipv4', 'netmask'):
            address = self._ipv4(value)
            if address is None:
                self._refuse(value, 'not a dotted-quad IPv4 address')
            if kind == 'netmask' and not address.is_netmask():
                self._refuse(value, 'not a contiguous netmask')
            return str(address)
        if kind == 'host':
            address = self._ipv4(value)
            if address is not None:
                return str(address)
            if not HOSTNAME_RE.match(value) or value.replace('.', '').isdigit():
                self._refuse(value, 'neither an IPv4 address nor a host name')
            return value.lower()
        if kind == 'mac':
            try:
                eui = netaddr.EUI(value, version=48)
            except (netaddr.AddrFormatError, TypeError, ValueError):
                self._refuse(value, 'not a MAC address')
            # netaddr also takes short forms (D8:B0:4C) and pads them with zeros into another address
            if len(re.sub(r'[^0-9A-Fa-f]', '', str(value))) != 12:
                self._refuse(value, 'not a MAC address')
            if eui.words[0] % 2:
                self._refuse(value, 'the first byte is odd (a multicast address)')
            return ''.join('%02X' % word for word in eui.words)
        raise AssertionError('unknown field kind %s' % kind)  # pragma: no cover

    def _check_text_line(self, line):
        if not line:
            self._refuse(line, 'an empty header line would end the HTTP header')
        if HEADER_SEPARATOR in line:
            self._refuse(line, 'it contains %s, the separator of header lines' % HEADER_SEPARATOR)
        self._check_framing(line)

    def _check_framing(self, value):
        breaker, unprintable = framing_problem(value)
        if breaker:
            self._refuse(value, 'it contains %s, which would break the AT command line' % breaker)
        if unprintable:
            self._refuse(value, 'it contains %s, and text values are printable ASCII only'
                         % ('a character that is not printable ASCII' if self.secret else repr(unprintable)))

    @staticmethod
    def _ipv4(value):
        try:
            return netaddr.IPAddress(value, 4, flags=netaddr.INET_PTON | netaddr.ZEROFILL)
        except (netaddr.AddrFormatError, TypeError, ValueError):
            return None

    # --- wire side ----------------------------------------------------------------
    def render(self, value):
        if self.kind == 'choice':
            return str(value).upper()
        if self.kind == 'bool':
            return 'ON' if value else 'OFF'
        if self.kind == 'headers':
            return HEADER_SEPARATOR.join(value)
        return str(value)

    def parse(self, text):
        """Turn the device's spelling of a value into its normal form (raises ModelError)."""
        kind = self.kind
        if kind not in ('text', 'headers'):
            text = text.strip()  # free text is compared exactly as stored
        if self.secret and text == MASK:
            return MASK  # captured output that was already masked: stays unknown
        try:
            if kind == 'choice':
                for choice in self.choices:
                    if str(choice).lower() == text.lower():
                        return choice
                raise ValueError('not one of %s' % ', '.join(str(c) for c in self.choices))
            if kind == 'bool':
                if text.upper() not in ('ON', 'OFF'):
                    raise ValueError('neither ON nor OFF')
                return text.upper() == 'ON'
            if kind == 'link':
                # Connected/Disconnected in the manual, connect/disconnect on siblings
                for prefix, state in (('conn', True), ('disc', False)):
                    if text.lower().startswith(prefix):
                        return state
                raise ValueError('neither Connected nor Disconnected')
            if kind == 'int':
                number = int(text, 10)
                if not self.minimum <= number <= self.maximum:
                    raise ValueError('out of range')
                return number
            if kind in ('text', 'headers') and NOT_PRINTABLE_RE.search(text):
                raise ValueError('it holds a character that is not printable ASCII')
            if kind == 'headers':
                return text.split(HEADER_SEPARATOR) if text else []
            if kind == 'text':
                if len(text.encode('utf-8')) > self.max_bytes:
                    raise ValueError('longer than %d bytes' % self.max_bytes)
                return text
            if kind == 'host' and self._ipv4(text) is None:
                return text.lower()
            return self.normalise(text)
        except (ValueError, TypeError) as exc:
            # a password's reply is not quoted: the message reaches logs and the task result
            shown = 'the reply (not shown: it holds a password)' if self.secret else 'the reply %r' % text
            raise ModelError('AT+%s: cannot read %s from %s: %s' % (self.command.name, self.option, shown, exc))


class Command:
    """One AT command: its fields in wire order and what can be done with it.

    access: 'rw' (query and set), 'ro' (query only), 'wo' (set only, read back
    through query_name), 'action' (no parameter, changes the mode).
    """

    def __init__(self, name, section, fields=(), access='rw', query_name=None, manual_spelling=(), summary=''):
        self.name = name
        self.section = section
        self.fields = tuple(fields)
        self.access = access
        self.query_name = query_name or name
        self.manual_spelling = tuple(manual_spelling)
        self.summary = summary
        for field in self.fields:
            field.command = self
        self._check_declaration()

    ACCESS = ('rw', 'ro', 'wo', 'action')

    def _check_declaration(self):
        where = 'AT+%s' % self.name
        _require(re.match(r'^[A-Z0-9]+\Z', self.name) is not None, where, 'a name is upper-case letters and digits')
        _require(self.access in self.ACCESS, where, 'access is one of %s' % ', '.join(self.ACCESS))
        if self.access == 'action':
            _require(self.section is None and not self.fields, where, 'an action has no section and no fields')
        else:
            _require(self.section is not None and self.fields, where, 'a setting has a section and fields')
        _require(self.query_name == self.name or self.access == 'wo', where, 'only a write-only command is read back through another')
        options = [field.option for field in self.fields]
        _require(len(options) == len(set(options)), where, 'two fields share an option name')
        _require(not any(field.kind == 'link' for field in self.fields) or self.access == 'ro', where, 'a link state is read-only')

    @property
    def multi_field(self):
        return len(self.fields) > 1

    @property
    def holds_secret(self):
        return any(field.secret for field in self.fields)

    @property
    def settable(self):
        return self.access in ('rw', 'wo')

    def split(self, text):
        """Split a query reply into one string per field."""
        if not self.multi_field:
            return [text]
        return text.split(',')

    def parse(self, text):
        """Parse the value of `+OK=<value>` into {option: normal value}."""
        parts = self.split(text)
        if len(parts) != len(self.fields):
            shown = 'the reply (not shown: it holds a password)' if self.holds_secret else 'the reply %r' % text
            raise ModelError('AT+%s: expected %d comma-separated values in %s, got %d'
                             % (self.name, len(self.fields), shown, len(parts)))
        return dict((field.option, field.parse(part)) for field, part in zip(self.fields, parts))

    def render_value(self, values, masked=False):
        """The parameters of the set command for {option: normal value} (all fields needed): what a query reads back."""
        return ','.join(MASK if (masked and field.secret) else field.render(values[field.option]) for field in self.fields)

    def render(self, values, masked=False):
        """The set command line for {option: normal value} (all fields needed)."""
        return 'AT+%s=%s' % (self.name, self.render_value(values, masked))


class UartCommand(Command):
    """AT+UART: the manual prints no comma before flow control; real firmware has one.

    Accept both spellings in replies (protocol-notes: tolerate both forms).
    """

    FLOW_SUFFIX = re.compile(r'^(?P<parity>[A-Za-z]+?),?(?P<flow>NFC|FC|485)$', re.IGNORECASE)

    def split(self, text):
        parts = text.split(',')
        if len(parts) == 4:
            match = self.FLOW_SUFFIX.match(parts[3].strip())
            if match:
                return parts[:3] + [match.group('parity'), match.group('flow')]
        return parts


class CloudCommand(Command):
    """AT+REGCLOUD answers `,` while no cloud account is set: both fields are then None."""

    def parse(self, text):
        if text.strip() == ',':
            return dict((field.option, None) for field in self.fields)
        return Command.parse(self, text)


def _flag(option, description, factory):
    return Field(option, 'bool', description, factory=factory)


# What AT+RELD names a module. Not the name field's factory value: `deleted` and `overridden` leave a module
# its name, as they leave its MAC.
FACTORY_NAME = 'USR-M0'

COMMANDS = (
    Command('ENTM', None, access='action', summary='leave AT mode and return to work (transparent) mode'),
    Command('Z', None, access='action', summary='restart the module; settings take effect'),
    Command('RELD', None, access='action', summary='restore factory settings and restart'),
    Command('VER', 'status', [Field('firmware_version', 'text', 'Firmware version.', min_bytes=0, max_bytes=64)],
            access='ro', summary='firmware version'),
    Command('MAC', 'status', [Field('mac', 'mac', 'MAC address in use.')], access='ro', summary='MAC address'),
    Command('SOCKLK', 'status', [Field('socket_connected', 'link', 'Whether the TCP link is up.')],
            access='ro', summary='TCP connection state'),
    Command('E', 'system', [_flag('echo', 'Echo of AT commands.', True)], summary='AT command echo'),
    Command('MID', 'system', [Field('name', 'text', 'Module name.', min_bytes=1, max_bytes=15)], summary='module name'),
    Command('USERMAC', 'system', [Field('mac', 'mac', 'User-defined MAC address.')], access='wo', query_name='MAC',
            summary='user-defined MAC address'),
    Command('WANN', 'network', [
        Field('ip_mode', 'choice', 'How the module gets its address.', choices=('static', 'dhcp'), factory='static'),
        Field('ip_address', 'ipv4', 'Static IP address.', factory='192.168.0.7'),
        Field('netmask', 'netmask', 'Subnet mask.', factory='255.255.255.0'),
        Field('gateway', 'ipv4', 'Gateway address.', factory='192.168.0.1'),
    ], summary='DHCP or static address, mask and gateway'),
    Command('DNS', 'network', [Field('dns', 'ipv4', 'DNS server.', factory='208.67.222.222')], summary='DNS server'),
    Command('WEBU', 'web', [
        Field('username', 'text', 'Web page user name.', min_bytes=1, max_bytes=5, factory='admin'),
        Field('password', 'text', 'Web page password.', min_bytes=1, max_bytes=5, secret=True, factory='admin'),
    ], summary='web page user name and password'),
    Command('WEBPORT', 'web', [Field('port', 'int', 'Web page TCP port.', minimum=1, maximum=65535, factory=80)],
            summary='web page port'),
    UartCommand('UART', 'uart', [
        Field('baudrate', 'int', 'UART speed in baud.', minimum=600, maximum=460800, factory=115200),
        Field('data_bits', 'int', 'Data bits.', choices=(5, 6, 7, 8), minimum=5, maximum=8, factory=8),
        Field('stop_bits', 'int', 'Stop bits.', choices=(1, 2), minimum=1, maximum=2, factory=1),
        Field('parity', 'choice', 'Parity.', choices=('none', 'even', 'odd', 'mask', 'space'), factory='none'),
        Field('flow_control', 'choice', 'Flow control: nfc none, fc RTS/CTS hardware flow control, 485 the RS-485 driver enable (DE) line.',
              choices=('nfc', 'fc', '485'), factory='nfc'),
    ], summary='UART speed, framing and flow control'),
    Command('SOCK', 'sock', [
        Field('protocol', 'choice', 'Socket protocol.', choices=('tcps', 'tcpc', 'udps', 'udpc', 'htpc'), factory='tcpc'),
        Field('remote_address', 'host', 'Remote server (client modes).', factory='192.168.0.201'),
        Field('port', 'int', 'Local port in server modes, remote port in client modes.', minimum=1, maximum=65535, factory=8234),
    ], summary='socket protocol, remote address and port'),
    Command('SOCKPORT', 'sock', [Field('local_port', 'int', 'Local port, 0 = random.', minimum=0, maximum=65535, factory=0)],
            summary='local port'),
    Command('TCPSE', 'sock', [Field('tcp_server_policy', 'choice', 'What a full TCP server does with a new client.',
                                    choices=('keep', 'kick'), factory='keep')], summary='TCP server client policy'),
    Command('REGEN', 'registration', [Field('mode', 'choice', 'Identity header content.', choices=('off', 'mac', 'usr'), factory='off')],
            summary='identity (registration) header content'),
    Command('REGTCP', 'registration', [Field('send', 'choice', 'When the identity header is sent.',
                                             choices=('first', 'every', 'all'), factory='first')],
            summary='identity header sending method'),
    Command('REGUSR', 'registration', [Field('data', 'text', 'User-defined identity header.', min_bytes=1, max_bytes=40,
                                             factory='www.usr.cn')], summary='user-defined identity header data'),
    CloudCommand('REGCLOUD', 'registration', [
        Field('cloud_id', 'text', 'USR Cloud device id.', min_bytes=20, max_bytes=20),
        Field('cloud_password', 'text', 'USR Cloud password.', min_bytes=1, max_bytes=8, secret=True),
    ], summary='USR Cloud id and password'),
    Command('HEARTEN', 'heartbeat', [_flag('enabled', 'Heartbeat packets.', False)], summary='heartbeat on/off'),
    Command('HEARTTP', 'heartbeat', [Field('target', 'choice', 'Where heartbeats go.', choices=('net', 'com'), factory='net')],
            summary='heartbeat target'),
    Command('HEARTTM', 'heartbeat', [Field('interval', 'int', 'Heartbeat interval in seconds.', minimum=1, maximum=65535, factory=30)],
            manual_spelling=('HEARTTM1', 'HEARTTM11'), summary='heartbeat interval'),
    Command('HEARTDT', 'heartbeat', [Field('data', 'text', 'Heartbeat data.', min_bytes=1, max_bytes=40, factory='www.usr.cn')],
            summary='heartbeat data'),
    Command('HTPTP', 'http', [Field('method', 'choice', 'HTTP method.', choices=('get', 'post'), factory='get')],
            manual_spelling=('HTPTP1', 'H=HTPTP1'), summary='HTTP method'),
    Command('HTPURL', 'http', [Field('url', 'text', 'HTTP URL path.', min_bytes=1, max_bytes=100, factory='/1.php?')],
            summary='HTTP URL'),
    Command('HTPHEAD', 'http', [Field('headers', 'headers', 'HTTP header lines.', min_bytes=0, max_bytes=180,
                                      factory=['User_Agent: Mozilla/4.0'])],
            manual_spelling=('HTPHEAD1',), summary='HTTP header lines'),
    Command('HTPCHD', 'http', [_flag('filter_response_header', 'Strip the HTTP header from responses.', False)],
            summary='filter the HTTP response header'),
)

SECTIONS = ('system', 'network', 'web', 'uart', 'sock', 'registration', 'heartbeat', 'http')
STATUS_FIELDS = ('firmware_version', 'mac', 'socket_connected')


def _check_table(commands, sections, status_fields):
    """What holds across commands: names, sections and options are each declared once, and read-backs exist."""
    names = [command.name for command in commands]
    _require(len(names) == len(set(names)), 'the table', 'a command is declared twice')
    spellings = [spelling for command in commands for spelling in command.manual_spelling]
    _require(not set(names) & set(spellings) and len(spellings) == len(set(spellings)), 'the table',
             'a manual misspelling is also a command or another misspelling')
    by_name = dict(zip(names, commands))
    for command in commands:
        if command.access == 'wo':
            read_back = by_name.get(command.query_name)
            _require(read_back is not None and read_back.access in ('rw', 'ro') and read_back is not command,
                     'AT+%s' % command.name, 'it is read back through AT+%s, which is not a query' % command.query_name)
        _require(command.section in sections + ('status', None), 'AT+%s' % command.name,
                 'unknown section %r' % (command.section,))
    for section in sections + ('status',):
        options = [field.option for command in commands if command.section == section for field in command.fields]
        _require(options, 'section %s' % section, 'no command is declared for it')
        _require(len(options) == len(set(options)), 'section %s' % section, 'two fields share an option name')
    status = tuple(field.option for command in commands if command.section == 'status' for field in command.fields)
    _require(status == status_fields, 'the status fields', 'declared %s, listed %s' % (status, status_fields))
    return by_name


BY_NAME = _check_table(COMMANDS, SECTIONS, STATUS_FIELDS)


def section_commands(section):
    """The settable commands of a section, in the order they are applied."""
    return [command for command in COMMANDS if command.section == section]


def section_fields(section):
    return [field for command in section_commands(section) for field in command.fields]


def section_argument_spec(section):
    return dict((field.option, field.argument_spec()) for field in section_fields(section))


def config_argument_spec():
    """The `config` option of usr_m0_config: one dict per section."""
    return dict((section, {'type': 'dict', 'options': section_argument_spec(section)}) for section in SECTIONS)


def factory_settings(section):
    """Factory values of a section's fields that have one (None: no documented default)."""
    return dict((field.option, field.factory) for field in section_fields(section) if field.factory is not None)


def unsupported_settings(lacking):
    """What a module cannot hold whose firmware has none of the commands queried by the names in lacking, named as its
    facts are, in sorted order: a status value by its option, a section that has none of its commands by the section,
    else each setting as section.option."""
    found = [field.option for field in section_fields('status') if field.command.query_name in lacking]
    for section in SECTIONS:
        fields = section_fields(section)
        missing = [field.path() for field in fields if field.command.query_name in lacking]
        found.extend([section] if missing and len(missing) == len(fields) else missing)
    return sorted(found)


def command_for_option(section, option):
    for command in section_commands(section):
        for field in command.fields:
            if field.option == option:
                return command
    raise KeyError('%s.%s' % (section, option))


def mask_secrets(section, values, reference=None):
    """A copy of a section's values with secrets masked (None stays None).

    With reference (the running values), a secret that differs from it is
    shown as changed, so a diff still tells that a password moves.
    """
    secret = set(field.option for field in section_fields(section) if field.secret)
    masked = {}
    for key, value in values.items():
        if key in secret and value is not None:
            changed = reference is not None and reference.get(key) != value
            value = MASK_CHANGED if changed else MASK
        masked[key] = value
    return masked


def normalise_section(section, options):
    """Validate and normalise the options given for a section (None = not managed).

    A secret given as the mask (as facts show it) is taken as "not managed", so
    gathered facts can be fed back as config unchanged.
    """
    result = {}
    for field in section_fields(section):
        value = options.get(field.option)
        if value is None or (field.secret and value == MASK):
            continue
        result[field.option] = field.normalise(value)
    return result


def known_command(line):
    """The Command a raw `AT+NAME...` line addresses, or None; accepts the manual's misspellings."""
    match = re.match(r'^AT\+([A-Z0-9]+)', line.strip().upper())
    if not match:
        return None
    name = match.group(1)
    for command in COMMANDS:
        if name == command.name or name in command.manual_spelling:
            return command
    return None


class SecretMasking(object):
    """What an AT session shows of the lines it sends and the replies it reads: the model's secret fields masked.

    The session is given this (it knows AT, not which fields are passwords).
    """

    @staticmethod
    def exchange(line, reply):
        return masked_exchange(line, reply)

    @staticmethod
    def holds_secret(line):
        command = known_command(line)
        return command is not None and command.holds_secret


def masked_exchange(line, reply):
    """A command line and its reply as a result may show them: secret fields masked in a set and in a query's reply."""
    command = known_command(line)
    if command is None or not command.holds_secret:
        return line, reply
    name, is_set, value = line.partition('=')
    if is_set:
        line = '%s=%s' % (name, _masked_fields(command, value))
    if reply and reply[:4].upper() == '+OK=':
        reply = reply[:4] + _masked_fields(command, reply[4:])
    return line, reply


def _masked_fields(command, text):
    parts = command.split(text)
    if len(parts) != len(command.fields):
        return MASK  # cannot tell which part is the secret
    return ','.join(MASK if field.secret and part else part for field, part in zip(command.fields, parts))


def split_lines(text):
    """Lines as the M0 frames them: split on CR and LF only (a final line break ends the last line, as in splitlines)."""
    lines = LINE_BREAK_RE.split(text)
    return lines[:-1] if lines[-1] == '' else lines


QUERY_LINE_RE = re.compile(r'^AT\+[A-Z0-9]+\??$', re.IGNORECASE)
REPLY_VALUE_RE = re.compile(r'^\+OK=(.*)$')


def parse_running_config(text):
    """Turn captured AT traffic into the `config` shape, with no device.

    Understands query transcripts (`AT+WANN` then `+OK=<value>`, with or
    without echo) and set lines (`AT+WANN=<value>`, as `rendered` returns).
    Status and action commands are skipped; an unknown command is an error.
    """
    config = {}
    pending = None
    for number, raw in enumerate(split_lines(text), 1):
        line = raw.strip(' \t')
        if NOT_PRINTABLE_RE.search(line):
            # not quoted: the line may hold a password
            raise ModelError('running_config line %d holds %s, which is not printable ASCII'
                             % (number, 'U+%04X' % ord(NOT_PRINTABLE_RE.search(line).group(0))))
        if not line:
            continue
        reply = REPLY_VALUE_RE.match(line)
        if reply and pending is not None:
            value, command, pending = reply.group(1), pending, None
        elif QUERY_LINE_RE.match(line) or '=' in line:
            command = known_command(line)
            if command is None:
                raise ModelError('running_config line %d: %s is not a command of the M0'
                                 % (number, line.partition('=')[0]))  # not its value: it may hold a password
            if '=' not in line:
                # AT+MAC answers for the set-only AT+USERMAC
                pending = dict((c.query_name, c) for c in COMMANDS if c.access == 'wo').get(command.name, command)
                continue
            value = line.split('=', 1)[1]
        else:
            continue  # +OK of a set, or other replies
        if command.section in SECTIONS:
            try:
                values = command.parse(value)
            except ModelError as exc:
                raise ModelError('running_config line %d: %s' % (number, exc))
            config.setdefault(command.section, {}).update(
                (key, val) for key, val in values.items() if val is not None)
    return config
