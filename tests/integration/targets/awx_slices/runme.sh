#!/usr/bin/env bash
# AWX job slicing as AWX runs it: three slices of one job (every third host, round robin by name), each handed to
# an execution node the way AWX does (ansible-runner transmit | worker | process), at the same time, against nine
# simulated modules behind one ser2net capped at two sessions (usr_m0_terminal_server_sessions: 2).
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
# shellcheck source=/dev/null
source ../setup_ser2net/ser2net.sh
m0sim_start 9 --restart-delay 0.2
hosts=(m0-00 m0-01 m0-02 m0-03 m0-04 m0-05 m0-06 m0-07 m0-08)
ser2net_start "${hosts[@]}"
work="$M0SIM_STATE/slices"
mkdir -p "$work"

# The terminal server's front door counts the sessions open at once (ser2net does not say)
"$M0SIM_PYTHON" -c 'import json, sys; print(json.dumps({h: u["socket"] for h, u in json.load(open(sys.argv[1])).items()}))' \
  "$M0SIM_STATE/ser2net.json" > "$work/ser2net-raw.json"
"$M0SIM_PYTHON" session_counter.py "$work/ser2net-raw.json" "$work/front.json" "$work/counts.json" &
counter=$!
m0sim_on_exit "kill $counter 2>/dev/null || true; ser2net_stop"
for _ in $(seq 50); do [ -f "$work/front.json" ] && break; sleep 0.1; done

# One private data directory per slice, as AWX writes it for a sliced job template
"$M0SIM_PYTHON" - "$work" "$M0SIM_INVENTORY" "$ANSIBLE_COLLECTIONS_PATH" <<'PY'
import json
import os
import shutil
import sys

work, inventory, collections = sys.argv[1:4]
simulated = json.load(open(inventory))['all']
front = json.load(open(os.path.join(work, 'front.json')))
names = sorted(front)
for number in range(3):
    job = os.path.join(work, 'slice%d' % number)
    for folder in ('project', 'inventory', 'env'):
        os.makedirs(os.path.join(job, folder))
    shutil.copy('site.yml', os.path.join(job, 'project', 'site.yml'))
    hosts = dict((name, {'serial_port': front[name]}) for name in names[number::3])
    group_vars = dict(simulated['vars'], usr_m0_terminal_server_sessions=2)
    with open(os.path.join(job, 'inventory', 'hosts.json'), 'w') as handle:
        json.dump({'all': {'vars': group_vars, 'hosts': hosts}}, handle)
    with open(os.path.join(job, 'env', 'extravars'), 'w') as handle:
        json.dump({'usr_m0_config': {'system': {'name': 'sliced'}, 'heartbeat': {'enabled': True, 'interval': 45, 'data': 'alive'}},
                   'usr_m0_rollout_batches': ['100%']}, handle)
    with open(os.path.join(job, 'env', 'envvars'), 'w') as handle:
        json.dump({'ANSIBLE_COLLECTIONS_PATH': collections, 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORKS': '5'}, handle)
PY

pids=()
for number in 0 1 2; do
  job="$work/slice$number"
  (ansible-runner transmit "$job" -p site.yml | ansible-runner worker --private-data-dir "$work/node$number" |
    ansible-runner process "$job") > "$work/slice$number.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
cat "$work"/slice*.log

"$M0SIM_PYTHON" check_slices.py "$work" "$M0SIM_STATE"
