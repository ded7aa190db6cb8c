#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: fleet_report
short_description: Write the files of a fleet report (audit, rollout) on the controller
version_added: 0.1.0
description:
  - Runs on the controller (or the AWX execution node), whatever the host's connection, inside the Ansible worker;
    no module process is started. Run it once per play (C(run_once)).
  - Writes each of O(files) in O(dest) (created with its missing parents, mode C(0750)), mode C(0640), whole. The
    text goes to a new file that then replaces the old one, so a reader never sees half a report and a symbolic
    link at the file's name is replaced, not followed.
  - O(dest) must be the user's own, as the collection takes every folder it writes in (docs/reliability.md, "What
    the collection trusts"). A folder owned by another user (who may have made it first, in C(/var/tmp) say) or
    writable by its group or others, or a link, fails the task naming it, what is wrong and what to do, and nothing
    is written, in check mode too.
  - A file whose text and mode are already those asked for is left alone; the task is changed when a file is written.
  - The C(usriot.m0.audit) and C(usriot.m0.rollout) playbooks write their reports with it, the C(usriot.m0.backup)
    playbook its backups (O(private)).
author: usriot.m0 contributors (@usriot)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
options:
  dest:
    description: The folder the files go to; a relative path is taken from the directory C(ansible-playbook) runs in.
    type: path
    required: true
  files:
    description:
      - Each file to write, its name (a plain file name, not hidden, no folder) to its text.
      - The text is written as given, never templated again.
    type: dict
    required: true
  private:
    description: Files for the user alone (mode C(0600), new folders C(0700)), for files that hold secrets.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    details: In check mode nothing is written; the task says which files would be.
  diff_mode:
    support: none
  platform:
    platforms: posix
seealso:
  - module: usriot.m0.git_publish
'''

EXAMPLES = r'''
- name: Write which modules this run reached, once, in reports/ where ansible-playbook runs
  usriot.m0.fleet_report:
    dest: reports
    files:
      reached.json: "{{ ansible_play_hosts | to_nice_json }}"
      reached.md: "# Modules reached\n\n{{ ansible_play_hosts | join('\n') }}\n"
  run_once: true
  check_mode: false  # a report of a --check run is written too
  changed_when: false  # the report is the run's output, not a change to the module
'''

RETURN = r'''
dest:
  description: The folder the files are in.
  returned: always
  type: str
  sample: /srv/m0/reports
written:
  description: The files written (in check mode, that would be), with their folder; those already as asked are not.
  returned: always
  type: list
  elements: str
  sample: [/srv/m0/reports/drift.md]
'''
