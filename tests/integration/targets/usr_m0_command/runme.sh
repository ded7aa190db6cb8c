#!/usr/bin/env bash
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 2
# -v: the tasks read the transcript of a failed task, which ansible-playbook returns from -v on
ansible-playbook -i "$M0SIM_INVENTORY" test.yml -v "$@"
