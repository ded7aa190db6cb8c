# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The performance benchmark (on demand, not part of the tests): bash scripts/benchmark.sh

0. The fleet's playbooks (the configure role, the rollout, the audit) against the bare usr_m0_config task and
   Ansible's floor (one debug task), every run an idempotent pass on the same fleet, as ratios measured in one run;
   the first rollout against the wire bound of its restart rounds; the same at the large fleet.
1. One device at the wire's limit: the simulator paces every byte at 10 bits per UART bit time and
   counts bytes and mandatory waits; the driver's own time (port opened to port released) is compared
   with the lower bound bytes / line speed + mandatory waits, at 115200 and 9600 baud.
2. Wire efficiency of the same runs: AT commands and bytes.
3. A fleet of simulated modules on pseudo-terminals under ansible-playbook at two fork counts, side by side
   in the Ansible worker (the default on a local connection) and on the module path (usr_m0_run_as_module).
4. A large fleet (1000 modules by default): the idempotent rerun in the worker.
5. The configure role against per-area modules and against one AT command per task.
6. The serial_scan inventory plugin over many ports, scanned and from its cache.
7. One device through ser2net (raw TCP, RFC 2217, TLS) against its local port: facts and an idempotent converge.
8. Event-Driven Ansible: the rulebook usriot.m0.remediate run by ansible-rulebook with an interval of 5 s against
   simulated modules at the wire's speed: each module's time out of work mode per round of the watch against the
   idempotent converge's, the watch's CPU per round, and the time from a drift (a set and a restart typed at a
   module's terminal) to its repair by the rollout.
Prints Markdown tables and writes build/benchmark/results.json.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import datetime
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
TARGETS = os.path.join(ROOT, 'tests', 'integration', 'targets')
sys.path[:0] = [COLLECTIONS, os.path.join(ROOT, 'simulator'), os.path.join(TARGETS, 'setup_ser2net')]

from ansible_collections.usriot.m0.plugins.module_utils._internal import engine, model  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import ATSession  # noqa: E402  pylint: disable=wrong-import-position
from usr_m0_sim import commands as sim_commands  # noqa: E402  pylint: disable=wrong-import-position
from usr_m0_sim.control import Client  # noqa: E402  pylint: disable=wrong-import-position
from usr_m0_sim.terminal import type_lines  # noqa: E402  pylint: disable=wrong-import-position
import ser2net_server  # noqa: E402  pylint: disable=wrong-import-position

# Where --profile writes each run's seconds per task (None: not profiled).
PROFILE_DIR = None

# The waits the notes call safe and that the driver keeps: 200 ms idle before +++, 2 s after AT+Z.
GUARD_TIME = 0.2
RESTART_DELAY = 2.0

FLEET_CONFIG = {
    'system': {'name': 'fleet-m0'},
    'network': {'ip_mode': 'static', 'ip_address': '10.20.0.15', 'netmask': '255.255.255.0', 'gateway': '10.20.0.1'},
    'sock': {'protocol': 'tcpc', 'remote_address': '10.20.0.50', 'port': 502},
    'heartbeat': {'enabled': True, 'interval': 60, 'data': 'alive'},
}


def every_setting_changed(baudrate):
    return {
        'system': {'name': 'bench-1', 'echo': False, 'mac': 'D8B04C00AA01'},
        'network': {'ip_mode': 'dhcp', 'ip_address': '10.1.1.2', 'netmask': '255.255.0.0', 'gateway': '10.1.0.1',
                    'dns': '10.1.0.53'},
        'web': {'username': 'ops', 'password': 'pw1', 'port': 8080},
        'uart': {'baudrate': baudrate, 'data_bits': 7, 'stop_bits': 2, 'parity': 'even', 'flow_control': 'fc'},
        'sock': {'protocol': 'tcps', 'remote_address': '10.1.0.9', 'port': 4001, 'local_port': 4002,
                 'tcp_server_policy': 'kick'},
        'registration': {'mode': 'usr', 'send': 'every', 'data': 'bench', 'cloud_id': '0' * 20, 'cloud_password': 'pw'},
        'heartbeat': {'enabled': True, 'target': 'com', 'interval': 90, 'data': 'beat'},
        'http': {'method': 'post', 'url': '/x.php?', 'headers': ['A: 1'], 'filter_response_header': True},
    }


def normalised(config):
    return dict((section, model.normalise_section(section, options)) for section, options in config.items())


class Simulator:
    def __init__(self, count, *options, **flash):
        self.state = tempfile.mkdtemp(prefix='m0bench.')
        if flash.get('uart'):
            for index in range(count):
                image = sim_commands.factory_flash(index)
                image['UART'] = flash['uart']
                with open(os.path.join(self.state, 'm0-%02d.flash.json' % index), 'w') as handle:
                    json.dump(image, handle)
        subprocess.check_call([sys.executable, '-m', 'usr_m0_sim', 'serve', '--state-dir', self.state, '--count', str(count)]
                              + list(options), env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'simulator')))
        self.client = Client(self.state)
        with open(os.path.join(self.state, 'devices.json')) as handle:
            self.devices = json.load(handle)

    def stats(self):
        return self.client.call('stats')['stats']

    def inventory(self, config, path='worker'):
        """The simulator's inventory, with the settings every module is to have."""
        with open(os.path.join(self.state, 'inventory.json')) as handle:
            inventory = json.load(handle)
        inventory['all']['vars'].update(usr_m0_config=config, naive_commands=engine.render(normalised(config), masked=False)[0])
        if path == 'module':
            inventory['all']['vars'].update(usr_m0_run_as_module=True, ansible_python_interpreter='{{ ansible_playbook_python }}')
        path = os.path.join(self.state, 'bench-inventory.json')
        with open(path, 'w') as handle:
            json.dump(inventory, handle)
        return path

    def stop(self):
        self.client.call('stop')


