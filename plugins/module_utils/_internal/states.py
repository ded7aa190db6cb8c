# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the settings modules, usr_m0_config, usr_m0_audit and the watch's rounds do: one handler per state, each
returning the task's result (the modules exit once, with it)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.module_utils._internal import audit, backup_codec, common, engine, model


def run_settings(module, section):
    """The whole of a per-area settings module (usr_m0_system, usr_m0_uart, ...)."""
    common.check_libraries(module)
    config = {section: common.validated_section(module, section, module.params)}
    if not config[section]:
        module.fail_json(msg='give at least one of %s' % ', '.join(f.option for f in model.section_fields(section)))
    module.exit_json(**converge(module, config, 'merged'))


def converge(module, config, state):
    confirm = checked_confirm(module, config)
    skip_unsupported = module.params.get('skip_unsupported', False)
    result = common.run_session(module, lambda session: engine.converge(
        engine.CachedDevice(session), config, state, check_mode=module.check_mode, restart=module.params['restart'],
        backup=module.params.get('backup', False), confirm=confirm, skip_unsupported=skip_unsupported))
    if skip_unsupported and result.get('unsupported'):
        module.warn('the firmware of the module on %s has no command for %s: left out (skip_unsupported)'
                    % (module.params['serial_port'], ', '.join(result['unsupported'])))
    return result


def checked_confirm(module, config):
    """usr_m0_config's confirm, refused before the port is opened when it cannot be checked; None when not asked."""
    confirm = module.params.get('confirm')
    if not confirm:
        return None
    if not confirm['socket_connected']:
        module.fail_json(msg='confirm: give socket_connected: true, the check there is (the TCP client socket connects '
                             'to its server after the restart)')
    if not module.params['restart']:
        module.fail_json(msg='confirm needs restart: true: the change is confirmed after the restart that makes it run')
    if confirm['timeout'] <= 0 or confirm['interval'] <= 0:
        module.fail_json(msg='confirm: timeout and interval must be more than 0 seconds')
    protocol = (config.get('sock') or {}).get('protocol')
    if protocol and engine.unconfirmable(protocol):
        module.fail_json(msg=engine.unconfirmable(protocol))
    return confirm


def backup_result(module, settings, unsupported):
    """The backup document of the settings a check-mode run read (with what the module's firmware lacks, if anything),
    under the key where the action finds it (module_utils/_internal/backup_codec.py)."""
    if settings is None:
        return {}
    document = {backup_codec.SETTINGS_KEY: common.masked_sections(module, settings)}
    if unsupported:
        document[backup_codec.UNSUPPORTED_KEY] = unsupported
    return {backup_codec.BACKUP_KEY: backup_codec.encode(document, module.no_log_values)}


def gathered(module):
    """The running settings in the config shape (what the module's firmware has), and what it lacks."""
    def work(session):
        device = engine.CachedDevice(session)
        return dict(changed=False, gathered=common.masked_sections(module, device.gather(model.SECTIONS, status=False)),
                    unsupported=device.unsupported())
    return common.run_session(module, work)


def parsed(module):
    try:
        sections = model.parse_running_config(module.params['running_config'])
    except model.ModelError as exc:
        module.fail_json(msg=str(exc))
    return dict(changed=False, parsed=dict((section, model.mask_secrets(section, values)) for section, values in sections.items()))


def rendered(module):
    try:
        lines, filled = engine.render(common.validated_config(module))
    except model.ModelError as exc:
        module.fail_json(msg=str(exc))
    if filled:
        module.warn('rendered with factory values for %s, which the config does not give; merged would use '
                    'the values running on the module instead' % ', '.join(filled))
    return dict(changed=False, rendered=lines)


def converged(module):
    """merged, replaced, overridden and deleted."""
    result = converge(module, common.validated_config(module), module.params['state'])
    result.update(backup_result(module, result.pop('backup', None), result.get('unsupported')))
    return result


CONFIG_STATE_HANDLERS = {'gathered': gathered, 'parsed': parsed, 'rendered': rendered}


def run_config(module):
    """usr_m0_config: the resource-module states over the same engine."""
    common.check_libraries(module)
    module.exit_json(**CONFIG_STATE_HANDLERS.get(module.params['state'], converged)(module))


def run_audit(module):
    """usr_m0_audit: read once, compare, report; nothing is set."""
    common.check_libraries(module)
    config = common.validated_config(module)
    wanted_mac = common.expected_mac(module)
    module.exit_json(**common.run_session(module, lambda session: audit.audit(engine.CachedDevice(session), config, wanted_mac),
                                          refuse_other_mac=False))


def run_watch_round(module):
    """A round of the usriot.m0.watch event source on one module (audit.observe): nothing is set. Beside what was read,
    what the session saw of the module: the speed it answered at, whether it was in AT mode, and whether it answered
    only after a handshake that drew nothing at all, as a module that is restarting does."""
    common.check_libraries(module)
    config = common.validated_config(module)
    wanted_mac = common.expected_mac(module)  # reported, not refused: the watch says which module answers instead

    def work(session):
        seen = audit.observe(engine.CachedDevice(session), config)
        seen.update(changed=False, expected_mac=wanted_mac, serial_baudrate=session.baudrate, found_in_at_mode=session.was_in_at_mode,
                    answered_after_silence=bool(session.silent_handshakes) and not session.was_in_at_mode)
        return seen
    module.exit_json(**common.run_session(module, work, refuse_other_mac=False))
