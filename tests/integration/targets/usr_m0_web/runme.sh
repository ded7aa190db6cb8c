#!/usr/bin/env bash
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 1
ansible-playbook -i "$M0SIM_INVENTORY" test.yml -vvv "$@" | tee "$M0SIM_STATE/play.out"
# the secret must appear nowhere in verbose output
if grep -F 'S3c!t' "$M0SIM_STATE/play.out"; then echo "secret leaked into the output" >&2; exit 1; fi
