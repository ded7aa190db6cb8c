# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action behind every usriot.m0 module: run the module in the Ansible worker when the controller holds the line.

On a local connection (the controller opens the serial port or reaches the
terminal server itself) the module's own main() runs inside the worker
process, under a real AnsibleModule: the same argument validation, no_log
filtering, check and diff handling and result as a module process, without
building an AnsiballZ payload, starting a new Python or discovering an
interpreter. Anywhere else (delegate_to a serial host over SSH, become, async,
or usr_m0_run_as_module: true) the module is executed as usual.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import importlib
import json
import os

from ansible.module_utils import basic
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.vars.clean import remove_internal_keys

# The strategy loads this action in ansible-playbook's own process; importing the driver here means every
# worker forked from it finds the driver (and pyserial, netaddr) already imported: the collection loader
# compiles collection code from source on every import, which each worker would otherwise pay again.
from ansible_collections.usriot.m0.plugins.module_utils import common  # noqa: F401 pylint: disable=unused-import
from ansible_collections.usriot.m0.plugins.plugin_utils.backup import write_backup

try:
    # ansible-core 2.19 and later: the hooks that let a module run inside the worker
    from ansible.module_utils import _internal
    from ansible.module_utils.common import warnings as module_warnings
    from ansible.module_utils.common.json import Direction, get_module_encoder
    IN_WORKER_SUPPORTED = hasattr(basic.AnsibleModule, '_record_module_result')
except ImportError:  # pragma: no cover - older ansible-core runs the modules as modules
    IN_WORKER_SUPPORTED = False

display = Display()

# What AnsibleModule reads and writes as a module process would; the only profile these modules use.
SERIALIZATION_PROFILE = 'legacy'
RUN_AS_MODULE_VAR = 'usr_m0_run_as_module'


@contextlib.contextmanager
def _module_process_state(module_args, environment):
    """The worker, for the length of one module run, looks to AnsibleModule like a module process.

    Parameters are read from basic._ANSIBLE_ARGS, warnings and deprecations are
    collected into the result (not shown at once by the controller's display),
    the task's environment is set, and the result is captured instead of
    printed. Everything is put back afterwards.
    """
    recorded = {}
    saved_environ = dict(os.environ)
    saved = (basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE, _internal.is_controller)
    record = basic.AnsibleModule._record_module_result

    def capture(self, result):  # pylint: disable=unused-argument
        recorded.update(result)

    encoder = get_module_encoder(SERIALIZATION_PROFILE, Direction.CONTROLLER_TO_MODULE)
    basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': module_args}, cls=encoder).encode('utf-8')
    basic._ANSIBLE_PROFILE = SERIALIZATION_PROFILE
    basic.AnsibleModule._record_module_result = capture
    module_warnings._global_warnings.clear()
    module_warnings._global_deprecations.clear()
    os.environ.update(environment)
    _internal.is_controller = False
    try:
        yield recorded
    finally:
        _internal.is_controller = saved[2]
        basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE = saved[:2]
        basic.AnsibleModule._record_module_result = record
        module_warnings._global_warnings.clear()
        module_warnings._global_deprecations.clear()
        os.environ.clear()
        os.environ.update(saved_environ)


def run_module_main(main, module_args, environment):
    """Run a module's main() in this process; return its result as the module would have printed it (JSON text)."""
    with _module_process_state(module_args, environment) as recorded:
        try:
            main()
        except SystemExit:
            pass  # exit_json and fail_json end the run after recording the result
    if not recorded:
        raise RuntimeError('the module ended without a result')
    return json.dumps(recorded, cls=get_module_encoder(SERIALIZATION_PROFILE, Direction.MODULE_TO_CONTROLLER))


class ActionModule(ActionBase):
    """Every usriot.m0 module's action (plugins/action/usr_m0_*.py are this class under the module's name)."""

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        task_vars = task_vars or {}
        reason = self._module_process_reason(task_vars)
        if reason:
            display.vvv('usriot.m0: running %s as a module (%s)' % (self._task.action, reason), host=self._play_context.remote_addr)
            result.update(self._execute_module(task_vars=task_vars))
        else:
            display.vvv('usriot.m0: running %s in the Ansible worker (local connection)' % self._task.action,
                        host=self._play_context.remote_addr)
            result.update(self._run_in_worker(task_vars))
        # a backup the module read before changing anything is written on the controller, whichever path ran
        return write_backup(result, self._task.args.get('backup_options'), task_vars)

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
        if not IN_WORKER_SUPPORTED:
            return 'this ansible-core cannot run modules in the worker'
        return None

    def _run_in_worker(self, task_vars):
        module_args = dict(self._task.args)
        self._update_module_args(self._task.action, module_args, task_vars)
        environment = {}
        self._compute_environment_string(environment)
        code = importlib.import_module('ansible_collections.%s.plugins.modules.%s'
                                       % tuple(self._task.resolved_action.rsplit('.', 1)))
        stdout = run_module_main(code.main, module_args, environment)
        data = self._parse_returned_data({'stdout': stdout, 'stderr': '', 'rc': 0}, SERIALIZATION_PROFILE)
        remove_internal_keys(data)
        return data
