# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The usriot.m0.watch event source's watch (extensions/eda/plugins/event_source/watch.py runs main() in a process
of its own and puts the events it writes on ansible-rulebook's queue).

The hosts come from an Ansible inventory as ansible-playbook reads it (group_vars, host_vars, inventory plugins
such as usriot.m0.serial_scan), each with its layered settings (the usriot.m0.layered_config lookup) and its line
from the same host variables the modules' action takes (worker.HOST_VARIABLES). A round on a module is a module
run in this process, as in the Ansible worker (worker.run_in_worker): states.run_watch_round, through the driver's
one session, its port lock, its cap on terminal server sessions and its journal, setting nothing. Each module has
its rounds in a thread of its own. What a round read, set against the round before, makes the events.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import signal
import sys
import threading
import time
import traceback

from ansible import constants as C
from ansible.cli import CLI
from ansible.errors import AnsibleError
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
from ansible.parsing.vault import VaultSecretsContext
from ansible.plugins.loader import lookup_loader
from ansible.template import Templar
from ansible.vars.manager import VariableManager

from ansible_collections.usriot.m0.plugins.module_utils._internal import arguments, states
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import core_adapter
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.worker import options_from_host_variables, run_in_worker

NAME = 'usriot.m0.watch'
# when an entry was kept in the journal of interrupted runs (module_utils/_internal/interruption.py), as a warning quotes it
JOURNAL_TIME = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}')


class WatchError(Exception):
    """The watch cannot start: the message says why."""


class RoundCode:
    """A round as the module code run_in_worker runs: the audit's options (config, expected_mac, the line)."""

    @staticmethod
    def module_arguments():
        return dict(argument_spec=arguments.audit(), supports_check_mode=True)

    @staticmethod
    def run(module):
        states.run_watch_round(module)


def watched_hosts(inventory, limit=None):
    """The modules of an inventory (a path, as -i takes it; limit: a host pattern) as Watched, and (host, why) for each
    host that cannot be watched from this machine."""
    unfit = core_adapter.unfit_reason()
    if unfit:
        raise WatchError('%s: it runs its rounds in this process, as the modules run in the Ansible worker' % unfit)
    loader = DataLoader()
    # vault-encrypted variables, with the password file ansible.cfg or ANSIBLE_VAULT_PASSWORD_FILE names, as
    # ansible-playbook takes it when no --vault-password-file is given; nothing is asked for. The secrets are the
    # process's, as in ansible-playbook: set once.
    loader.set_vault_secrets(CLI.setup_vault_secrets(loader, C.DEFAULT_VAULT_IDENTITY_LIST, auto_prompt=False,
                                                     initialize_context=VaultSecretsContext.current(optional=True) is None))
    manager = InventoryManager(loader=loader, sources=[inventory])
    try:
        manager.subset(limit)
        hosts = manager.get_hosts('all')
    except AnsibleError as exc:  # a limit that matches nothing, where ansible.cfg makes that an error
        raise WatchError('%s: %s' % (inventory, exc))
    if not hosts:
        raise WatchError('no host in %s%s' % (inventory, ' matches the limit %s' % limit if limit else ''))
    variable_manager = VariableManager(loader=loader, inventory=manager)
    layered = lookup_loader.get('usriot.m0.layered_config', class_only=True)
    options = RoundCode.module_arguments()['argument_spec']
    watched, unwatched = [], []
    for host in hosts:
        variables = variable_manager.get_vars(host=host)
        templar = Templar(loader=loader, variables=variables)
        try:
            connection = templar.template(variables.get('ansible_connection', 'ssh'))
            if connection not in ('local', 'ansible.builtin.local'):
                unwatched.append((host.name, 'ansible_connection is %s, not local: its port is on another machine, and the '
                                             'watch reads ports from this one' % connection))
                continue
            arguments = {'config': layered(loader=loader, templar=templar).run([], variables=variables)[0]}
            dummy, fit = options_from_host_variables(arguments, options, variables, templar.template)
        except AnsibleError as exc:
            unwatched.append((host.name, str(exc)))
            continue
        if fit:
            variable, option, why = fit
            unwatched.append((host.name, '%s (option %s of %s): %s' % (variable, option, NAME, why)))
        elif not arguments.get('serial_port'):
            unwatched.append((host.name, 'it has no serial_port variable'))
        else:
            watched.append(Watched(host.name, arguments))
    return watched, unwatched


