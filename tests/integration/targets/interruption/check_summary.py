# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python check_summary.py OUTPUT JOURNAL SIGNAL: the interrupted run's output shows every journal entry it left.

Each session the signal stopped kept what became of its module in the journal (one file per port), and
ansible-playbook, waiting for its workers on the way out, showed each of them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import sys


def words(text):
    return ' '.join(text.split())  # the display wraps long warnings


def main(output_path, journal, signal):
    with open(output_path) as handle:
        output = words(handle.read())
    entries = []
    for path in sorted(glob.glob(os.path.join(journal, '*.json'))):
        with open(path) as handle:
            entries.append(json.load(handle))
    if not entries:
        sys.exit('the signal stopped no session: the test proves nothing')
    for entry in entries:
        if entry['reason'] != 'interrupted by SIG%s' % signal:
            sys.exit('unexpected reason: %s' % entry)
        if words('usriot.m0: %s: %s' % (entry['port'], entry['outcome'])) not in output:
            sys.exit('the run did not show what it left on %s: %s' % (entry['port'], entry['outcome']))
        print('%s: %s' % (os.path.basename(entry['port']), entry['outcome']))


if __name__ == '__main__':
    main(*sys.argv[1:4])
