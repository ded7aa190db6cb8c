# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The usriot.m0.watch event source against simulated modules, loaded and run as ansible-rulebook runs it: the file
by its path, then its async main(queue, args). Changes are made behind the collection's back, as a person at a
terminal on the module's port makes them (usr_m0_sim type)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import json
import os
import pathlib
import importlib.util
import subprocess
import sys
import time

import pytest
import yaml

from ansible.parsing.vault import VaultLib, VaultSecret

from ansible_collections.usriot.m0.plugins.module_utils._internal import model

ROOT = pathlib.Path(__file__).resolve().parents[6]
SOURCE = ROOT / 'extensions' / 'eda' / 'plugins' / 'event_source' / 'watch.py'
SIMULATOR = str(ROOT / 'simulator')
if SIMULATOR not in sys.path:
    sys.path.insert(0, SIMULATOR)

from usr_m0_sim.control import Client  # noqa: E402 pylint: disable=wrong-import-position
from usr_m0_sim.terminal import type_lines  # noqa: E402 pylint: disable=wrong-import-position

WANTED = {'system': {'name': 'pump'}, 'web': {'password': 'pw1'}, 'heartbeat': {'enabled': True, 'interval': 45}}
COMPLIANT = ['AT+MID=pump', 'AT+WEBU=admin,pw1', 'AT+HEARTEN=ON', 'AT+HEARTTM=45']
INTERVAL = 0.5
# a bound on the wait for something the source does within a few rounds, however loaded the machine
PATIENCE = 60


class Fleet:
    """Three simulated modules, compliant with WANTED, and an inventory folder for them."""

    def __init__(self, state, inventory):
        self.state = state
        self.inventory = inventory
        self.client = Client(state)
        with open(os.path.join(state, 'inventory.json')) as handle:
            self.hosts = json.load(handle)['all']['hosts']

    def port(self, host):
        return self.hosts[host]['serial_port']

    def stats(self, host):
        return self.client.call('stats', device=host)['stats'][host]

    def rounds(self, host):
        return self.stats(host)['handshakes']


@pytest.fixture
def fleet(tmp_path, monkeypatch):
    monkeypatch.setenv('USR_M0_STATE_DIR', str(tmp_path / 'journal'))
    state = str(tmp_path / 'sim')
    # restarts long enough that a round surely starts during one, however loaded the machine
    subprocess.check_call([sys.executable, '-m', 'usr_m0_sim', 'serve', '--state-dir', state, '--count', '3',
                           '--restart-delay', '3', '--reset-delay', '3'],
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join([SIMULATOR] + sys.path)))
    simulated = Fleet(state, str(tmp_path / 'inventory'))
    try:
        for host in simulated.hosts:
            type_lines(simulated.port(host), COMPLIANT)
        simulated.client.call('reset-log')
        os.makedirs(os.path.join(simulated.inventory, 'group_vars'))
        with open(os.path.join(state, 'inventory.json')) as handle:
            inventory = json.load(handle)
        # a module that does not answer fails in about 7 s instead of 9.4
        inventory['all']['vars']['serial_timeout'] = 0.5
        with open(os.path.join(simulated.inventory, 'hosts.json'), 'w') as handle:
            json.dump(inventory, handle)
        # the password a vault-encrypted variable, decrypted with the vault password file the environment names
        (tmp_path / 'vault-password').write_text('plant-vault\n')
        monkeypatch.setenv('ANSIBLE_VAULT_PASSWORD_FILE', str(tmp_path / 'vault-password'))
        vaulted = VaultLib([('default', VaultSecret(b'plant-vault'))]).encrypt(WANTED['web']['password']).decode()
        wanted = dict(WANTED, web={'password': '{{ web_password }}'})
        indented = '\n'.join('  ' + line for line in vaulted.splitlines())
        with open(os.path.join(simulated.inventory, 'group_vars', 'all.yml'), 'w') as handle:
            handle.write('web_password: !vault |\n%s\n%s' % (indented, yaml.safe_dump({'usr_m0_config': wanted})))
        yield simulated
    finally:
        simulated.client.call('stop')


async def until(condition, what):
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, 'not within %d s: %s' % (PATIENCE, what)
        await asyncio.sleep(0.05)


