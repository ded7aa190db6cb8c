# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One AT session from the port's opening to its closing, for every caller: the modules (through common.py),
the serial_scan inventory and the watch's rounds.

Open the port, find the module's speed, enter AT mode, run the caller's work, always leave AT mode, and turn
every way that can fail into one Outcome. Signals wait until the module is safe (interruption.Hold); what became
of a module found in AT mode or interrupted is kept in the journal of its port (interruption.py).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.usriot.m0.plugins.module_utils._internal import engine, interruption, model, server_slots
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import ATSession, FALLBACK_SPEEDS, SessionError

# the usriot.m0.serial_scan inventory keeps the speed it found while its cache lasts
CACHED_SPEED = ' (a serial_scan inventory with a cache: run with --flush-cache, or let the cache expire)'


class Outcome:
    """What one session came to. result: what work returned (None when it failed). failure: one message, without the
    port, or None. applied and details: what a failed change had stored and what its engine says of it. error: the
    exception behind the failure. warnings: what the caller should say of the journal of interrupted runs, in order.
    session: the ATSession, None when the port was never opened."""

    def __init__(self):
        self.result = None
        self.failure = None
        self.error = None
        self.applied = []
        self.details = {}
        self.warnings = []
        self.session = None

    def failed_result(self):
        """The keys of a failed task's result beside msg: settings stored before the failure are a change, and run only
        after a restart; a rolled back change was stored and ran, then what ran before came back: a change, no restart
        owed (details then say what ran and what put it back)."""
        if self.session is None:
            return {}
        failed = dict(changed=bool(self.applied or self.details.get('rolled_back')), restart_required=bool(self.applied),
                      commands=[change.line(masked=True) for change in self.applied],
                      transcript=[{'command': name, 'reply': reply} for name, reply in self.session.transcript])
        failed.update(self.details)
        return failed

    def speed_warnings(self, baudrate):
        """What to tell a caller that gave baudrate as the module's speed: where it answered instead, and where it
        answers now after a change of its UART speed."""
        session, warnings = self.session, []
        if session is None:
            return warnings
        if session.found_baudrate:
            warnings.append('%s did not answer at serial_baudrate %d but at %d baud: set serial_baudrate to the speed '
                            'the module runs at%s' % (session.port_name, baudrate, session.found_baudrate, CACHED_SPEED))
        if session.baudrate != (session.found_baudrate or baudrate):
            warnings.append('%s now answers at %d baud (its UART speed changed): set serial_baudrate to %d for later '
                            'tasks and in the inventory%s' % (session.port_name, session.baudrate, session.baudrate, CACHED_SPEED))
        return warnings


def check_identity(session, wanted):
    """Fail before any set or restart unless the module on the line has the expected MAC."""
    running = model.BY_NAME['MAC'].parse(session.query('MAC'))['mac']
    if running != wanted:
        raise SessionError('this is not the expected module: it has MAC %s, expected_mac is %s. Nothing was changed '
                           '(no set or restart command sent); check the cabling or the inventory' % (running, wanted))


def run_session(port, work, baudrate, timeout, lock_wait, terminal_server_sessions=None, wanted_mac=None,
                speeds=FALLBACK_SPEEDS, on_silence_too=False, **session_options):
    """Run work(session) in one AT session on port and return its Outcome; AT mode is always left.

    With wanted_mac, the module's MAC is checked first, in the same session. speeds and on_silence_too: where the
    module is looked for when it does not answer at baudrate (ATSession.find_and_enter_at_mode).
    """
    outcome = Outcome()
    try:
        with server_slots.server_slot(port, terminal_server_sessions, lock_wait):
            _run(outcome, port, work, baudrate, timeout, lock_wait, wanted_mac, speeds, on_silence_too, session_options)
    except server_slots.ServerBusyError as exc:
        outcome.failure, outcome.error = str(exc), exc
    return outcome


def _run(outcome, port, work, baudrate, timeout, lock_wait, wanted_mac, speeds, on_silence_too, session_options):
    earlier = interruption.take(port)
    if earlier:
        outcome.warnings.append('an earlier run on %s was interrupted: %s: %s' % (port, earlier['time'], earlier['outcome']))
    # signals wait until the module is back in work mode (or restarted and verified): interruption.py
    with interruption.Hold() as hold:
        session = outcome.session = ATSession(port, model.SecretMasking, baudrate=baudrate, timeout=timeout,
                                              lock_wait=lock_wait, hold=hold, **session_options)
        session.found_earlier = bool(earlier and earlier['restart_owed'])
        try:
            session.open()
            session.find_and_enter_at_mode(speeds, on_silence_too=on_silence_too)
            if wanted_mac:
                check_identity(session, wanted_mac)
            outcome.result = work(session)
        except engine.RunFailed as exc:
            outcome.failure, outcome.error, outcome.applied, outcome.details = str(exc), exc, exc.applied, exc.details
        except (SessionError, model.ModelError) as exc:
            outcome.failure, outcome.error = str(exc), exc
        finally:
            try:
                session.close()
            except SessionError as exc:
                outcome.failure = '%s; %s' % (outcome.failure, exc) if outcome.failure else str(exc)
                outcome.error = outcome.error or exc
        stop = hold.stop_reason()
    if outcome.failure:
        outcome.result = None
    if stop:
        _keep(outcome, port, stop, _interrupted_outcome(session, stop, outcome.failure, outcome.result),
              session.in_at_mode or (session.found_in_at_mode and not session.restarted))
    elif session.found_in_at_mode and not session.restarted:
        # the next converge on the port must restart it
        _keep(outcome, port, 'found in AT mode', 'the module was found in AT mode, as an interrupted run leaves it: what '
              'it stores may not be what it runs until it restarts, which the next converge does (usr_m0_config, the '
              'configure role, the rollout)', True)


def _interrupted_outcome(session, stop, failure, result):
    """What became of the module of a run that was asked to stop: ansible-playbook may have ended, with nobody to read
    this task's result, so it is kept where the next run on the port finds it."""
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
    return outcome


def _keep(outcome, port, reason, text, restart_owed):
    """Keep what became of the module in the journal of its port, and say so."""
    outcome.warnings.append('%s: %s (kept in %s)' % (port, text, interruption.record(port, reason, text, restart_owed=restart_owed)))
