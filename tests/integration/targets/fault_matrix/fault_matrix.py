# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault matrix: each line fault against every settings module path, through ansible-playbook.

For each fault: inject it on all eight simulated modules (one per settings module), run a change,
record the outcome, check that every module was left in work mode and that a failed run left the
module's flash as it was before the run (never a mix of old and new settings), clear the fault, rerun,
and check that a check-mode run right after predicts no change (converged) and that nothing reached the
network in the run and the rerun (the simulator's count and its log), but what the fault itself sends
there by design. Prints the table and fails on a bad row.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys
import threading
import time

from usr_m0_sim.control import Client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'setup_ser2net'))
import ser2net_server  # noqa: E402  pylint: disable=wrong-import-position

STATE = sys.argv[1]
INVENTORY = os.path.join(STATE, 'inventory.json')
CLIENT = Client(STATE)
DEVICES = [device['name'] for device in json.load(open(os.path.join(STATE, 'devices.json')))]

# The settings module each simulated module is changed with (apply.yml).
SECTION_OF = {'m0-00': 'system', 'm0-01': 'network', 'm0-02': 'web', 'm0-03': 'uart', 'm0-04': 'sock',
              'm0-05': 'registration', 'm0-06': 'heartbeat', 'm0-07': 'http'}
# The second set command of each module's change (apply.yml), in the order the engine sends them.
SECOND_SET = {'m0-00': 'MID', 'm0-01': 'DNS', 'm0-02': 'WEBPORT', 'm0-03': 'UART', 'm0-04': 'SOCKPORT',
              'm0-05': 'REGUSR', 'm0-06': 'HEARTDT', 'm0-07': 'HTPURL'}

# fault: (simulator fault and params, or a special preparation; expected outcome; extra play vars)
MATRIX = [
    ('unsolicited network data before and during the handshake', ('noise', {'interval': 0.05}), 'ok', {}),
    # apply.yml's serial_timeout is 1.0 s: an `a` 0.6 s late comes within it, one 1.5 s late after it, and must still
    # be answered or waited out: the module holds its handshake open 3 s from its `a`, and takes what comes meanwhile
    # for data
    ('handshake answered late', ('late-handshake', {'seconds': 0.6}), 'ok', {}),
    ('handshake answered after serial_timeout', ('late-handshake', {'seconds': 1.5}), 'ok', {}),
    ('handshake answered late after the restart', ('late-handshake', {'seconds': 0.6, 'after_restart': True}), 'ok', {}),
    ('entry reply (+ok) lost', ('lost-entry-reply', {'after': 0}), 'ok', {}),
    ('entry reply (+ok) lost after the restart', ('lost-entry-reply', {'after': 1}), 'ok', {}),
    ('handshake not answered (module off)', ('silent', {}), 'failed', {}),
    ('reply lost', ('drop-reply', {'count': 1}), 'ok', {}),
    ('reply truncated', ('truncate-reply', {'count': 1}), 'ok', {}),
    ('garbage around a reply', ('garbage-reply', {'count': 2}), 'ok', {}),
    ('+ERR=-4 on a set', ('error', {'command': 'any', 'code': -4}), 'failed', {}),
    ('+ERR=-4 on the second set of a run (rolled back)', ('error-second', {'code': -4}), 'failed', {}),
    ('line cut for good after the first set', ('cut-after-set', {'sets': 1}), 'failed', {'line_cut': True}),
    ('module reboots mid-session', ('reboot', {'after': 2}), 'ok', {}),
    ('line stalls for 2 s mid-session, then flows again (a busy terminal server)', ('stall', {'after': 3, 'seconds': 2.0}), 'ok', {}),
    ('port held by another process', ('hold-port', {}), 'ok', {}),
    ('terminal server refuses the connection', ('tcp-refuse', {}), 'failed', {'use_tcp': True}),
    ('terminal server drops the connection mid-run', ('tcp-drop', {'after': 40}), 'ok', {'use_tcp': True}),
    ('ser2net port in use by another client for 3 s', ('ser2net-busy', {'seconds': 3}), 'ok', {'use_ser2net': 'socket'}),
    ('ser2net restarted mid-run (after the first set)', ('ser2net-restart', {}), 'ok', {'use_ser2net': 'rfc2217'}),
    # the simulator's sockets never connect: every confirmed change is put back (usr_m0_config confirm)
    ('socket link down after the restart (confirmed change rolled back)', ('link-down', {}), 'failed', {'confirm': True}),
    # last: it leaves the modules running at 57600, which ser2net's raw TCP ports (fixed at 115200) cannot reach
    ('UART speed stored by a run that did not restart', ('stale-speed', {}), 'ok', {'baudrate': 57600}),
]
SER2NET = os.path.join(STATE, 'ser2net')
# The event a module logs when the fault hit it: a row whose fault hit no module would test nothing.
LOGGED_EFFECTS = {'lost-entry-reply': 'entry_reply_lost', 'late-handshake': 'late_a', 'stall': 'line_stalled'}


