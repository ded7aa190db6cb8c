#!/usr/bin/env bash
# The README's first command: set everything up, start the bundled simulator with three M0
# modules on pseudo-terminals, and gather facts from all of them with playbooks/demo.yml.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/build/collections"
export PYTHONPATH="$root/simulator"
state="$root/build/demo"
rm -rf "$state"
mkdir -p "$state"

python -m usr_m0_sim serve --state-dir "$state" --count 3
trap 'python -m usr_m0_sim ctl --state-dir "$state" stop >/dev/null' EXIT

# One inventory host per simulated module. The connection is local: the controller holds the ports, so the
# usriot.m0 modules run inside the Ansible worker (no ansible_python_interpreter to set).
python - "$state" <<'PY'
import json
import os
import sys

state = sys.argv[1]
hosts = {}
for device in json.load(open(os.path.join(state, 'devices.json'))):
    hosts[device['name']] = {'serial_port': device['tty']}
inventory = {'all': {'vars': {'ansible_connection': 'local'}, 'hosts': hosts}}
with open(os.path.join(state, 'inventory.json'), 'w') as handle:
    json.dump(inventory, handle, indent=2)
PY

ansible-playbook -i "$state/inventory.json" "$root/playbooks/demo.yml"
