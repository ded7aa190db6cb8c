#!/usr/bin/env bash
# The rollout's batches and failure threshold as users pass them: -e key=value strings, exactly as the
# docs show them, a comma-separated list, and values that must be refused before any module is touched.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.5
config='{"usr_m0_config": {"system": {"name": "rolled"}}}'
batches() {
  m0sim_batches 'Roll out USR-M0 settings in batches' | paste -sd '|'
}

# refused before any module is touched: nothing is set
for bad in 'usr_m0_rollout_batches=ten' 'usr_m0_rollout_batches=[0]' 'usr_m0_rollout_batches=1,150%' \
  'usr_m0_rollout_batches=[1, 10' 'usr_m0_max_fail_percentage=150' 'usr_m0_max_fail_percentage=all'; do
  if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$config" -e "$bad" "$@" > "$M0SIM_STATE/bad.log" 2>&1; then
    echo "the rollout took $bad" >&2
    exit 1
  fi
  grep -E 'usr_m0_(rollout_batches must be a list of batch sizes|max_fail_percentage must be a whole number)' "$M0SIM_STATE/bad.log"
  [ "$(m0sim_sets)" -eq 0 ]
done

# also when --limit leaves out the first host of the inventory
if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout --limit m0-01,m0-02 -e "$config" -e usr_m0_rollout_batches=0 "$@"; then
  exit 1
fi
[ "$(m0sim_sets)" -eq 0 ]

# as docs/fleet.md and the playbook's header show it: a canary of one, then the other two
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$config" -e usr_m0_rollout_batches='[1, 10, "100%"]' "$@"
[ "$(batches)" = "m0-00|m0-01 m0-02" ]
[ "$(m0sim_sets)" -eq 3 ]

# comma-separated, and a number as a string
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$config" -e usr_m0_rollout_batches=1,1,1 \
  -e usr_m0_max_fail_percentage=0 "$@"
[ "$(batches)" = "m0-00|m0-01|m0-02" ]
[ "$(m0sim_hosts changed=0 failures=0 | xargs)" = "m0-00 m0-01 m0-02" ]

# A host with no wanted settings at all (an inventory without its group_vars/) fails, naming itself, and the audit
# does not count it compliant; nothing is set
m0sim_ctl reset-log >/dev/null
if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout --limit m0-00 "$@" > "$M0SIM_STATE/none.log" 2>&1; then
  echo "a rollout without usr_m0_config succeeded" >&2
  exit 1
fi
grep -F 'm0-00 has no wanted settings: neither usr_m0_config nor any usr_m0_config_* variable is defined for it' "$M0SIM_STATE/none.log"
if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.audit --limit m0-00 -e usr_m0_audit_dir="$M0SIM_STATE/audit" "$@" \
  > "$M0SIM_STATE/none-audit.log" 2>&1; then
  echo "an audit without usr_m0_config succeeded" >&2
  exit 1
fi
grep -F 'not audited: ' "$M0SIM_STATE/none-audit.log" | grep -F 'm0-00 has no wanted settings'
grep -F '1 module(s): 0 compliant, 0 drifted, 0 not answering, 1 inventory error' "$M0SIM_STATE/none-audit.log"
[ "$(m0sim_sets)" -eq 0 ]

# An error in a layer names the layer, a range error too; nothing is set
if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$config" \
  -e '{"usr_m0_config_cli": {"web": {"username": "plantops"}}}' "$@" > "$M0SIM_STATE/range.log" 2>&1; then
  exit 1
fi
grep -F "usr_m0_config_cli: web.username: 'plantops' is not allowed: it is 8 bytes long" "$M0SIM_STATE/range.log"
[ "$(m0sim_sets)" -eq 0 ]

# An extra var named as an inventory layer is warned of once; usr_m0_config_cli is merged last, option by option
layers=$M0SIM_STATE/layers.yml
cat > "$layers" <<'YAML'
all:
  vars:
    usr_m0_config: {system: {name: rolled}}
    usr_m0_config_site: {heartbeat: {interval: 61}}
    usr_m0_config_zz: {heartbeat: {interval: 62}}
YAML
ansible-playbook -i "$M0SIM_INVENTORY" -i "$layers" usriot.m0.rollout -e usr_m0_rollout_batches=100% \
  -e '{"usr_m0_config_site": {"heartbeat": {"data": "site"}}, "usr_m0_config_cli": {"heartbeat": {"interval": 63}}}' \
  "$@" > "$M0SIM_STATE/layers.log" 2>&1 || { cat "$M0SIM_STATE/layers.log"; exit 1; }
[ "$(grep -c 'the extra var usr_m0_config_site replaces any usr_m0_config_site of the inventory' "$M0SIM_STATE/layers.log")" -eq 1 ]
if grep -F 'the extra var usr_m0_config_cli' "$M0SIM_STATE/layers.log"; then exit 1; fi
m0sim_ctl flash | "$M0SIM_PYTHON" -c 'import json, sys
flash = json.load(sys.stdin)["flash"]
heartbeats = sorted(set((module["HEARTTM"], module["HEARTDT"]) for module in flash.values()))
assert heartbeats == [("63", "site")], heartbeats'

# Two hosts on one port without usr_m0_mac: warned of, naming both and the port, before any module is touched
twin=$M0SIM_STATE/twin.json
"$M0SIM_PYTHON" - "$M0SIM_INVENTORY" "$twin" <<'PY'
import json
import sys

inventory = json.load(open(sys.argv[1]))
port = inventory['all']['hosts']['m0-00']['serial_port']
json.dump({'all': {'hosts': {'m0-00-twin': {'serial_port': port}}}}, open(sys.argv[2], 'w'))
print(port)
PY
ansible-playbook -i "$M0SIM_INVENTORY" -i "$twin" usriot.m0.rollout --limit m0-00,m0-00-twin -e "$config" \
  -e usr_m0_rollout_batches=100% "$@" > "$M0SIM_STATE/twin.log" 2>&1 || { cat "$M0SIM_STATE/twin.log"; exit 1; }
warned=$(grep -n -F 'm0-00, m0-00-twin name the same serial_port' "$M0SIM_STATE/twin.log" | cut -d: -f1)
converged=$(grep -n -F 'TASK [usriot.m0.configure : Converge the settings' "$M0SIM_STATE/twin.log" | cut -d: -f1)
[ -n "$warned" ] && [ "$warned" -lt "$converged" ]

# A serial_port URL with a scheme pyserial does not know fails listing the URLs a port can be
if ansible localhost -m usriot.m0.usr_m0_facts -a serial_port=rfc2271://localhost:4001 > "$M0SIM_STATE/scheme.log" 2>&1; then
  exit 1
fi
grep -F "protocol 'rfc2271' not known (a serial_port is a device path or a URL: rfc2217://host:port, socket://host:port, tls://host:port)" \
  "$M0SIM_STATE/scheme.log"
