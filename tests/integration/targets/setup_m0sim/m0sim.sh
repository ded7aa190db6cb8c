# shellcheck shell=bash
# Sourced by the runme.sh of integration targets: starts the bundled simulator on real
# pseudo-terminals (and loopback TCP), writes an inventory for it, and stops it on exit.
#   m0sim_start COUNT [serve options]   -> $M0SIM_STATE, $M0SIM_STATE/inventory.json
#   m0sim_ctl ARGS...                   -> the simulator's ctl command for that state
set -euo pipefail

m0sim_collection_root() {
  local entry
  IFS=: read -r -a entries <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
  for entry in "${entries[@]}"; do
    if [ -d "$entry/ansible_collections/usriot/m0/simulator" ]; then
      echo "$entry/ansible_collections/usriot/m0"
      return
    fi
  done
  echo "usriot.m0 not found on ANSIBLE_COLLECTIONS_PATH" >&2
  return 1
}

M0SIM_PYTHON=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
M0SIM_ROOT=$(m0sim_collection_root)
export PYTHONPATH="$M0SIM_ROOT/simulator${PYTHONPATH:+:$PYTHONPATH}"

m0sim_ctl() {
  "$M0SIM_PYTHON" -m usr_m0_sim ctl --state-dir "$M0SIM_STATE" "$@"
}

m0sim_stop() {
  if [ -n "${M0SIM_STATE:-}" ] && [ -f "$M0SIM_STATE/ready" ]; then
    m0sim_ctl stop >/dev/null 2>&1 || true
  fi
}

m0sim_start() {
  local count=$1
  shift
  M0SIM_STATE=$(mktemp -d "${TMPDIR:-/tmp}/m0sim.XXXXXX")
  export M0SIM_STATE
  trap m0sim_stop EXIT
  "$M0SIM_PYTHON" -m usr_m0_sim serve --state-dir "$M0SIM_STATE" --count "$count" --tcp "$@"
  "$M0SIM_PYTHON" - "$M0SIM_STATE" "$M0SIM_PYTHON" <<'PY'
import json
import os
import sys

state = sys.argv[1]
hosts = {}
for device in json.load(open(os.path.join(state, 'devices.json'))):
    hosts[device['name']] = {
        'serial_port': device['tty'],
        'serial_url_tcp': 'socket://127.0.0.1:%d' % device['tcp_port'],
        'm0sim_log': device['log'],
    }
inventory = {'all': {'vars': {
    'ansible_connection': 'local',
    'ansible_python_interpreter': '{{ ansible_playbook_python }}',
    'm0sim_state': state,
    # argv of the simulator's control command, for ansible.builtin.command
    'm0sim_ctl': [sys.argv[2], '-m', 'usr_m0_sim', 'ctl', '--state-dir', state],
}, 'hosts': hosts}}
with open(os.path.join(state, 'inventory.json'), 'w') as handle:
    json.dump(inventory, handle, indent=2)
PY
}