def playbook(cycle, extra):
    """Run apply.yml; each module's outcome (of the change, and of the check-mode prediction with verify)."""
    results = os.path.join(STATE, 'task-results.json')
    if os.path.exists(results):
        os.unlink(results)
    extra = dict(extra, cycle=cycle, section_of=SECTION_OF)
    command = ['ansible-playbook', '-i', INVENTORY, 'apply.yml', '-f', '8', '-e', json.dumps(extra)]
    output = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                            env=dict(os.environ, TASK_RESULTS_FILE=results)).stdout.decode()
    tasks = json.load(open(results)) if os.path.exists(results) else {}
    outcomes = {}
    for name in DEVICES:
        if 'Apply the value of this cycle' not in tasks.get(name, {}):
            sys.stdout.write(output)
            raise AssertionError('no outcome recorded for %s' % name)
        outcome = dict(tasks[name]['Apply the value of this cycle'], module=SECTION_OF[name])
        prediction = tasks[name].get('Predict the same change in check mode (a converged module predicts none)')
        outcome['converged'] = bool(prediction) and not (prediction['failed'] or prediction['skipped'] or prediction['changed'])
        outcomes[name] = outcome
    return outcomes


def ser2net_port(name, mode):
    url = json.load(open(os.path.join(STATE, 'ser2net.json')))[name][mode]
    return int(url.split(':')[2].split('?')[0])


def log_offsets():
    """Where each simulated module's event log ends now."""
    return dict((name, os.path.getsize(os.path.join(STATE, '%s.log.jsonl' % name))) for name in DEVICES)


def logged_since(offsets):
    """Each module's events (JSON lines) logged after the offsets."""
    return dict((name, open(os.path.join(STATE, '%s.log.jsonl' % name)).read()[offset:]) for name, offset in offsets.items())


def restart_ser2net_after_first_set():
    """Once a module logged a set command of this run, stop ser2net and start it again, as an admin would.

    Only once every module has taken a line of this run: the row is about a line that drops mid-run, and a
    connection that ser2net refused before it was ever made is a different fault (a wrong address).
    """
    offsets = log_offsets()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        news = logged_since(offsets).values()
        if all('"rx_line"' in new for new in news) and any('"kind": "set"' in new for new in news):
            break
        time.sleep(0.02)
    ser2net_server.stop(SER2NET)
    time.sleep(0.3)
    ser2net_server.start(SER2NET)


def inject(fault, params):
    """Start a fault; returns a function that ends it."""
    holders = []
    if fault == 'ser2net-busy':
        # another client holds every ser2net port: the run must wait for it, not take the banner for the module
        code = 'import socket, sys, time; s = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); time.sleep(%s)'
        for name in DEVICES:
            holders.append(subprocess.Popen([sys.executable, '-c', code % params['seconds'], str(ser2net_port(name, 'socket'))]))
        time.sleep(0.5)
    elif fault == 'ser2net-restart':
        restarter = threading.Thread(target=restart_ser2net_after_first_set)
        restarter.start()
        holders.append(restarter)
    elif fault == 'hold-port':
        # another process holds every port for 3 s: the run must wait for it, not mix bytes with it
        code = 'import serial, sys, time; p = serial.Serial(sys.argv[1], exclusive=True); time.sleep(3)'
        for name in DEVICES:
            holders.append(subprocess.Popen([sys.executable, '-c', code, os.path.join(STATE, '%s.tty' % name)]))
        time.sleep(0.5)
    elif fault == 'stale-speed':
        # a previous run stored 57600 with restart=false; the inventory already says 57600
        for name in DEVICES:
            subprocess.run(['ansible', name, '-i', INVENTORY, '-m', 'usriot.m0.usr_m0_uart',
                            '-a', 'serial_port={{ serial_port }} baudrate=57600 restart=false'],
                           stdout=subprocess.DEVNULL, check=True)
    elif fault == 'link-down':
        pass  # nothing to inject: no server is reachable, AT+SOCKLK says disconnected
    elif fault == 'error-second':
        for name in DEVICES:
            CLIENT.call('fault', device=name, fault='error', params=dict(params, command=SECOND_SET[name]))
    else:
        CLIENT.call('fault', device='all', fault=fault, params=params)

    def end():
        for holder in holders:
            if isinstance(holder, threading.Thread):
                holder.join()
            else:
                holder.wait()
        CLIENT.call('clear-faults', device='all')
    return end


