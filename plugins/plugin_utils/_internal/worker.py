# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module's work run inside the Ansible worker, on ansible-core's public argument validation.

Every usriot.m0 module is ``run(module)`` over the few members of AnsibleModule
it uses (params, check_mode, warn, exit_json, fail_json) and
``module_arguments()``, the keyword arguments of its AnsibleModule. As a
module process, main() passes a real AnsibleModule. In the worker, WorkerModule
gives the same members: it validates the task's arguments with
ArgumentSpecValidator (the validator AnsibleModule is built on, with the same
messages), and formats the result as AnsibleModule does: failed and msg,
warnings, invocation, and every value of a no_log option removed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.json import Direction, get_module_encoder, get_module_decoder
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.usriot.m0.plugins.plugin_utils._internal import core_adapter

CONSTRAINTS = ('mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by')

SESSIONS_OPTION = 'terminal_server_sessions'
# The transport options, expected_mac and backup a task does not give come from the host's variables: the inventory
# describes each module's line, identity and backups once, and a task (the configure role's too) templates only what
# it says itself. Not confirm: a task with restart=false or another protocol would be refused for a group variable.
HOST_VARIABLES = (('serial_port', 'serial_port'), ('serial_baudrate', 'serial_baudrate'), ('serial_timeout', 'serial_timeout'),
                  ('serial_lock_wait', 'serial_lock_wait'), (SESSIONS_OPTION, 'usr_m0_terminal_server_sessions'),
                  ('expected_mac', 'usr_m0_mac'), ('backup', 'usr_m0_backup'), ('backup_options', 'usr_m0_backup_options'))


def as_a_module_receives(value):
    """The value as a module process gets it: through ansible-core's JSON for module arguments.

    Plain data, without the tags and lazy containers of templated values, which the argument validation would
    otherwise go through at several times the cost (a fleet pays that on every host).
    """
    return json.loads(json.dumps(value, cls=get_module_encoder('legacy', Direction.CONTROLLER_TO_MODULE)),
                      cls=get_module_decoder('legacy', Direction.CONTROLLER_TO_MODULE))


def options_from_host_variables(args, options, variables, template):
    """Into args, each option of HOST_VARIABLES among options that args do not give, from the host's variable when set
    (templated with template). Returns the options taken ({option: variable}), and (variable, option, why) for the first
    variable that does not fit its option, else None."""
    taken = {}
    for option, variable in HOST_VARIABLES:
        if option in options and args.get(option) is None and variables.get(variable) is not None:
            value = template(variables[variable])
            checked = ArgumentSpecValidator({option: options[option]}).validate(as_a_module_receives({option: value}))
            if checked.error_messages:
                return taken, (variable, option, '; '.join(checked.error_messages))
            args[option] = value
            taken[option] = variable
    return taken, None


class ModuleExit(BaseException):
    """exit_json or fail_json ended the module's work: like SystemExit, not an error the work may catch."""

    def __init__(self, result):
        super(ModuleExit, self).__init__('module exit')
        self.result = result


class WorkerModule:
    """What a usriot.m0 module uses of AnsibleModule, for one task run in the worker."""

    def __init__(self, name, task_args, check_mode, inject_invocation, argument_spec, supports_check_mode=False, **constraints):
        self._warnings = []
        self._inject_invocation = inject_invocation
        self.params, self.no_log_values = {}, set()
        try:
            task_args = as_a_module_receives(dict(task_args))
        except Exception as exc:  # pylint: disable=broad-except
            # what ansible-core says of arguments it cannot send to a module process (its message holds no value)
            self.fail_json(msg='the arguments of %s cannot be given to a module: %s' % (name, exc))
        validator = ArgumentSpecValidator(argument_spec, **dict((key, constraints[key]) for key in CONSTRAINTS if key in constraints))
        validation = validator.validate(task_args)
        self.params = validation.validated_parameters
        self.no_log_values = core_adapter.no_log_values(validation)
        self.check_mode = check_mode
        if validation.error_messages:
            error = validation.errors[0]
            message = validation.errors.msg
            if isinstance(error, UnsupportedError):
                message = 'Unsupported parameters for (%s) module: %s' % (name, message)
            self.fail_json(msg=message)
        if check_mode and not supports_check_mode:
            self.exit_json(skipped=True, msg='remote module (%s) does not support check mode' % name)

    def warn(self, warning):
        self._warnings.append(warning)

    def exit_json(self, **result):
        if self._inject_invocation and 'invocation' not in result:
            result['invocation'] = {'module_args': self.params}
        if self._warnings:
            result['warnings'] = list(self._warnings)
        # as AnsibleModule: booleans and None survive, every other value loses what a no_log option was given
        preserved = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
        result = remove_values(result, self.no_log_values)
        result.update(preserved)
        raise ModuleExit(result)

    def fail_json(self, msg, **result):
        result.update(failed=True, msg=str(msg))
        self.exit_json(**result)


def run_in_worker(name, code, task_args, check_mode, inject_invocation):
    """The result of the module code (its module_arguments() and run(module)) for these task arguments."""
    module = None
    try:
        module = WorkerModule(name, task_args, check_mode, inject_invocation, **code.module_arguments())
        code.run(module)
    except ModuleExit as done:
        return done.result
    except Exception as exc:  # pylint: disable=broad-except
        # what a module process that crashed gives: a failed task with the traceback, not a broken worker
        crash = {'failed': True, 'msg': 'usriot.m0 module %s failed unexpectedly: %s: %s' % (name, type(exc).__name__, exc),
                 'exception': traceback.format_exc()}
        return remove_values(crash, module.no_log_values) if module else crash
    return {'failed': True, 'msg': 'usriot.m0 module %s ended without a result' % name}
