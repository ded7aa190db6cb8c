#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: usr_m0_config
short_description: Manage all settings of a USR-M0 module as one resource
version_added: 0.1.0
description:
  - Manages every setting of the M0 in one AT session with at most one restart, in the style of the ansible.netcommon
    resource modules, with the states V(merged), V(replaced), V(overridden), V(deleted), V(gathered),
    V(rendered) and V(parsed).
  - 'A run is all or nothing: if a set command fails after others were stored, those are stored again as
    they were and read back, and the task fails saying what was rolled back; the module is not restarted.'
  - What RV(gathered) returns, given back as O(config) with O(state=merged), reports no change.
  - The per-area modules (M(usriot.m0.usr_m0_uart) and so on) run the same engine for one section each.
author: usriot.m0 contributors (@usriot)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - usriot.m0.transport
  - usriot.m0.identity
  - usriot.m0.settings
  - usriot.m0.settings.config
options:
  config:
    description:
      - The desired settings, one dict per section. Each section takes exactly the options of its settings
        module (M(usriot.m0.usr_m0_system), M(usriot.m0.usr_m0_network), ...), and is the shape RV(gathered)
        returns and M(usriot.m0.usr_m0_facts) gathers.
      - Required for O(state=merged), O(state=replaced), O(state=overridden) and O(state=rendered). With
        O(state=deleted), only the sections given count (their options are ignored); without O(config),
        O(state=deleted) takes every section.
    type: dict
  state:
    description:
      - V(merged) sets the options given and leaves all others as they are.
      - 'V(replaced) sets each section given whole: its options that are not given go back to their factory
        values (options without one, the name, MAC and cloud account, are left as they are).'
      - 'V(overridden) sets every section whole: the options given take their values, every other option
        goes back to its factory value (the same exceptions as V(replaced)). An O(config) without O(config.uart)
        puts the UART back to 115200 8N1: the module is followed to that speed and the task warns.'
      - V(deleted) puts the sections given in O(config), or every section if O(config) is not given, back
        to their factory values (the same exceptions as V(replaced)).
      - V(gathered) returns the running settings as RV(gathered), in the O(config) shape; nothing is changed.
      - V(rendered) returns as RV(rendered) the set commands for O(config), with no device (multi-field
        commands take factory values for fields not given; a warning names them).
      - V(parsed) turns O(running_config) into the O(config) shape as RV(parsed), with no device.
    type: str
    choices: [merged, replaced, overridden, deleted, gathered, rendered, parsed]
    default: merged
  running_config:
    description:
      - 'Captured AT traffic for O(state=parsed): query lines each followed by their C(+OK=<value>) reply
        (with or without echo), and/or set lines such as RV(rendered) returns.'
      - Lines end in CR or LF; a line holding any other character that is not printable ASCII is refused.
      - 'The value is never logged or shown in the task''s C(invocation) (no_log): captured traffic holds
        passwords in clear.'
    type: str
  skip_unsupported:
    description:
      - 'A setting of O(config) whose AT command the module''s firmware lacks is refused before anything
        is set (the default), naming the firmware version and the command. With V(true) it is left out
        instead, the task warns and RV(unsupported) names it: the C(usriot.m0.restore) playbook sets it,
        so that a backup restores what the module can hold.'
      - 'V(replaced), V(overridden) and V(deleted) leave what the firmware lacks alone either way: they
        refuse only a setting O(config) gives.'
    type: bool
    default: false
  include_secrets:
    description:
      - 'With O(state=gathered), return the web and cloud passwords in clear instead of masked, for a
        backup that can restore them. Register the result with C(no_log: true) and store it with mode
        C(0600).'
      - With O(backup=true), keep them in clear in the backup file.
    type: bool
    default: false
  backup:
    description:
      - 'Backup before change: before a run changes the module (never when nothing changes), write the settings
        it runs on the Ansible controller as a C(usr_m0_config) document that the C(usriot.m0.restore) playbook
        takes (mode C(0600), passwords masked unless O(include_secrets=true), string values tagged C(!unsafe)),
        sync it and read it back; only then is the module changed. The path is returned as RV(backup_path), with
        a later failure too. In check mode the backup is read, not written.'
      - A file that cannot be written or does not read back the same (a full disk, a read-only folder, a path
        through a file) fails the task naming the file and the reason; nothing is set on the module, nor is
        it restarted. How, in the reliability guide (C(docs/reliability.md)), "Backups first".
      - 'If the task does not give it, the host variable C(usr_m0_backup) is used when it is set: the
        C(usriot.m0.configure) role''s variable, which the inventory can set per group or host.'
    type: bool
    default: false
  backup_options:
    description:
      - Where O(backup=true) writes, on the controller.
      - 'If the task does not give it, the host variable C(usr_m0_backup_options) is used when it is set:
        the C(usriot.m0.configure) role''s variable, which the inventory can set per group or host.'
    type: dict
    suboptions:
      dir_path:
        description:
          - 'Directory, created with mode C(0700) if missing, each missing parent too. Default: C(backups)
            in the current working directory of ansible-playbook (your project), not the playbook''s directory,
            which may be inside an installed collection.'
          - 'It must be the user''s own: a directory another user owns (who may have made it first, in
            C(/var/tmp) say) or its group or others can write is refused, and nothing is changed on the
            module.'
        type: path
      filename:
        description:
          - 'File name. Default: C(<inventory_hostname>_usr_m0_config.<date>T<hhmmss>.yml), the inventory
            name made safe for a file name (characters other than letters, digits, C(_), C(.) and C(-)
            become C(_)).'
          - 'The file is written as a new file (mode C(0600)) and renamed into place: a symbolic link
            at that name is replaced, never followed.'
        type: str
  confirm:
    description:
      - 'A confirmed change: after a run that changed the module and restarted it, poll C(AT+SOCKLK) at the new
        UART speed, the module in work mode between polls, until its TCP client socket has connected; if it
        does not, or a setting did not hold, or the line dropped, put back and verify what ran before and fail
        with RV(rolled_back=true), RV(confirmation) and RV(running) (the Junos C(commit confirmed) idea, kept
        over the serial line, which still works when the network settings are wrong).'
      - 'Only a TCP client socket (O(config.sock.protocol=tcpc)) has a link to check: with any other protocol,
        and with O(restart=false), the task is refused before the module is touched. In check mode nothing
        is polled. More in the fleet guide (C(docs/fleet.md)), "Confirmed changes".'
    type: dict
    suboptions:
      socket_connected:
        description: Check that the TCP client socket connects to its server.
        type: bool
        default: false
      timeout:
        description: Seconds after the restart for the check to pass.
        type: float
        default: 60.0
      interval:
        description: Seconds between polls.
        type: float
        default: 5.0
