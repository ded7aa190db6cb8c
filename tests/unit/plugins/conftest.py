# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible.module_utils import _internal as module_utils_internal
from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.usriot.m0.plugins.module_utils._internal import model, session as session_module
from ansible_collections.usriot.m0.tests.unit.plugins.fake_m0 import FakeM0


@pytest.fixture(autouse=True)
def as_a_module_process(monkeypatch):
    """Module code under test sees a module process, whatever the test process imported before.

    ansible-core keeps module warnings in a process-wide dict (each test starts
    without the last one's), and importing any controller code (the action,
    the adapter) marks the process as the controller, where AnsibleModule sends
    warnings to the display instead of its result.
    """
    monkeypatch.setattr(ansible_warnings, '_global_warnings', {})
    monkeypatch.setattr(module_utils_internal, 'is_controller', False)


@pytest.fixture(autouse=True)
def journal(tmp_path, monkeypatch):
    """Each test's own journal of interrupted runs (module_utils/_internal/interruption.py), not the user's."""
    folder = tmp_path / 'journal'
    monkeypatch.setenv('USR_M0_STATE_DIR', str(folder))
    return folder


@pytest.fixture
def clock(monkeypatch):
    """The session's time, on a clock that sleeps advance and every look at advances by 1 ms (so reads end): the
    driver's waits (guard times, handshake windows, restarts) take no real time."""
    now = [0.0]

    def monotonic():
        now[0] += 0.001
        return now[0]

    def sleep(seconds):
        now[0] += seconds
    monkeypatch.setattr(session_module.time, 'monotonic', monotonic)
    monkeypatch.setattr(session_module.time, 'sleep', sleep)
    return now


@pytest.fixture
def fake(monkeypatch, clock):
    """A FakeM0 that every session opens, on the test clock."""
    device = FakeM0()
    monkeypatch.setattr(session_module, 'open_port', lambda *args, **kwargs: device)
    return device


@pytest.fixture
def at_session(fake):
    return session_module.ATSession('/dev/ttyFAKE', model.SecretMasking, timeout=0.05).open()


# no account has this uid: a folder or file made its own is one another local user made
ANOTHER_USER = 54321


@pytest.fixture
def another_users():
    """Make a path another local user's, as if they had made it first (os.chown, which only root can do)."""
    if os.geteuid() != 0:
        pytest.skip('making a path another user\'s needs root')

    def make(path):
        os.chown(str(path), ANOTHER_USER, ANOTHER_USER)
        return path
    return make
