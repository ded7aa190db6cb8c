# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every usriot.m0 module shares with Ansible: transport options, one session per run, errors."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.usriot.m0.plugins.module_utils import audit, backup_codec, engine, interruption, model, server_slots, transport
from ansible_collections.usriot.m0.plugins.module_utils.session import ATSession, SessionError

TRANSPORT_ARGUMENT_SPEC = {
    'serial_port': {'type': 'str', 'fallback': (env_fallback, ['USR_M0_SERIAL_PORT'])},
    'serial_baudrate': {'type': 'int', 'default': transport.DEFAULT_BAUDRATE},
    'serial_timeout': {'type': 'float', 'default': transport.DEFAULT_TIMEOUT},
    'serial_lock_wait': {'type': 'float', 'default': transport.DEFAULT_LOCK_WAIT},
    'terminal_server_sessions': {'type': 'int'},
}
RESTART_ARGUMENT_SPEC = {'restart': {'type': 'bool', 'default': True}}
IDENTITY_ARGUMENT_SPEC = {'expected_mac': {'type': 'str'}}


def argument_spec(options):
    spec = dict(TRANSPORT_ARGUMENT_SPEC)
    spec.update(options)
    return spec


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


def check_identity(session, wanted):
    """Fail before any set or restart unless the module on the line has the expected MAC."""
    running = model.BY_NAME['MAC'].parse(session.query('MAC'))['mac']
    if running != wanted:
        raise SessionError('this is not the expected module: it has MAC %s, expected_mac is %s. Nothing was changed '
                           '(no set or restart command sent); check the cabling or the inventory' % (running, wanted))


def run_session(module, work, refuse_other_mac=True, **session_options):
    """Run work(session) in one AT session; always leave AT mode; turn failures into fail_json.

    With expected_mac (and refuse_other_mac), the module's MAC is checked first, in the same session.
    The message names the port, what failed and, from the engine, what was
    already applied.
    """
    check_libraries(module)
    check_transport(module)
    params = module.params
    try:
        with server_slots.server_slot(params['serial_port'], params['terminal_server_sessions'], params['serial_lock_wait']):
            return _run_in_session(module, work, refuse_other_mac, session_options)
    except server_slots.ServerBusyError as exc:
        module.fail_json(msg='%s: %s' % (params['serial_port'], exc))


# the usriot.m0.serial_scan inventory keeps the speed it found while its cache lasts
CACHED_SPEED = ' (a serial_scan inventory with a cache: run with --flush-cache, or let the cache expire)'


def _run_in_session(module, work, refuse_other_mac, session_options):
    wanted_mac = expected_mac(module) if refuse_other_mac else None
    params = module.params
    earlier = interruption.take(params['serial_port'])
    if earlier:
        module.warn('an earlier run on %s was interrupted: %s: %s' % (params['serial_port'], earlier['time'], earlier['outcome']))
    failure, result, applied, details = None, None, [], {}
    # signals wait until the module is back in work mode (or restarted and verified): interruption.py
    with interruption.Hold() as hold:
        session = ATSession(params['serial_port'], model.SecretMasking, baudrate=params['serial_baudrate'],
                            timeout=params['serial_timeout'], lock_wait=params['serial_lock_wait'], hold=hold,
                            **session_options)
        session.found_earlier = bool(earlier and earlier['restart_owed'])
        try:
            session.open()
            session.find_and_enter_at_mode()
            if wanted_mac:
                check_identity(session, wanted_mac)
            result = work(session)
        except engine.RunFailed as exc:
            failure, applied, details = str(exc), exc.applied, exc.details
        except (SessionError, model.ModelError) as exc:
            failure = str(exc)
        finally:
            try:
                session.close()
            except SessionError as exc:
                failure = '%s; %s' % (failure, exc) if failure else str(exc)
        stop = hold.stop_reason()
    if stop:
        keep_interrupted_outcome(module, session, stop, failure, result)
    elif session.found_in_at_mode and not session.restarted:
        keep_restart_owed(module)
    if session.found_baudrate:
        module.warn('%s did not answer at serial_baudrate %d but at %d baud: set serial_baudrate to the speed the '
                    'module runs at%s' % (params['serial_port'], params['serial_baudrate'], session.found_baudrate, CACHED_SPEED))
    if session.baudrate != (session.found_baudrate or params['serial_baudrate']):
        module.warn('%s now answers at %d baud (its UART speed changed): set serial_baudrate to %d for later tasks '
                    'and in the inventory%s' % (params['serial_port'], session.baudrate, session.baudrate, CACHED_SPEED))
    if failure:
        # settings stored before the failure are a change, and run only after a restart
        # a rolled back change was stored and ran, then what ran before came back: a change, no restart owed (details
        # then say what ran and what put it back)
        failed = dict(changed=bool(applied or details.get('rolled_back')), restart_required=bool(applied),
                      commands=[change.line(masked=True) for change in applied], transcript=failure_transcript(session))
        failed.update(details)
        module.fail_json(msg='%s: %s' % (params['serial_port'], failure), **failed)
    return result


