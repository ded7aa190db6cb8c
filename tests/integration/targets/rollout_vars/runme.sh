#!/usr/bin/env bash
# The rollout's batches and failure threshold as users pass them: -e key=value strings, exactly as the
# docs show them, a comma-separated list, and values that must be refused before any module is touched.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.5
config='{"usr_m0_config": {"system": {"name": "rolled"}}}'
batches() {
  m0sim_batches 'Roll out USR-M0 settings in batches' | paste -sd '|'
}

# refused before any module is touched: nothing is set
for bad in 'usr_m0_rollout_batches=ten' 'usr_m0_rollout_batches=[0]' 'usr_m0_rollout_batches=1,150%' \
  'usr_m0_rollout_batches=[1, 10' 'usr_m0_max_fail_percentage=150' 'usr_m0_max_fail_percentage=all'; do
  if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$config" -e "$bad" "$@" > "$M0SIM_STATE/bad.log" 2>&1; then
    echo "the rollout took $bad" >&2
    exit 1
  fi
  grep -E 'usr_m0_(rollout_batches must be a list of batch sizes|max_fail_percentage must be a whole number)' "$M0SIM_STATE/bad.log"
  [ "$(m0sim_sets)" -eq 0 ]
done

# also when --limit leaves out the first host of the inventory
if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout --limit m0-01,m0-02 -e "$config" -e usr_m0_rollout_batches=0 "$@"; then
  exit 1
fi
[ "$(m0sim_sets)" -eq 0 ]

# as docs/fleet.md and the playbook's header show it: a canary of one, then the other two
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$config" -e usr_m0_rollout_batches='[1, 10, "100%"]' "$@"
[ "$(batches)" = "m0-00|m0-01 m0-02" ]
[ "$(m0sim_sets)" -eq 3 ]

# comma-separated, and a number as a string
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$config" -e usr_m0_rollout_batches=1,1,1 \
  -e usr_m0_max_fail_percentage=0 "$@"
[ "$(batches)" = "m0-00|m0-01|m0-02" ]
[ "$(m0sim_hosts changed=0 failures=0 | xargs)" = "m0-00 m0-01 m0-02" ]
