# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way a name read from a module (or an inventory name) becomes a file name or a host name.

A module's name (AT+MID) and anything else read from the line is data from
whoever controls the module or its network peer: it must never pick a folder
(``../``), hide a file (a leading dot) or carry characters a shell, a YAML file
or an inventory would read differently. Everything goes through safe_name.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# a run of characters outside [A-Za-z0-9_.-], or of two dots or more (a parent folder)
UNSAFE_RUN_RE = re.compile(r'(?:[^A-Za-z0-9_.-]|\.{2,})+')
MAX_NAME_LENGTH = 64


def safe_name(value, fallback='m0'):
    """value as one path component and host name: [A-Za-z0-9_.-], no leading dot or dash, at most 64 characters.

    Runs of other characters (and of two or more dots) become one '_'; what is left empty, or only dots,
    is the fallback. The same input always gives the same name.
    """
    name = UNSAFE_RUN_RE.sub('_', value if isinstance(value, str) else str(value or ''))
    name = name.lstrip('.-')[:MAX_NAME_LENGTH].rstrip('.')
    return name if name.strip('_') else fallback
