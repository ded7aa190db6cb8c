# shellcheck shell=bash
# Sourced by the runme.sh of integration targets: starts the bundled simulator on real
# pseudo-terminals (and loopback TCP), writes an inventory for it, and stops it on exit.
#   m0sim_start COUNT [serve options]   -> $M0SIM_STATE, $M0SIM_INVENTORY (the simulator writes it)
#   m0sim_ctl ARGS...                   -> the simulator's ctl command for that state
#   m0sim_sets [NAME]                   -> how many set commands module NAME (default: every module) received
#   m0sim_slow_link NAME=RTT...         -> modules NAME behind a terminal server on a slow link, each byte taking RTT/2
#                                          seconds each way (delay_proxy.py, stopped when the target ends);
#                                          $M0SIM_STATE/slow_link.json: NAME -> {url: socket://..., rtt: RTT}
#   m0sim_free_port                     -> a TCP port of 127.0.0.1 that nothing uses, below the ephemeral range
#                                          (free_ports.py)
#   m0sim_hosts [STATS] KEY=N...        -> the hosts of the last ansible-playbook run (of its stats file STATS,
#                                          default $HOST_STATS_FILE) whose counts are all these (ok, changed,
#                                          failures, unreachable, skipped, rescued, ignored), one per line
#   m0sim_batches PLAY                  -> the batches of play PLAY in the last ansible-playbook run: a line each,
#                                          the hosts that ran a task in it
# Every ansible-playbook run writes its per-host counts to $HOST_STATS_FILE ($M0SIM_STATE/stats.json unless
# set): the targets assert on those, not on the text of the PLAY RECAP.
# With M0SIM_RUN_AS_MODULE=1 the inventory forces the module path (usr_m0_run_as_module) instead of
# running the modules in the Ansible worker.
set -euo pipefail

m0sim_collection_root() {
  local entry
  IFS=: read -r -a entries <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
  for entry in "${entries[@]}"; do
    if [ -d "$entry/ansible_collections/usriot/m0/simulator" ]; then
      echo "$entry/ansible_collections/usriot/m0"
      return
    fi
  done
  echo "usriot.m0 not found on ANSIBLE_COLLECTIONS_PATH" >&2
  return 1
}

M0SIM_PYTHON=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
# The inventory leaves interpreter discovery alone, as users' inventories do; ansible-test's guard that
# forces every inventory to set ansible_python_interpreter would hide what users get.
unset ANSIBLE_PYTHON_INTERPRETER
M0SIM_ROOT=$(m0sim_collection_root)
export PYTHONPATH="$M0SIM_ROOT/simulator${PYTHONPATH:+:$PYTHONPATH}"
# host_stats: every ansible-playbook run writes its per-host counts to $HOST_STATS_FILE (see m0sim_hosts);
# task_results: with $TASK_RESULTS_FILE set, what each task did on each host
ANSIBLE_CALLBACK_PLUGINS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/callback_plugins${ANSIBLE_CALLBACK_PLUGINS:+:$ANSIBLE_CALLBACK_PLUGINS}"
ANSIBLE_CALLBACKS_ENABLED="host_stats,task_results${ANSIBLE_CALLBACKS_ENABLED:+,$ANSIBLE_CALLBACKS_ENABLED}"
export ANSIBLE_CALLBACK_PLUGINS ANSIBLE_CALLBACKS_ENABLED

m0sim_ctl() {
  "$M0SIM_PYTHON" -m usr_m0_sim ctl --state-dir "$M0SIM_STATE" "$@"
}

m0sim_sets() {
  local logs=("$M0SIM_STATE"/*.log.jsonl)
  if [ -n "${1:-}" ]; then logs=("$M0SIM_STATE/$1.log.jsonl"); fi
  cat "${logs[@]}" | grep -c '"kind": "set"' || true
}

m0sim_slow_link() {
  local proxy
  "$M0SIM_PYTHON" "$(dirname "${BASH_SOURCE[0]}")/delay_proxy.py" "$M0SIM_STATE" "$M0SIM_STATE/slow_link.json" "$@" &
  proxy=$!
  m0sim_on_exit "kill $proxy"
  for _ in $(seq 200); do
    if [ -s "$M0SIM_STATE/slow_link.json" ]; then return 0; fi
    sleep 0.05
  done
  echo "delay_proxy.py wrote no $M0SIM_STATE/slow_link.json within 10 s" >&2
  return 1
}

m0sim_free_port() {
  "$M0SIM_PYTHON" "$(dirname "${BASH_SOURCE[0]}")/free_ports.py"
}

m0sim_hosts() {
  local stats=$HOST_STATS_FILE
  if [ $# -gt 0 ] && [[ "$1" != *=* ]]; then stats=$1; shift; fi
  "$M0SIM_PYTHON" - "$stats" "$@" <<'PY'
import json
import sys

wanted = dict((key, int(value)) for key, value in (item.split('=', 1) for item in sys.argv[2:]))
for host, counts in sorted(json.load(open(sys.argv[1])).items()):
    unknown = set(wanted) - set(counts)
    if unknown:
        sys.exit('no such count: %s (there are %s)' % (', '.join(sorted(unknown)), ', '.join(sorted(counts))))
    if all(counts[key] == value for key, value in wanted.items()):
        print(host)
PY
}

# The simulator's state (its logs, the modules' flash) is kept for a target that failed, and removed otherwise.
m0sim_batches() {
  "$M0SIM_PYTHON" -c 'import json, sys
for play in json.load(open(sys.argv[1])):
    if play["name"] == sys.argv[2]:
        print(" ".join(sorted(play["hosts"])))' "$HOST_STATS_FILE.plays" "$1"
}

m0sim_stop() {
  local status=${m0sim_exit_status:-$?}
  if [ -n "${M0SIM_STATE:-}" ] && [ -f "$M0SIM_STATE/ready" ]; then
    m0sim_ctl stop >/dev/null 2>&1 || true
  fi
  if [ -n "${M0SIM_STATE:-}" ]; then
    if [ "$status" -eq 0 ]; then
      rm -rf "$M0SIM_STATE"
    else
      echo "the simulator's state is kept in $M0SIM_STATE" >&2
    fi
  fi
}

# m0sim_on_exit 'COMMANDS': what the target stops when it ends, before the simulator
m0sim_on_exit() {
  # shellcheck disable=SC2064 # the commands are fixed now, the exit status is read when the target ends
  trap "m0sim_exit_status=\$?; $1; m0sim_stop" EXIT
}

m0sim_start() {
  local count=$1
  shift
  M0SIM_STATE=$(mktemp -d "${TMPDIR:-/tmp}/m0sim.XXXXXX")
  M0SIM_INVENTORY=$M0SIM_STATE/inventory.json
  HOST_STATS_FILE=${HOST_STATS_FILE:-$M0SIM_STATE/stats.json}
  # the journal of interrupted runs (module_utils/_internal/interruption.py) is the target's, not the user's
  USR_M0_STATE_DIR=${USR_M0_STATE_DIR:-$M0SIM_STATE/journal}
  export M0SIM_STATE M0SIM_INVENTORY HOST_STATS_FILE USR_M0_STATE_DIR
  trap m0sim_stop EXIT
  "$M0SIM_PYTHON" -m usr_m0_sim serve --state-dir "$M0SIM_STATE" --count "$count" --tcp \
    ${M0SIM_RUN_AS_MODULE:+"--run-as-module"} "$@"
}
