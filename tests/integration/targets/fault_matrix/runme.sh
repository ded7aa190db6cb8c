#!/usr/bin/env bash
# Every line fault against every settings module, with real ansible-playbook runs: see fault_matrix.py.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 8 --restart-delay 0.5
"$M0SIM_PYTHON" fault_matrix.py "$M0SIM_STATE"