def event(host, kind, serial_port, **details):
    """An event as the rulebook gets it: meta.hosts limits a run_playbook action to the host."""
    details.update(host=host, kind=kind, serial_port=serial_port)
    return {'usr_m0': details, 'meta': {'hosts': host}}


# A module that does not answer vanishes after this many rounds in a row: one missed round is a blip of the line or
# of a starved machine, not a module gone (another module answering on its port vanishes it at once).
MISSED_ROUNDS = 2


class Watched:
    """One module under watch: its round's arguments and what its last round found."""

    def __init__(self, host, arguments):
        self.host = host
        self.arguments = arguments
        self.last = None  # None before the first round
        self.missed = 0  # rounds in a row it did not answer
        self.warned = set()

    @property
    def serial_port(self):
        return self.arguments['serial_port']

    def read(self):
        """One round (blocking): at the speed the module answered at in the last round, which only a restart changes."""
        arguments = dict(self.arguments)
        if self.last and self.last.get('serial_baudrate'):
            arguments['serial_baudrate'] = self.last['serial_baudrate']
        return run_in_worker(NAME, RoundCode, arguments, check_mode=True, inject_invocation=False)

    def new_warnings(self, result):
        """The round's warnings not given before for this module. A restart owed is warned of in every round until a
        converge restarts the module, each time quoting when the round before kept it in the journal."""
        fresh = []
        for warning in result.get('warnings', []):
            seen = JOURNAL_TIME.sub('', warning)
            if seen not in self.warned:
                self.warned.add(seen)
                fresh.append(warning)
        return fresh

    def events(self, result):
        """The events of a round's result, against the round before; none for a module that stays as it was."""
        before = self.last
        self.missed = self.missed + 1 if result.get('failed') else 0
        if 0 < self.missed < MISSED_ROUNDS:
            return []  # what it is compared with stays its last answer
        missing = self._missing(result)
        if missing:
            self.last = {'answering': False}
            if before is None or before['answering']:
                return [event(self.host, 'vanished', self.serial_port, reason=missing)]
            return []
        self.last = dict(answering=True, drift=result['drift'], mac=result['mac'], serial_baudrate=result['serial_baudrate'])
        found = []
        if before is not None and (not before['answering'] or before['mac'] != result['mac']):
            details = {'previous_mac': before['mac']} if before['answering'] else {}
            found.append(event(self.host, 'appeared', self.serial_port, mac=result['mac'],
                               serial_baudrate=result['serial_baudrate'], **details))
        elif before is not None:
            evidence = self._restart_evidence(before, result)
            if evidence:
                found.append(event(self.host, 'restarted', self.serial_port, mac=result['mac'], evidence=evidence))
        if result['found_in_at_mode']:
            found.append(event(self.host, 'found_in_at_mode', self.serial_port, mac=result['mac'], restart_owed=True))
        reported = before['drift'] if before and before['answering'] and before['mac'] == result['mac'] else []
        if result['drift'] and result['drift'] != reported:
            found.append(event(self.host, 'factory_reset' if result['at_factory'] else 'drifted', self.serial_port,
                               mac=result['mac'], drift=result['drift']))
        return found

    @staticmethod
    def _missing(result):
        """Why the host's module did not answer as itself, or None."""
        if result.get('failed'):
            return result['msg']
        if result['expected_mac'] and result['expected_mac'] != result['mac']:
            return 'another module answers on its port: MAC %s, usr_m0_mac is %s' % (result['mac'], result['expected_mac'])
        return None

    @staticmethod
    def _restart_evidence(before, result):
        """Why the module surely restarted since the last round, or None: the M0 keeps no uptime or boot count, so only
        what a restart changes on the line tells."""
        if result['serial_baudrate'] != before['serial_baudrate']:
            return ('it answers at %d baud, at %d in the last round: the UART speed a module runs changes only when it '
                    'restarts' % (result['serial_baudrate'], before['serial_baudrate']))
        if result['answered_after_silence']:
            return 'the round\'s first handshake drew nothing at all and a later one was answered, as a module restarting does'
        return None


