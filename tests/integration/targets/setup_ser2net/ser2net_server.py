# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and stop ser2net, the Debian package users run as a terminal server, as an admin does.

    python ser2net_server.py start|stop DIR

start runs ser2net on DIR/ser2net.yaml in the background (its pid in DIR/pid, its output appended to
DIR/ser2net.log) and returns once each of its accepters listens; stop ends it as systemd stops a
service. The shell targets (ser2net.sh), the fault matrix, the docs test and the benchmark all use these.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import signal
import subprocess
import sys
import time


def start(directory):
    config = os.path.join(directory, 'ser2net.yaml')
    with open(os.path.join(directory, 'ser2net.log'), 'ab') as log:
        # -n: foreground, -u: no UUCP locks (the simulator's pseudo-terminals are not in /var/lock), own pid file
        server = subprocess.Popen(['ser2net', '-n', '-u', '-c', config, '-P', os.path.join(directory, 'ser2net.pid')],
                                  stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    with open(os.path.join(directory, 'pid'), 'w') as handle:
        handle.write('%d\n' % server.pid)
    with open(config) as handle:
        ports = set(int(port) for port in re.findall(r'^\s*accepter:.*,(\d+)\s*$', handle.read(), re.M))
    deadline = time.monotonic() + 5
    while server.poll() is None and time.monotonic() < deadline:
        if ports <= listening(server.pid):
            return server
        time.sleep(0.05)
    missing = ports - listening(server.pid)
    stop(directory)
    with open(os.path.join(directory, 'ser2net.log')) as handle:
        raise RuntimeError('ser2net did not listen on port %s (another process may hold it):\n%s'
                           % (', '.join(map(str, sorted(missing))), handle.read()))


def listening(pid):
    """The TCP ports that process pid listens on: read off the kernel's tables, so that no probe connection makes
    ser2net open a device that a client is about to connect to. Only its own sockets count: ser2net says nothing
    when another process holds the port of one of its accepters."""
    owned = set()
    try:
        descriptors = os.listdir('/proc/%d/fd' % pid)
    except OSError:
        return set()  # it has ended (and was reaped)
    for descriptor in descriptors:
        try:
            owned.add(os.readlink('/proc/%d/fd/%s' % (pid, descriptor)))
        except OSError:
            pass  # closed meanwhile
    ports = set()
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        with open(table) as handle:
            for row in handle.readlines()[1:]:
                fields = row.split()
                if fields[3] == '0A' and 'socket:[%s]' % fields[9] in owned:  # 0A: LISTEN; fields[9]: the inode
                    ports.add(int(fields[1].rsplit(':', 1)[1], 16))
    return ports


def stop(directory):
    pid_file = os.path.join(directory, 'pid')
    if not os.path.exists(pid_file):
        return
    with open(pid_file) as handle:
        pid = int(handle.read())
    try:
        os.kill(pid, signal.SIGTERM)
        # ser2net has been seen to outlive a SIGTERM now and then (it lingers on a connection): 5 s, then SIGKILL
        deadline = time.monotonic() + 5
        while running(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                deadline = float('inf')
            time.sleep(0.02)
    except ProcessLookupError:
        pass  # it had ended
    os.unlink(pid_file)


def running(pid):
    """True until the process has exited (a zombie has: its parent just did not reap it yet)."""
    try:
        with open('/proc/%d/status' % pid) as handle:
            return '\nState:\tZ' not in handle.read()
    except FileNotFoundError:
        return False


if __name__ == '__main__':
    try:
        {'start': start, 'stop': stop}[sys.argv[1]](sys.argv[2])
    except RuntimeError as exc:
        sys.exit(str(exc))
