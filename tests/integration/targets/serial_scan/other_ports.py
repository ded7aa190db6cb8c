"""Two serial ports that are not an M0, for the scan to report: one with nothing behind it, one where a
Linux console asks for a login. Links STATE/empty.tty and STATE/talker.tty; runs until killed."""
import os
import select
import sys
import tty

state = sys.argv[1]
ports = {}
for name in ('empty', 'talker'):
    master, slave = os.openpty()
    tty.setraw(slave)
    os.symlink(os.ttyname(slave), os.path.join(state, '%s.tty' % name))
    ports[master] = name
open(os.path.join(state, 'other_ports.ready'), 'w').close()
talker = [fd for fd, name in ports.items() if name == 'talker'][0]
while True:
    select.select([talker], [], [])
    if os.read(talker, 1024):
        os.write(talker, b'\r\nDebian GNU/Linux 12 console\r\n\r\nlogin: ')