def watch(inventory, interval, limit, emit, log, stop):
    """Rounds on every module of the inventory until stop is set: emit(event) for each event, log(text, warning) for
    what the person running the watch should read. A round under way when stop is set finishes its session first."""
    watched, unwatched = watched_hosts(inventory, limit)
    for host, why in unwatched:
        log('%s: not watched: %s' % (host, why), True)
    if not watched:
        raise WatchError('none of the hosts of %s can be watched from this machine (the reasons are above)' % inventory)
    log('watching %d module(s) every %g s' % (len(watched), interval), False)
    failed = []
    threads = [threading.Thread(target=_rounds, args=(module, interval, emit, log, stop, failed), name=module.host)
               for module in watched]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise WatchError('the watch of %s failed: %s' % failed[0])


def _rounds(module, interval, emit, log, stop, failed):
    """A module's rounds, each started interval seconds after the one before (at once after a longer one). A fault of
    the watch itself stops every module's rounds, to be seen, rather than this module's alone, unseen."""
    try:
        while not stop.is_set():
            started = time.monotonic()
            result = module.read()
            for warning in module.new_warnings(result):
                log('%s: %s' % (module.host, warning), True)
            for found in module.events(result):
                emit(found)
            stop.wait(max(0.0, interval - (time.monotonic() - started)))
    except Exception as exc:  # pylint: disable=broad-except
        failed.append((module.host, '%s: %s' % (type(exc).__name__, exc)))
        stop.set()
        raise  # its traceback on stderr


def main(argv):
    """The watch's process: argv is the inventory, the interval and the limit (empty: none).

    It writes a JSON object a line on its standard output, {"event": ...}, {"log": text, "warning": bool} or
    {"error": text} (after which it ends, exit code 1), and ends when told to (SIGTERM, SIGINT, SIGHUP) or when the
    process that started it is gone, once no session is open.
    """
    inventory, interval, limit = argv[0], float(argv[1]), argv[2] or None
    # the protocol has the standard output to itself: anything else printed there (Ansible's display) goes to stderr
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), 'w')
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    lock = threading.Lock()
    stop = threading.Event()

    def write(message):
        with lock:
            try:
                protocol.write(json.dumps(message, sort_keys=True) + '\n')
                protocol.flush()
            except OSError:
                stop.set()  # nobody reads the events any more
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *dummy: stop.set())
    failure = []

    def run():
        try:
            watch(inventory, interval, limit, lambda found: write({'event': found}),
                  lambda text, warning: write({'log': text, 'warning': warning}), stop)
        except Exception as exc:  # pylint: disable=broad-except
            said = isinstance(exc, (AnsibleError, WatchError))
            if not said:
                traceback.print_exc()  # a fault of the watch itself
            failure.append(exc)
            write({'error': '%s: %s' % (NAME, exc if said else '%s: %s' % (type(exc).__name__, exc))})
    runner = threading.Thread(target=run, name='watch')
    runner.start()
    parent = os.getppid()
    # the main thread stays free for the signal handlers
    while runner.is_alive():
        runner.join(0.5)
        if os.getppid() != parent:
            stop.set()
    try:
        protocol.close()
    except OSError:
        pass  # nobody reads it any more
    return 1 if failure else 0