def driver_run(tty, baudrate, work):
    """The driver's time from opening the port to releasing it."""
    start = time.perf_counter()
    session = ATSession(tty, model.SecretMasking, baudrate=baudrate).open()
    try:
        session.find_and_enter_at_mode()
        result = work(engine.CachedDevice(session))
    finally:
        session.close()
    return time.perf_counter() - start, result


def converge_unchanged(wanted):
    """A converge to the running settings: it must find nothing to change."""
    def work(device):
        result = engine.converge(device, wanted)
        if result['changed']:
            raise AssertionError('an idempotent converge changed %s' % result['commands'])
        return result
    return work


def wire_row(name, baudrate, seconds, stats):
    byte_time = 10.0 / baudrate
    # echo travels while the host is still sending: only the rest of the bytes are sequential
    sequential_bytes = stats['bytes_in'] + stats['bytes_out'] - stats['echo_bytes']
    bound = sequential_bytes * byte_time + stats['mandatory_wait_seconds']
    return {'case': name, 'baud': baudrate, 'driver_s': round(seconds, 3), 'lower_bound_s': round(bound, 3),
            'ratio': round(seconds / bound, 2), 'queries': stats['query'], 'sets': stats['set'],
            'actions': stats['action'], 'bytes_to_module': stats['bytes_in'], 'bytes_from_module': stats['bytes_out'],
            'handshakes': stats['handshakes'], 'restarts': stats['restarts'],
            'mandatory_waits_s': round(stats['mandatory_wait_seconds'], 3)}


