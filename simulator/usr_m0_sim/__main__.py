# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m usr_m0_sim serve|ctl ... (see simulator/README.md)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import subprocess
import sys
import time

from usr_m0_sim import commands, control


def firmware(text):
    """--firmware VERSION[:COMMAND,...], as argparse reports a bad value."""
    try:
        return commands.firmware(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc))


def parse_value(text):
    """key=value parameters: numbers and booleans as such, the rest as text."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return {'true': True, 'false': False}.get(text.lower(), text)


def serve(args):
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, exist_ok=True)
    if not args.foreground:
        ready = os.path.join(state_dir, 'ready')
        if os.path.exists(ready):
            os.unlink(ready)
        command = [sys.executable, '-m', 'usr_m0_sim'] + sys.argv[1:] + ['--foreground']
        with open(os.path.join(state_dir, 'sim.out'), 'ab') as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
        with open(os.path.join(state_dir, 'sim.pid'), 'w') as handle:
            handle.write('%d\n' % process.pid)
        deadline = time.monotonic() + 60
        while not os.path.exists(ready):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.stderr.write('the simulator did not start; see %s\n' % os.path.join(state_dir, 'sim.out'))
                return 1
            time.sleep(0.05)
        return 0
    from usr_m0_sim.server import Server  # the serving process only
    server = Server(state_dir, args.count, prefix=args.name_prefix, tcp=args.tcp, run_as_module=args.run_as_module,
                    guard_time=args.guard_time,
                    restart_delay=args.restart_delay, reset_delay=args.reset_delay, seed=args.seed,
                    line_speed=args.line_speed, reachable=args.reachable, firmwares=args.firmware or ())
    server.serve(control.handle)
    return 0


def ctl(args):
    request = {}
    if args.device:
        request['device'] = args.device
    if args.command == 'fault':
        request['fault'] = args.args[0]
        request['params'] = dict((key, parse_value(value)) for key, value in (item.split('=', 1) for item in args.args[1:]))
    elif args.command == 'set-state':
        request['state'] = dict((key, value) for key, value in (item.split('=', 1) for item in args.args))
    result = control.Client(args.state_dir).call(args.command, **request)
    print(json.dumps(result, indent=1, sort_keys=True))
    return 0


def type_at(args):
    from usr_m0_sim.terminal import type_lines
    for line, reply in type_lines(args.port, args.lines, baudrate=args.baudrate, stay=args.stay):
        print('%s -> %s' % (line, reply))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog='usr_m0_sim', description='Simulated USR-M0 modules on pseudo-terminals and TCP.')
    sub = parser.add_subparsers(dest='action', required=True)
    run = sub.add_parser('serve', help='start N simulated modules')
    run.add_argument('--state-dir', required=True, help='flash files, logs, tty links, devices.json, control socket')
    run.add_argument('--count', type=int, default=1)
    run.add_argument('--name-prefix', default='m0-')
    run.add_argument('--tcp', action='store_true', help='also serve each module on a loopback TCP port (socket://)')
    run.add_argument('--run-as-module', action='store_true',
                     help='the inventory runs the usriot.m0 modules as modules under this Python, not in the worker')
    run.add_argument('--guard-time', type=float, default=0.05, help='idle line needed before +++ (s)')
    run.add_argument('--restart-delay', type=float, default=1.5, help='silence after AT+Z (s)')
    run.add_argument('--reset-delay', type=float, default=2.0, help='silence after AT+RELD (s)')
    run.add_argument('--seed', type=int, default=None)
    run.add_argument('--line-speed', action='store_true', help='bytes take 10 bit times at the UART speed each way')
    run.add_argument('--reachable', action='append', metavar='HOST:PORT',
                     help='a server that TCP client sockets reach (AT+SOCKLK then follows the running socket); repeat it')
    run.add_argument('--firmware', action='append', type=firmware, metavar='VERSION[:COMMAND,...]',
                     help='the firmware the modules run: AT+VER answers VERSION, the COMMANDs answer +ERR=-2; repeat it '
                          'for a mixed fleet (the modules take them in turn; default %s with every command)' % commands.FIRMWARE)
    run.add_argument('--foreground', action='store_true', help='serve in this process instead of a daemon')
    run.set_defaults(func=serve)
    talk = sub.add_parser('ctl', help='control a running simulator')
    talk.add_argument('--state-dir', required=True)
    talk.add_argument('--device', help='a module name, or all (default)')
    talk.add_argument('command', choices=['stop', 'devices', 'stats', 'reset-log', 'fault', 'clear-faults', 'set-state', 'flash'])
    talk.add_argument('args', nargs='*', help='fault NAME key=value... | set-state key=value...')
    talk.set_defaults(func=ctl)
    person = sub.add_parser('type', help='type AT lines on a module\'s pseudo-terminal, as a person at a terminal does')
    person.add_argument('port', help='the module\'s pseudo-terminal (STATE_DIR/m0-NN.tty)')
    person.add_argument('lines', nargs='*', help='AT lines, such as AT+HEARTTM=99 AT+Z')
    person.add_argument('--baudrate', type=int, default=115200, help='the speed the module runs at')
    person.add_argument('--stay', action='store_true', help='leave the module in AT mode (no AT+ENTM), as an interrupted session does')
    person.set_defaults(func=type_at)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == '__main__':
    sys.exit(main())
