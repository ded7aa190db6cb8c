# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python runner_cancel.py STATE JOB: the job cancelled as AWX cancels one, at the first stored set.

ansible-runner asks its cancel callback while the job runs; when it answers True, runner kills ansible-playbook's
process group with SIGKILL (Runner.handle_termination). The workers, in sessions of their own, outlive it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys

import ansible_runner

from first_set import a_set_was_stored


def main(state, job):
    runner = ansible_runner.run(private_data_dir=job, playbook='site.yml', ident='cancelled', quiet=True,
                                cancel_callback=lambda: a_set_was_stored(state))
    if runner.status != 'canceled':
        sys.exit('the job was not cancelled: %s' % runner.status)
    print('job %s' % runner.status)


if __name__ == '__main__':
    main(*sys.argv[1:3])
