# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/architecture.md names only files and folders that exist."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# a path: folders and a file name, or a folder ending in /
PATH_RE = re.compile(r'(?<![\w.])((?:[\w*.-]+/)+[\w*.-]*)')


# the map's short names of the private packages (it says so above the map)
SHORT = {'mu/': 'plugins/module_utils/_internal/', 'pu/': 'plugins/plugin_utils/_internal/'}


def named_paths():
    text = open(os.path.join(ROOT, 'docs', 'architecture.md')).read()
    paths = set(path.rstrip('.,') for path in PATH_RE.findall(text))
    return sorted(next((full + path[len(short):] for short, full in SHORT.items() if path.startswith(short)), path) for path in paths)


def test_the_map_names_files_that_exist():
    paths = named_paths()
    assert len(paths) > 20  # the pattern finds the map's paths at all
    missing = [path for path in paths if not glob.glob(os.path.join(ROOT, path))]
    assert missing == []
