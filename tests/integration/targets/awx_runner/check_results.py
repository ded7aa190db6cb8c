# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the rollout and the scheduled backup and audit runs left: python check_results.py JOB_DIR BARE_REPO AWX_MD."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import subprocess
import sys

MODULES = ['m0-00', 'm0-01', 'm0-02']


def stats(job, ident):
    """The job's playbook_on_stats event, as AWX shows it: counts per host, and the run's set_stats data."""
    with open(os.path.join(job, 'artifacts', ident, 'status')) as handle:
        assert handle.read() == 'successful', ident
    for path in glob.glob(os.path.join(job, 'artifacts', ident, 'job_events', '*.json')):
        event = json.load(open(path))
        if event['event'] == 'playbook_on_stats':
            return event['event_data']
    raise AssertionError('no stats event in %s' % ident)


def artifacts(job, ident):
    return stats(job, ident)['artifact_data']


def git(repo, *args):
    return subprocess.run(['git', '--git-dir', repo] + list(args), check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout


def documented_backup(docs, project):
    """The artifacts docs/awx.md shows for a scheduled backup of three modules, in this job's project folder."""
    with open(docs) as handle:
        text = handle.read()
    block = text.split('What a scheduled backup of three modules leaves', 1)[1].split('```json\n', 1)[1].split('```', 1)[0]
    return json.loads(block.replace('<project>', project))


def main(job, repo, docs):
    # the rollout changed every module, its rerun none, and nothing failed
    first, second = stats(job, 'first'), stats(job, 'second')
    assert sorted(first['changed']) == MODULES and all(first['changed'].values()), first
    assert not second['changed'] and not second['failures'] and sorted(second['ok']) == MODULES, second
    backup = artifacts(job, 'backup1')
    assert backup == documented_backup(docs, os.path.realpath(os.path.join(job, 'project'))), backup
    audit = artifacts(job, 'audit1')
    assert sorted(audit['usr_m0_results']) == MODULES and audit['usr_m0_summary']['modules'] == 3, audit
    files = git(repo, 'ls-tree', '-r', '--name-only', 'main').split()
    assert files == ['backups/m0-00.yml', 'backups/m0-01.yml', 'backups/m0-02.yml', 'reports/drift.json', 'reports/drift.md'], files
    # one commit per job that had something new, named after the job; the second runs had nothing new
    messages = git(repo, 'log', '--format=%s', 'main').splitlines()
    assert len(messages) == 2 and 'AWX job 41' in messages[1] and 'AWX job 51' in messages[0], messages
    assert 'Hk3Jq' not in git(repo, 'show', 'main:backups/m0-00.yml')
    print('artifacts and %d commits: %s' % (len(messages), messages))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3])
