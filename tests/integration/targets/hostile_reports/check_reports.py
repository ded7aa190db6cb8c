"""drift.md and rollout.md show what the modules hold as text, each row with its cells; drift.json and rollout.json
hold the values themselves (see runme.sh).

Arguments: the collection's root, the values stored (hostile.json), the audit's and the rollout's report folders.
"""
import json
import os
import sys

ROOT, VALUES, AUDIT, ROLLOUT = sys.argv[1:5]
# the unit tests' view of a report: its tables read from the text, and rendered as GitHub does where markdown-it-py
# is installed
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(ROOT)))))
from ansible_collections.usriot.m0.tests.unit.plugins.markdown_view import table_rows, view  # noqa: E402 pylint: disable=wrong-import-position

stored = json.load(open(VALUES))['hostile']
name, url, headers = stored['system']['name'], stored['http']['url'], stored['http']['headers']

audit = json.load(open(os.path.join(AUDIT, 'drift.json')))
for host in ('m0-00', 'm0-01'):
    running = dict((item['setting'], item['running']) for item in audit[host]['drift'])
    assert running == {'system.name': name, 'http.url': url, 'http.headers': headers}, running
drift = open(os.path.join(AUDIT, 'drift.md')).read()
print(drift)
page = view(drift)
assert len(table_rows(drift)) == 2 + 6, table_rows(drift)
if page:
    assert page.rows == [['module', 'setting', 'wanted', 'running']] + [
        [host, setting, wanted, running] for host in ('m0-00', 'm0-01') for setting, wanted, running in (
            ('system.name', 'pump', name), ('http.url', '/in', url), ('http.headers', str(['X-Site: 7']), str(headers)))
    ], page.rows

rollout = json.load(open(os.path.join(ROLLOUT, 'rollout.json')))
rows = dict((row['module'], row) for row in rollout['modules'])
assert rows['m0-00']['result'] == 'failed' and 'AT+MID=%s' % name in rows['m0-00']['detail'], rows
assert rows['m0-01'] == {'module': 'm0-01', 'result': 'changed', 'detail': 'system.name, http.url, http.headers'}, rows
report = open(os.path.join(ROLLOUT, 'rollout.md')).read()
print(report)
page = view(report)
assert len(table_rows(report)) == 2 + 2, table_rows(report)
if page:
    assert page.rows == [['module', 'result', 'settings changed or reason'], ['m0-00', 'failed', rows['m0-00']['detail']],
                         ['m0-01', 'changed', 'system.name, http.url, http.headers']], page.rows
print('rendered with markdown-it-py' if page else 'markdown-it-py is not installed: the tables were read from the text')