def single_device():
    rows = []
    for baudrate in (115200, 9600):
        sim = Simulator(1, '--line-speed', '--guard-time', str(GUARD_TIME), '--restart-delay', str(RESTART_DELAY),
                        uart='%d,8,1,NONE,NFC' % baudrate)
        tty = sim.devices[0]['tty']
        try:
            cases = [
                ('full facts', lambda device: device.gather(model.SECTIONS)),
                ('idempotent converge, every setting', None),
                ('converge changing every setting, with restart', lambda device: engine.converge(
                    device, normalised(every_setting_changed(baudrate)))),
            ]
            for name, work in cases:
                if work is None:
                    running = driver_run(tty, baudrate, lambda device: device.gather(model.SECTIONS, status=False))[1]
                    work = converge_unchanged(normalised(running))
                sim.client.call('reset-log')
                seconds, dummy = driver_run(tty, baudrate, work)
                stats = sim.stats()['m0-00']
                rows.append(wire_row(name, baudrate, seconds, stats))
                log = [json.loads(line) for line in open(sim.devices[0]['log'])]
                lines = [event['line'] for event in log if event['event'] == 'rx_line' and event['kind'] == 'query']
                rows[-1]['repeated_queries'] = len(lines) - len(set(lines))
        finally:
            sim.stop()
    return rows


def playbook(inventory, name, forks, *extra):
    """Wall and controller CPU seconds of one ansible-playbook run: a file of this folder or a collection playbook
    (usriot.m0.rollout), run from the inventory's folder, where the playbooks write their reports."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    path = name if name.startswith('usriot.') else os.path.join(HERE, name)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    if PROFILE_DIR:
        # seconds per task (callback_plugins/task_seconds.py), one file per playbook and options, runs appended
        env.update(ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'callback_plugins'), ANSIBLE_CALLBACKS_ENABLED='task_seconds',
                   USR_M0_BENCH_PROFILE=os.path.join(PROFILE_DIR, '%d-%s.txt' % (forks, '_'.join(
                       ''.join(c if c.isalnum() or c in '.=%' else '_' for c in part) for part in (name,) + extra))))
    run = subprocess.run(['ansible-playbook', '-i', inventory, '-f', str(forks), path] + list(extra),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False, cwd=os.path.dirname(inventory), env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode:
        sys.stdout.write(run.stdout.decode()[-3000:])
        raise RuntimeError('%s failed' % name)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


FLEET_RUNS = [('first rollout (configure role, one restart each)', 'configure.yml', ()),
              ('idempotent rerun (configure role)', 'configure.yml', ()),
              ('--check --diff (configure role)', 'configure.yml', ('--check', '--diff')),
              ('usr_m0_facts alone', 'facts.yml', ())]


def fleet(count, forks_list, paths, runs=None):
    """Each run of FLEET_RUNS (or the first `runs` of them) on a fresh simulated fleet, per fork count and path."""
    rows = []
    for forks in forks_list:
        for path in paths:
            sim = Simulator(count)
            try:
                inventory = sim.inventory(FLEET_CONFIG, path)
                for run_name, name, extra in FLEET_RUNS[:runs]:
                    wall, cpu = playbook(inventory, name, forks, *extra)
                    stats = sim.stats().values()
                    rows.append({'run': run_name, 'path': path, 'modules': count, 'forks': forks, 'wall_s': round(wall, 1),
                                 'controller_cpu_s': round(cpu, 1), 'cpu_s_per_module': round(cpu / count, 3),
                                 'modules_per_min': round(count / wall * 60), 'sets': sum(s['set'] for s in stats),
                                 'restarts': sum(s['restarts'] for s in stats)})
                    sim.client.call('reset-log')
            finally:
                sim.stop()
    for row in rows:
        module_row = [other for other in rows if other['path'] == 'module' and other['forks'] == row['forks']
                      and other['run'] == row['run'] and other['modules'] == row['modules']]
        if module_row:
            row['wall_vs_module_path'] = round(row['wall_s'] / module_row[0]['wall_s'], 2)
    return rows


# The fleet's playbooks against the bare task and Ansible's floor, every run an idempotent pass.
RERUNS = [('floor: one debug task', 'floor.yml', ()),
          ('bare usr_m0_config task', 'bare.yml', ()),
          ('configure role (roles:)', 'configure.yml', ()),
          ('configure role (import_role)', 'configure_import.yml', ()),
          # what ansible-core's per-host check of a documented entry point costs
          ('configure role (tasks_from: converge, checked per host by ansible-core)', 'configure_converge.yml', ()),
          ('usriot.m0.rollout', 'usriot.m0.rollout', ()),
          ('usriot.m0.rollout --check --diff', 'usriot.m0.rollout', ('--check', '--diff')),
          # what the default batches cost: the same rollout in one batch
          ('usriot.m0.rollout in one batch (-e usr_m0_rollout_batches=100%)', 'usriot.m0.rollout',
           ('-e', 'usr_m0_rollout_batches=100%')),
          ('usriot.m0.audit', 'usriot.m0.audit', ())]


# The reruns of the large fleet: the floor, the bare task, the rollout and the audit.
LARGE_RERUNS = ('floor: one debug task', 'bare usr_m0_config task', 'usriot.m0.rollout', 'usriot.m0.audit')


def large_reruns():
    runs = [run for run in RERUNS if run[0] in LARGE_RERUNS]
    if len(runs) != len(LARGE_RERUNS):
        raise ValueError('LARGE_RERUNS names a run that RERUNS does not have')
    return runs


def converge_seconds():
    """One module's first converge of FLEET_CONFIG alone (six sets, a restart, the verification): a restart round."""
    sim = Simulator(1)
    try:
        return driver_run(sim.devices[0]['tty'], 115200, lambda device: engine.converge(device, normalised(FLEET_CONFIG)))[0]
    finally:
        sim.stop()


