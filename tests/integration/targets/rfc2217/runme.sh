#!/usr/bin/env bash
# A module behind an RFC 2217 terminal server (pyserial's PortManager on the simulator's pty).
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 1 --restart-delay 0.5
python ../setup_m0sim/rfc2217_server.py "$M0SIM_STATE/m0-00.tty" "$M0SIM_STATE/rfc2217.port" &
server=$!
m0sim_on_exit "kill $server"
for _ in $(seq 50); do [ -s "$M0SIM_STATE/rfc2217.port" ] && break; sleep 0.1; done
ansible-playbook -i "$M0SIM_INVENTORY" test.yml -e "rfc2217_url=rfc2217://127.0.0.1:$(cat "$M0SIM_STATE/rfc2217.port")" "$@"
