# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The settings engine: read what runs, plan the difference, apply, restart, verify.

Every settings module and usr_m0_config run through here, so idempotency,
check mode, diff and error reporting behave the same everywhere. It speaks
to the device only through an ATSession and knows no Ansible API.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.usriot.m0.plugins.module_utils._internal import model
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import (
    DeviceError, ERROR_MEANINGS, INVALID_COMMAND, LineError, SessionError)


class ApplyError(SessionError):
    """A set failed part way: applied holds the changes stored on the module and not running."""

    def __init__(self, message, applied):
        SessionError.__init__(self, message)
        self.applied = applied


class Interrupted(SessionError):
    """The run was asked to stop (a signal, the controller gone): it stops at a safe point, as a failure would."""


class RunFailed(SessionError):
    """A converge failed: what it left stored and not running (applied), and details for the task's result (a
    confirmed change's rollback)."""

    def __init__(self, cause):
        SessionError.__init__(self, str(cause))
        self.applied = cause.applied if isinstance(cause, ApplyError) else []
        self.details = cause.details if isinstance(cause, ConfirmError) else {}


class ConfirmError(ApplyError):
    """The change ran but was not confirmed; details say what was checked and seen, and whether it was rolled back."""

    def __init__(self, message, applied, details):
        ApplyError.__init__(self, message, applied)
        self.details = details


# Socket protocols whose link AT+SOCKLK reports: a TCP client connects to its server; servers and UDP have no link.
LINK_PROTOCOLS = ('tcpc',)

# States that set a section whole: what the config does not give goes back to its factory value.
WHOLE_SECTION_STATES = ('replaced', 'overridden', 'deleted')


class UnsupportedCommand(SessionError):
    """The module's firmware has no such command: it answered +ERR=-2 (invalid command) to the query of a command the
    model knows. Older releases of the firmware lack commands that later ones have."""


class CachedDevice:
    """The M0 as the engine sees it: settings read through the session, each query at most once until a set or a
    restart, and the few things of the line the engine needs. The engine never touches the session itself.

    What the module's firmware lacks is learnt from the module, not from a table of releases: a query answered
    +ERR=-2 is remembered for the session (a set or a restart does not change the firmware), and not asked again.
    """

    def __init__(self, session):
        self.session = session
        self._replies = {}
        self._lacking = set()  # query names the firmware answered +ERR=-2 to

    def reply(self, command):
        name = command.query_name
        if name not in self._replies and name not in self._lacking:
            try:
                self._replies[name] = self.session.query(name)
            except DeviceError as exc:
                if exc.code != INVALID_COMMAND:
                    raise
                self._lacking.add(name)
        if name in self._lacking:
            raise UnsupportedCommand('the module\'s firmware%s has no AT+%s (it answered +ERR=%d, %s, to its query)' % (
                '' if name == 'VER' else ' %s' % self.firmware_version, name, INVALID_COMMAND, ERROR_MEANINGS[INVALID_COMMAND]))
        return self._replies[name]

    def read(self, command):
        return command.parse(self.reply(command))

    def has(self, command):
        """Whether the module's firmware has the command; asking is reading it (each query at most once, as always)."""
        try:
            self.reply(command)
        except UnsupportedCommand:
            return False
        return True

    @property
    def firmware_version(self):
        """What AT+VER answers; 'of unknown version' on a firmware without it."""
        version_command = model.BY_NAME['VER']
        return self.read(version_command)['firmware_version'] if self.has(version_command) else 'of unknown version'

    def unsupported(self):
        """What the module cannot hold, of what this session read (model.unsupported_settings)."""
        return model.unsupported_settings(self._lacking)

    def forget(self):
        """Drop what was read: after a set or a restart the device is asked again."""
        self._replies.clear()

    def gather(self, sections, status=True):
        """Facts: the status values and one dict per section, secrets in clear, of what the module's firmware has (a
        section it has no command of is left out). With status, also `unsupported`: what it lacks of what was read."""
        facts = {}
        for section in (['status'] if status else []) + list(sections):
            values = {}
            for command in model.section_commands(section):
                if self.has(command):
                    values.update(self.read(command))
            if section == 'status':
                facts.update(values)
            elif values:
                facts[section] = values
        if status:
            facts['unsupported'] = self.unsupported()
        return facts

    def pending_speed(self):
        """The stored UART speed, if the module was found running another (a restart is owed), else None."""
        if self.session.found_baudrate is None:
            return None
        stored = self.read(model.BY_NAME['UART'])['baudrate']
        return stored if stored != self.session.baudrate else None

    @property
    def port_name(self):
        return self.session.port_name

    @property
    def found_in_at_mode(self):
        """An interrupted run left the module in AT mode, so what it stores may not run (session.found_in_at_mode)."""
        return self.session.found_in_at_mode

    def stop_reason(self):
        """Why the run must stop at its next safe point, or None."""
        return self.session.stop_reason()

    @property
    def sets_speed(self):
        """Whether the line follows the module to a new UART speed (not over a raw TCP terminal server port)."""
        return self.session.transport.sets_speed

    @property
    def baudrate(self):
        """The speed the line runs at now (after a restart at a new UART speed, the new one)."""
        return self.session.baudrate

    def restart(self, baudrate=None):
        """Restart the module (AT+Z) and take it back into AT mode, at baudrate if its UART speed changed."""
        self.session.restart(baudrate=baudrate)
        self.forget()

    def pause_in_work_mode(self, seconds):
        """Let the module carry data (and connect) for a while, then take it back into AT mode."""
        self.session.leave()
        time.sleep(seconds)
        self.session.enter_at_mode(probe=False)
        self.forget()

    def regain(self, line_dropped):
        """Find the module again after a failure: a new connection if the line dropped, then AT mode at its speed."""
        if line_dropped:
            self.session.reopen()
        if line_dropped or not self.session.in_at_mode:
            self.session.find_and_enter_at_mode()
        self.forget()

    def set(self, change):
        self.session.command(change.line())
        # a stored value reads back as set: no query needed to know it
        self._replies[change.command.query_name] = change.command.render_value(change.after)