seealso:
  - module: usriot.m0.usr_m0_facts
  - module: usriot.m0.usr_m0_restart
'''

EXAMPLES = r'''
- name: Converge a whole module from inventory (one AT session, one restart)
  usriot.m0.usr_m0_config:
    serial_port: "{{ serial_port }}"
    config:
      network: {ip_mode: static, ip_address: 10.20.0.15, netmask: 255.255.255.0, gateway: 10.20.0.1}
      uart: {baudrate: 9600, data_bits: 8, stop_bits: 1, parity: none}
      sock: {protocol: tcpc, remote_address: 10.20.0.50, port: 502}
      heartbeat: {enabled: true, interval: 60, data: alive}
    state: merged

- name: Put the heartbeat section back to factory values except the interval
  usriot.m0.usr_m0_config:
    serial_port: /dev/ttyUSB0
    config:
      heartbeat: {interval: 120}
    state: replaced

- name: Make the module exactly this configuration, everything else at factory values
  usriot.m0.usr_m0_config:
    serial_port: /dev/ttyUSB0
    config:
      network: {ip_mode: static, ip_address: 10.20.0.15, netmask: 255.255.255.0, gateway: 10.20.0.1}
      sock: {protocol: tcpc, remote_address: 10.20.0.50, port: 502}
    state: overridden

- name: Put the HTTP and heartbeat sections back to their factory values
  usriot.m0.usr_m0_config:
    serial_port: /dev/ttyUSB0
    config:
      http: {}
      heartbeat: {}
    state: deleted

- name: Converge, keeping a backup of what ran before on the controller
  usriot.m0.usr_m0_config:
    serial_port: /dev/ttyUSB0
    config:
      sock: {protocol: tcpc, remote_address: 10.20.0.50, port: 502}
    backup: true
    backup_options:
      dir_path: /var/tmp/m0-backups
  register: converged

- name: Point the socket at the new plant server, and put the old one back if it does not connect
  usriot.m0.usr_m0_config:
    serial_port: /dev/ttyUSB0
    config:
      sock: {protocol: tcpc, remote_address: 10.20.0.51, port: 502}
    confirm:
      socket_connected: true
      timeout: 60
      interval: 5

- name: Read the running settings in the config shape
  usriot.m0.usr_m0_config:
    serial_port: /dev/ttyUSB0
    state: gathered
  register: running

