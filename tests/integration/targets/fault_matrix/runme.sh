#!/usr/bin/env bash
# Every line fault against every settings module, with real ansible-playbook runs: see fault_matrix.py.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
# shellcheck source=/dev/null
source ../setup_ser2net/ser2net.sh
m0sim_start 8 --restart-delay 0.5
# the terminal server rows run through ser2net
if ser2net_required; then
  ser2net_start m0-00 m0-01 m0-02 m0-03 m0-04 m0-05 m0-06 m0-07
fi
"$M0SIM_PYTHON" fault_matrix.py "$M0SIM_STATE"