def rollout_rounds(count, forks, batches=(1, '10%', '50%', '100%')):
    """Restart rounds of a first rollout: each batch as Ansible cuts it from serial, in rounds of `forks` modules."""
    rounds, left, index = 0, count, 0
    while left > 0:
        size = batches[min(index, len(batches) - 1)]
        size = max(int(int(size[:-1]) * count / 100) or 1, 1) if isinstance(size, str) else size
        size = min(size, left)
        rounds += -(-size // forks)
        left -= size
        index += 1
    return rounds


def ratios(count, forks_list, runs=None, repeat=3):
    """The first rollout at each fork count (against its wire bound), then each rerun, with ratios in one run.

    The reruns take turns, `repeat` rounds of all of them, and each figure is the median of its rounds: on a shared
    machine the speed drifts within minutes, and a drift then weighs on every run alike rather than on one.
    """
    rows = []
    restart_round = converge_seconds()
    for forks in forks_list:
        sim = Simulator(count)
        try:
            inventory = sim.inventory(FLEET_CONFIG)
            wall, cpu = playbook(inventory, 'usriot.m0.rollout', forks)
            bound = rollout_rounds(count, forks) * restart_round
            rows.append({'run': 'first usriot.m0.rollout', 'modules': count, 'forks': forks, 'wall_s': round(wall, 1),
                         'cpu_s': round(cpu, 1), 'wire_bound_s': round(bound, 1), 'vs_wire_bound': round(wall / bound, 2),
                         'sets': sum(s['set'] for s in sim.stats().values())})
            if forks != forks_list[0]:
                continue
            runs = runs or RERUNS
            rounds = dict((run_name, []) for run_name, dummy, dummy in runs)
            for dummy in range(repeat):
                for run_name, name, extra in runs:
                    sim.client.call('reset-log')
                    wall, cpu = playbook(inventory, name, forks, *extra)
                    stats = sim.stats().values()
                    rounds[run_name].append((wall, cpu, sum(s['handshakes'] for s in stats) / count, sum(s['set'] for s in stats)))
            measured = []
            for run_name, dummy, dummy in runs:
                walls, cpus, sessions, sets = zip(*rounds[run_name])
                measured.append({'run': run_name, 'modules': count, 'forks': forks, 'rounds': repeat,
                                 'wall_s': round(statistics.median(walls), 1), 'cpu_s': round(statistics.median(cpus), 1),
                                 'wall_spread_s': round(max(walls) - min(walls), 1),
                                 'sessions_per_module': round(max(sessions), 2), 'sets': max(sets)})
            floor, bare = measured[0], measured[1]
            for row in measured:
                row.update(wall_vs_bare=round(row['wall_s'] / bare['wall_s'], 2), cpu_vs_bare=round(row['cpu_s'] / bare['cpu_s'], 2),
                           wall_vs_floor=round(row['wall_s'] / floor['wall_s'], 2))
            rows.extend(measured)
        finally:
            sim.stop()
    return rows


def backup_audit(count, forks, repeat):
    """usriot.m0.backup against usriot.m0.audit on one fleet, taking turns, each the median of its rounds."""
    sim = Simulator(count)
    try:
        inventory = sim.inventory(FLEET_CONFIG)
        walls = {'usriot.m0.audit': [], 'usriot.m0.backup': []}
        for dummy in range(repeat):
            for name in walls:
                walls[name].append(playbook(inventory, name, forks)[0])
    finally:
        sim.stop()
    audit = statistics.median(walls['usriot.m0.audit'])
    return [{'run': name, 'modules': count, 'forks': forks, 'rounds': repeat, 'wall_s': round(statistics.median(runs), 2),
             'wall_spread_s': round(max(runs) - min(runs), 2), 'vs_audit': round(statistics.median(runs) / audit, 2)}
            for name, runs in walls.items()]


def alternatives(count):
    """The role against per-area modules and one command per task, every setting changed from factory."""
    config = every_setting_changed(115200)
    rows = []
    for run_name, name in [('configure role', 'configure.yml'), ('per-area modules, one after another', 'per_area.yml'),
                           ('one AT command per task (usr_m0_command)', 'naive.yml')]:
        sim = Simulator(count)
        try:
            wall, cpu = playbook(sim.inventory(config), name, count)
            stats = list(sim.stats().values())
            # out of work mode: in AT mode, or restarting (the simulator's default 1.5 s)
            out_of_work = sum(s['at_mode_seconds'] + s['restarts'] * 1.5 for s in stats) / len(stats)
            rows.append({'playbook': run_name, 'modules': count, 'wall_s': round(wall, 1), 'controller_cpu_s': round(cpu, 1),
                         'out_of_work_mode_s_per_module': round(out_of_work, 2),
                         'sessions_per_module': round(sum(s['handshakes'] for s in stats) / len(stats), 1),
                         'restarts_per_module': round(sum(s['restarts'] for s in stats) / len(stats), 1)})
        finally:
            sim.stop()
    base = rows[0]
    for row in rows:
        row['wall_vs_role'] = round(row['wall_s'] / base['wall_s'], 1)
        row['out_of_work_vs_role'] = round(row['out_of_work_mode_s_per_module'] / base['out_of_work_mode_s_per_module'], 1)
    return rows


def scan(count):
    """The serial_scan inventory plugin over `count` ports (a quarter of the modules at 9600), then from its cache."""
    rows = []
    sim = Simulator(count)
    try:
        for device in sim.devices[::4]:
            sim.client.call('set-state', device=device['name'], state={'baud': 9600})
        for parallel in (16, count):
            config = os.path.join(sim.state, 'bench-%d.m0.yml' % parallel)
            with open(config, 'w') as handle:
                json.dump({'plugin': 'usriot.m0.serial_scan', 'ports': [device['tty'] for device in sim.devices],
                           'parallel': parallel, 'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile',
                           'cache_connection': os.path.join(sim.state, 'cache-%d' % parallel)}, handle)
            for case, extra in (('scan', ['--flush-cache']), ('from the cache', [])):
                before = sim.stats()
                start = time.perf_counter()
                run = subprocess.run(['ansible-inventory', '-i', config, '--list'] + extra, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, check=True, env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS))
                wall = time.perf_counter() - start
                after = sim.stats()
                rows.append({'run': case, 'ports': count, 'parallel': parallel, 'wall_s': round(wall, 1),
                             'modules_found': len(json.loads(run.stdout)['_meta']['hostvars']),
                             'found_at_9600': run.stdout.count(b'"serial_baudrate": 9600'),
                             'handshakes': sum(after[name]['handshakes'] - before[name]['handshakes'] for name in after),
                             'sets': sum(after[name]['set'] - before[name]['set'] for name in after)})
    finally:
        sim.stop()
    return rows


