#!/usr/bin/env bash
# Every command and snippet the docs show, run against the simulator (see run_docs.py).
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 19 --restart-delay 0.2 --reachable 10.20.0.50:502 --reachable 10.20.0.51:502
"$M0SIM_PYTHON" run_docs.py "$(m0sim_collection_root)" "$M0SIM_STATE"

# The rollout's batches and threshold as -e key=value strings are tested in the rollout_vars target.
rollout=$(m0sim_collection_root)/playbooks/rollout.yml

# The role's numbers as key=value extra vars give them (strings): the argument spec converts them.
ansible-playbook -i "$M0SIM_INVENTORY" -i docs_vars.yml "$rollout" --limit m0-00 \
  -e serial_baudrate=115200 -e serial_timeout=2.5 -e usr_m0_rollout_batches=1 -e usr_m0_max_fail_percentage=0
