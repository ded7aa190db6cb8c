#!/usr/bin/env bash
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 20 --restart-delay 0.5
inventory=(-i "$M0SIM_INVENTORY" -i fleet.yml)
playbooks=$(m0sim_collection_root)/playbooks
export ANSIBLE_FORKS=10
ansible-playbook "${inventory[@]}" prepare.yml

# First rollout: m0-19 fails (it answers nothing), the rest converge; the play goes on past it.
rc=0
ansible-playbook "${inventory[@]}" "$playbooks/rollout.yml" | tee "$M0SIM_STATE/rollout1.out" || rc=$?
[ "$rc" -eq 2 ]
[ "$(m0sim_hosts failures=1)" = m0-19 ]
[ "$(m0sim_hosts failures=0 | wc -l)" -eq 19 ]
grep -F "m0-19" "$M0SIM_STATE/rollout1.out" | grep -F "no answer to the +++ handshake"
ansible-playbook "${inventory[@]}" verify.yml

# Second rollout of the modules that converged: nothing changes anywhere.
ansible-playbook "${inventory[@]}" --limit '!m0-19' "$playbooks/rollout.yml"
[ "$(m0sim_hosts changed=0 failures=0 | wc -l)" -eq 19 ]

# m0-19 comes back and converges; check mode with diff on the whole fleet then predicts nothing.
m0sim_ctl clear-faults
ansible-playbook "${inventory[@]}" --limit m0-19 "$playbooks/rollout.yml"
ansible-playbook "${inventory[@]}" --check --diff "$playbooks/rollout.yml"
[ "$(m0sim_hosts changed=0 failures=0 | wc -l)" -eq 20 ]

# Audit: plant drift on m0-03 (one setting) and m0-06 (two sections); the report finds them and nothing else.
ansible-playbook "${inventory[@]}" --limit m0-03,m0-06 plant_drift.yml
ansible-playbook "${inventory[@]}" --check "$playbooks/audit.yml" -e "usr_m0_audit_dir=$M0SIM_STATE/audit"
"$M0SIM_PYTHON" - "$M0SIM_STATE/audit/drift.json" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
assert len(report) == 20, sorted(report)
drifted = dict((host, sorted(result['drift'], key=lambda item: item['setting']))
               for host, result in report.items() if result['drift'])
assert drifted == {
    'm0-03': [{'setting': 'sock.port', 'wanted': 502, 'running': 4001}],
    'm0-06': [{'setting': 'heartbeat.enabled', 'wanted': True, 'running': False},
              {'setting': 'system.name', 'wanted': 'fleet-m0', 'running': 'renamed-by-hand'}],
}, drifted
assert all('web page has the factory credentials admin/admin' in result['warnings'] for result in report.values())
heartbeat_off = sorted(host for host, result in report.items() if any('heartbeat is off' in text for text in result['warnings']))
assert heartbeat_off == ['m0-06'], heartbeat_off
PY
grep -F '| m0-03 | sock.port | 502 | 4001 |' "$M0SIM_STATE/audit/drift.md"
grep -F '| m0-06 | system.name | fleet-m0 | renamed-by-hand |' "$M0SIM_STATE/audit/drift.md"

# Backup with secrets, a change, restore, and restore again (idempotent).
ansible-playbook "${inventory[@]}" --limit m0-04 "$playbooks/backup.yml" -e "usr_m0_backup_dir=$M0SIM_STATE/backup" -e usr_m0_backup_secrets=true
[ "$(stat -c %a "$M0SIM_STATE/backup/m0-04.yml")" = 600 ]
grep -F 'password: admin' "$M0SIM_STATE/backup/m0-04.yml"
ansible-playbook "${inventory[@]}" --limit m0-04 plant_drift.yml
ansible-playbook "${inventory[@]}" --limit m0-04 "$playbooks/restore.yml" -e "usr_m0_backup_dir=$M0SIM_STATE/backup"
[ "$(m0sim_hosts failures=0)" = m0-04 ] && [ -z "$(m0sim_hosts changed=0)" ]
ansible-playbook "${inventory[@]}" --limit m0-04 "$playbooks/restore.yml" -e "usr_m0_backup_dir=$M0SIM_STATE/backup"
[ "$(m0sim_hosts changed=0 failures=0)" = m0-04 ]

# Factory reset refuses without the confirmation.
if ansible-playbook "${inventory[@]}" --limit m0-05 "$playbooks/factory_reset.yml"; then exit 1; fi
ansible-playbook "${inventory[@]}" --limit m0-05 "$playbooks/factory_reset.yml" -e usr_m0_factory_reset_confirm=RESET