def terminal_servers():
    """Full facts and an idempotent converge of one module on its pseudo-terminal and through ser2net in each mode."""
    if not shutil.which('ser2net'):
        return [{'transport': 'ser2net is not installed (scripts/setup.sh installs it as root)'}]
    rows = []
    sim = Simulator(1, '--line-speed', '--guard-time', str(GUARD_TIME))
    setup = os.path.join(TARGETS, 'setup_ser2net')
    directory = os.path.join(sim.state, 'ser2net')
    subprocess.check_call([os.path.join(setup, 'make_certs.sh'), directory])
    subprocess.check_call([sys.executable, os.path.join(setup, 'ser2net_config.py'), sim.state, directory, 'm0-00'])
    with open(os.path.join(sim.state, 'ser2net.json')) as handle:
        urls = json.load(handle)['m0-00']
    ser2net_server.start(directory)
    try:
        tty = sim.devices[0]['tty']
        running = driver_run(tty, 115200, lambda device: device.gather(model.SECTIONS, status=False))[1]
        cases = (('full facts', lambda device: device.gather(model.SECTIONS)),
                 ('idempotent converge, every setting', converge_unchanged(normalised(running))))
        for transport, port in [('local pseudo-terminal', tty)] + [(mode, urls[mode]) for mode in ('socket', 'rfc2217', 'tls')]:
            for case, work in cases:
                rows.append({'transport': transport, 'case': case, 'driver_s': round(driver_run(port, 115200, work)[0], 3)})
    finally:
        ser2net_server.stop(directory)
        sim.stop()
    return rows