def keep_interrupted_outcome(module, session, stop, failure, result):
    """Say what became of the module of a run that was asked to stop, and keep it where the next run on the port finds it:
    ansible-playbook may have ended, with nobody to read this task's result."""
    if failure:
        outcome = failure
    elif result and result.get('changed') and result.get('commands'):
        outcome = 'the change was finished first: %s%s' % ('; '.join(result['commands']), ', restarted and verified'
                                                           if result.get('restarted') else ', stored, not restarted')
    else:
        outcome = 'nothing was changed'
    state = 'restarting' if session.restarting else 'in AT mode (a rerun restarts it)' if session.in_at_mode else 'in work mode'
    outcome = '%s. The module was left %s' % (outcome.rstrip('.'), state)
    if not outcome.startswith(stop):
        outcome = '%s: %s' % (stop, outcome)
    keep(module, stop, outcome, session.in_at_mode or (session.found_in_at_mode and not session.restarted))


def keep_restart_owed(module):
    """A module found in AT mode and not restarted: the next converge on the port must restart it (interruption.py)."""
    keep(module, 'found in AT mode', 'the module was found in AT mode, as an interrupted run leaves it: what it stores may '
         'not be what it runs until it restarts, which the next converge does (usr_m0_config, the configure role, the '
         'rollout)', True)


def keep(module, reason, outcome, restart_owed):
    """Keep what became of the module in the journal of its port, and say so."""
    port = module.params['serial_port']
    module.warn('%s: %s (kept in %s)' % (port, outcome, interruption.record(port, reason, outcome, restart_owed=restart_owed)))


def failure_transcript(session):
    """What was sent and answered, for a failed task's result (the session masks passwords read or sent)."""
    return [{'command': name, 'reply': reply} for name, reply in session.transcript]


def validated_section(module, section, options):
    """Normalised options of a section, or fail naming the option and what is allowed."""
    try:
        return model.normalise_section(section, options)
    except model.ModelError as exc:
        module.fail_json(msg=str(exc))


def settings_argument_spec(section):
    spec = argument_spec(model.section_argument_spec(section))
    spec.update(RESTART_ARGUMENT_SPEC)
    spec.update(IDENTITY_ARGUMENT_SPEC)
    return spec


def run_settings(module, section):
    """The whole of a per-area settings module (usr_m0_system, usr_m0_uart, ...)."""
    check_libraries(module)
    config = {section: validated_section(module, section, module.params)}
    if not config[section]:
        module.fail_json(msg='give at least one of %s' % ', '.join(f.option for f in model.section_fields(section)))
    module.exit_json(**run_converge(module, config, 'merged'))


