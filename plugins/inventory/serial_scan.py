# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: serial_scan
short_description: Find the USR-M0 modules on serial ports and terminal server ports
version_added: 0.1.0
description:
  - Scans the ports of a configuration file ending in C(.m0.yml) or C(.m0.yaml) for USR-M0 modules and
    yields one host per module found, with the port, the UART speed it answered at and its identity as host variables.
  - On each port it tries the UART speeds of O(baudrates) until a module answers the C(+++)/C(a) handshake (at a speed nobody answers at, only the
    handshake is sent), reads the module's identity with queries and returns it to work
    mode with C(AT+ENTM). Nothing is ever set and no module is left in AT mode.
  - Each port is read in the same AT session as the modules run. A module found in AT mode, as an interrupted run
    leaves it, is kept in the journal of interrupted runs, so that the next converge restarts it, and an earlier
    interrupted run on the port is shown as a warning (the reliability guide, "When a run is stopped").
  - A port where nothing answers, where something that is not an M0 talks, or that cannot be opened is reported as a
    warning, not an error, and yields no host.
  - A module found on two ports (the same MAC) is a warning that names both ports; the module is kept once, on the first
    port.
  - With O(hostname=name), two modules with the same name are a warning that names both ports, and modules that share a
    name are named C(<name>-<MAC>) instead. Modules that still have the factory name C(USR-M0) are expected to share it,
    and give one warning for all of them, not one per pair.
  - The scan runs on the controller, so each host gets C(ansible_connection=local) (overridable with O(compose)), and the
    usriot.m0 modules run in the Ansible worker, on the controller that holds the ports.
  - Every host gets C(usr_m0_firmware_version), what C(AT+VER) answers. A O(keyed_groups) entry with the key
    C(usr_m0_firmware_version) and the prefix C(firmware) makes each firmware release a group, C(firmware_4016),
    C(firmware_4010), so that a play can target the modules of one release (see the EXAMPLES and the fleet guide,
    "Mixed firmware").
  - Every host gets C(usr_m0_mac), which every task of the collection takes as its
    O(usriot.m0.usr_m0_config#module:expected_mac) when the task does not give one, so a module whose cable was moved after the scan
    is refused, not configured in place of another. A cached scan does not see cables moved since; the identity
    guard does.
author: usriot.m0 contributors (@usriot)
requirements:
  - pyserial
  - netaddr
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: The name of this plugin, so Ansible knows the file is for it.
    required: true
    choices: [usriot.m0.serial_scan]
    type: str
  ports:
    description:
      - The ports to scan, in order.
      - A device path such as C(/dev/ttyUSB0); a glob such as C(/dev/serial/by-id/*) (stable names, preferred over
        C(/dev/ttyUSB*), which renumber); a terminal server URL such as C(socket://ts1.example.net:4001); or a range of
        TCP ports in a URL, C(socket://ts1.example.net:4001-4048) or C(rfc2217://ts1.example.net:2001-2016), which stands
        for one URL per port.
      - Two paths to the same device (a by-id link and the C(/dev/ttyUSB) node) are scanned once, under the first name.
    type: list
    elements: str
    required: true
  baudrates:
    description:
      - The UART speeds to try on each port, in order.
      - By default the factory speed C(115200) first, then the others the M0 supports, the common ones first.
      - Over C(socket://) and C(tls://) the speed is the terminal server's business, so only the first speed is tried and reported.
    type: list
    elements: int
  hostname:
    description:
      - What names a host, its MAC address or the module name (C(AT+MID)), passed through the collection's one name
        sanitiser (only C(A-Za-z0-9_.-), so that a module named C(../../pwnd) is the host C(_pwnd), never a path).
      - The MAC stays the same for the life of the module, so host names, host vars files and the backups named after
        hosts stay attached to it. The name changes whenever a rollout or a person sets C(system.name), and the next
        scan then renames the host; choose C(name) only for a fleet whose names are set once, by hand, and never
        rolled out.
    type: str
    choices: [mac, name]
    default: mac
  gather_subset:
    description:
      - Settings sections read besides the identity, for O(compose), O(groups) and O(keyed_groups), for example
        C(sock) to group modules by socket protocol with the key C(usr_m0.sock.protocol).
      - Each host gets the variable C(usr_m0), shaped as the facts of M(usriot.m0.usr_m0_facts) (secrets masked) with the
        status values, the C(system) section and these.
      - A module whose firmware lacks a section's commands is found all the same, with what it has;
        C(usr_m0.unsupported) names what it lacks, as in the facts.
    type: list
    elements: str
    choices: [network, web, uart, sock, registration, heartbeat, http]
    default: []
  timeout:
    description:
      - Seconds the whole scan may take. Ports not started by then are reported as not scanned; a port being scanned
        is finished (its scan is bounded by the number of speeds and O(serial_timeout)).
    type: float
    default: 120
  parallel:
    description: How many ports are scanned at the same time.
    type: int
    default: 16
  serial_timeout:
    description: Seconds to wait for the handshake at the first speed and for each reply.
    type: float
    default: 1.0
  lock_wait:
    description: Seconds to wait for a local port that another process holds (a running playbook) before reporting it busy.
    type: float
    default: 10
'''

EXAMPLES = r'''
# fleet.m0.yml: every USB adapter of this host and a 16-port terminal server, cached for an hour
plugin: usriot.m0.serial_scan
ports:
  - /dev/serial/by-id/*
  - socket://ts1.example.net:4001-4016
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/usriot.m0-scan
cache_timeout: 3600

---
# by-protocol.m0.yml: named by module name (set by hand, never rolled out), grouped by firmware and socket
# protocol, only at the two speeds in use
plugin: usriot.m0.serial_scan
ports: [/dev/ttyUSB*, rfc2217://ts2.example.net:2001-2048]
baudrates: [115200, 9600]
hostname: name
gather_subset: [sock]
keyed_groups:
  - key: usr_m0_firmware_version
    prefix: firmware
  - key: usr_m0.sock.protocol
    prefix: sock
groups:
  slow_line: serial_baudrate < 115200
'''

import concurrent.futures
import glob
import os
import re
import time

from ansible.errors import AnsibleError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display

from ansible_collections.usriot.m0.plugins.module_utils._internal import common, engine, lifecycle, model, transport
from ansible_collections.usriot.m0.plugins.module_utils._internal.names import safe_name
from ansible_collections.usriot.m0.plugins.module_utils._internal.session import FALLBACK_SPEEDS, NoAnswerError

URL_RANGE_RE = re.compile(r'^(?P<head>[a-z0-9+]+://[^/?#]*:)(?P<first>\d+)-(?P<last>\d+)(?P<tail>[/?].*)?$', re.IGNORECASE)
GLOB_RE = re.compile(r'[*?[]')
MAX_RANGE = 1024

display = Display()


def expand_ports(entries):
    """The ports the entries stand for, each once, and a report for each entry that stands for none."""
    ports, reports, seen = [], [], {}
    for entry in entries:
        match = URL_RANGE_RE.match(entry)
        if match:
            first, last = int(match.group('first')), int(match.group('last'))
            if not 0 < first <= last <= 65535 or last - first >= MAX_RANGE:
                raise AnsibleError('ports: %r is not a range of at most %d TCP ports' % (entry, MAX_RANGE))
            found = ['%s%d%s' % (match.group('head'), number, match.group('tail') or '') for number in range(first, last + 1)]
        elif transport.transport_of(entry).network:
            found = [entry]
        elif GLOB_RE.search(entry):
            found = sorted(glob.glob(entry))
            if not found:
                reports.append({'port': entry, 'problem': 'no port matches this pattern'})
        else:
            found = [entry]
        for port in found:
            same = port if transport.transport_of(port).network else os.path.realpath(port)
            if same in seen:
                continue  # the same device under two names: scanned once, under the first
            seen[same] = port
            ports.append(port)
    return ports, reports


def scan_port(port, speeds, timeout, lock_wait, sections):
    """What is on one port: {'module': facts and speed} or {'problem': why no module}. Sends no set command."""
    if not transport.transport_of(port).sets_speed:
        speeds = speeds[:1]  # the terminal server's speed is its own: trying others only costs time

    def gather(session):
        facts = engine.CachedDevice(session).gather(['system'] + sections)
        return dict((key, model.mask_secrets(key, value) if key in model.SECTIONS else value) for key, value in facts.items())

    # finding modules at any speed is what a scan is for (on_silence_too)
    outcome = lifecycle.run_session(port, gather, speeds[0], timeout, lock_wait, speeds=speeds, on_silence_too=True,
                                    handshake_attempts=1)
    for warning in outcome.warnings:  # of the journal of interrupted runs: the speed is what a scan finds
        display.warning('usriot.m0.serial_scan: %s' % warning)
    if not outcome.failure:
        return {'port': port, 'baudrate': outcome.session.baudrate, 'facts': outcome.result}
    session, tried = outcome.session, ', '.join(str(speed) for speed in speeds)
    if not isinstance(outcome.error, NoAnswerError) or session.in_at_mode:
        problem = outcome.failure
    elif session.bytes_heard:
        problem = 'something talks here, but not as an M0 (%d bytes, at %s baud)' % (session.bytes_heard, tried)
    else:
        problem = 'silent: nothing answered the +++ handshake at %s baud' % tried
    return {'port': port, 'problem': problem}


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'usriot.m0.serial_scan'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('.m0.yml', '.m0.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option('cache') and cache
        scan = None
        if use_cache:
            scan = self._cache.get(cache_key)
        if scan is None:
            scan = self._scan()
            if self.get_option('cache'):
                self._cache[cache_key] = scan
        self._populate(scan)

    def _scan(self):
        missing = common.missing_library('by the usriot.m0.serial_scan inventory plugin')
        if missing:
            raise AnsibleError(missing[0])
        speeds = self.get_option('baudrates') or list(FALLBACK_SPEEDS)
        ports, reports = expand_ports(self.get_option('ports'))
        deadline = time.monotonic() + self.get_option('timeout')
        arguments = (speeds, self.get_option('serial_timeout'), self.get_option('lock_wait'), self.get_option('gather_subset'))
        executor = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, self.get_option('parallel')))
        futures = [executor.submit(scan_port, port, *arguments) for port in ports]
        try:
            for dummy in concurrent.futures.as_completed(futures, timeout=max(0, deadline - time.monotonic())):
                pass
        except concurrent.futures.TimeoutError:
            for future in futures:
                future.cancel()  # the ones not started; those under way finish, bounded by their speeds and timeouts
        executor.shutdown(wait=True)
        results = []
        for port, future in zip(ports, futures):
            if future.cancelled():
                results.append({'port': port, 'problem': 'not scanned: the time limit of %s s was reached' % self.get_option('timeout')})
            else:
                results.append(future.result())
        return {'ports': reports + results}

    def _populate(self, scan):
        modules, by_mac, by_name = [], {}, {}
        for result in scan['ports']:
            if 'problem' in result:
                self.display.warning('usriot.m0.serial_scan: no M0 on %s: %s' % (result['port'], result['problem']))
                continue
            mac, name = result['facts']['mac'], result['facts']['system']['name']
            if mac in by_mac:
                self.display.warning('usriot.m0.serial_scan: the module with MAC %s answers on %s and on %s; it is kept on %s'
                                     % (mac, by_mac[mac]['port'], result['port'], by_mac[mac]['port']))
                continue
            by_mac[mac] = result
            by_name.setdefault(safe_name(name), []).append(result)
            modules.append(result)
        by_names = self.get_option('hostname') == 'name'
        if by_names:
            self._warn_shared_names(by_name)
        strict = self.get_option('strict')
        for result in modules:
            facts = result['facts']
            name = facts['system']['name']
            if not by_names:
                host = safe_name(facts['mac'])
            elif len(by_name[safe_name(name)]) > 1:
                host = safe_name('%s-%s' % (name, facts['mac']))
            else:
                host = safe_name(name)
            self.inventory.add_host(host)
            hostvars = {
                'ansible_connection': 'local',
                'serial_port': result['port'],
                'serial_baudrate': result['baudrate'],
                'usr_m0_mac': facts['mac'],
                'usr_m0_firmware_version': facts['firmware_version'],
                'usr_m0_name': name,
                'usr_m0': facts,
            }
            for key, value in hostvars.items():
                self.inventory.set_variable(host, key, value)
            self._set_composite_vars(self.get_option('compose'), hostvars, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, host, strict=strict)

    def _warn_shared_names(self, by_name):
        """One warning per name that several modules share; one for all modules still named as they left the factory."""
        for name, results in sorted(by_name.items()):
            if len(results) < 2:
                continue
            self.display.warning('usriot.m0.serial_scan: %d modules are named %s%s, on %s; they are named %s-<MAC>' % (
                len(results), name, ' (the factory name)' if name == model.FACTORY_NAME else '',
                ', '.join(result['port'] for result in results), name))
