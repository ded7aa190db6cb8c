#!/usr/bin/env bash
# Never half-configured, whatever stops the run: Ctrl-C (SIGINT to ansible-playbook's process group), a
# cancel (SIGTERM to ansible-playbook), an AWX-style job cancel through ansible-runner (SIGKILL of the job's
# process group), each at the first set of a rollout of 8 modules; then SIGKILL of everything with modules in
# AT mode and a rerun that converges and restarts them. After each: every module in work mode, running what it
# stores, nothing sent to the network.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 8 --restart-delay 1.0
export ANSIBLE_FORKS=8
reports="$M0SIM_STATE/reports"
settings() {  # the rollout's extra vars: every module in one batch, settings that differ from run to run
  printf '{"usr_m0_rollout_batches": ["100%%"], "usr_m0_rollout_report_dir": "%s", "usr_m0_config": {"system": {"name": "site-%s"},
    "heartbeat": {"interval": %s}, "network": {"dns": "10.20.0.%s"}, "web": {"port": %s}}}' "$reports" "$1" "$((60 + $1))" "$1" "$((8080 + $1))"
}

interrupted() {  # NAME SIGNAL PROCESS-GROUP(yes/no) RUN [ansible-playbook options]: the rollout, stopped with SIGNAL at
  local name=$1 signal=$2 group=$3 run=$4 pid start status=0  # its first set
  shift 4
  rm -f "$USR_M0_STATE_DIR"/*.json
  "$M0SIM_PYTHON" settle.py snapshot "$M0SIM_STATE" "$M0SIM_STATE/$name.before.json"
  m0sim_ctl reset-log >/dev/null
  # SIGHUP at its default action, as for a run started from a terminal, even when this test was started under
  # nohup (which ignores it for every child, and so made ansible-playbook ignore the hangup)
  setsid "$M0SIM_PYTHON" -c 'import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
    ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$(settings "$run")" "$@" > "$M0SIM_STATE/$name.out" 2>&1 &
  pid=$!
  "$M0SIM_PYTHON" first_set.py "$M0SIM_STATE"
  start=$(date +%s.%N)
  if [ "$group" = yes ]; then kill "-$signal" -- "-$pid"; else kill "-$signal" "$pid"; fi
  wait "$pid" || status=$?
  "$M0SIM_PYTHON" settle.py wait "$M0SIM_STATE" >/dev/null
  # reported, not asserted: how long the modules took to be safe once the signal came
  echo "$name: every port free $("$M0SIM_PYTHON" -c 'import sys, time; print("%.1f" % (time.time() - float(sys.argv[1])))' "$start") s after SIG$signal"
  cat "$M0SIM_STATE/$name.out"
  [ "$status" -ne 0 ]
  "$M0SIM_PYTHON" settle.py wait "$M0SIM_STATE"
  "$M0SIM_PYTHON" settle.py check "$M0SIM_STATE" "$M0SIM_STATE/$name.before.json" | tee "$M0SIM_STATE/$name.outcomes"
  # ansible-playbook said what became of each module whose session it stopped (a SIGHUP ends it at once: only the
  # journal can say, and the workers saw it go)
  if [ "$signal" = HUP ]; then
    grep -l 'the process that started this run ended' "$USR_M0_STATE_DIR"/*.json
  else
    "$M0SIM_PYTHON" check_summary.py "$M0SIM_STATE/$name.out" "$USR_M0_STATE_DIR" "$signal"
  fi
}

export USR_M0_STATE_DIR="$M0SIM_STATE/journal"
interrupted ctrl_c INT yes 1
interrupted hangup HUP no 6
# the module path: the worker passes the signal on to the module process, and waits for it
interrupted module_path INT yes 7 -e usr_m0_run_as_module=true -e ansible_python_interpreter="$M0SIM_PYTHON"
interrupted cancel TERM no 2

# The rerun converges, and says what the interrupted run left on each port it stopped on
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$(settings 3)" > "$M0SIM_STATE/rerun.out" 2>&1 ||
  { cat "$M0SIM_STATE/rerun.out"; exit 1; }
cat "$M0SIM_STATE/rerun.out"
grep -q 'an earlier run on .* was interrupted' "$M0SIM_STATE/rerun.out"
[ -z "$(ls -A "$USR_M0_STATE_DIR")" ]

# ansible-runner's cancel: SIGKILL of the job's process group; the workers notice ansible-playbook is gone
job="$M0SIM_STATE/runner"
mkdir -p "$job/project" "$job/inventory" "$job/env"
printf -- '---\n- name: Roll out\n  ansible.builtin.import_playbook: usriot.m0.rollout\n' > "$job/project/site.yml"
cp "$M0SIM_INVENTORY" "$job/inventory/hosts.json"
settings 4 > "$job/env/extravars"
printf '{"ANSIBLE_COLLECTIONS_PATH": "%s", "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORKS": "8", "USR_M0_STATE_DIR": "%s"}\n' \
  "$ANSIBLE_COLLECTIONS_PATH" "$USR_M0_STATE_DIR" > "$job/env/envvars"
# runner asks its cancel callback each time it stops waiting for output (pexpect_timeout, 5 s by default)
printf 'pexpect_timeout: 0.05\n' > "$job/env/settings"
"$M0SIM_PYTHON" settle.py snapshot "$M0SIM_STATE" "$M0SIM_STATE/runner.before.json"
m0sim_ctl reset-log >/dev/null
"$M0SIM_PYTHON" runner_cancel.py "$M0SIM_STATE" "$job"
"$M0SIM_PYTHON" settle.py wait "$M0SIM_STATE"
"$M0SIM_PYTHON" settle.py check "$M0SIM_STATE" "$M0SIM_STATE/runner.before.json"
grep -l 'the process that started this run ended' "$USR_M0_STATE_DIR"/*.json

# What cannot be caught: SIGKILL of ansible-playbook and of every worker while modules are in AT mode
rm -f "$USR_M0_STATE_DIR"/*.json
m0sim_ctl reset-log >/dev/null
# a line that stalls after a few lines holds each module in AT mode for seconds, long enough to be caught there
# however loaded the machine is
m0sim_ctl fault stall after=3 seconds=4 >/dev/null
setsid ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$(settings 5)" > "$M0SIM_STATE/kill.out" 2>&1 &
pid=$!
"$M0SIM_PYTHON" kill_in_at_mode.py "$M0SIM_STATE" "$pid"
wait "$pid" || true
m0sim_ctl clear-faults >/dev/null
"$M0SIM_PYTHON" settle.py wait "$M0SIM_STATE" | tee "$M0SIM_STATE/killed.modes"
# what the killed processes had already put on the line (a +++ the stall held) plays out when the stall (4 s) and the
# module's handshake window (3 s) end: no driver can take that back; what follows must send nothing
sleep 8
m0sim_ctl stats > "$M0SIM_STATE/killed.stats"
grep -q '"at"' "$M0SIM_STATE/killed.modes"  # the kill left a module in AT mode, or what follows proves nothing
# the audit does not count a module left in AT mode compliant
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.audit -e "$(settings 5)" -e usr_m0_audit_dir="$M0SIM_STATE/audit" \
  > "$M0SIM_STATE/audit.out" 2>&1 || true
grep -q 'left in AT mode' "$M0SIM_STATE/audit.out" || { cat "$M0SIM_STATE/audit.out"; exit 1; }
# the rerun restarts every module it finds in AT mode, even where nothing differs, and so converges
"$M0SIM_PYTHON" settle.py snapshot "$M0SIM_STATE" "$M0SIM_STATE/kill.before.json"
ansible-playbook -i "$M0SIM_INVENTORY" usriot.m0.rollout -e "$(settings 5)"
"$M0SIM_PYTHON" settle.py check "$M0SIM_STATE" "$M0SIM_STATE/kill.before.json" "$M0SIM_STATE/killed.stats"
m0sim_ctl stats | "$M0SIM_PYTHON" -c 'import json, sys
stats = json.load(sys.stdin)["stats"]
assert all(device["mode"] == "work" and device["restarts"] >= 1 for device in stats.values()), stats'
