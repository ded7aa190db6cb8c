#!/usr/bin/env bash
# Fleet runs a person can trust and read: layered settings, a rollout that says what became of every
# module however it ends, an audit that lists every module and changes nothing, backups that restore
# (whoever wrote them) without templating their values, and no file written inside the collection.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 5 --restart-delay 0.3
here=$(pwd)
collection=$(m0sim_collection_root)
playbooks=$collection/playbooks
inventory=(-i "$M0SIM_INVENTORY" -i "$here/layers.yml")
export ANSIBLE_FORKS=5
# the user's project: playbooks run from here, and every file they write by default lands here
project=$M0SIM_STATE/project
mkdir -p "$project"
cd "$project"
touch "$M0SIM_STATE/started"
py() { "$M0SIM_PYTHON" - "$@"; }

# A misspelt option in a layer fails on every host before its module is touched, naming the variable, the
# option and what is allowed, in a line a person reads (ansible-core's check of a nested role spec printed the
# whole spec, 6 KB): with the role applied with roles:, and in the rollout, which imports it unvalidated.
for run in "$here/role.yml" "$playbooks/rollout.yml"; do
  rc=0
  ansible-playbook "${inventory[@]}" -e '{"usr_m0_config_zz": {"system": {"nmae": "pump"}}}' "$run" > misspelt.out 2>&1 || rc=$?
  [ "$rc" -eq 2 ]
  grep -F 'usr_m0_config_zz: unknown option system.nmae. Supported parameters include: echo, mac, name.' misspelt.out
  awk 'length > 1000 { print "a line of " length " characters"; bad = 1 } END { exit bad }' misspelt.out
done
# So is a role variable of the wrong type, with the role applied with roles: (no per-host check task of
# ansible-core's: the module's action checks the variables the task takes from the host, naming them).
rc=0
ansible-playbook "${inventory[@]}" -e '{"usr_m0_backup": "maybe"}' "$here/role.yml" > bad-variable.out 2>&1 || rc=$?
[ "$rc" -eq 2 ]
grep -F "usr_m0_backup (option backup of usriot.m0.usr_m0_config): argument 'backup' is of type str" bad-variable.out
[ "$(grep -c 'FAILED!' bad-variable.out)" -eq 5 ]
# And one the module's own check refuses: a MAC address in a short form, which netaddr would pad into another.
rc=0
ansible-playbook "${inventory[@]}" -e '{"usr_m0_mac": "D8:B0:4C"}' "$here/role.yml" > bad-mac.out 2>&1 || rc=$?
[ "$rc" -eq 2 ]
grep -F "usr_m0_mac (option expected_mac of usriot.m0.usr_m0_config): 'D8:B0:4C' is not allowed: not a MAC address" bad-mac.out
[ "$(grep -c 'FAILED!' bad-mac.out)" -eq 5 ]
# The documented entry point, converge, has ansible-core check the same variable first, naming it too.
rc=0
ansible-playbook "${inventory[@]}" -e '{"usr_m0_backup": "maybe"}' "$here/role_converge.yml" > bad-variable-converge.out 2>&1 || rc=$?
[ "$rc" -eq 2 ]
grep -F "Validating arguments against arg spec 'converge'" bad-variable-converge.out
grep -F "argument 'usr_m0_backup' is of type str" bad-variable-converge.out
m0sim_ctl stats > misspelt-stats.json
py misspelt-stats.json <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))['stats']
assert all(device['bytes_in'] == 0 for device in stats.values()), stats
PY

# A canary that does not answer stops the rollout: every module is in the summary and the report.
m0sim_ctl --device m0-00 fault silent
rc=0
ansible-playbook "${inventory[@]}" "$playbooks/rollout.yml" -e usr_m0_rollout_report_dir=rollout-canary | tee canary.out || rc=$?
[ "$rc" -eq 2 ]
py rollout-canary/rollout.json "$HOST_STATS_FILE" <<'PY'
import json, sys
report, stats = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rows = dict((row['module'], row) for row in report['modules'])
assert sorted(rows) == ['m0-0%d' % index for index in range(5)], rows
assert rows['m0-00']['result'] == 'failed' and 'no answer to the +++ handshake' in rows['m0-00']['detail'], rows['m0-00']
assert [rows[host]['result'] for host in sorted(rows)[1:]] == ['not reached'] * 4, rows
assert report['stopped'].startswith('batch 1 of 4: 1 of 1 module(s) failed'), report
assert report['summary'].startswith('5 module(s): 1 failed, 4 not reached; STOPPED at batch 1 of 4'), report
# the modules not reached ran no task at all: none of them is changed
assert stats['m0-00']['failures'] == 1 and all(stats.get('m0-0%d' % index, {}).get('changed', 0) == 0 for index in range(1, 5)), stats
# the last play ran only for the module that failed, and failed it
plays = json.load(open(sys.argv[2] + '.plays'))
assert plays[-1]['name'].startswith('Fail the modules') and plays[-1]['hosts'] == ['m0-00'], plays
PY
grep -F '| m0-00 | failed | ' rollout-canary/rollout.md
grep -F '| m0-04 | not reached |  |' rollout-canary/rollout.md
[ "$(m0sim_sets)" -eq 0 ]

