#!/usr/bin/env bash
# Every command and snippet the docs show, run against the simulator (see run_docs.py).
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 16 --restart-delay 0.2
"$M0SIM_PYTHON" run_docs.py "$(m0sim_collection_root)" "$M0SIM_STATE"

# What the shell makes of -e usr_m0_rollout_batches='[1, 10, "100%"]': Ansible's key=value parser
# ends the value at the first space. The rollout stops with a message saying so, before the first module task.
rollout=$(m0sim_collection_root)/playbooks/rollout.yml
if ansible-playbook -i "$M0SIM_STATE/inventory.json" "$rollout" -e 'usr_m0_rollout_batches=[1, 10, "100%"]' \
    > "$M0SIM_STATE/bad-batches.out"; then exit 1; fi
grep -F 'a key=value extra var ends at the first space' "$M0SIM_STATE/bad-batches.out"
if grep -F 'Converge the settings' "$M0SIM_STATE/bad-batches.out"; then exit 1; fi
if ansible-playbook -i "$M0SIM_STATE/inventory.json" "$rollout" -e usr_m0_max_fail_percentage=lots \
    > "$M0SIM_STATE/bad-threshold.out"; then exit 1; fi
grep -F 'usr_m0_max_fail_percentage must be a percentage from 0 to 100 (got "lots")' "$M0SIM_STATE/bad-threshold.out"

# The role's numbers as key=value extra vars give them (strings): the argument spec converts them.
ansible-playbook -i "$M0SIM_STATE/inventory.json" -i docs_vars.yml "$rollout" --limit m0-00 \
  -e serial_baudrate=115200 -e serial_timeout=2.5 -e usr_m0_rollout_batches=1 -e usr_m0_max_fail_percentage=0
