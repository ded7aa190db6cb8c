#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: git_publish
short_description: Publish a folder of results (backups, audit reports) to a Git repository
version_added: 0.1.0
description:
  - Runs on the controller (or the AWX execution node), whatever the host's connection; run it once per play
    (C(run_once)).
  - Clones O(repo) (a URL C(git) can reach with the controller's credentials, or a local path), checks out
    O(branch) (made on first use, also in an empty repository), copies every file under O(src) to O(dest) in the
    repository, and commits and pushes them if anything changed. A run with nothing new makes no commit.
  - Files already in the repository and not under O(src) are kept, so a run over part of a fleet (C(--limit))
    leaves the other modules' files as they are.
  - A push refused because someone pushed first is retried on top of theirs (fetch, rebase, push), up to
    O(retries) times; it is never forced.
  - The commit message names the AWX or Automation Platform job (C(awx_job_id) or C(tower_job_id)) when the run is one.
  - Uses the C(git) command of the controller; author name and email come from its Git configuration, or are
    C(usriot.m0) when it has none.
author: usriot.m0 contributors (@usriot)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
options:
  repo:
    description:
      - The repository to publish to, a Git URL or a path.
      - The user and password of a URL (V(https://user:TOKEN@host/...)) are never shown in a message or result.
    type: str
    required: true
  branch:
    description: The branch to commit to.
    type: str
    default: main
  src:
    description:
      - The local folder whose files are published.
      - It and everything in it must be the user's own (owned by the user running the playbook, writable by nobody
        else, not a link), since what another user could put in it, or swap under it while it is read, would be
        published as the user's. Anything else fails the task naming it, and nothing is published.
      - It is read a folder at a time without following a link, so a folder swapped for a link while it is read is
        not followed; a link in it is not published (a result is a file).
    type: path
    required: true
  dest:
    description:
      - The folder in the repository the files go to (its top when empty).
      - A O(dest) outside the repository or inside its C(.git) folder is refused. Nothing is written through a link
        the repository holds on the way (a committed C(backups -> /etc) fails the task); files keep their mode.
    type: str
    default: ''
  message:
    description: The commit message (the job is added to it under AWX).
    type: str
    default: usriot.m0 results
  retries:
    description: How many times a refused push is retried on top of what was pushed first.
    type: int
    default: 3
attributes:
  check_mode:
    support: full
    details: In check mode the repository is cloned and compared; nothing is committed or pushed.
  diff_mode:
    support: none
  platform:
    platforms: posix
seealso:
  - name: Running the collection from AWX
    description: Scheduled audits and backups published to Git.
    link: https://github.com/usriot/m0/blob/main/docs/awx.md
'''

EXAMPLES = r'''
- name: Publish this run's backups
  usriot.m0.git_publish:
    repo: git@git.example.net:plant/m0-backups.git
    src: "{{ usr_m0_backup_dir }}"
    dest: backups
    message: "M0 backups"
  run_once: true
'''

RETURN = r'''
commit:
  description: The commit made and pushed (its SHA-1), null when nothing changed.
  returned: always
  type: str
  sample: 3f2c1e0d9b8a7f6e5d4c3b2a19f8e7d6c5b4a392
files:
  description: The files of the repository that the commit adds or changes.
  returned: always
  type: list
  elements: str
  sample: [backups/pump-07.yml]
push_attempts:
  description: How many pushes it took (more than one when someone else pushed first).
  returned: when changed and not in check mode
  type: int
  sample: 1
'''