# The fleet answers: the layered settings roll out, with backups before the change (restored below). Each module's
# line names the settings that changed as the layers name them (sock.protocol, already tcpc, and m0-04's heartbeat
# interval, already 30, are not among them), not its AT commands, which are for -v.
m0sim_ctl clear-faults
ansible-playbook "${inventory[@]}" "$playbooks/rollout.yml" -e usr_m0_rollout_report_dir=rollout1 \
  -e usr_m0_backup=true -e "{\"usr_m0_backup_options\": {\"dir_path\": \"$project/backups\"}}" | tee rollout1.out
py rollout1/rollout.json <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rows = dict((row['module'], row) for row in report['modules'])
assert report['summary'] == '5 module(s): 5 changed' and report['stopped'] is None, report
fleet = 'sock.remote_address, sock.port, heartbeat.enabled, heartbeat.interval, heartbeat.data'
assert dict((host, row['detail']) for host, row in rows.items()) == dict(
    [('m0-0%d' % index, fleet) for index in range(4)] +
    [('m0-04', 'system.name, sock.remote_address, sock.port, heartbeat.enabled, heartbeat.data')]), rows
PY
grep -F '"m0-04            changed      system.name, sock.remote_address, sock.port, heartbeat.enabled, heartbeat.data"' rollout1.out
grep -F '| m0-04 | changed | system.name, sock.remote_address, sock.port, heartbeat.enabled, heartbeat.data |' rollout1/rollout.md
if grep -F 'AT+' rollout1.out; then exit 1; fi  # at default verbosity, no AT command
ansible-playbook "${inventory[@]}" "$here/verify_layers.yml"

# Nothing to do: every module unchanged; under --check a drifted module "would change", and nothing is set.
ansible-playbook "${inventory[@]}" --limit m0-01 -e '{"usr_m0_config_zz": {"sock": {"port": 4001}}}' "$playbooks/rollout.yml"
ansible-playbook "${inventory[@]}" --check -v "$playbooks/rollout.yml" -e usr_m0_rollout_report_dir=rollout-check | tee check.out
py rollout-check/rollout.json "$HOST_STATS_FILE" <<'PY'
import json, sys
report, stats = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rows = dict((row['module'], row) for row in report['modules'])
assert report['check_mode'] and report['summary'] == '5 module(s): 1 would change, 4 unchanged', report
assert rows['m0-01'] == {'module': 'm0-01', 'result': 'would change', 'detail': 'sock.port'}, rows
PY
# with -v the summary also gives the AT commands
grep -F '"m0-01: AT+SOCK=TCPC,10.20.0.50,502"' check.out

# A module whose serial host cannot be reached is a failure of the summary, not a module "not reached".
rc=0
ansible-playbook "${inventory[@]}" -i "$here/ghost.yml" --limit m0-00,ghost "$playbooks/rollout.yml" \
  -e usr_m0_rollout_batches=100% -e usr_m0_rollout_report_dir=rollout-ghost || rc=$?
[ "$rc" -ne 0 ]
py rollout-ghost/rollout.json <<'PY'
import json, sys
rows = dict((row['module'], row) for row in json.load(open(sys.argv[1]))['modules'])
assert rows == {'ghost': {'module': 'ghost', 'result': 'failed', 'detail': 'unreachable'},
                'm0-00': {'module': 'm0-00', 'result': 'unchanged', 'detail': ''}}, rows
PY

# The audit: every module in both reports, the one that does not answer with why; no module changed.
m0sim_ctl --device m0-02 fault silent
rc=0
ansible-playbook "${inventory[@]}" "$playbooks/audit.yml" || rc=$?
[ "$rc" -eq 2 ]
py reports/drift.json "$HOST_STATS_FILE" <<'PY'
import json, sys
report, stats = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert sorted(report) == ['m0-0%d' % index for index in range(5)], sorted(report)
assert dict((host, result['status']) for host, result in report.items()) == {
    'm0-00': 'compliant', 'm0-01': 'drifted', 'm0-02': 'not answering', 'm0-03': 'compliant', 'm0-04': 'compliant'}, report
assert 'no answer to the +++ handshake' in report['m0-02']['error'], report['m0-02']
assert report['m0-01']['drift'] == [{'setting': 'sock.port', 'wanted': 502, 'running': 4001}], report['m0-01']
assert all(stats[host]['changed'] == 0 for host in report), stats
assert stats['m0-02']['failures'] == 1, stats
PY
grep -F '5 module(s): 3 compliant, 1 drifted, 1 not answering.' reports/drift.md
grep -F -- '- **m0-02**: ' reports/drift.md
m0sim_ctl clear-faults

