#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: usr_m0_command
short_description: Send raw AT command lines to a USR-M0 module
version_added: 0.1.0
description:
  - The escape hatch for what the settings modules do not cover. Enters AT mode, sends each line in order,
    returns every reply and puts the module back in work mode (C(AT+ENTM)).
  - Queries (lines without C(=)) never change anything; any other line is reported as a change.
  - A set takes effect only after a restart; use M(usriot.m0.usr_m0_restart) for that. C(AT+ENTM), C(AT+Z)
    and C(AT+RELD) are refused here because the module would leave AT mode under the remaining lines.
  - The task fails at the first C(+ERR) reply, naming the command, the meaning of the error and the lines already sent.
  - The settings modules are idempotent and support check mode and diff; prefer them for settings.
  - "Replies are returned as the module sends them, so a query of C(AT+WEBU) or C(AT+REGCLOUD) returns a password in
    clear; give such a task C(no_log: true). In the RV(transcript) of a failed task, passwords are masked."
author: usriot.m0 contributors (@usriot)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - usriot.m0.transport
options:
  commands:
    description:
      - AT lines such as C(AT+VER) or C(AT+MID=pump-7), without the line ending (the module sends CR).
      - Each line must start with C(AT), is printable ASCII only and may not hold C(+++). CR, LF, NUL, other
        control characters (backspace, XON/XOFF, DEL), C1 controls and non-ASCII characters are refused before
        the port is opened.
      - The manual's misspellings C(AT+HEARTTM1), C(AT+HTPTP1) and C(AT+HTPHEAD1), exactly as written there, are
        sent as their real names C(AT+HEARTTM), C(AT+HTPTP) and C(AT+HTPHEAD), with a warning; nothing else is
        rewritten.
    type: list
    elements: str
    required: true
attributes:
  check_mode:
    support: partial
    details: In check mode only queries are sent; other lines are returned as skipped and reported as a change.
  diff_mode:
    support: none
'''

EXAMPLES = r'''
- name: Ask the firmware version and the socket link
  usriot.m0.usr_m0_command:
    serial_port: /dev/ttyUSB0
    commands:
      - AT+VER
      - AT+SOCKLK
  register: m0

- name: Print the replies
  ansible.builtin.debug:
    msg: "{{ m0.stdout }}"
'''

RETURN = r'''
stdout:
  description: The value of each reply, one per line sent (empty for a bare C(+OK), null when skipped in check mode).
  returned: always
  type: list
  elements: str
  sample: ["4016", "Disconnected"]
stdout_lines:
  description: The value of each reply split into lines, as the network collections return it.
  returned: always
  type: list
  elements: list
  sample: [["4016"], ["Disconnected"]]
replies:
  description: Each line sent and the reply read.
  returned: always
  type: list
  elements: dict
  sample: [{command: AT+VER, reply: "4016", skipped: false}]
transcript:
  description: Each AT command of the session and the reply read (null when none came); passwords masked.
  returned: when the task fails after the port was opened, with -v or more
  type: list
  elements: dict
  sample: [{command: AT+DNS=10.20.0.2, reply: "+ERR=-5"}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.usriot.m0.plugins.module_utils._internal import arguments, common, model

MODE_CHANGING = ('ENTM', 'Z', 'RELD')


def checked_line(module, line):
    """The line to send (exact misspellings corrected), or fail before the port is opened.

    A line is printable ASCII: control characters reach the module's line editor, a terminal server or
    XON/XOFF flow control, which act on them (a backspace rubs out what the model checked, DC3 stops the line).
    """
    text = line.strip(' ')
    shown = model.masked_exchange(line, None)[0]  # a line that sets a password is quoted masked
    breaker, unprintable = model.framing_problem(text)
    if breaker:
        module.fail_json(msg='commands: %r holds %s, which would inject another command' % (shown, breaker))
    if unprintable:
        module.fail_json(msg='commands: %r holds U+%04X: AT lines are printable ASCII only' % (shown, ord(unprintable)))
    if not text.upper().startswith('AT'):
        module.fail_json(msg='commands: %r is not an AT command line (it must start with AT)' % shown)
    command = model.known_command(text)
    if command is None:
        return text
    if command.name in MODE_CHANGING:
        module.fail_json(msg='commands: AT+%s changes the mode of the module; use usriot.m0.usr_m0_restart' % command.name)
    head, sep, tail = text.partition('=')
    written = head[3:].upper()
    if written in command.manual_spelling:
        module.warn('%s is the manual\'s misspelling of AT+%s; sending AT+%s' % (head, command.name, command.name))
        text = 'AT+%s%s%s' % (command.name, sep, tail)
    return text


def is_query(line):
    return '=' not in line


def module_arguments():
    return dict(argument_spec=arguments.with_transport({'commands': {'type': 'list', 'elements': 'str', 'required': True}}),
                supports_check_mode=True)


def run(module):
    lines = [checked_line(module, line) for line in module.params['commands']]

    def send_all(session):
        replies = []
        for line in lines:
            if module.check_mode and not is_query(line):
                replies.append({'command': line, 'reply': None, 'skipped': True})
                continue
            replies.append({'command': line, 'reply': session.command(line), 'skipped': False})
        return replies

    replies = common.run_session(module, send_all)
    module.exit_json(
        changed=any(not is_query(line) for line in lines),
        stdout=[reply['reply'] for reply in replies],
        stdout_lines=[model.split_lines(reply['reply'] or '') for reply in replies],
        replies=replies,
    )


def main():
    run(AnsibleModule(**module_arguments()))


if __name__ == '__main__':
    main()
