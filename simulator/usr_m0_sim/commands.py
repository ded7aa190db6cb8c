# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The M0's command table as the firmware validates it, written from the vendor manual.

Deliberately independent of the collection's settings model: the simulator
is the device in every test, and a shared table would hide a shared bug.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re


class InvalidParameter(ValueError):
    """The firmware answers +ERR=-4."""


def choice(*allowed):
    def check(value):
        if value not in allowed:  # the firmware compares exactly: 'on' is not 'ON'
            raise InvalidParameter(value)
        return value
    return check


def number(low, high):
    def check(value):
        if not value.isdigit() or not low <= int(value) <= high:
            raise InvalidParameter(value)
        return str(int(value))
    return check


def text(low, high):
    def check(value):
        if not low <= len(value.encode('utf-8')) <= high:
            raise InvalidParameter(value)
        return value
    return check


def ipv4(value):
    parts = value.split('.')
    if len(parts) != 4 or not all(part.isdigit() and int(part) <= 255 for part in parts):
        raise InvalidParameter(value)
    return '.'.join(str(int(part)) for part in parts)


HOSTNAME = re.compile(r'^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$')


def address(value):
    try:
        return ipv4(value)
    except InvalidParameter:
        if not HOSTNAME.match(value) or value.replace('.', '').isdigit():
            raise
        return value


def mac(value):
    if not re.match(r'^[0-9A-Fa-f]{12}$', value) or int(value[:2], 16) % 2:
        raise InvalidParameter(value)
    return value.upper()


ON_OFF = choice('ON', 'OFF')

# name: (access, [validator per comma-separated field] or a single validator taking the whole value)
# access: rw query and set, ro query only, wo set only, action no parameter.
TABLE = {
    'ENTM': ('action', None),
    'Z': ('action', None),
    'RELD': ('action', None),
    'E': ('rw', [ON_OFF]),
    'VER': ('ro', None),
    'MID': ('rw', text(1, 15)),
    'MAC': ('ro', None),
    'USERMAC': ('wo', [mac]),
    'WANN': ('rw', [choice('STATIC', 'DHCP'), ipv4, ipv4, ipv4]),
    'DNS': ('rw', [ipv4]),
    'WEBU': ('rw', [text(1, 5), text(1, 5)]),
    'WEBPORT': ('rw', [number(1, 65535)]),
    'UART': ('rw', [number(600, 460800), choice('5', '6', '7', '8'), choice('1', '2'),
                    choice('NONE', 'EVEN', 'ODD', 'MASK', 'SPACE'), choice('NFC', 'FC', '485')]),
    'SOCK': ('rw', [choice('TCPS', 'TCPC', 'UDPS', 'UDPC', 'HTPC'), address, number(1, 65535)]),
    'SOCKLK': ('ro', None),
    'SOCKPORT': ('rw', [number(0, 65535)]),
    'TCPSE': ('rw', [choice('KEEP', 'KICK')]),
    'REGEN': ('rw', [choice('OFF', 'MAC', 'USR')]),
    'REGTCP': ('rw', [choice('FIRST', 'EVERY', 'ALL')]),
    'REGUSR': ('rw', text(1, 40)),
    'REGCLOUD': ('rw', [text(20, 20), text(1, 8)]),
    'HEARTEN': ('rw', [ON_OFF]),
    'HEARTTP': ('rw', [choice('NET', 'COM')]),
    'HEARTTM': ('rw', [number(1, 65535)]),
    'HEARTDT': ('rw', text(1, 40)),
    'HTPTP': ('rw', [choice('GET', 'POST')]),
    'HTPURL': ('rw', text(1, 100)),
    'HTPHEAD': ('rw', text(0, 180)),
    'HTPCHD': ('rw', [ON_OFF]),
}

# The firmware of the manual; older releases lack some commands (the --firmware option of serve).
FIRMWARE = '4016'
# What every firmware of the family has: without them a module cannot be left, restarted or reset.
ALWAYS_THERE = ('ENTM', 'Z', 'RELD')

FACTORY = {
    'E': 'ON', 'VER': FIRMWARE, 'MID': 'USR-M0',
    'WANN': 'STATIC,192.168.0.7,255.255.255.0,192.168.0.1', 'DNS': '208.67.222.222',
    'WEBU': 'admin,admin', 'WEBPORT': '80', 'UART': '115200,8,1,NONE,NFC',
    'SOCK': 'TCPC,192.168.0.201,8234', 'SOCKPORT': '0', 'TCPSE': 'KEEP',
    'REGEN': 'OFF', 'REGTCP': 'FIRST', 'REGUSR': 'www.usr.cn', 'REGCLOUD': ',',
    'HEARTEN': 'OFF', 'HEARTTP': 'NET', 'HEARTTM': '30', 'HEARTDT': 'www.usr.cn',
    'HTPTP': 'GET', 'HTPURL': '/1.php?', 'HTPHEAD': 'User_Agent: Mozilla/4.0', 'HTPCHD': 'OFF',
}


def firmware(text):
    """VERSION[:COMMAND,COMMAND...] -> (version, frozenset of the commands it lacks), or ValueError."""
    version, dummy, lacking = text.partition(':')
    lacks = frozenset(name.strip().upper() for name in lacking.split(',') if name.strip())
    if not re.match(r'^[\x21-\x7e]{1,64}$', version):
        raise ValueError('a firmware version is 1 to 64 printable characters, got %r' % version)
    unknown = sorted(name for name in lacks if name not in TABLE or name in ALWAYS_THERE)
    if unknown:
        raise ValueError('a firmware can lack the commands of the table but %s, not %s' % (', '.join(ALWAYS_THERE), ', '.join(unknown)))
    return version, lacks


def factory_flash(index, version=FIRMWARE):
    """Factory settings of the index-th simulated module (each has its own MAC), running that firmware version."""
    flash = dict(FACTORY, VER=version)
    flash['MAC'] = 'D8B04C%06X' % (index + 1)
    flash['FACTORY_MAC'] = flash['MAC']
    return flash


def validate(name, value):
    """The stored form of a set's parameters, or InvalidParameter."""
    fields = TABLE[name][1]
    if callable(fields):
        return fields(value)
    parts = value.split(',')
    if len(parts) != len(fields):
        raise InvalidParameter(value)
    return ','.join(check(part) for check, part in zip(fields, parts))
