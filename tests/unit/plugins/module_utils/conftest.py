# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.usriot.m0.plugins.module_utils._internal import engine


@pytest.fixture
def device(at_session):
    """The fake M0 in AT mode, read through the engine's query cache."""
    at_session.enter_at_mode()
    return engine.CachedDevice(at_session)
