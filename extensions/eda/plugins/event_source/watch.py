# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""usriot.m0.watch: an Event-Driven Ansible event source that watches the USR-M0 modules of an inventory.

ansible-rulebook loads this file by its path and runs ``main(queue, args)``, which starts the watch
(plugins/plugin_utils/_internal/watch.py) in a process of its own and puts the events it reads from it on the queue.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
---
short_description: Watch the USR-M0 modules of an inventory for drift, factory resets, restarts and modules coming and going
description:
  - Every O(interval) seconds, each module of the O(inventory) is read in one short AT session through the collection's
    driver, as the idempotent converge reads it (its layered C(usr_m0_config), the usriot.m0.layered_config lookup,
    and its MAC), taken back to work mode, and never set. The host variables C(serial_port), C(serial_baudrate),
    C(serial_timeout), C(serial_lock_wait), C(usr_m0_terminal_server_sessions) and C(usr_m0_mac) are taken as the
    collection's modules take them; a local port is locked for the session, as a playbook locks it.
  - Each module has its own rounds, so a slow or dead module never delays the others.
  - An event is put for what changed since the module's last round, none for a module that stays as it was.
    C(appeared), a module answers where none did in the last round (or one with another MAC, C(usr_m0.previous_mac));
    C(vanished), the module does not answer in two rounds in a row (one missed round, a blip of the line, is not an
    event), or another module (not C(usr_m0_mac)) answers, C(usr_m0.reason) says which;
    C(drifted), its settings differ from its layered C(usr_m0_config), C(usr_m0.drift) says how (passwords masked),
    reported again only when the drift changes; C(factory_reset), the same, where every setting read holds what a
    factory reset leaves; C(restarted), the module surely restarted since the last round, C(usr_m0.evidence) says
    how it shows (the M0 keeps no uptime, so a quick restart that changes nothing on the line goes unseen);
    C(found_in_at_mode), an interrupted session had left it in AT mode, its data service stopped (the round took it
    back to work mode; the next converge restarts it).
  - From the first round on, a module that does not answer (in two rounds) is C(vanished), and one that differs is
    C(drifted) or C(factory_reset).
  - Hosts whose port is not reached from this machine (C(ansible_connection) other than C(local)), or whose variables
    do not fit, are not watched; the source logs why, once.
  - Vault-encrypted variables are decrypted with the vault password file that C(ansible.cfg) or
    C(ANSIBLE_VAULT_PASSWORD_FILE) names.
  - Needs ansible-core, pyserial and netaddr in the Python that runs ansible-rulebook. The watch runs in a process of
    its own, which ends, once no session is open, when ansible-rulebook does.
options:
  inventory:
    description:
      - The Ansible inventory, a path as C(ansible-playbook -i) takes it (a file, a folder with C(group_vars) and
        C(host_vars), a C(usriot.m0.serial_scan) configuration), read once when the source starts.
      - Give the rulebook's actions the same inventory (C(ansible-rulebook -i)); ansible-rulebook copies a file alone,
        so an inventory with C(group_vars) or C(host_vars) beside it must be given as its folder.
    type: str
    required: true
  interval:
    description:
      - Seconds from the start of one round on a module to the start of the next; a round that takes longer (a module
        that does not answer takes about 9.4 s with the default C(serial_timeout)) is followed at once by the next.
    type: float
    default: 60
  limit:
    description: Watch only the hosts of this pattern, as C(ansible-playbook --limit) takes it.
    type: str
"""

EXAMPLES = r"""
- name: Keep the fleet as its inventory wants it
  hosts: all
  sources:
    - usriot.m0.watch:
        inventory: inventory/
        interval: 30
        limit: site_north
  rules:
    - name: Converge a module that drifted
      condition: event.usr_m0.kind == "drifted"
      action:
        run_playbook:
          name: usriot.m0.rollout
"""

import asyncio
import json
import logging
import os
import pathlib
import sys

LOGGER = logging.getLogger(__name__)

# The watch runs in a process of its own, set up as ansible-playbook sets itself up (Ansible's collection loader, with
# the collections folder of this file first): in ansible-rulebook's process that loader would take over the loading
# of every later event source and filter file under a collections path.
WATCH = ('import sys; from ansible.plugins.loader import init_plugin_loader; init_plugin_loader([sys.argv[1]]); '
         'from ansible_collections.usriot.m0.plugins.plugin_utils._internal import watch; sys.exit(watch.main(sys.argv[2:]))')
# COLLECTIONS/ansible_collections/usriot/m0/extensions/eda/plugins/event_source/watch.py
COLLECTIONS = str(pathlib.PurePath(os.path.abspath(__file__)).parents[7])


class WatchFailed(Exception):
    """The watch could not start, or ended."""


async def main(queue, args):
    """Put the events of the watch of args['inventory'] (limited to args['limit']), a round on each module every
    args['interval'] seconds, on the queue, until cancelled or the watch is told to stop (a signal to
    ansible-rulebook's process group)."""
    if not args.get('inventory'):
        raise WatchFailed('usriot.m0.watch: give the inventory to watch (inventory), as ansible-playbook -i takes it')
    interval = float(args.get('interval', 60))
    if interval <= 0:
        raise WatchFailed('usriot.m0.watch: interval must be more than 0 seconds, not %s' % args.get('interval'))
    process = await asyncio.create_subprocess_exec(
        sys.executable, '-c', WATCH, COLLECTIONS, str(args['inventory']), str(interval), str(args.get('limit') or ''),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE)
    try:
        async for line in process.stdout:
            message = json.loads(line)
            if 'event' in message:
                await queue.put(message['event'])
            elif 'log' in message:
                LOGGER.log(logging.WARNING if message['warning'] else logging.INFO, 'usriot.m0.watch: %s', message['log'])
            else:
                raise WatchFailed(message['error'])
        # ended when told to (a signal to ansible-rulebook's process group), or failed
        code = await process.wait()
        if code:
            raise WatchFailed('usriot.m0.watch ended with exit code %s' % code)
    finally:
        if process.returncode is None:
            # the watch finishes the rounds under way, each module back in work mode, and ends
            process.terminate()
            await process.wait()