# What the watched modules are to have; each has its usr_m0_mac, as a serial_scan inventory gives it, so that the watch
# and the converge read the same commands.
EDA_CONFIG = {'system': {'name': 'watched'}, 'heartbeat': {'enabled': True, 'interval': 45}}
EDA_DRIFT = ['AT+HEARTTM=99', 'AT+Z']


def eda(count, drifts, interval=5.0):
    """The rulebook on count modules (pseudo-terminals paced at 115200 baud, the safe guard time and restart wait):
    the quiet rounds, then `drifts` drifts one after the other, each typed at a module's terminal and timed until the
    rollout has put it right (stored, restarted, the rollout ended) and until the first set of that rollout."""
    sim = Simulator(count, '--line-speed', '--guard-time', str(GUARD_TIME), '--restart-delay', str(RESTART_DELAY))
    rulebook = None
    try:
        inventory = sim.inventory(EDA_CONFIG)
        with open(inventory) as handle:
            data = json.load(handle)
        for index, host in enumerate(sorted(data['all']['hosts'])):
            data['all']['hosts'][host]['usr_m0_mac'] = sim_commands.factory_flash(index)['MAC']
        with open(inventory, 'w') as handle:
            json.dump(data, handle)
        playbook(inventory, 'usriot.m0.rollout', count)
        sim.client.call('reset-log')
        playbook(inventory, 'usriot.m0.rollout', count)
        converge = sim.stats()
        sim.client.call('reset-log')
        variables = os.path.join(sim.state, 'watch.yml')
        with open(variables, 'w') as handle:
            json.dump({'usr_m0_watch_inventory': inventory, 'usr_m0_watch_interval': interval}, handle)
        log = os.path.join(sim.state, 'rulebook.log')
        with open(log, 'w') as output:
            rulebook = subprocess.Popen(['ansible-rulebook', '-r', 'usriot.m0.remediate', '-i', inventory, '--vars', variables],
                                        stdout=output, stderr=subprocess.STDOUT, cwd=sim.state,
                                        env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS))
        # the quiet rounds: 3 on every module after the first, with the watch's CPU over them
        eda_until(lambda: all(module['handshakes'] >= 1 for module in sim.stats().values()), 60)
        cpu_before, start = watch_cpu(inventory), sim.stats()
        eda_until(lambda: all(module['handshakes'] >= 4 for module in sim.stats().values()), 120)
        quiet = sim.stats()
        rounds = sum(quiet[host]['handshakes'] - start[host]['handshakes'] for host in quiet)
        rows = [{'measure': 'time out of work mode per module and round of the watch, median (max)',
                 'value': '%.3f s (%.3f s)' % at_mode_per_round(quiet),
                 'against': 'the idempotent converge (usriot.m0.rollout): %.3f s (%.3f s)' % at_mode_per_round(converge)},
                {'measure': 'controller CPU of the watch per module and round (%d modules)' % count,
                 'value': '%.1f ms' % ((watch_cpu(inventory) - cpu_before) / rounds * 1000)}]
        first_sets, repaired = [], []
        for trial in range(drifts):
            first_set, whole = drift_and_repair(sim, trial % count, log, trial + 1)
            first_sets.append(first_set)
            repaired.append(whole)
            time.sleep(interval)
        for name, seconds in (('from the drift to the first set of its repair', first_sets),
                              ('from the drift to its repair (stored, restarted, verified, the rollout ended)', repaired)):
            rows.append({'measure': '%s, interval %g s, median (min-max) of %d' % (name, interval, drifts),
                         'value': '%.1f s (%.1f-%.1f s)' % (statistics.median(seconds), min(seconds), max(seconds))})
        return rows
    finally:
        if rulebook:
            rulebook.send_signal(signal.SIGINT)
            rulebook.wait()
        sim.stop()


