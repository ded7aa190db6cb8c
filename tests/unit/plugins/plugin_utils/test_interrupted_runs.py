# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook's signal handlers (plugin_utils/_internal/interrupted_runs.py) against real forked workers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import multiprocessing
import os
import signal
import time

import pytest

from ansible_collections.usriot.m0.plugins.plugin_utils._internal import interrupted_runs

FORK = multiprocessing.get_context('fork')


def stand_in_worker(marker):
    """Ends when told with SIGTERM, as a session stops at its next safe point; else says after 5 s it was not told."""
    def stop(signum, frame):
        with open(marker, 'w') as handle:
            handle.write('stopped by %s' % signal.Signals(signum).name)
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # blocked by the parent from before the fork
    time.sleep(5)
    with open(marker, 'w') as handle:
        handle.write('not told')


class SignalledWhileStarting(FORK.Process):
    """A worker whose start() is interrupted by SIGTERM after the fork and before multiprocessing lists it among the
    children: the moment a cancel can hit while ansible-core starts a worker."""

    @staticmethod
    def _Popen(process):
        popen = FORK.Process._Popen(process)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        os.kill(os.getpid(), signal.SIGTERM)  # its handler runs here, inside start()
        return popen


@pytest.fixture
def in_ansible_playbook(monkeypatch):
    """This process stands for ansible-playbook's, its SIGTERM handler restored afterwards."""
    monkeypatch.setitem(interrupted_runs._state, 'pid', os.getpid())
    monkeypatch.setitem(interrupted_runs._state, 'summarised', False)
    monkeypatch.setitem(interrupted_runs._state, 'signalled', False)
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


def test_a_sigterm_while_a_worker_starts_reaches_that_worker_and_is_waited_for(in_ansible_playbook, tmp_path):
    marker = str(tmp_path / 'worker')
    ansible_core = []

    def previous(signum, frame):  # ansible-core's own handler, which ends ansible-playbook
        ansible_core.append(os.path.exists(marker))

    signal.signal(signal.SIGTERM, interrupted_runs._on_signal(previous))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # the stand-in worker sets its handler first
    worker = SignalledWhileStarting(target=stand_in_worker, args=(marker,))
    worker.start()
    worker.join(10)
    with open(marker) as handle:
        assert handle.read() == 'stopped by SIGTERM'
    assert ansible_core == [True], 'ansible-core ended ansible-playbook before the worker had stopped'


def test_a_sigterm_between_workers_is_passed_on_at_once(in_ansible_playbook, tmp_path):
    marker = str(tmp_path / 'worker')
    ansible_core = []
    signal.signal(signal.SIGTERM, interrupted_runs._on_signal(lambda signum, frame: ansible_core.append(os.path.exists(marker))))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    worker = FORK.Process(target=stand_in_worker, args=(marker,))
    worker.start()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    os.kill(os.getpid(), signal.SIGTERM)
    worker.join(10)
    with open(marker) as handle:
        assert handle.read() == 'stopped by SIGTERM'
    assert ansible_core == [True]


def test_a_run_that_ended_as_it_should_says_nothing_on_its_way_out(in_ansible_playbook, monkeypatch, capsys):
    """ansible-playbook's atexit summary: no signal came, so nothing is waited for or said, whatever workers remain."""
    worker = FORK.Process(target=time.sleep, args=(2,))
    worker.start()
    try:
        started = time.monotonic()
        interrupted_runs.summarise(wait=5)
        assert time.monotonic() - started < 1 and capsys.readouterr() == ('', '')
    finally:
        worker.terminate()
        worker.join()
