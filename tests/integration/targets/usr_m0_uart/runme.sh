#!/usr/bin/env bash
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 1
ansible-playbook -i "$M0SIM_INVENTORY" test.yml "$@"
