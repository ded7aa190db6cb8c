#!/usr/bin/env bash
# Modules behind a terminal server at the far end of a slow link (WAN, VPN, cellular): each byte takes half a round
# trip each way, so the `a` of the +++ handshake reaches the driver a whole round trip after its `+++`. Facts, a change
# with a restart, its idempotent rerun and a confirmed change, at three round trips side by side (one module each);
# after each, not a byte reached the network and the module is in work mode.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.5 --reachable 10.20.0.50:502
m0sim_slow_link m0-00=0.6 m0-01=0.9 m0-02=1.5
ansible-playbook -i "$M0SIM_INVENTORY" slow_link.yml -f 3 "$@"