def network_verdict(fault, logged, network_bytes):
    """('yes', True) when nothing reached the network, or only what the row's fault sends there by design.

    logged: the module's events (JSON lines) of the run and the rerun; network_bytes: its count of bytes sent.
    """
    events = [json.loads(line) for line in logged.splitlines()]
    sent = ''.join(event['data'] for event in events if event['event'] == 'network_tx')
    if not network_bytes and not sent:
        return 'yes', True
    if fault == 'stale-speed':
        # The module runs 115200 and the host writes at 57600, the speed it was told: the module reads noise and sends
        # it on as data, which no one can prevent. At a speed that draws no answer the driver may write only its
        # handshake (`+++`) and the probe's CR, never an AT line: the noise is those, one read of 3 or 1 bytes each.
        garbled = [event['bytes'] for event in events if event['event'] == 'garbled']
        if set(garbled) <= {1, 3} and network_bytes == sum(garbled):
            return 'only the noise of %d handshake bytes at the wrong speed' % network_bytes, True
    return 'no: %d bytes %r' % (network_bytes, sent), False


def flash():
    return CLIENT.call('flash')['flash']


def modes():
    stats = CLIENT.call('stats')['stats']
    return dict((name, stats[name]['mode']) for name in DEVICES)


def wait_until_not_restarting(deadline=10):
    end = time.monotonic() + deadline
    while 'restarting' in modes().values() and time.monotonic() < end:
        time.sleep(0.2)


def main():
    rows = []
    bad = []
    # FAULT_MATRIX_FAULTS (simulator fault names, space separated) runs only those rows
    only = os.environ.get('FAULT_MATRIX_FAULTS', '').split()
    for cycle, (title, (fault, params), expected, extra) in enumerate(MATRIX):
        if only and fault not in only:
            continue
        if 'use_ser2net' in extra and not os.path.exists(os.path.join(STATE, 'ser2net.json')):
            print('!!!!!! SKIPPED row %r: ser2net is not installed !!!!!!' % title)
            continue
        extra = dict(extra)
        # nothing reaches a module whose line is cut: it stays in AT mode until the rerun
        line_cut = extra.pop('line_cut', False)
        end = inject(fault, params)
        stored_before = flash()
        stats_before = CLIENT.call('stats')['stats']
        offsets = log_offsets()
        outcomes = playbook(cycle, extra)
        logged = logged_since(offsets)
        stored_after = flash()
        end()
        wait_until_not_restarting()
        left = modes()
        rerun_extra = dict(extra, verify=True)
        rerun_extra.pop('use_tcp', None)
        rerun_extra.pop('use_ser2net', None)
        rerun_extra.pop('confirm', None)  # the rerun converges without a link to confirm
        rerun = playbook(cycle, rerun_extra)
        stats_after = CLIENT.call('stats')['stats']
        # what reached the network in the run and the rerun: in work mode the module sends every byte to its peer
        sent = logged_since(offsets)
        for name in DEVICES:
            outcome = outcomes[name]
            result = 'failed' if outcome['failed'] else 'ok'
            work_mode = left[name] == 'work'
            converged = not rerun[name]['failed'] and rerun[name]['converged']
            differs = sorted(key for key, value in stored_after[name].items() if value != stored_before[name].get(key))
            # a failed run stores nothing (the flash afterwards is the one before the run); where the line
            # was cut for good before the rollback, the message names every command it left stored
            atomic = not outcome['failed'] or not differs or (
                line_cut and all('AT+%s=' % key in outcome['msg'] for key in differs))
            clear = not outcome['failed'] or (outcome['msg'].startswith(('/', 'socket://', 'rfc2217://', 'tls://')) and len(outcome['msg']) > 40)
            network, quiet = network_verdict(
                fault, sent[name], stats_after[name]['network_tx_bytes'] - stats_before[name]['network_tx_bytes'])
            row = (title, outcome['module'], result, 'yes' if work_mode else 'no', 'yes' if atomic else 'no',
                   'yes' if converged else 'no', network)
            rows.append(row)
            hit = fault not in LOGGED_EFFECTS or '"%s"' % LOGGED_EFFECTS[fault] in logged[name]
            if result != expected or not (work_mode or line_cut) or not atomic or not converged or not clear or not hit or not quiet:
                bad.append(row + (outcome['msg'],))
    print('| fault | module | outcome | left in work mode | flash as before, or what is left stored named | rerun converged '
          '| nothing reached the network |')
    print('|---|---|---|---|---|---|---|')
    for row in rows:
        print('| %s |' % ' | '.join(row))
    if bad:
        print('\nUNEXPECTED:')
        for row in bad:
            print(row)
        sys.exit(1)


if __name__ == '__main__':
    main()
