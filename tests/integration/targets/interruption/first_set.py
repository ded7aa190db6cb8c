# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python first_set.py STATE [TIMEOUT]: returns as soon as any simulated module stored a set command."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import sys
import time


def a_set_was_stored(state):
    for path in glob.glob(os.path.join(state, '*.log.jsonl')):
        with open(path) as handle:
            if '"kind": "set"' in handle.read():
                return True
    return False


def main(state, timeout='60'):
    deadline = time.monotonic() + float(timeout)
    while not a_set_was_stored(state):
        if time.monotonic() > deadline:
            sys.exit('no set command within %s s' % timeout)
        time.sleep(0.01)


if __name__ == '__main__':
    main(*sys.argv[1:])
