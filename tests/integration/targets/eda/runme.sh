#!/usr/bin/env bash
# The rulebook usriot.m0.remediate run by the real ansible-rulebook (and its Java rules engine) against simulated
# modules: one module is changed behind the collection's back (a person at its terminal sets a value and restarts
# it), another is reset to factory; the watch sees both and the rollout puts both back within a bounded time, while
# the third module is only read. Then ansible-rulebook is stopped with SIGINT: the watch ends with every module in
# work mode, and nothing the watch sent reached a module's network.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
if ! command -v java >/dev/null 2>&1 || ! command -v ansible-rulebook >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "!!!!!! SKIPPED: ansible-rulebook or Java is not installed (scripts/setup.sh installs both as root) !!!!!!" >&2
    exit 0
  fi
  echo "ansible-rulebook and Java (openjdk-17-jdk-headless) are needed: scripts/setup.sh installs them" >&2
  exit 1
fi
m0sim_start 3 --restart-delay 0.5 --reset-delay 0.5

# The inventory as a folder: ansible-rulebook copies a file alone, without the group_vars beside it
inventory="$M0SIM_STATE/inventory"
mkdir -p "$inventory/group_vars"
cp "$M0SIM_INVENTORY" "$inventory/hosts.json"
cat > "$inventory/group_vars/all.yml" <<'YAML'
usr_m0_config:
  system: {name: plant-a}
  web: {password: pw1}
  heartbeat: {enabled: true, interval: 45}
YAML
ansible-playbook -i "$inventory" usriot.m0.rollout "$@"
[ "$(m0sim_hosts changed=1 failures=0 | xargs)" = "m0-00 m0-01 m0-02" ]
m0sim_ctl reset-log > /dev/null

printf 'usr_m0_watch_inventory: %s\nusr_m0_watch_interval: 2\n' "$inventory" > "$M0SIM_STATE/watch.yml"
(cd "$M0SIM_STATE" && exec ansible-rulebook -r usriot.m0.remediate -i "$inventory" --vars "$M0SIM_STATE/watch.yml" --print-events \
  > "$M0SIM_STATE/rulebook.log" 2>&1) &
rulebook=$!
stop_rulebook() { kill -INT "$rulebook" 2>/dev/null || true; wait "$rulebook" || true; }
m0sim_on_exit stop_rulebook

"$M0SIM_PYTHON" check_eda.py rounds "$M0SIM_STATE" 2
"$M0SIM_PYTHON" -m usr_m0_sim type "$M0SIM_STATE/m0-00.tty" AT+HEARTTM=99 AT+Z
"$M0SIM_PYTHON" -m usr_m0_sim type "$M0SIM_STATE/m0-01.tty" AT+RELD
"$M0SIM_PYTHON" check_eda.py repaired "$M0SIM_STATE" "$M0SIM_STATE/rulebook.log" 60 m0-00 m0-01

kill -INT "$rulebook"
wait "$rulebook" || true
m0sim_on_exit true
"$M0SIM_PYTHON" check_eda.py stopped "$M0SIM_STATE" "$M0SIM_STATE/rulebook.log"
