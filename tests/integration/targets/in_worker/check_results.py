# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare what same_results.yml gave in the worker and as modules, and where each run's code ran."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys

WORK = sys.argv[1]
worker = json.load(open(os.path.join(WORK, 'worker.json')))
module = json.load(open(os.path.join(WORK, 'module.json')))
for index, (in_worker, as_module) in enumerate(zip(worker, module)):
    assert in_worker == as_module, 'task %d differs:\nworker: %s\nmodule: %s' % (
        index, json.dumps(in_worker, sort_keys=True), json.dumps(as_module, sort_keys=True))
assert len(worker) == len(module) == 10
facts, check, unknown, wrong_type, choice, required, out_of_range, warning, command, environment = worker
assert facts['ansible_facts']['usr_m0']['web']['password'] == '********'
assert check['changed'] and check['diff'], check
assert 'Unsupported parameters for (usriot.m0.usr_m0_uart) module: speed.' in unknown['msg'], unknown
assert "argument 'baudrate' is of type" in wrong_type['msg'], wrong_type
assert 'value of protocol must be one of' in choice['msg'], choice
assert 'state is merged but all of the following are missing: config' in required['msg'], required
assert 'toolong' not in json.dumps(out_of_range) and out_of_range['failed'], out_of_range
assert any('at 115200' in text for text in warning['warnings']), warning
assert command['replies'], command
assert environment['ansible_facts']['usr_m0']['system']['name'] == 'USR-M0', environment

worker_log = open(os.path.join(WORK, 'worker.log')).read()
module_log = open(os.path.join(WORK, 'module.log')).read()
assert worker_log.count('in the Ansible worker (local connection)') == 10, 'not every task ran in the worker'


def module_files(log):
    """The usriot.m0 modules that were built into AnsiballZ payloads."""
    return [line for line in log.splitlines() if line.startswith('Using module file') and '/usriot/m0/plugins/modules/' in line]


assert not module_files(worker_log)
assert module_log.count('as a module (usr_m0_run_as_module is true)') == 10
assert len(module_files(module_log)) == 10
for log in (worker_log, module_log):
    assert 's3cr' not in log and 'toolong' not in log, 'a secret reached the -vvv output'
print('same results on both paths; secrets absent from -vvv output')
