"""What the audit, the backup and the restore of the mixed fleet wrote. Usage: check_reports.py STATE STAGE"""
import json
import os
import sys

import yaml

STATE, STAGE = sys.argv[1], sys.argv[2]
LACKS = ['http', 'registration.cloud_id', 'registration.cloud_password']
HTTP_METHOD = {'setting': 'http.method', 'wanted': 'post', 'command': 'AT+HTPTP'}


def plain(value):
    """ansible-inventory's JSON with what a module answered (marked unsafe) as the plain values."""
    if isinstance(value, dict):
        return value['__ansible_unsafe'] if set(value) == {'__ansible_unsafe'} else dict((k, plain(v)) for k, v in value.items())
    return [plain(item) for item in value] if isinstance(value, list) else value


if STAGE == 'scan':
    inventory = json.load(open(os.path.join(STATE, 'scan.json')))
    hostvars = plain(inventory['_meta']['hostvars'])
    # hosts are named by MAC: m0-00 and m0-02 run 4016, m0-01 and m0-03 run 4010
    assert sorted(inventory['firmware_4016']['hosts']) == ['D8B04C000001', 'D8B04C000003'], inventory
    assert sorted(inventory['firmware_4010']['hosts']) == ['D8B04C000002', 'D8B04C000004'], inventory
    assert [hostvars[host]['usr_m0_firmware_version'] for host in sorted(hostvars)] == ['4016', '4010', '4016', '4010']
    # the example reads the HTTP client section: found where the firmware has it, named where it lacks it
    assert [hostvars[host]['usr_m0']['unsupported'] for host in sorted(hostvars)] == [[], ['http'], [], ['http']]
    assert ['http' in hostvars[host]['usr_m0'] for host in sorted(hostvars)] == [True, False, True, False]
elif STAGE == 'audit':
    report = json.load(open(os.path.join(STATE, 'audit', 'drift.json')))
    assert {host: entry['status'] for host, entry in report.items()} == {
        'm0-00': 'compliant', 'm0-01': 'unsupported', 'm0-02': 'drifted', 'm0-03': 'drifted'}, report
    assert report['m0-01']['unsupported'] == [HTTP_METHOD] and report['m0-01']['firmware_version'] == '4010'
    assert report['m0-01']['drift'] == [] and report['m0-03']['unsupported'] == [HTTP_METHOD]
    assert report['m0-03']['drift'] == [{'setting': 'sock.tcp_server_policy', 'wanted': 'kick', 'running': 'keep'}]
    assert 'unsupported' not in report['m0-00'] and 'unsupported' not in report['m0-02']
    markdown = open(os.path.join(STATE, 'audit', 'drift.md')).read()
    assert '4 module(s): 1 compliant, 2 drifted, 1 unsupported, 0 not answering.' in markdown
    assert ('## Settings the firmware cannot hold\n\n- **m0-01**: http.method (its firmware has no AT+HTPTP)\n'
            '- **m0-03**: http.method (its firmware has no AT+HTPTP)\n') in markdown
    assert '| m0-01 | (no drift) |  |  |' in markdown
elif STAGE == 'backup':
    for host, older in (('m0-00', False), ('m0-01', True), ('m0-02', False), ('m0-03', True)):
        document = yaml.safe_load(open(os.path.join(STATE, 'backups', host + '.yml')))
        assert ('http' in document['usr_m0_config']) != older, (host, document)
        assert document.get('usr_m0_unsupported') == (LACKS if older else None), (host, document)
        assert ('cloud_id' in document['usr_m0_config']['registration']) != older, (host, document)
    results = json.load(open(os.path.join(STATE, 'backup.results.json')))
    assert sorted(results) == ['m0-00', 'm0-01', 'm0-02', 'm0-03'] and not any(
        task['failed'] for host in results.values() for task in host.values()), results
else:
    raise SystemExit('unknown stage %s' % STAGE)
