# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hypothesis keeps its examples under tests/output, ansible-test's own output folder, not in the collection root:
the integration targets that run beside the units check that nothing is written inside the collection."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

os.environ.setdefault('HYPOTHESIS_STORAGE_DIRECTORY', os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'output', '.tmp', 'hypothesis'))