def drift_and_repair(sim, index, log, rollouts):
    """Type a drift at module index's terminal; the seconds until the first set of its repair, and until the repair
    (stored, restarted, and the rulebook's rollouts counted up to `rollouts`)."""
    host, device = 'm0-%02d' % index, sim.devices[index]
    before = sim.stats()[host]['restarts']
    type_lines(device['tty'], EDA_DRIFT)
    drifted = time.time()

    def repaired():
        module = sim.stats()[host]
        with open(log) as handle:
            ended = handle.read().count('PLAY RECAP') >= rollouts
        return (ended and module['restarts'] >= before + 2 and module['mode'] == 'work'
                and sim.client.call('flash', device=host)['flash'][host]['HEARTTM'] == '45')
    eda_until(repaired, 120)
    whole = time.time() - drifted
    with open(device['log']) as handle:
        sets = [event['t'] for event in map(json.loads, handle)
                if event['event'] == 'rx_line' and event['kind'] == 'set' and event['t'] > drifted]
    return sets[0] - drifted, whole


def eda_until(condition, bound):
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError('the rulebook did not get there within %d s' % bound)
        time.sleep(0.1)


def at_mode_per_round(stats):
    """Median and max over the modules of each one's seconds in AT mode per session."""
    each = [module['at_mode_seconds'] / module['handshakes'] for module in stats.values() if module['handshakes']]
    return statistics.median(each), max(each)


def watch_cpu(inventory):
    """CPU seconds (user and system) of the watch's process, the one reading the inventory."""
    for pid in os.listdir('/proc'):
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as handle:
                args = handle.read().split(b'\0')
            with open('/proc/%s/stat' % pid) as handle:
                fields = handle.read().rsplit(')', 1)[1].split()
        except (OSError, ValueError):
            continue
        if b'plugin_utils import watch' in b' '.join(args) and inventory.encode() in args:
            return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    raise RuntimeError('the watch is not running')


