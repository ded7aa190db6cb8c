# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A simulator of USR-M0 serial-to-Ethernet modules for the usriot.m0 demo and tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type
