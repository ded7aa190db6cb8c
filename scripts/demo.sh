#!/usr/bin/env bash
# The README's first command: set everything up, start the bundled simulator with three M0
# modules on pseudo-terminals (a mixed fleet: the third runs the older firmware 4010, without the HTTP client
# and the USR Cloud account), and gather facts from all of them with playbooks/demo.yml.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/build/collections"
export PYTHONPATH="$root/simulator"
state="$root/build/demo"
rm -rf "$state"
mkdir -p "$state"

python -m usr_m0_sim serve --state-dir "$state" --count 3 \
  --firmware 4016 --firmware 4016 --firmware 4010:HTPTP,HTPURL,HTPHEAD,HTPCHD,REGCLOUD
trap 'python -m usr_m0_sim ctl --state-dir "$state" stop >/dev/null' EXIT

# The simulator writes an inventory of its modules: one host each, serial_port its pseudo-terminal, the local
# connection (the controller holds the ports, so the usriot.m0 modules run inside the Ansible worker).
ansible-playbook -i "$state/inventory.json" "$root/playbooks/demo.yml"