def table(rows):
    keys = []
    for row in rows:
        keys.extend(key for key in row if key not in keys)
    lines = ['| %s |' % ' | '.join(keys), '|%s|' % '|'.join('---' for dummy in keys)]
    lines.extend('| %s |' % ' | '.join(str(row.get(key, '')) for key in keys) for row in rows)
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--fleet', type=int, default=200, help='modules in the fleet runs')
    parser.add_argument('--forks', type=int, nargs='+', default=[25, 100])
    parser.add_argument('--paths', nargs='+', choices=['worker', 'module'], default=['worker', 'module'])
    parser.add_argument('--large', type=int, default=1000, help='modules in the large fleet run (0: none)')
    parser.add_argument('--large-forks', type=int, default=50)
    parser.add_argument('--repeat', type=int, default=3, help='rounds of the reruns in ratios and large_ratios (median)')
    parser.add_argument('--only', nargs='+',
                        choices=['ratios', 'large_ratios', 'single_device', 'fleet', 'large_fleet', 'alternatives', 'scan',
                                 'terminal_servers', 'backup_audit', 'eda'],
                        help='run only these parts')
    parser.add_argument('--compare', type=int, default=20, help='modules in the comparison with the alternatives')
    parser.add_argument('--scan', type=int, default=48, help='ports in the serial_scan inventory runs')
    parser.add_argument('--backup-fleet', type=int, default=10, help='modules in the backup against audit runs')
    parser.add_argument('--eda', type=int, default=20, help='modules the rulebook watches in the eda part')
    parser.add_argument('--eda-drifts', type=int, default=6, help='drifts timed in the eda part, one after the other')
    parser.add_argument('--out', default=os.path.join(ROOT, 'build', 'benchmark'))
    parser.add_argument('--profile', action='store_true', help='write the seconds of each task of each run to OUT/profile/')
    args = parser.parse_args()
    if args.profile:
        global PROFILE_DIR  # pylint: disable=global-statement
        PROFILE_DIR = os.path.join(args.out, 'profile')
        shutil.rmtree(PROFILE_DIR, ignore_errors=True)
        os.makedirs(PROFILE_DIR)
    parts = {'ratios': lambda: ratios(args.fleet, args.forks, repeat=args.repeat),
             'large_ratios': lambda: ratios(args.large, [args.large_forks], large_reruns(), args.repeat)
             if args.large else [],
             'single_device': single_device,
             'fleet': lambda: fleet(args.fleet, args.forks, args.paths),
             # the first rollout converges the fleet, the rerun is the figure
             'large_fleet': lambda: fleet(args.large, [args.large_forks], ['worker'], runs=2) if args.large else [],
             'alternatives': lambda: alternatives(args.compare),
             'scan': lambda: scan(args.scan),
             'terminal_servers': terminal_servers,
             'backup_audit': lambda: backup_audit(args.backup_fleet, args.forks[0], max(args.repeat, 5)),
             'eda': lambda: eda(args.eda, args.eda_drifts)}
    results = {'date': datetime.date.today().isoformat(), 'cores': os.cpu_count()}
    for key, part in parts.items():
        if not args.only or key in args.only:
            results[key] = part()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'results.json'), 'w') as handle:
        json.dump(results, handle, indent=1)
    print('# Benchmark, %s, %d cores\n' % (results['date'], results['cores']))
    for title, key in (('The fleet playbooks against the bare task and the floor', 'ratios'),
                       ('The same at the large fleet', 'large_ratios'), ('One device at the wire limit', 'single_device'), ('Fleet', 'fleet'),
                       ('Large fleet', 'large_fleet'), ('Against the alternatives', 'alternatives'),
                       ('Discovery (serial_scan)', 'scan'), ('Through ser2net', 'terminal_servers'),
                       ('Backup against audit', 'backup_audit'), ('Event-Driven Ansible (usriot.m0.remediate)', 'eda')):
        if results.get(key):
            print('## %s\n\n%s\n' % (title, table(results[key])))


if __name__ == '__main__':
    main()
