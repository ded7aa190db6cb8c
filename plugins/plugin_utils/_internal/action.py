# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of every usriot.m0 module that talks to an M0: plugins/action/usr_m0_config.py is this class.

meta/runtime.yml routes each usr_m0_* module to it (plugin_routing, action_plugin):
the task keeps the module's own name, which resolved_action gives here.

On a local connection (the controller opens the serial port or reaches the
terminal server itself) the module's work runs inside the worker process
(plugin_utils/_internal/worker.py): the same validation, no_log handling, check mode
and result as a module process, without building a module payload, starting
a new Python or discovering an interpreter. Anywhere else (delegate_to a
serial host, become, async, usr_m0_run_as_module: true, or an ansible-core the
in-worker path does not fit) the module is executed as a module, as usual.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import functools
import importlib

from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.plugins.loader import lookup_loader
from ansible.utils.display import Display

# The strategy loads this action in ansible-playbook's own process; importing the driver here means every
# worker forked from it finds the driver (and pyserial, netaddr) already imported: the collection loader
# compiles collection code from source on every import, which each worker would otherwise pay again.
from ansible_collections.usriot.m0.plugins.module_utils._internal import states  # noqa: F401 pylint: disable=unused-import
from ansible_collections.usriot.m0.plugins.module_utils._internal import backup_codec, interruption
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import core_adapter, interrupted_runs
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.backup import BackupNotWritten, write_backup
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.worker import SESSIONS_OPTION, options_from_host_variables, run_in_worker

display = Display()

# The same for the lookup the configure role's task templates in each worker, found here through the loader, which
# keeps where it found it: a worker would otherwise import it and look it up in the collection again (about 10 ms
# per host).
lookup_loader.get('usriot.m0.layered_config', class_only=True)

# ansible-playbook's own process waits, when interrupted, for the workers that finish a session first.
interrupted_runs.install()

RUN_AS_MODULE_VAR = 'usr_m0_run_as_module'


