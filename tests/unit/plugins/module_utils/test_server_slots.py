# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""At most N sessions at once to one terminal server, kept with locks the operating system holds."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.usriot.m0.plugins.module_utils._internal import server_slots
from ansible_collections.usriot.m0.plugins.modules import usr_m0_facts


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(server_slots.LOCK_DIR_ENV, str(tmp_path / 'locks'))
    return tmp_path / 'locks'


@pytest.mark.parametrize('port, host', [
    ('socket://ts1.example.net:4001', 'ts1.example.net'),
    ('rfc2217://10.0.0.9:2217?ign_set_control', '10.0.0.9'),
    ('tls://ts1:4001?cafile=/x/ca.pem', 'ts1'),
    ('/dev/ttyUSB0', None),
])
def test_the_server_of_a_port(port, host):
    assert server_slots.server_host(port) == host


def test_the_sessions_beyond_the_cap_wait_then_fail_naming_the_server():
    with server_slots.server_slot('socket://ts1:4001', 2, 1):
        with server_slots.server_slot('socket://ts1:4002', 2, 1):
            with pytest.raises(server_slots.ServerBusyError, match='terminal server ts1 already has 2 sessions open'):
                with server_slots.server_slot('socket://ts1:4003', 2, 0.1):
                    pass  # pragma: no cover - never entered
            # another terminal server has slots of its own
            with server_slots.server_slot('socket://ts2:4001', 2, 0):
                pass
    # every slot is free again
    with server_slots.server_slot('socket://ts1:4001', 2, 0):
        with server_slots.server_slot('socket://ts1:4002', 2, 0):
            pass


def test_no_cap_and_local_ports_hold_nothing(lock_dir):
    with server_slots.server_slot('socket://ts1:4001', None, 0):
        with server_slots.server_slot('/dev/ttyUSB0', 1, 0):
            pass
    assert not lock_dir.exists()


HOLDER = """
import sys, time
from ansible_collections.usriot.m0.plugins.module_utils._internal import server_slots
with server_slots.server_slot('socket://ts1:4001', 1, 5):
    print('holding', flush=True)
    time.sleep(60)
"""


def test_a_slot_held_by_another_process_is_freed_when_it_dies():
    holder = subprocess.Popen([sys.executable, '-c', HOLDER], stdout=subprocess.PIPE, universal_newlines=True,
                              env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    try:
        assert holder.stdout.readline() == 'holding\n'
        with pytest.raises(server_slots.ServerBusyError):
            with server_slots.server_slot('socket://ts1:4001', 1, 0.1):
                pass  # pragma: no cover - never entered
    finally:
        holder.kill()
        holder.wait()
    with server_slots.server_slot('socket://ts1:4001', 1, 1) as waited:
        assert waited < 1


def facts(capsys, **args):
    with patch_module_args(dict({'serial_port': 'socket://ts1:4001', 'serial_timeout': 0.05}, **args)):
        with pytest.raises(SystemExit):
            usr_m0_facts.main()
    return json.loads(capsys.readouterr().out)


def test_a_task_without_a_free_session_fails_before_anything_is_sent(fake, capsys):
    with server_slots.server_slot('socket://ts1:4009', 1, 0):
        result = facts(capsys, terminal_server_sessions=1, serial_lock_wait=0.1)
    assert result['failed'] and 'terminal server ts1 already has 1 sessions open' in result['msg']
    assert fake.lines == []
    assert 'ansible_facts' in facts(capsys, terminal_server_sessions=1, serial_lock_wait=0.1)


@pytest.mark.parametrize('plant, says', [(lambda folder, make_theirs: make_theirs(folder), 'is owned by uid 54321'),
                                         (lambda folder, make_theirs: folder.chmod(0o777), 'is writable by its group and others')],
                         ids=["made first by another user", 'writable by others'])
def test_a_slot_folder_not_the_users_own_is_not_taken_and_the_task_says_why(fake, capsys, lock_dir, another_users, plant, says):
    """Whoever makes usriot.m0-sessions-<uid> in the shared temporary folder first could hold every slot (and lock
    out every run) or delete the slot files (and break the cap): such a folder is refused before anything is sent."""
    lock_dir.mkdir(mode=0o777)
    plant(lock_dir, another_users)
    with pytest.raises(server_slots.ServerBusyError) as refused:
        with server_slots.server_slot('socket://ts1:4001', 2, 0):
            pass  # pragma: no cover - never entered
    assert str(refused.value).startswith('the session slots of terminal server ts1 are not taken: %s %s' % (lock_dir, says))
    assert str(refused.value).endswith('(USR_M0_LOCK_DIR names the folder); nothing was sent')
    result = facts(capsys, terminal_server_sessions=2, serial_lock_wait=0)
    assert result['failed'] and result['msg'].startswith('socket://ts1:4001: the session slots of terminal server ts1 are not taken')
    assert fake.lines == [] and os.listdir(str(lock_dir)) == []