async def more_rounds(fleet, count, hosts=None):
    """Wait until each host (default: all) had count more rounds than now."""
    hosts = hosts or list(fleet.hosts)
    start = dict((host, fleet.rounds(host)) for host in hosts)
    await until(lambda: all(fleet.rounds(host) >= start[host] + count for host in hosts), '%d more rounds' % count)


def load_source():
    """The source file, loaded by its path as ansible-rulebook's runpy.run_path loads it (which the collection loader
    of the tests would take over)."""
    spec = importlib.util.spec_from_file_location('watch', str(SOURCE))
    source = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(source)
    return source


def watching(fleet, scenario, **args):
    """Run the source as ansible-rulebook does (the file by its path, then main as a task) during scenario(queue);
    then cancel it, as ansible-rulebook does when it stops, and wait for every module to be in work mode."""
    main = load_source().main

    async def run():
        queue = asyncio.Queue()
        task = asyncio.create_task(main(queue, dict({'inventory': fleet.inventory, 'interval': INTERVAL}, **args)))
        steps = asyncio.create_task(scenario(queue))
        try:
            await asyncio.wait([task, steps], return_when=asyncio.FIRST_COMPLETED)
            assert not task.done(), 'the source ended: %r' % task.exception()
            await steps
        finally:
            steps.cancel()
            if not task.done():
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
        await until(lambda: all(fleet.stats(host)['mode'] == 'work' for host in fleet.hosts), 'every module in work mode')

    asyncio.run(run())


async def next_event(queue):
    return await asyncio.wait_for(queue.get(), PATIENCE)


def kinds(events):
    return [(found['usr_m0']['host'], found['usr_m0']['kind']) for found in events]


def test_nothing_is_put_for_modules_that_stay_as_they_were_and_nothing_is_set(fleet):
    async def scenario(queue):
        await more_rounds(fleet, 3)
        assert queue.empty()
    watching(fleet, scenario)
    for host in fleet.hosts:
        stats = fleet.stats(host)
        assert stats['handshakes'] >= 3
        assert (stats['set'], stats['action'] - stats['handshakes'], stats['network_tx_bytes'], stats['restarts']) == (0, 0, 0, 0)


def test_a_drift_is_put_once_with_its_passwords_masked_and_again_when_it_changes(fleet):
    async def scenario(queue):
        await more_rounds(fleet, 1)
        type_lines(fleet.port('m0-00'), ['AT+WEBU=admin,zz9', 'AT+HEARTTM=99'])
        found = await next_event(queue)
        assert found['meta'] == {'hosts': 'm0-00'}
        assert found['usr_m0'] == {
            'host': 'm0-00', 'kind': 'drifted', 'serial_port': fleet.port('m0-00'), 'mac': 'D8B04C000001',
            'drift': [{'setting': 'web.password', 'wanted': model.MASK_CHANGED, 'running': model.MASK},
                      {'setting': 'heartbeat.interval', 'wanted': 45, 'running': 99}]}
        assert 'zz9' not in json.dumps(found) and 'pw1' not in json.dumps(found)
        await more_rounds(fleet, 3, ['m0-00'])
        assert queue.empty()
        type_lines(fleet.port('m0-00'), ['AT+HEARTTM=98'])
        found = await next_event(queue)
        assert kinds([found]) == [('m0-00', 'drifted')]
        assert found['usr_m0']['drift'][1] == {'setting': 'heartbeat.interval', 'wanted': 45, 'running': 98}
    watching(fleet, scenario)


def test_a_set_with_a_restart_and_a_factory_reset_are_told_apart(fleet):
    async def scenario(queue):
        await more_rounds(fleet, 1)
        type_lines(fleet.port('m0-01'), ['AT+HEARTTM=99', 'AT+Z'])
        type_lines(fleet.port('m0-02'), ['AT+RELD'])
        events = [await next_event(queue) for dummy in range(4)]
        assert sorted(kinds(events)) == [('m0-01', 'drifted'), ('m0-01', 'restarted'),
                                         ('m0-02', 'factory_reset'), ('m0-02', 'restarted')]
        # a module's restart comes before what it shows
        for host in ('m0-01', 'm0-02'):
            assert [kind for name, kind in kinds(events) if name == host][0] == 'restarted'
        by_kind = dict((found['usr_m0']['kind'], found['usr_m0']) for found in events)
        assert 'handshake drew nothing' in by_kind['restarted']['evidence']
        assert by_kind['drifted']['drift'] == [{'setting': 'heartbeat.interval', 'wanted': 45, 'running': 99}]
        assert by_kind['factory_reset']['drift'] == [
            {'setting': 'system.name', 'wanted': 'pump', 'running': 'USR-M0'},
            {'setting': 'web.password', 'wanted': model.MASK_CHANGED, 'running': model.MASK},
            {'setting': 'heartbeat.enabled', 'wanted': True, 'running': False},
            {'setting': 'heartbeat.interval', 'wanted': 45, 'running': 30}]
        await more_rounds(fleet, 2)
        assert queue.empty()
    watching(fleet, scenario)


