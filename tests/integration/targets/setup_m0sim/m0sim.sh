# shellcheck shell=bash
# Sourced by the runme.sh of integration targets: starts the bundled simulator on real
# pseudo-terminals (and loopback TCP), writes an inventory for it, and stops it on exit.
#   m0sim_start COUNT [serve options]   -> $M0SIM_STATE, $M0SIM_STATE/inventory.json
#   m0sim_ctl ARGS...                   -> the simulator's ctl command for that state
#   m0sim_sets [NAME]                   -> how many set commands module NAME (default: every module) received
#   m0sim_free_port                     -> a TCP port of 127.0.0.1 that nothing listens on
# With M0SIM_RUN_AS_MODULE=1 the inventory forces the module path (usr_m0_run_as_module) instead of
# running the modules in the Ansible worker.
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
# The inventory leaves interpreter discovery alone, as users' inventories do; ansible-test's guard that
# forces every inventory to set ansible_python_interpreter would hide what users get.
unset ANSIBLE_PYTHON_INTERPRETER
M0SIM_ROOT=$(m0sim_collection_root)
export PYTHONPATH="$M0SIM_ROOT/simulator${PYTHONPATH:+:$PYTHONPATH}"

m0sim_ctl() {
  "$M0SIM_PYTHON" -m usr_m0_sim ctl --state-dir "$M0SIM_STATE" "$@"
}

m0sim_sets() {
  local logs=("$M0SIM_STATE"/*.log.jsonl)
  if [ -n "${1:-}" ]; then logs=("$M0SIM_STATE/$1.log.jsonl"); fi
  cat "${logs[@]}" | grep -c '"kind": "set"' || true
}

m0sim_free_port() {
  "$M0SIM_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
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
    # the controller holds the ports: the modules run in the Ansible worker, no interpreter is discovered
    'ansible_connection': 'local',
    'm0sim_state': state,
    # argv of the simulator's control command, for ansible.builtin.command
    'm0sim_ctl': [sys.argv[2], '-m', 'usr_m0_sim', 'ctl', '--state-dir', state],
}, 'hosts': hosts}}
if os.environ.get('M0SIM_RUN_AS_MODULE'):
    # the module path (what delegate_to a serial host gives): an AnsiballZ module under this Python
    inventory['all']['vars'].update(usr_m0_run_as_module=True, ansible_python_interpreter=sys.argv[2])
with open(os.path.join(state, 'inventory.json'), 'w') as handle:
    json.dump(inventory, handle, indent=2)
PY
}
