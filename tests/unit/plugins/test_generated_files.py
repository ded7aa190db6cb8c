# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The committed settings modules and docs/at-commands.md are what the model generates."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_generated_files_are_fresh():
    check = subprocess.run([sys.executable, os.path.join(ROOT, 'tools', 'generate_modules.py'), '--check'],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
