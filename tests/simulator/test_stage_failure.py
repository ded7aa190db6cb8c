# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scripts/stage_failure.py, the end of scripts/test.sh: why a stage failed, on logs laid out as ansible-test writes them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'scripts', 'stage_failure.py')
sys.path.insert(0, os.path.dirname(SCRIPT))

import stage_failure  # noqa: E402  pylint: disable=wrong-import-position


def target_run(target, body, failed):
    lines = ['Running %s integration test script' % target] + body
    if failed:
        lines += ['NOTICE: To resume at this test target, use the option: --start-at %s' % target,
                  'FATAL: Command "./runme.sh" returned exit status 1.']
    return lines


# The integration stage's log: the targets run here, then each slow group's ansible-test run, printed once it ended.
INTEGRATION = (
    ['WARNING: Using locale "C.UTF-8" instead of "en_US.UTF-8".'] +
    target_run('usr_m0_command', ['ERROR: an expected failure of a target that passed'], False) +
    target_run('usr_m0_facts', ['facts line %d' % number for number in range(30)] + ['facts: the failed assert'], True) +
    ['=== fault_matrix, run beside the others:'] +
    target_run('fault_matrix', ['matrix row %d' % number for number in range(50)], False) +
    ['=== slow_link, run beside the others:'] +
    target_run('slow_link', ['slow line %d' % number for number in range(500)] + ['slow: leaked 6 bytes'], True))


def test_each_failed_target_is_named_with_its_own_lines_only():
    shown = stage_failure.summary(INTEGRATION)
    assert [found[0] for found in stage_failure.failed_targets(INTEGRATION)] == ['usr_m0_facts', 'slow_link']
    facts = shown[:shown.index('--- integration target slow_link failed: its lines 91-594 of the log')]
    assert facts[:2] == ['--- integration target usr_m0_facts failed: its lines 4-37 of the log',
                         'Running usr_m0_facts integration test script']
    assert facts[-3:] == ['facts: the failed assert', 'NOTICE: To resume at this test target, use the option: --start-at usr_m0_facts',
                          'FATAL: Command "./runme.sh" returned exit status 1.']
    assert not [line for line in shown if 'usr_m0_command' in line or 'matrix row' in line or 'expected failure' in line]


def test_a_long_section_is_cut_to_its_first_and_last_lines():
    shown = stage_failure.summary(INTEGRATION)
    slow = shown[shown.index('--- integration target slow_link failed: its lines 91-594 of the log') + 1:]
    assert len(slow) == stage_failure.TARGET_LINES + 1
    assert slow[0] == 'Running slow_link integration test script' and slow[19] == 'slow line 18'
    assert slow[20] == '[... 304 lines not shown ...]'
    assert slow[-4:] == ['slow line 499', 'slow: leaked 6 bytes',
                         'NOTICE: To resume at this test target, use the option: --start-at slow_link',
                         'FATAL: Command "./runme.sh" returned exit status 1.']


def test_a_run_that_failed_before_any_target_is_shown_too():
    log = INTEGRATION + ['=== module_path docs_commands fleet_report, run beside the others:', 'setting up',
                         'FATAL: Target pattern not matched: nope']
    shown = stage_failure.summary(log)
    assert shown[-2:] == ['setting up', 'FATAL: Target pattern not matched: nope']
    assert 'facts: the failed assert' in shown and 'slow: leaked 6 bytes' in shown


def test_other_stages_show_the_lines_before_their_errors_else_their_end():
    fatal = 'FATAL: The 1 sanity test(s) listed below (out of 40) failed. See error output above for details.'
    sanity = ['Running sanity test "pylint"', 'ERROR: Found 1 pylint issue(s) which need to be resolved:',
              'ERROR: plugins/modules/x.py:1:1: bad', 'Running sanity test "pep8"'] + ['ok'] * 100 + [fatal, 'pylint']
    shown = stage_failure.summary(sanity)
    assert shown[:3] == ['Running sanity test "pylint"', 'ERROR: Found 1 pylint issue(s) which need to be resolved:',
                         'ERROR: plugins/modules/x.py:1:1: bad']
    assert shown[-1] == fatal and len(shown) == 4 + 80
    quiet = ['line %d' % number for number in range(200)]
    assert stage_failure.summary(quiet) == quiet[-80:]


def test_the_command_names_the_failed_targets_first(tmp_path):
    log = tmp_path / 'main-integration.log'
    log.write_text('\n'.join(INTEGRATION) + '\n')
    output = subprocess.run([sys.executable, SCRIPT, str(log)], stdout=subprocess.PIPE, check=True, text=True).stdout
    assert output.splitlines()[:2] == ['failed integration targets: usr_m0_facts slow_link',
                                       '--- integration target usr_m0_facts failed: its lines 4-37 of the log']
