# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout's reasoning as filters: its batches and threshold as users give them, and what became of each module."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Each filter's documentation is beside this file, in <filter name>.yml.

import json
import re

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.usriot.m0.plugins.filter.settings_moved import settings_moved
from ansible_collections.usriot.m0.plugins.plugin_utils._internal.markdown import markdown_row, markdown_text

SIZE = re.compile(r'^([1-9][0-9]*|([1-9][0-9]?|100)%)$')
RESULTS = ('changed', 'would change', 'unchanged', 'rolled back', 'failed', 'not reached')


def rollout_batches(given, raw_params=None):
    text = given
    if isinstance(given, str) and raw_params and given.lstrip().startswith('['):
        text = '%s %s' % (given, raw_params)
    if isinstance(text, str):
        sizes = [item.strip().strip('"\'') for item in re.sub(r'^\s*\[(.*)\]\s*$', r'\1', text).split(',')]
    elif isinstance(text, (list, tuple)):
        sizes = [to_text(item).strip() for item in text]
    else:
        sizes = [to_text(text).strip()]
    if not sizes or not all(SIZE.match(size) for size in sizes):
        raise AnsibleFilterError('usr_m0_rollout_batches must be a list of batch sizes, each a number of modules or a '
                                 'percentage (-e usr_m0_rollout_batches=1,10,100%% or -e \'{"usr_m0_rollout_batches": '
                                 '[1, 10, "100%%"]}\'), got %s' % json.dumps(to_text(text) if text is not given else given))
    return sizes


def rollout_threshold(value):
    """usr_m0_max_fail_percentage as a whole number from 0 to 100."""
    text = to_text(value).strip()
    if not re.match(r'^([0-9]|[1-9][0-9]|100)$', text):
        raise AnsibleFilterError('usr_m0_max_fail_percentage must be a whole number from 0 to 100, got %s' % json.dumps(value))
    return int(text)


def cut(hosts, sizes):
    """The batches as Ansible cuts them from serial: a percentage of all the play's hosts (at least 1), the last size
    repeated until every host is in a batch."""
    batches, start, index = [], 0, 0
    while start < len(hosts):
        size = sizes[min(index, len(sizes) - 1)]
        count = max(int(int(size[:-1]) * len(hosts) / 100), 1) if size.endswith('%') else int(size)
        batches.append(list(hosts[start:start + count]))
        start += count
        index += 1
    return batches


def stop_reason(number, batches, facts_of, threshold):
    """Why batch `number` (from 1) of batches stops the rollout, or None: more than threshold % of it failed."""
    members = batches[number - 1]
    failed = [host for host in members if facts_of(host).get('usr_m0_rollout_error') is not None]
    if len(failed) * 100 > threshold * len(members):
        return ('batch %d of %d: %d of %d module(s) failed, more than usr_m0_max_fail_percentage (%d%%)'
                % (number, len(batches), len(failed), len(members), threshold))
    return None


def rollout_batch(batch, hosts, sizes, hostvars=None, threshold=None):
    """Which batch of the rollout ansible_play_batch is: {'number': n, 'count': of how many}; given hostvars and the
    threshold, also 'stopped': why this batch stops the rollout, or None (only this batch's hosts are read)."""
    batches = cut(list(hosts), sizes)
    number = next((index + 1 for index, members in enumerate(batches) if batch and batch[0] in members), 0)
    found = {'number': number, 'count': len(batches)}
    if hostvars is not None:
        found['stopped'] = stop_reason(number, batches, lambda host: hostvars[host], threshold) if number else None
    return found


def _row(host, facts, reached, check_mode):
    if facts.get('usr_m0_rollout_error') is not None:
        return {'module': host, 'result': 'rolled back' if facts.get('usr_m0_rollout_rolled_back') else 'failed',
                'detail': to_text(facts['usr_m0_rollout_error'])}
    if not reached:
        # left the play without a result: its connection failed (delegate_to a serial host)
        return {'module': host, 'result': 'failed', 'detail': 'unreachable'}
    result = facts.get('configure_result')
    if not result:
        return {'module': host, 'result': 'not reached', 'detail': ''}
    if result.get('changed'):
        # the settings as the inventory names them (section.option), without their values, which may be long, or
        # secret: the options of the task's diff whose running value was not the wanted one
        return {'module': host, 'result': 'would change' if check_mode else 'changed',
                'detail': ', '.join(settings_moved(result['diff']))}
    return {'module': host, 'result': 'unchanged', 'detail': ''}


def rollout_report(hosts, hostvars, sizes, threshold, play_hosts=None, check_mode=False):
    """What became of each module of the rollout, where it stopped, a summary line, a table and the Markdown report.

    hosts: the rollout's hosts in the play's order; hostvars: Ansible's hostvars, of which only each host's
    usr_m0_rollout_error, usr_m0_rollout_rolled_back and configure_result are read; play_hosts: the hosts still in
    the play (the others are unreachable), all of them when not given.
    """
    hosts = list(hosts)
    reached = set(hosts if play_hosts is None else play_hosts)
    facts = dict((host, hostvars[host]) for host in hosts)
    rows = [_row(host, facts[host], host in reached, check_mode) for host in sorted(hosts)]
    batches = cut(hosts, sizes)
    stopped = next((reason for reason in (stop_reason(number, batches, facts.get, threshold)
                                          for number in range(1, len(batches) + 1)) if reason), None)
    counts = [(result, sum(1 for row in rows if row['result'] == result)) for result in RESULTS]
    summary = '%d module(s): %s%s' % (len(rows), ', '.join('%d %s' % (count, result) for result, count in counts if count),
                                      '; STOPPED at ' + stopped if stopped else '')
    table = ['%-16s %-12s %s' % (row['module'], row['result'], row['detail']) for row in rows]
    # for -v: the AT commands each changed module was sent (would be, in check mode), secrets masked
    sent = dict((row['module'], facts[row['module']]['configure_result'].get('commands'))
                for row in rows if row['result'] in ('changed', 'would change'))
    commands = ['%s: %s' % (host, ', '.join(to_text(line) for line in sent[host])) for host in sorted(sent) if sent[host]]
    markdown = ['# USR-M0 rollout%s' % (' (check mode: nothing was set)' if check_mode else ''), '', markdown_text(summary) + '.',
                '', '| module | result | settings changed or reason |', '|---|---|---|']
    markdown.extend(markdown_row((row['module'], row['result'], row['detail'])) for row in rows)
    document = {'summary': summary, 'stopped': stopped, 'check_mode': bool(check_mode), 'modules': rows}
    # rollout.json: the document as Ansible's to_nice_json writes it
    return dict(document, table=table, commands=commands, markdown='\n'.join(markdown) + '\n',
                json=json.dumps(document, indent=4, sort_keys=True) + '\n',
                failed=[row['module'] for row in rows if row['result'] in ('failed', 'rolled back')])


class FilterModule(object):
    def filters(self):
        return {'rollout_batches': rollout_batches, 'rollout_threshold': rollout_threshold,
                'rollout_batch': rollout_batch, 'rollout_report': rollout_report}
