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

# docs/install.md's check that the modules find pyserial and netaddr fails when one is missing
install_check=$(grep -m 1 '^ansible localhost -m usriot.m0.usr_m0_config' "$(m0sim_collection_root)/docs/install.md")
for library in serial netaddr; do
  mkdir -p "$M0SIM_STATE/without-$library/$library"
  echo "raise ImportError('$library is not installed')" > "$M0SIM_STATE/without-$library/$library/__init__.py"
  if PYTHONPATH="$M0SIM_STATE/without-$library${PYTHONPATH:+:$PYTHONPATH}" eval "$install_check" > "$M0SIM_STATE/without-$library.out" 2>&1; then
    cat "$M0SIM_STATE/without-$library.out"
    echo "install.md's check passed without $library" >&2
    exit 1
  fi
  grep -F "Failed to import the required Python library ($([ $library = serial ] && echo pyserial || echo netaddr))" "$M0SIM_STATE/without-$library.out"
done