class Change:
    """One set command: the command's values before and after."""

    def __init__(self, command, before, after):
        self.command = command
        self.before = before
        self.after = after

    def line(self, masked=False):
        return self.command.render(self.after, masked=masked)


def wanted_values(config, state):
    """{command name: {option: value}} that the config asks for, in apply order.

    `replaced` takes each given section whole, `overridden` every section:
    options not given go back to their factory value (options without one,
    such as the MAC, are left). `deleted` takes the given sections (all, if
    none is given) back to their factory values.
    """
    wanted = []
    every_section = state == 'overridden' or (state == 'deleted' and not config)
    for section in model.SECTIONS:
        if section not in config and not every_section:
            continue
        options = {} if state == 'deleted' else dict(config.get(section, {}))
        if state in WHOLE_SECTION_STATES:
            for option, value in model.factory_settings(section).items():
                options.setdefault(option, value)
        for command in model.section_commands(section):
            values = dict((f.option, options[f.option]) for f in command.fields if f.option in options)
            if values:
                wanted.append((command, values))
    return wanted


def split_by_firmware(device, wanted):
    """The wanted values (from wanted_values) whose commands the module's firmware has, and those it lacks."""
    held, lacking = [], []
    for command, values in wanted:
        (held if device.has(command) else lacking).append((command, values))
    return held, lacking


def named_settings(config, state, wanted):
    """The settings of wanted (command, values) that the config names itself, not a factory value its state fills in."""
    if state == 'deleted':
        return []  # the sections it names go back to factory values: it names no setting
    return [field.path() for command, values in wanted for field in command.fields
            if field.option in values and field.option in config.get(command.section, {})]