def run_converge(module, config, state):
    confirm = checked_confirm(module, config)
    skip_unsupported = module.params.get('skip_unsupported', False)
    result = run_session(module, lambda session: engine.converge(
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
    under the key where the action finds it (module_utils/backup_codec.py)."""
    if settings is None:
        return {}
    document = {backup_codec.SETTINGS_KEY: masked_sections(module, settings)}
    if unsupported:
        document[backup_codec.UNSUPPORTED_KEY] = unsupported
    return {backup_codec.BACKUP_KEY: backup_codec.encode(document, module.no_log_values)}


def masked_sections(module, sections):
    """Settings in the config shape, secrets masked unless include_secrets."""
    if module.params['include_secrets']:
        return sections
    return dict((section, model.mask_secrets(section, values)) for section, values in sections.items())


CONFIG_STATES = ('merged', 'replaced', 'overridden', 'deleted', 'gathered', 'rendered', 'parsed')


def config_argument_spec():
    spec = argument_spec({
        'config': {'type': 'dict', 'options': model.config_argument_spec()},
        'state': {'type': 'str', 'choices': list(CONFIG_STATES), 'default': 'merged'},
        'running_config': {'type': 'str', 'no_log': True},  # captured traffic holds passwords in clear
        'include_secrets': {'type': 'bool', 'default': False},
        'skip_unsupported': {'type': 'bool', 'default': False},
        'backup': {'type': 'bool', 'default': False},
        'backup_options': {'type': 'dict', 'options': {'dir_path': {'type': 'path'}, 'filename': {'type': 'str'}}},
        'confirm': {'type': 'dict', 'options': {
            'socket_connected': {'type': 'bool', 'default': False},
            'timeout': {'type': 'float', 'default': 60.0},
            'interval': {'type': 'float', 'default': 5.0},
        }},
    })
    spec.update(RESTART_ARGUMENT_SPEC)
    spec.update(IDENTITY_ARGUMENT_SPEC)
    return spec


def audit_argument_spec():
    return argument_spec({'config': {'type': 'dict', 'required': True, 'options': model.config_argument_spec()},
                          'expected_mac': IDENTITY_ARGUMENT_SPEC['expected_mac']})


def validated_config(module):
    """The config option's sections, normalised, or fail naming the option and what is allowed."""
    return dict((section, validated_section(module, section, options))
                for section, options in module.params['config'].items() if options is not None)


def run_audit(module):
    """usr_m0_audit: read once, compare, report; nothing is set."""
    check_libraries(module)
    config = validated_config(module)
    wanted_mac = expected_mac(module)
    module.exit_json(**run_session(module, lambda session: audit.audit(engine.CachedDevice(session), config, wanted_mac),
                                   refuse_other_mac=False))


def run_watch_round(module):
    """A round of the usriot.m0.watch event source on one module (audit.observe): nothing is set. Beside what was read,
    what the session saw of the module: the speed it answered at, whether it was in AT mode, and whether it answered
    only after a handshake that drew nothing at all, as a module that is restarting does."""
    check_libraries(module)
    config = validated_config(module)
    wanted_mac = expected_mac(module)  # reported, not refused: the watch says which module answers instead

    def work(session):
        seen = audit.observe(engine.CachedDevice(session), config)
        seen.update(changed=False, expected_mac=wanted_mac, serial_baudrate=session.baudrate, found_in_at_mode=session.was_in_at_mode,
                    answered_after_silence=bool(session.silent_handshakes) and not session.was_in_at_mode)
        return seen
    module.exit_json(**run_session(module, work, refuse_other_mac=False))


CONFIG_MUTUALLY_EXCLUSIVE = [('config', 'running_config')]

CONFIG_REQUIRED_IF = [
    ('state', 'merged', ['config']),
    ('state', 'replaced', ['config']),
    ('state', 'overridden', ['config']),
    ('state', 'rendered', ['config']),
    ('state', 'parsed', ['running_config']),
]


def gather_config(session):
    """The running settings in the config shape (what the module's firmware has), and what it lacks."""
    device = engine.CachedDevice(session)
    return device.gather(model.SECTIONS, status=False), device.unsupported()


def run_config(module):
    """usr_m0_config: the resource-module states over the same engine."""
    check_libraries(module)
    state = module.params['state']
    if state == 'gathered':
        gathered, unsupported = run_session(module, gather_config)
        module.exit_json(changed=False, gathered=masked_sections(module, gathered), unsupported=unsupported)
    if state == 'parsed':
        try:
            parsed = model.parse_running_config(module.params['running_config'])
        except model.ModelError as exc:
            module.fail_json(msg=str(exc))
        module.exit_json(changed=False, parsed=dict(
            (section, model.mask_secrets(section, values)) for section, values in parsed.items()))
    given = dict((section, options) for section, options in (module.params['config'] or {}).items() if options is not None)
    config = dict((section, validated_section(module, section, options)) for section, options in given.items())
    if state == 'rendered':
        try:
            lines, filled = engine.render(config)
        except model.ModelError as exc:
            module.fail_json(msg=str(exc))
        if filled:
            module.warn('rendered with factory values for %s, which the config does not give; merged would use '
                        'the values running on the module instead' % ', '.join(filled))
        module.exit_json(changed=False, rendered=lines)
    result = run_converge(module, config, state)
    result.update(backup_result(module, result.pop('backup', None), result.get('unsupported')))
    module.exit_json(**result)
