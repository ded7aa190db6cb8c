# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What made a stage of scripts/test.sh fail, from the stage's log, short enough for the end of a CI log.

    python3 scripts/stage_failure.py LOG

For each integration target that failed, its name and its own lines: from ansible-test's "Running TARGET
integration test role" (or "script") to the FATAL line that ended that run, at most TARGET_LINES of them. The
integration stage's log holds several ansible-test runs one after the other (the slow groups run beside the
others), each stopping at its first failed target, which it names in its hint to resume there. Other failures
(a sanity test, a unit test, an ansible-test run that failed before any target): the lines before each of the
last ERROR or FATAL lines; with none, the last lines of the log.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import sys

TARGET_LINES = 200  # at most, of each failed target: its first HEAD_LINES lines and its last ones
HEAD_LINES = 20
CONTEXT_LINES = 80  # before each error of another kind
RESUME_RE = re.compile(r'^NOTICE: To resume at this test target, use the option: --start-at (\S+)$')


def failed_targets(lines):
    """[(target, index of its first line, index of its last line)] of each integration target that failed."""
    found = []
    for index, line in enumerate(lines):
        match = RESUME_RE.match(line)
        if not match:
            continue
        target = match.group(1)
        running = re.compile(r'^Running %s integration test (role|script)$' % re.escape(target))
        start = next((before for before in range(index, -1, -1) if running.match(lines[before])),
                     max(0, index - CONTEXT_LINES))
        end = index + 1 if index + 1 < len(lines) and lines[index + 1].startswith('FATAL: ') else index
        found.append((target, start, end))
    return found


def excerpt(lines, start, end):
    """lines[start..end], bounded: the first HEAD_LINES and the last lines, TARGET_LINES in all."""
    count = end - start + 1
    if count <= TARGET_LINES:
        return lines[start:end + 1]
    return (lines[start:start + HEAD_LINES] + ['[... %d lines not shown ...]' % (count - TARGET_LINES)] +
            lines[end + 1 - (TARGET_LINES - HEAD_LINES):end + 1])


def summary(lines):
    """The lines that say why the stage failed."""
    shown = []
    targets = failed_targets(lines)
    covered = set()
    for target, start, end in targets:
        shown.append('--- integration target %s failed: its lines %d-%d of the log' % (target, start + 1, end + 1))
        shown += excerpt(lines, start, end)
        covered.update(range(start, end + 1))
    # With a failed target, an ERROR line elsewhere is the expected output of a target that passed: only another
    # run's FATAL line says something more failed.
    errors = re.compile('^FATAL: ' if targets else '^(ERROR|FATAL): ')
    last = -1
    for index in [index for index, line in enumerate(lines) if errors.match(line) and index not in covered][-3:]:
        shown += lines[max(index - CONTEXT_LINES, last + 1):index + 1]
        last = index
    if not targets and last < 0:
        shown += lines[-CONTEXT_LINES:]
    return shown


def main(path):
    with open(path, errors='replace') as handle:
        lines = handle.read().splitlines()
    names = [failed[0] for failed in failed_targets(lines)]
    if names:
        print('failed integration targets: %s' % ' '.join(names))
    print('\n'.join(summary(lines)))


if __name__ == '__main__':
    main(sys.argv[1])