def unsupported_refusal(device, lacking, named):
    """Why a config that names settings the module's firmware cannot hold is refused, before anything is set."""
    commands = ', '.join('AT+%s' % command.name for command, values in lacking
                         if any(field.path() in named for field in command.fields))
    return ('the module runs firmware %s, which has no %s (it answers +ERR=%d, %s, to %s): it cannot hold %s. Nothing '
            'was changed (no set or restart command sent). Give %s only to modules whose firmware has %s '
            '(ansible_facts.usr_m0.unsupported lists what a module lacks)'
            % (device.firmware_version, commands, INVALID_COMMAND, ERROR_MEANINGS[INVALID_COMMAND],
               'its query' if ',' not in commands else 'their queries', ', '.join(named),
               'it' if len(named) == 1 else 'them', 'the command' if ',' not in commands else 'the commands'))


def _complete(command, values):
    missing = [f.path() for f in command.fields if values.get(f.option) is None]
    if missing:
        raise model.ModelError('AT+%s sets %s together: give %s as well (the module has no value for it yet)'
                               % (command.name, ', '.join(f.path() for f in command.fields), ', '.join(missing)))
    return values


def plan(device, wanted):
    """The changes needed for the wanted values (from wanted_values) to hold on the device (reads, never sets)."""
    changes = []
    for command, values in wanted:
        before = device.read(command)
        after = dict(before)
        after.update(values)
        if after != before:
            changes.append(Change(command, before, _complete(command, after)))
    return changes


def render(config, state='merged', masked=True):
    """The set commands for config with no device: fields not given take factory values."""
    lines, filled = [], []
    for command, values in wanted_values(config, state):
        full = dict((f.option, f.factory) for f in command.fields)
        for field in command.fields:
            if field.option not in values and field.factory is not None:
                filled.append(field.path())
        full.update(values)
        lines.append(command.render(_complete(command, full), masked=masked))
    return lines, filled


def diff(device, wanted):
    """before/after of the managed settings only; secrets masked, a changed one marked so."""
    before, after = {}, {}
    for command, values in wanted:
        running = device.read(command)
        before.setdefault(command.section, {}).update(dict((k, running[k]) for k in values))
        after.setdefault(command.section, {}).update(values)
    return {
        'before': dict((section, model.mask_secrets(section, values)) for section, values in before.items()),
        'after': dict((section, model.mask_secrets(section, values, before[section])) for section, values in after.items()),
    }


def _lines(changes):
    return ', '.join(change.line(masked=True) for change in changes) or 'nothing'


def apply(device, changes, stoppable=True):
    """Send the set commands in order; if one fails, or (stoppable) the run is asked to stop before one, store again
    what ran before, so that the module never keeps a mix of its old settings and the new ones."""
    applied = []
    for change in changes:
        try:
            stop = stoppable and device.stop_reason()
            if stop:
                raise Interrupted(stop)
            device.set(change)
        except SessionError as exc:
            left = _lines(changes[len(applied):])
            if not applied:
                raise ApplyError('%s. Nothing was applied. Not applied: %s.' % (exc, left), [])
            try:
                roll_back(device, applied)
            except RollbackError as failed:
                raise ApplyError('%s. Rolling back failed: %s. Stored and not running (active after a restart): %s. '
                                 'Not applied: %s. Do not restart the module before a rerun has converged.'
                                 % (exc, failed, _lines(failed.still_stored), left), failed.still_stored)
            raise ApplyError('%s. Rolled back: %s stored again as they were before the run, and read back. '
                             'Not applied: %s. Nothing of this run is stored.'
                             % (exc, _lines(undo_changes(applied)), left), [])
        applied.append(change)
    return applied


class RollbackError(SessionError):
    """Restoring the settings a failed run had stored failed: still_stored holds the changes left."""

    def __init__(self, message, still_stored):
        SessionError.__init__(self, message)
        self.still_stored = still_stored


def undo_changes(applied):
    """The changes that store again what the session read before applied, newest first."""
    return [Change(change.command, change.after, change.before) for change in reversed(applied)]


