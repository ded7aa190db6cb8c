# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument specs of the usriot.m0 modules: each option and its default, stated here once.

The docs state the same defaults, and ansible-test sanity (validate-modules) checks they agree; the configure
role's argument spec names these options instead of restating them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.usriot.m0.plugins.module_utils._internal import model, transport

TRANSPORT = {
    'serial_port': {'type': 'str', 'fallback': (env_fallback, ['USR_M0_SERIAL_PORT'])},
    'serial_baudrate': {'type': 'int', 'default': transport.DEFAULT_BAUDRATE},
    'serial_timeout': {'type': 'float', 'default': transport.DEFAULT_TIMEOUT},
    'serial_lock_wait': {'type': 'float', 'default': transport.DEFAULT_LOCK_WAIT},
    'terminal_server_sessions': {'type': 'int'},
}
RESTART = {'restart': {'type': 'bool', 'default': True}}
IDENTITY = {'expected_mac': {'type': 'str'}}
CONFIRM = {'type': 'dict', 'options': {
    'socket_connected': {'type': 'bool', 'default': False},
    'timeout': {'type': 'float', 'default': 60.0},
    'interval': {'type': 'float', 'default': 5.0},
}}
BACKUP = {
    'backup': {'type': 'bool', 'default': False},
    'backup_options': {'type': 'dict', 'options': {'dir_path': {'type': 'path'}, 'filename': {'type': 'str'}}},
}

CONFIG_STATES = ('merged', 'replaced', 'overridden', 'deleted', 'gathered', 'rendered', 'parsed')
CONFIG_MUTUALLY_EXCLUSIVE = [('config', 'running_config')]
CONFIG_REQUIRED_IF = [
    ('state', 'merged', ['config']),
    ('state', 'replaced', ['config']),
    ('state', 'overridden', ['config']),
    ('state', 'rendered', ['config']),
    ('state', 'parsed', ['running_config']),
]


def with_transport(*option_sets):
    """The transport options and the given ones, in one spec."""
    spec = dict(TRANSPORT)
    for options in option_sets:
        spec.update(options)
    return spec


def settings(section):
    """A per-area settings module's (usr_m0_uart, ...)."""
    return with_transport(model.section_argument_spec(section), RESTART, IDENTITY)


def config():
    """usr_m0_config's."""
    return with_transport({
        'config': {'type': 'dict', 'options': model.config_argument_spec()},
        'state': {'type': 'str', 'choices': list(CONFIG_STATES), 'default': 'merged'},
        'running_config': {'type': 'str', 'no_log': True},  # captured traffic holds passwords in clear
        'include_secrets': {'type': 'bool', 'default': False},
        'skip_unsupported': {'type': 'bool', 'default': False},
        'confirm': CONFIRM,
    }, BACKUP, RESTART, IDENTITY)


def audit():
    """usr_m0_audit's (and the watch's rounds)."""
    return with_transport({'config': {'type': 'dict', 'required': True, 'options': model.config_argument_spec()}}, IDENTITY)
