#!/usr/bin/env bash
# Confirmed changes against the simulator, which says a TCP client socket is connected only when it runs (since
# its last restart) pointing at a server it is told is reachable: 10.20.0.50:502 here.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.2 --reachable 10.20.0.50:502
ansible-playbook -i "$M0SIM_STATE/inventory.json" confirm.yml "$@"