def roll_back(device, applied):
    """Store the values read before the run for every applied change, in the same session, and read them back."""
    undo = undo_changes(applied)
    for done, change in enumerate(undo):
        if any(value is None for value in change.after.values()):
            # nothing to store back (no cloud account before the run): the command cannot be undone
            raise RollbackError('AT+%s had no value before the run to store back' % change.command.name,
                                applied[:len(applied) - done])
        try:
            device.set(change)
        except SessionError as exc:
            raise RollbackError(str(exc), applied[:len(applied) - done])
    device.forget()
    try:
        differ = [change for change in undo if device.read(change.command) != change.after]
    except SessionError as exc:
        raise RollbackError('cannot read the restored settings back: %s' % exc, list(applied))
    if differ:
        raise RollbackError('%s did not read back as stored' % ', '.join('AT+' + c.command.name for c in differ),
                            [change for change in applied if change.command in [c.command for c in differ]])


def restart_and_verify(device, changes, wanted, new_speed=None):
    """Restart once so the settings run, follow a new UART speed, and check from the
    session after the restart that every managed setting (changed or not) holds."""
    for change in changes:
        if change.command.name == 'UART':
            new_speed = change.after['baudrate']
    try:
        device.restart(baudrate=new_speed)
    except SessionError as exc:
        raise ApplyError('%s. Stored (all of this run), not known to run until the module restarts: %s'
                         % (exc, _lines(changes)), changes)
    not_held = plan(device, wanted)
    if not_held:
        readings = ['AT+%s reads %s instead of %s' % (change.command.name, change.command.render(change.before, masked=True),
                                                      change.line(masked=True)) for change in not_held]
        raise SessionError('after the restart %s' % '; '.join(readings))
    return device.baudrate


def refuse_unfollowable_speed(device, changes):
    """Over a raw TCP terminal server port the speed is the server's: a restart at a new one would lose the module."""
    port = device.port_name
    for change in changes:
        if change.command.name == 'UART' and change.after['baudrate'] != change.before['baudrate'] and not device.sets_speed:
            raise SessionError(
                'uart.baudrate %d -> %d cannot be followed over %s: the terminal server keeps the port speed of its own '
                'configuration, so the module would not answer after the restart. Nothing was changed. Use an '
                'rfc2217:// URL (the terminal server follows the speed), or store the speed with restart=false, then '
                'change the terminal server port and serial_baudrate, then restart the module'
                % (change.before['baudrate'], change.after['baudrate'], port.split('?')[0]))


def confirmation_check(confirm):
    """What the confirmation checks, in words."""
    return 'AT+SOCKLK reads connected within %g s of the restart (a poll every %g s, the module in work mode between)' % (
        confirm['timeout'], confirm['interval'])


def unconfirmable(protocol):
    """Why a socket of this protocol cannot be confirmed, or None: only a TCP client has a link to check."""
    if protocol in LINK_PROTOCOLS:
        return None
    return ('confirm.socket_connected: sock.protocol %s has no link that AT+SOCKLK reports (only %s connects to a '
            'server); nothing was changed' % (protocol, ', '.join(LINK_PROTOCOLS)))


def refuse_unconfirmable(device, changes):
    """A confirmation needs a link to check: refuse a socket without one before anything is set."""
    sock = dict(device.read(model.BY_NAME['SOCK']))
    for change in changes:
        if change.command.name == 'SOCK':
            sock = change.after
    refusal = unconfirmable(sock['protocol'])
    if refusal:
        raise SessionError(refusal)


def confirm_link(device, confirm, clock=time.monotonic):
    """Poll AT+SOCKLK until it says connected or the timeout ends; what was seen, or ConfirmError's reason."""
    start = clock()
    polls = 0
    while True:
        stop = device.stop_reason()
        if stop:
            raise Interrupted('%s while confirming, after %.1f s (%d polls)' % (stop, clock() - start, polls))
        polls += 1
        if device.read(model.BY_NAME['SOCKLK'])['socket_connected']:
            return {'checked': confirmation_check(confirm), 'seen': 'connected after %.1f s (%d polls)' % (clock() - start, polls)}
        if clock() - start + confirm['interval'] > confirm['timeout']:
            raise SessionError('AT+SOCKLK still read disconnected after %.1f s (%d polls)' % (clock() - start, polls))
        device.pause_in_work_mode(confirm['interval'])


