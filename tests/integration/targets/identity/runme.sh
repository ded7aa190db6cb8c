#!/usr/bin/env bash
# The identity guard: two cables swapped after the inventory was written. The rollout fails exactly those two
# hosts with no set command on the wire, converges the third, and converges all once the inventory is right.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.2
config='{"usr_m0_config": {"system": {"name": "guarded"}}}'
macs() {
  printf 'all:\n  hosts:\n    m0-00: {usr_m0_mac: "%s"}\n    m0-01: {usr_m0_mac: "%s"}\n    m0-02: {usr_m0_mac: "d8:b0:4c:00:00:03"}\n' \
    "$1" "$2" > "$M0SIM_STATE/macs.yml"
}

macs D8B04C000002 D8B04C000001  # m0-00 and m0-01 swapped
if ansible-playbook -i "$M0SIM_INVENTORY" -i "$M0SIM_STATE/macs.yml" usriot.m0.rollout -e "$config" \
    -e usr_m0_rollout_batches=100% "$@" > "$M0SIM_STATE/swapped.log"; then
  exit 1
fi
cat "$M0SIM_STATE/swapped.log"
[ "$(m0sim_hosts failures=1 | xargs)" = "m0-00 m0-01" ]
[ "$(m0sim_hosts changed=1 failures=0)" = m0-02 ]
grep -F 'it has MAC D8B04C000001, expected_mac is D8B04C000002. Nothing was changed' "$M0SIM_STATE/swapped.log"
[ "$(m0sim_sets m0-00)" -eq 0 ] && [ "$(m0sim_sets m0-01)" -eq 0 ] && [ "$(m0sim_sets m0-02)" -eq 1 ]

# The audit names both swapped hosts (and only them), sending no set command. Each is an identity mismatch, not
# compliant, whatever the module on its port holds (they hold the same settings), counted in the summary, and
# usr_m0_audit_fail_on_drift fails the run naming each module and why.
rc=0
ansible-playbook -i "$M0SIM_INVENTORY" -i "$M0SIM_STATE/macs.yml" usriot.m0.audit -e "usr_m0_audit_dir=$M0SIM_STATE/audit" \
  -e "$config" -e usr_m0_audit_fail_on_drift=true "$@" > "$M0SIM_STATE/audit.log" || rc=$?
cat "$M0SIM_STATE/audit.log"
[ "$rc" -eq 2 ]
grep -F 'IDENTITY MISMATCH: '"$M0SIM_STATE"'/m0-00.tty answers with MAC D8B04C000001, usr_m0_mac is D8B04C000002' "$M0SIM_STATE/audit.log"
grep -F '**m0-01**: the port answers with MAC D8B04C000002, the inventory expects D8B04C000001' "$M0SIM_STATE/audit/drift.md"
[ "$(grep -c 'IDENTITY MISMATCH' "$M0SIM_STATE/audit.log")" -eq 2 ]
summary='3 module(s): 1 compliant, 0 drifted, 2 identity mismatch, 0 not answering'
grep -F "\"$summary; to look at: m0-00 (identity mismatch, 4 warning(s)), m0-01 (identity mismatch, 4 warning(s)), m0-02 (4 warning(s))\"" \
  "$M0SIM_STATE/audit.log"
grep -Fx "$summary." "$M0SIM_STATE/audit/drift.md"
grep -Fx '1 of the 3 module(s) checked (those with usr_m0_mac set that answered) answer with that MAC.' "$M0SIM_STATE/audit/drift.md"
"$M0SIM_PYTHON" - "$M0SIM_STATE/audit/drift.json" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
assert [host for host in sorted(report) if report[host]['identity']['mismatch']] == ['m0-00', 'm0-01'], report
assert dict((host, report[host]['status']) for host in report) == {
    'm0-00': 'identity mismatch', 'm0-01': 'identity mismatch', 'm0-02': 'compliant'}, report
assert report['m0-02']['identity'] == {'expected_mac': 'D8B04C000003', 'running_mac': 'D8B04C000003', 'mismatch': False}
PY
[ "$(m0sim_sets m0-00)" -eq 0 ] && [ "$(m0sim_sets m0-01)" -eq 0 ] && [ "$(m0sim_sets m0-02)" -eq 1 ]

macs d8b0.4c00.0001 D8-B0-4C-00-00-02  # the inventory put right, in other notations
ansible-playbook -i "$M0SIM_INVENTORY" -i "$M0SIM_STATE/macs.yml" usriot.m0.rollout -e "$config" \
  -e usr_m0_rollout_batches=100% "$@"
[ "$(m0sim_hosts changed=1 failures=0 | xargs)" = "m0-00 m0-01" ]