class ActionModule(ActionBase):
    """Run a usriot.m0 module in the worker when the controller holds the line, as a module otherwise."""

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        task_vars = task_vars or {}
        code = self._module_code()
        options = code.module_arguments()['argument_spec']
        taken, unfit_variable = self._options_from_host_variables(task_vars, options)
        if unfit_variable:
            result.update(failed=True, msg=unfit_variable)
            return result
        reason = self._module_process_reason(task_vars)
        unfit = None if reason else core_adapter.unfit_reason()
        if reason or unfit:
            display.vvv('usriot.m0: running %s as a module (%s)' % (self._task.action, reason or unfit),
                        host=self._play_context.remote_addr)
        else:
            display.vvv('usriot.m0: running %s in the Ansible worker (local connection)' % self._task.action,
                        host=self._play_context.remote_addr)
        run_module = functools.partial(self._run_module, code, task_vars, bool(reason or unfit))
        if 'backup' in options and boolean(self._task.args.get('backup', False), strict=False) and not self._task.check_mode:
            result.update(self._backed_up_run(run_module, task_vars))
        else:
            ran = run_module(bool(self._task.check_mode))
            ran.pop(backup_codec.BACKUP_KEY, None)  # in check mode the backup is read, not written
            result.update(ran)
        if unfit:
            result.setdefault('warnings', []).append('%s: the task ran as a module instead of in the Ansible worker' % unfit)
        if result.get('failed') and 'transcript' in result and display.verbosity < 1:
            # the default callback prints a failed task's whole result: the session's transcript is for -v
            del result['transcript']
            result['msg'] = '%s (-v shows the AT transcript)' % result['msg']
        # a signal the session held off (its outcome kept in the journal) now ends the worker, as ansible-core meant it to
        interruption.deliver_held()
        return self._naming_the_variable(result, taken)

    def _backed_up_run(self, run_module, task_vars):
        """Backup before change: nothing is set on a module whose backup is not written and read back.

        A check-mode run reads the settings when it would change the module; the action writes them and reads the
        file back, and only then runs the change for real (the module does not read them again outside check mode).
        A check-mode run that changes nothing returns what a real run would: it is the task's result, without a
        second session.
        """
        checked = run_module(True)
        encoded = checked.pop(backup_codec.BACKUP_KEY, None)
        if encoded is None:
            return checked
        refused = dict((key, checked[key]) for key in ('warnings', 'invocation') if key in checked)
        refused.update(failed=True, changed=False, commands=[], restart_required=False)
        stop = interruption.pending()
        if stop:
            return dict(refused, msg='%s before the change; nothing was changed on the module' % stop)
        try:
            path = write_backup(encoded, self._task.args.get('backup_options'), task_vars)
        except BackupNotWritten as exc:
            return dict(refused, msg='%s; nothing was changed on the module' % exc)
        result = run_module(False)
        result['backup_path'] = path
        return result

    def _options_from_host_variables(self, task_vars, options):
        """Each option of HOST_VARIABLES the module has and the task does not give, from the host's variable when set.

        The host's own variables need no template in the task: a task argument with a filter is compiled anew by
        Jinja in every forked worker, which costs a fleet run about a task's time per host for each one.
        Returns the options taken ({option: variable}) and why a variable does not fit its option, naming the
        variable, which the module's own check would not.
        """
        taken, unfit = options_from_host_variables(self._task.args, options, task_vars, self._templar.template)
        if unfit:
            return taken, self._unfit_variable(*unfit)
        if self._task.args.get(SESSIONS_OPTION) is not None:
            display.v('usriot.m0: %s opens its session when fewer than %s are open to its terminal server (%s)'
                      % (self._task.action, self._task.args[SESSIONS_OPTION], SESSIONS_OPTION), host=self._play_context.remote_addr)
        return taken, None

    def _unfit_variable(self, variable, option, why):
        return '%s (option %s of %s): %s' % (variable, option, self._task.resolved_action, why)

    def _naming_the_variable(self, result, taken):
        """A failure the module's own checks put on an option the task took from a host variable ("option: why") names the variable too."""
        option, separator, why = str(result.get('msg', '')).partition(': ')
        if result.get('failed') and separator and option in taken:
            result['msg'] = self._unfit_variable(taken[option], option, why)
        return result

    def _module_process_reason(self, task_vars):
        """Why this task must run as a module process, or None when the worker can run it."""
        if boolean(self._templar.template(task_vars.get(RUN_AS_MODULE_VAR, False)), strict=False):
            return '%s is true' % RUN_AS_MODULE_VAR
        if self._connection.transport != 'local':
            return 'connection %s: the port is on the target' % self._connection.transport
        if self._play_context.become:
            return 'become: the module runs as the become user'
        if self._task.async_val:
            return 'async'
        return None

    def _module_code(self):
        """The module's own Python module (its module_arguments() and run()), whichever path runs it."""
        # the action the task resolved to names the module (routing to this action keeps it), with no lookup of the
        # module in the collection in every worker
        return importlib.import_module('ansible_collections.%s.%s.plugins.modules.%s' % tuple(self._task.resolved_action.split('.')))

    def _run_module(self, code, task_vars, as_a_module, check_mode):
        """The module's result, in check mode or not whatever the task says, in the worker or as a module."""
        if not as_a_module:
            with core_adapter.task_environment(self):
                return run_in_worker(self._task.action, code, self._task.args, check_mode,
                                     core_adapter.inject_invocation(task_vars))
        # _execute_module tells the module process the task's check mode (_ansible_check_mode)
        task_check_mode = self._task.check_mode
        self._task.check_mode = check_mode
        try:
            # the module process stops at its own safe point; this worker waits for its result before the signal ends it
            with interruption.Hold(forward=True):
                return self._execute_module(task_vars=task_vars)
        finally:
            self._task.check_mode = task_check_mode