def put_back(device, changes, confirm, failure):
    """The change did not come up: store, restart and verify what ran before, then fail saying so (ConfirmError)."""
    details = {'rolled_back': False, 'confirmation': {'checked': confirmation_check(confirm), 'seen': str(failure)}}
    undo = undo_changes(changes)
    try:
        device.regain(isinstance(failure, LineError))
        apply(device, undo, stoppable=False)  # putting back is how a stopped confirmation ends
        restart_and_verify(device, undo, [(change.command, change.before) for change in changes])
    except SessionError as exc:
        # stored now: what the failed rollback says it left, else this run's own changes
        raise ConfirmError('the change was not confirmed (%s), and putting back what ran before failed: %s. Stored '
                           'by this run before the rollback: %s' % (failure, exc, _lines(changes)),
                           (isinstance(exc, ApplyError) and exc.applied) or changes, details)
    details.update(rolled_back=True, commands=[change.line(masked=True) for change in changes],
                   put_back=[change.line(masked=True) for change in undo])
    running = {}
    for change in changes:
        running.setdefault(change.command.section, {}).update(change.before)
    details['running'] = dict((section, model.mask_secrets(section, values)) for section, values in running.items())
    raise ConfirmError('the change was not confirmed (%s): rolled back, what ran before is stored again, restarted and '
                       'verified: %s' % (failure, _lines(undo)), [], details)


def converge(device, config, state='merged', check_mode=False, restart=True, backup=False, confirm=None,
             skip_unsupported=False):
    """Plan, and unless in check mode apply and restart: the result of every settings module.

    A setting the config names whose command the module's firmware lacks is refused before anything is set (with
    skip_unsupported, left out); what the firmware lacks of what a whole-section state puts back is left alone.
    result['unsupported'] names what the firmware lacks of what the run read.

    With backup, a check-mode run that would change the module reads all its running settings (secrets in
    clear) into result['backup']: in check mode the backup is read, not written. The action writes it and reads
    it back before it runs the change for real, so nothing is set on a module whose backup is not on disk.
    """
    wanted, lacking = split_by_firmware(device, wanted_values(config, state))
    named = named_settings(config, state, lacking)
    if named and not skip_unsupported:
        raise SessionError(unsupported_refusal(device, lacking, named))
    changes = plan(device, wanted)
    # a UART speed stored by an earlier run that did not restart, or a module an interrupted run left in AT mode:
    # the restart is still owed
    pending_speed = device.pending_speed()
    owed = pending_speed is not None or device.found_in_at_mode
    if restart:
        refuse_unfollowable_speed(device, changes)
    if confirm and changes:
        refuse_unconfirmable(device, changes)
    result = {
        'changed': bool(changes) or owed,
        'commands': [c.line(masked=True) for c in changes],
        'diff': diff(device, wanted),
        'restarted': False,
        'restart_required': False,
    }
    if check_mode and backup and result['changed']:
        result['backup'] = device.gather(model.SECTIONS, status=False)
    if device.unsupported():
        result['unsupported'] = device.unsupported()
    if device.found_in_at_mode:
        result['found_in_at_mode'] = True
    if not result['changed']:
        return result
    if check_mode:
        result['restart_required'] = not restart
        if confirm and changes:
            result['confirmation'] = {'checked': confirmation_check(confirm), 'seen': 'not checked in check mode'}
        return result
    try:
        apply(device, changes)
        if restart:
            try:
                result['serial_baudrate'] = restart_and_verify(device, changes, wanted, pending_speed)
                if confirm and changes:
                    result['confirmation'] = confirm_link(device, confirm)
            except SessionError as failure:
                if not (confirm and changes):
                    raise
                put_back(device, changes, confirm, failure)
            result['restarted'] = True
        else:
            result['restart_required'] = True
    except SessionError as exc:
        raise RunFailed(exc)
    return result
