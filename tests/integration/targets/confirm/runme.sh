#!/usr/bin/env bash
# Confirmed changes against the simulator, which says a TCP client socket is connected only when it runs (since
# its last restart) pointing at a server it is told is reachable: 10.20.0.50:502 here.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.2 --reachable 10.20.0.50:502
ansible-playbook -i "$M0SIM_INVENTORY" confirm.yml "$@"

# The rollout with usr_m0_confirm: a canary whose server does not answer is rolled back and stops the rollout
reports="$M0SIM_STATE/reports"
down='{"usr_m0_config": {"sock": {"protocol": "tcpc", "remote_address": "10.20.0.99", "port": 502}},
  "usr_m0_confirm": {"socket_connected": true, "timeout": 2, "interval": 0.5}, "usr_m0_rollout_batches": [1, "100%"],
  "usr_m0_rollout_report_dir": "'"$reports"'"}'
m0sim_ctl reset-log >/dev/null
if ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$down" "$@" > "$M0SIM_STATE/down.out" 2>&1; then
  cat "$M0SIM_STATE/down.out"
  echo "a rollout whose canary was rolled back succeeded" >&2
  exit 1
fi
cat "$M0SIM_STATE/down.out"
# At the default verbosity the failure is a few lines: what ran and what put it back, the transcript left for -v
if [ -z "${ANSIBLE_VERBOSITY:-}" ] && [[ " $* " != *" -v"* ]]; then
  if grep -F '"transcript"' "$M0SIM_STATE/down.out"; then exit 1; fi
  grep -F '"commands": ["AT+SOCK=TCPC,10.20.0.99,502"]' "$M0SIM_STATE/down.out" | grep -F '"put_back": ["AT+SOCK=TCPC,192.168.0.201,8234"]'
  grep -F -- '-v shows the AT transcript' "$M0SIM_STATE/down.out"
fi
m0sim_ctl stats > "$M0SIM_STATE/stats-down.json"
"$M0SIM_PYTHON" check_rollout.py "$reports/rollout.json" "$M0SIM_STATE/stats-down.json" down

# The same rollout to the server that answers: every module confirmed; a rerun changes nothing
up=${down//10.20.0.99/10.20.0.50}
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$up" "$@"
"$M0SIM_PYTHON" check_rollout.py "$reports/rollout.json" "$M0SIM_STATE/stats-down.json" up
m0sim_ctl reset-log >/dev/null
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$up" "$@"
m0sim_ctl stats > "$M0SIM_STATE/stats-rerun.json"
"$M0SIM_PYTHON" check_rollout.py "$reports/rollout.json" "$M0SIM_STATE/stats-rerun.json" rerun

# A play's own check with a rescue that puts back the backup the change wrote (docs/fleet.md)
ansible-playbook -i "$M0SIM_INVENTORY" own_check.yml -e backups="$M0SIM_STATE/own-check-backups" "$@"