def test_a_module_left_in_at_mode_is_put_once_and_taken_back_to_work_mode(fleet):
    async def scenario(queue):
        await more_rounds(fleet, 1)
        type_lines(fleet.port('m0-02'), [], stay=True)
        found = await next_event(queue)
        assert kinds([found]) == [('m0-02', 'found_in_at_mode')] and found['usr_m0']['restart_owed'] is True
        await more_rounds(fleet, 3, ['m0-02'])
        assert queue.empty()
    watching(fleet, scenario)
    assert fleet.stats('m0-02')['restarts'] == 0


def test_a_module_that_stops_answering_vanishes_and_appears_without_delaying_the_others(fleet):
    async def scenario(queue):
        await more_rounds(fleet, 1)
        fleet.client.call('fault', device='m0-00', fault='silent', params={})
        others = fleet.rounds('m0-01')
        found = await next_event(queue)
        assert kinds([found]) == [('m0-00', 'vanished')]
        assert 'no answer to the +++ handshake' in found['usr_m0']['reason']
        # the dead module's round took about 7 s; the others kept their rounds every 0.5 s meanwhile
        assert fleet.rounds('m0-01') >= others + 3
        fleet.client.call('clear-faults', device='m0-00')
        found = await next_event(queue)
        assert kinds([found]) == [('m0-00', 'appeared')]
        assert (found['usr_m0']['mac'], found['usr_m0']['serial_baudrate']) == ('D8B04C000001', 115200)
    watching(fleet, scenario)


def test_only_the_limit_is_watched_and_another_module_on_a_port_is_a_vanished_one(fleet):
    os.makedirs(os.path.join(fleet.inventory, 'host_vars'))
    with open(os.path.join(fleet.inventory, 'host_vars', 'm0-01.yml'), 'w') as handle:
        yaml.safe_dump({'usr_m0_mac': 'D8:B0:4C:00:00:09'}, handle)

    async def scenario(queue):
        found = await next_event(queue)
        assert kinds([found]) == [('m0-01', 'vanished')]
        assert found['usr_m0']['reason'] == 'another module answers on its port: MAC D8B04C000002, usr_m0_mac is D8B04C000009'
        await more_rounds(fleet, 2, ['m0-01'])
        assert queue.empty()
    watching(fleet, scenario, limit='m0-01')
    assert fleet.rounds('m0-00') == fleet.rounds('m0-02') == 0


def test_an_inventory_without_a_module_to_watch_fails_saying_why(tmp_path):
    (tmp_path / 'hosts.yml').write_text(yaml.safe_dump({'all': {'hosts': {'pump-07': {
        'ansible_connection': 'ssh', 'serial_port': '/dev/ttyUSB0', 'usr_m0_config': {}}}}}))
    source = load_source()

    async def run():
        await source.main(asyncio.Queue(), {'inventory': str(tmp_path / 'hosts.yml'), 'interval': 1})
    with pytest.raises(source.WatchFailed, match='usriot.m0.watch: none of the hosts of .* can be watched from this machine'):
        asyncio.run(run())


@pytest.mark.parametrize('args, says', [({'interval': 5}, 'give the inventory to watch'),
                                        ({'inventory': 'inventory/', 'interval': 0}, 'interval must be more than 0 seconds')])
def test_arguments_that_cannot_be_watched_are_refused_before_anything_starts(args, says):
    source = load_source()
    with pytest.raises(source.WatchFailed, match=says):
        asyncio.run(source.main(asyncio.Queue(), args))
