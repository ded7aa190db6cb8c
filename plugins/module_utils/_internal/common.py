# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every usriot.m0 module shares with Ansible: its libraries and transport options checked, its session run and
its failure told through the AnsibleModule, its options validated against the settings model."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.usriot.m0.plugins.module_utils._internal import lifecycle, model, transport


# Where the library is missing: the controller's Python on a local connection, the target's otherwise.
WHERE_THE_MODULES_RUN = ('by usriot.m0 modules, which run in the Python of ansible-playbook on a local connection '
                         'and in the target host\'s Python with delegate_to')


def missing_library(reason):
    """(message, import error) for the first library the driver needs that is missing, else None."""
    for name, present, error in (('pyserial', transport.HAS_PYSERIAL, transport.PYSERIAL_IMPORT_ERROR),
                                 ('netaddr', model.HAS_NETADDR, model.NETADDR_IMPORT_ERROR)):
        if not present:
            return missing_required_lib(name, reason=reason), str(error)
    return None


def check_libraries(module):
    missing = missing_library(WHERE_THE_MODULES_RUN)
    if missing:
        module.fail_json(msg=missing[0], exception=missing[1])


def check_transport(module):
    """Refuse a missing port or a senseless speed before anything is opened."""
    params = module.params
    if not params['serial_port']:
        module.fail_json(msg='serial_port is required: give a device path or a pyserial URL, '
                             'or set USR_M0_SERIAL_PORT')
    if not 50 <= params['serial_baudrate'] <= 4000000:
        module.fail_json(msg='serial_baudrate %d is not a serial speed (the M0 runs at 600 to 460800 baud)'
                             % params['serial_baudrate'])
    if params['serial_timeout'] <= 0:
        module.fail_json(msg='serial_timeout must be more than 0 seconds')
    if params['serial_lock_wait'] < 0:
        module.fail_json(msg='serial_lock_wait must be 0 seconds or more')
    if params['terminal_server_sessions'] is not None and params['terminal_server_sessions'] < 1:
        module.fail_json(msg='terminal_server_sessions must be 1 or more (or not given, for no cap)')


def expected_mac(module):
    """The normalised expected_mac, None if not given; a malformed one fails before the port is opened."""
    value = module.params.get('expected_mac')
    if not value:
        return None
    try:
        return model.BY_NAME['MAC'].fields[0].normalise(value)
    except model.ModelError as exc:
        module.fail_json(msg='expected_mac: %s' % exc.reason)


def run_session(module, work, refuse_other_mac=True, **session_options):
    """Run work(session) in one AT session (lifecycle.py) with the module's transport options; turn a failure into
    fail_json naming the port, what failed and, from the engine, what was already applied.

    With expected_mac (and refuse_other_mac), the module's MAC is checked first, in the same session.
    """
    check_libraries(module)
    check_transport(module)
    params = module.params
    outcome = lifecycle.run_session(
        params['serial_port'], work, params['serial_baudrate'], params['serial_timeout'], params['serial_lock_wait'],
        terminal_server_sessions=params['terminal_server_sessions'],
        wanted_mac=expected_mac(module) if refuse_other_mac else None, **session_options)
    for warning in outcome.warnings + outcome.speed_warnings(params['serial_baudrate']):
        module.warn(warning)
    if outcome.failure:
        module.fail_json(msg='%s: %s' % (params['serial_port'], outcome.failure), **outcome.failed_result())
    return outcome.result


def validated_section(module, section, options):
    """Normalised options of a section, or fail naming the option and what is allowed."""
    try:
        return model.normalise_section(section, options)
    except model.ModelError as exc:
        module.fail_json(msg=str(exc))


def validated_config(module):
    """The config option's sections, normalised, or fail naming the option and what is allowed."""
    return dict((section, validated_section(module, section, options))
                for section, options in (module.params['config'] or {}).items() if options is not None)


def masked_sections(module, sections):
    """Settings in the config shape, secrets masked unless include_secrets."""
    if module.params['include_secrets']:
        return sections
    return dict((section, model.mask_secrets(section, values)) for section, values in sections.items())
