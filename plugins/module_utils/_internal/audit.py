# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A read-only audit of one module in one AT session: drift from the wanted settings, risky settings, identity."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.module_utils._internal import engine, model

LEFT_IN_AT_MODE = 'left in AT mode'
IDENTITY_MISMATCH = 'identity mismatch'
# a wanted setting whose command the module's firmware lacks: neither drift (no set would fix it) nor a failure
UNSUPPORTED = 'unsupported'

# Socket protocols in which the module connects out to a server (the others listen or send datagrams).
CLIENT_PROTOCOLS = ('tcpc', 'udpc', 'htpc')

# What risks() and the identity read of the running module: only these options' commands are queried beside the
# wanted settings, so that a fleet audit's session is as short as the module allows (the rest is not reported on).
READ_OPTIONS = (('web', 'username'), ('web', 'password'), ('sock', 'protocol'), ('sock', 'remote_address'),
                ('heartbeat', 'enabled'), ('network', 'ip_mode'), ('network', 'ip_address'), ('status', 'mac'))


def _factory(section, option):
    return model.factory_settings(section)[option]


def risks(running):
    """What is risky in a module's running settings (secrets in clear): one sentence each. A setting the firmware
    lacks is not in running, and no risk is told from it."""
    found = []
    web, sock, heartbeat, network = (running.get(section, {}) for section in ('web', 'sock', 'heartbeat', 'network'))
    if web.get('username') == _factory('web', 'username') and web.get('password') == _factory('web', 'password'):
        found.append('web page has the factory credentials %s/%s' % (web['username'], web['password']))
    if sock.get('protocol') in CLIENT_PROTOCOLS:
        if heartbeat.get('enabled') is False:
            found.append('heartbeat is off on a client socket: a dead link goes unnoticed')
        if sock.get('remote_address') == _factory('sock', 'remote_address'):
            found.append('client socket still points at the factory server %s' % sock['remote_address'])
    if network.get('ip_mode') == 'static' and network.get('ip_address') == _factory('network', 'ip_address'):
        found.append('static address is the factory %s: modules will collide' % network['ip_address'])
    return found


def read_options(device, options):
    """{section: {option: running value}} of the given options the module's firmware has, each command queried once."""
    running = {}
    for section, option in options:
        command = model.command_for_option(section, option)
        if device.has(command):
            running.setdefault(section, {})[option] = device.read(command)[option]
    return running


def unsupported(lacking):
    """Each wanted setting whose command the module's firmware lacks: setting, wanted (secrets masked) and command."""
    return [{'setting': '%s.%s' % (command.section, option), 'wanted': wanted, 'command': 'AT+%s' % command.name}
            for command, values in lacking
            for option, wanted in model.mask_secrets(command.section, values).items()]


def drift(before, after):
    """The settings whose running value is not the wanted one, from a diff's masked before/after."""
    return [{'setting': '%s.%s' % (section, option), 'wanted': wanted, 'running': before[section][option]}
            for section, options in after.items() for option, wanted in options.items()
            if before[section][option] != wanted]


def compare(device, config):
    """The masked diff of the config's settings the module's firmware has (as usr_m0_config merged would show it), the
    drift in it, and the wanted settings whose commands its firmware lacks."""
    held, lacking = engine.split_by_firmware(device, engine.wanted_values(config, 'merged'))
    compared = engine.diff(device, held)
    return compared, drift(compared['before'], compared['after']), unsupported(lacking)


def at_factory(device, config):
    """Whether every setting of the commands read for the config holds what AT+RELD leaves (the name USR-M0)."""
    for command, dummy in engine.split_by_firmware(device, engine.wanted_values(config, 'merged'))[0]:
        running = device.read(command)
        for field in command.fields:
            factory = model.FACTORY_NAME if (command.name, field.option) == ('MID', 'name') else field.factory
            if factory is not None and running[field.option] != factory:
                return False
    return True


def observe(device, config):
    """What a round of the usriot.m0.watch event source reads of a module, each command once: the config's settings,
    as the idempotent converge reads them, and the MAC. Nothing is set. The config is normalised."""
    dummy, drifted, dummy = compare(device, config)
    return {'drift': drifted, 'at_factory': bool(drifted) and at_factory(device, config),
            'mac': device.read(model.BY_NAME['MAC'])['mac']}


def audit(device, config, expected_mac=None):
    """Read what is reported on once, then compare: nothing is set. The config is normalised (model.normalise_section)."""
    running = read_options(device, READ_OPTIONS)
    compared, drifted, cannot_hold = compare(device, config)
    running_mac = running.get('status', {}).get('mac')
    mismatch = bool(expected_mac) and expected_mac != running_mac
    if mismatch:
        # another module is on the port (a moved cable): what was compared is not the expected module's at all
        status = IDENTITY_MISMATCH
    elif device.found_in_at_mode:
        # what it stores is what was compared, and it may not run it: not compliant whatever it stores
        status = LEFT_IN_AT_MODE
    else:
        status = 'drifted' if drifted else UNSUPPORTED if cannot_hold else 'compliant'
    result = {
        'changed': False,
        'status': status,
        'drift': drifted,
        'unsupported': cannot_hold,
        'risks': risks(running),
        'identity': {'expected_mac': expected_mac, 'running_mac': running_mac, 'mismatch': mismatch},
        'diff': compared,
    }
    if cannot_hold:
        result['firmware_version'] = device.firmware_version
    return result