# Backup and restore of values that look like templates: they come back exactly, nothing runs.
ansible-playbook "${inventory[@]}" --limit m0-03 "$here/templated_values.yml" -e values_action=set
ansible-playbook "${inventory[@]}" --limit m0-03 "$playbooks/backup.yml"
[ -f backups/m0-03.yml ]
ansible-playbook "${inventory[@]}" --limit m0-03 "$here/templated_values.yml" -e values_action=plant
ansible-playbook "${inventory[@]}" --limit m0-03 "$playbooks/restore.yml"
ansible-playbook "${inventory[@]}" --limit m0-03 "$here/templated_values.yml" -e values_action=check
[ ! -e pwned.txt ] && [ ! -e "$playbooks/pwned.txt" ]

# The rollout's own backups restore: m0-01 goes back to the settings it had before the first rollout. --check says
# which settings would be restored, by name, and that the module's MAC address is not (unless asked).
m0sim_ctl reset-log >/dev/null
ansible-playbook "${inventory[@]}" --limit m0-01 "$playbooks/restore.yml" --check | tee restore-check.out
grep -E 'm0-01_usr_m0_config\.[^ ]*: [a-z_.]+(, [a-z_.]+)* would be restored, not restored: system\.mac \(usr_m0_restore_mac=true restores it\)' restore-check.out
if grep -F 'setting(s) restored' restore-check.out; then exit 1; fi
[ "$(m0sim_sets m0-01)" -eq 0 ]
ansible-playbook "${inventory[@]}" --limit m0-01 "$playbooks/restore.yml"
py "$HOST_STATS_FILE" <<'PY'
import json, sys
assert json.load(open(sys.argv[1]))['m0-01']['changed'] == 1
PY
ansible-playbook "${inventory[@]}" --limit m0-01 "$collection/playbooks/audit.yml" -e usr_m0_audit_dir=restored
py restored/drift.json <<'PY'
import json, sys
settings = dict((item['setting'], item['running']) for item in json.load(open(sys.argv[1]))['m0-01']['drift'])
assert settings['sock.remote_address'] == '192.168.0.201' and settings['heartbeat.enabled'] is False, settings
PY

# A host without backup fails naming the host and the folder.
rm -rf empty && mkdir empty
rc=0
ansible-playbook "${inventory[@]}" --limit m0-04 "$playbooks/restore.yml" -e usr_m0_backup_dir=empty | tee nobackup.out || rc=$?
[ "$rc" -eq 2 ]
grep -F "no backup of m0-04 in $project/empty" nobackup.out

# A report or backup folder another user made first (as /var/tmp/m0-audit could be), with a file of theirs in it:
# the audit and the backup refuse it, naming it, what is wrong and what to do, and write nothing there.
planted=$M0SIM_STATE/planted
mkdir "$planted"
echo 'their drift.md' > "$planted/drift.md"
chown -R 54321:54321 "$planted"
refusal="$planted is owned by uid 54321, not by $(id -un) (uid $(id -u)) who runs this: another user may have made it first"
rc=0
ansible-playbook "${inventory[@]}" --limit m0-00 "$playbooks/audit.yml" -e "usr_m0_audit_dir=$planted" > planted-audit.out 2>&1 || rc=$?
[ "$rc" -eq 2 ]
grep -F "fleet_report could not write in $planted: $refusal" planted-audit.out
rc=0
ansible-playbook "${inventory[@]}" --limit m0-00 "$playbooks/backup.yml" -e "usr_m0_backup_dir=$planted" > planted-backup.out 2>&1 || rc=$?
[ "$rc" -eq 2 ]
grep -F "fleet_report could not write in $planted: $refusal" planted-backup.out
[ "$(ls -A "$planted")" = drift.md ] && [ "$(cat "$planted/drift.md")" = 'their drift.md' ]

# A backup folder that cannot be written (a path through a file): every module fails, naming the folder and why,
# and the run ends without an internal error
: > "$M0SIM_STATE/a-file"
rc=0
ansible-playbook "${inventory[@]}" "$playbooks/backup.yml" -e "usr_m0_backup_dir=$M0SIM_STATE/a-file/backups" > unwritable-backup.out 2>&1 || rc=$?
[ "$rc" -eq 2 ]
if grep -E 'HostVarsVars|failed=0 ' unwritable-backup.out; then cat unwritable-backup.out; exit 1; fi
grep -F "fleet_report could not write in $M0SIM_STATE/a-file/backups" unwritable-backup.out | grep -F 'Not a directory'

# Nothing was written inside the installed collection.
# (ansible-test itself writes tests/output and, for the runs beside this one, tests/integration/inventory)
[ -z "$(find "$collection" -newer "$M0SIM_STATE/started" -type f -not -path '*/tests/output/*' \
  -not -path '*/tests/integration/inventory' -not -name '*.pyc')" ]
