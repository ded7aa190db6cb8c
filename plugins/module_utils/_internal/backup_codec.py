# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a backup travels from the module to the action that writes it on the controller.

usr_m0_config in check mode returns the backup document under BACKUP_KEY,
wherever it ran: the settings it read under SETTINGS_KEY and, when the
module's firmware lacks commands, what it cannot hold under UNSUPPORTED_KEY.
The action (plugin_utils/_internal/backup.py) takes it out of the result and writes
the file before it runs the change. exit_json and fail_json scrub every no_log
value out of the whole result, inside strings and numbers too (with a password
1, 192.168.0.7 would come out as ********92.********68.0.7): so the settings
travel as hex over 16 digits that no no_log value holds, and no scrubbing can
touch them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import json

BACKUP_KEY = '__backup__'
SETTINGS_KEY = 'usr_m0_config'
UNSUPPORTED_KEY = 'usr_m0_unsupported'
DIGITS = 16


def encode(document, no_log_values):
    """The document as JSON in hex, over 16 digits none of the no_log values holds; the text starts with the digits.

    The digits are the first 16 characters, from ASCII up, that are in no no_log
    value: a no_log value of n characters rules out at most n of them.
    """
    used = set(''.join(no_log_values))
    digits = []
    for code in itertools.chain(range(0x21, 0x7f), range(0xa1, 0xd800)):
        if chr(code) not in used:
            digits.append(chr(code))
            if len(digits) == DIGITS:
                break
    data = bytearray(json.dumps(document, sort_keys=True).encode('ascii'))
    return ''.join(digits) + ''.join(digits[byte >> 4] + digits[byte & 15] for byte in data)


def decode(text):
    """The document from encode's text: its first 16 characters are the hex digits it used.

    The text comes from the module's result, which a module process on another host could have made anything:
    whatever is not encode's text of a mapping raises ValueError.
    """
    try:
        digits = dict((digit, value) for value, digit in enumerate(text[:DIGITS]))
        data = bytearray(digits[text[index]] * DIGITS + digits[text[index + 1]] for index in range(DIGITS, len(text), 2))
        document = json.loads(data.decode('ascii'))
    except (TypeError, KeyError, IndexError, ValueError) as exc:
        raise ValueError('not an encoded backup (%s: %s)' % (type(exc).__name__, exc))
    if len(digits) != DIGITS or not isinstance(document, dict):
        raise ValueError('not an encoded backup of settings')
    return document
