# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a ser2net.yaml that puts simulated modules behind ser2net, and the URLs that reach them.

    python ser2net_config.py STATE DIR HOST...

For each simulated module HOST (of STATE/devices.json), four ports on 127.0.0.1, of a block free now: raw TCP,
telnet(rfc2217), TLS, and TLS that requires a client certificate, with the certificates make_certs.sh made in DIR.
Writes DIR/ser2net.yaml and STATE/ser2net.json (host -> {socket, rfc2217, tls, tls_client: URL}).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'setup_m0sim'))
import free_ports  # noqa: E402  pylint: disable=wrong-import-position


def main(state, directory, hosts):
    devices = dict((device['name'], device) for device in json.load(open(os.path.join(state, 'devices.json'))))
    lines, urls = [], {}
    base = free_ports.free_block(4 * len(hosts))
    for number, host in enumerate(hosts):
        tty = os.path.realpath(devices[host]['tty'])
        ports = [base + 4 * number + offset for offset in range(4)]
        ssl = 'ssl(key=%s/server.key,cert=%s/server.pem' % (directory, directory)
        # ser2net.yaml as its manual writes it: the device speed is the factory 115200, "local" ignores modem lines
        for name, accepter, port in (('raw', 'tcp', ports[0]), ('rfc2217', 'telnet(rfc2217),tcp', ports[1]),
                                     ('tls', ssl + '),tcp', ports[2]), ('tls_client', ssl + ',clientauth),tcp', ports[3])):
            lines += ['connection: &%s-%s' % (host, name),
                      '  accepter: %s,127.0.0.1,%d' % (accepter, port),
                      '  connector: serialdev,%s,115200n81,local' % tty]
            if name == 'tls_client':
                lines += ['  options:', '    authdir: %s/auth' % directory]
        urls[host] = {'socket': 'socket://127.0.0.1:%d' % ports[0], 'rfc2217': 'rfc2217://127.0.0.1:%d' % ports[1],
                      'tls': 'tls://localhost:%d?cafile=%s/ca.pem' % (ports[2], directory),
                      'tls_client': 'tls://localhost:%d?cafile=%s/ca.pem&certfile=%s/m0ctl.pem&keyfile=%s/m0ctl.key'
                                    % (ports[3], directory, directory, directory)}
    with open(os.path.join(directory, 'ser2net.yaml'), 'w') as handle:
        handle.write('\n'.join(lines) + '\n')
    with open(os.path.join(state, 'ser2net.json'), 'w') as handle:
        json.dump(urls, handle, indent=1)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