- name: Show the AT commands a config means, without a device
  usriot.m0.usr_m0_config:
    config:
      uart: {baudrate: 9600, data_bits: 7, stop_bits: 1, parity: even, flow_control: nfc}
    state: rendered

- name: Turn a captured AT session into the config shape, without a device
  usriot.m0.usr_m0_config:
    running_config: |
      AT+UART
      +OK=9600,7,1,EVEN,NFC
    state: parsed
'''

RETURN = r'''
commands:
  description:
    - The set commands sent, or that would be sent in check mode, in order; secrets masked.
    - After a rollback (RV(rolled_back)), the ones that were stored and ran before RV(put_back) undid
      them.
  returned: always
  type: list
  elements: str
  sample: ['AT+UART=9600,7,1,EVEN,NFC']
restarted:
  description: Whether the module was restarted (C(AT+Z)) so the changed settings run.
  returned: when state is merged, replaced, overridden or deleted
  type: bool
  sample: true
restart_required:
  description: 'True when settings changed but the module was not restarted (O(restart=false)): they are stored
    and take effect at the next restart.'
  returned: when state is merged, replaced, overridden or deleted
  type: bool
  sample: false
found_in_at_mode:
  description: 'True when the module was in AT mode when the session began, as an interrupted run leaves it: it is
    restarted (or RV(restart_required) set) even when no setting differs, and the run counts as a change.'
  returned: when the module was found in AT mode
  type: bool
  sample: true
serial_baudrate:
  description: The speed the module answers at after the restart; use it as O(serial_baudrate) for later tasks.
  returned: when restarted
  type: int
  sample: 9600
unsupported:
  description: What the module's firmware lacks of the settings read (C(+ERR=-2) to their queries), as in
    C(ansible_facts.usr_m0.unsupported).
  returned: when state is gathered (every time), or when the firmware lacks a command the run read
  type: list
  elements: str
  sample: [http, registration.cloud_id, registration.cloud_password]
transcript:
  description: Each AT command of the session and the reply read (null when none came); passwords masked.
  returned: when the task fails after the port was opened, with -v or more
  type: list
  elements: dict
  sample: [{command: AT+DNS=10.20.0.2, reply: +ERR=-5}]
gathered:
  description:
    - The running settings in the O(config) shape, secrets masked unless O(include_secrets).
    - 'Only what the module''s firmware has: RV(unsupported) names what it lacks.'
  returned: when state is gathered
  type: dict
  sample: {uart: {baudrate: 115200, data_bits: 8, stop_bits: 1, parity: none, flow_control: nfc}}
rendered:
  description: The set commands for O(config), secrets masked.
  returned: when state is rendered
  type: list
  elements: str
  sample: ['AT+UART=9600,7,1,EVEN,NFC']
backup_path:
  description: The backup file written on the controller, and read back, before the change.
  returned: when backup is true, not in check mode, and the module was to be changed
  type: str
  sample: /srv/ansible/backups/pump-07_usr_m0_config.2026-11-25T101502.yml
confirmation:
  description: 'With O(confirm): what was checked and what was seen.'
  returned: when confirm is given and the module was changed
  type: dict
  sample: {checked: AT+SOCKLK reads connected within 60 s of the restart, seen: connected after 5.2 s (2 polls)}
rolled_back:
  description: The change was not confirmed and what ran before was put back.
  returned: when a confirmed change failed
  type: bool
  sample: true
put_back:
  description: After a rollback, the set commands that stored again what ran before, in order; secrets masked.
  returned: when rolled_back is true
  type: list
  elements: str
  sample: ['AT+SOCK=TCPC,10.20.0.50,502']
running:
  description: After a rollback, the settings that run again (the sections the run had changed), secrets masked.
  returned: when rolled_back is true
  type: dict
  sample: {sock: {protocol: tcpc, remote_address: 10.20.0.50, port: 502}}
parsed:
  description: O(running_config) in the O(config) shape, secrets masked.
  returned: when state is parsed
  type: dict
  sample: {uart: {baudrate: 9600, data_bits: 7, stop_bits: 1, parity: even, flow_control: nfc}}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.usriot.m0.plugins.module_utils._internal import arguments, states


def module_arguments():
    return dict(argument_spec=arguments.config(), required_if=arguments.CONFIG_REQUIRED_IF,
                mutually_exclusive=arguments.CONFIG_MUTUALLY_EXCLUSIVE, supports_check_mode=True)


def run(module):
    states.run_config(module)


def main():
    run(AnsibleModule(**module_arguments()))


if __name__ == '__main__':
    main()
