#!/usr/bin/env bash
# The usriot.m0.serial_scan inventory plugin, run by ansible-inventory and ansible-playbook against simulated modules
# on pseudo-terminals (one at 9600) and TCP, beside an empty port, a non-M0 talker and a closed TCP port.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 5 --restart-delay 0.2
state=$M0SIM_STATE
ansible-playbook -i "$M0SIM_INVENTORY" name_modules.yml "$@"

"$M0SIM_PYTHON" other_ports.py "$state" &
other_ports=$!
m0sim_on_exit "kill $other_ports"
for _ in $(seq 50); do [ -f "$state/other_ports.ready" ] && break; sleep 0.1; done
m0sim_ctl --device m0-01 set-state baud=9600  # runs at 9600: found at the second speed tried
ln -s "$state/m0-00.tty" "$state/alias-of-m0-00.tty"  # the same device under a second name: scanned once
tcp_port() {
  "$M0SIM_PYTHON" -c "import json, sys; print([d['tcp_port'] for d in json.load(open(sys.argv[1])) if d['name'] == sys.argv[2]][0])" \
    "$state/devices.json" "$1"
}
closed_port=$(m0sim_free_port)
cat > "$state/fleet.m0.yml" <<YAML
plugin: usriot.m0.serial_scan
ports:
  - $state/m0-0[0-1].tty
  - $state/alias-of-m0-00.tty
  - socket://127.0.0.1:$(tcp_port m0-02)-$(tcp_port m0-02)
  - socket://127.0.0.1:$(tcp_port m0-03)
  - $state/m0-04.tty
  - $state/empty.tty
  - $state/talker.tty
  - socket://127.0.0.1:$closed_port
  - $state/nothing-*.tty
baudrates: [115200, 9600, 57600]
hostname: name
gather_subset: [sock]
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: $state/cache
keyed_groups:
  - key: usr_m0_firmware_version
    prefix: firmware
  - key: usr_m0.sock.protocol
    prefix: sock
groups:
  slow_line: serial_baudrate < 115200
compose:
  cabinet: serial_port.split('/')[-1].split('.')[0] if serial_port.startswith('/') else 'terminal-server'
YAML

m0sim_ctl reset-log >/dev/null
ansible-inventory -i "$state/fleet.m0.yml" --list > "$state/scan.json" 2> "$state/scan.err"
cat "$state/scan.err"
"$M0SIM_PYTHON" check_scan.py "$state" "$closed_port"

# The second run takes the scan from the cache: not a byte reaches any module
m0sim_ctl reset-log >/dev/null
ansible-inventory -i "$state/fleet.m0.yml" --list > "$state/scan2.json" 2> "$state/scan2.err"
"$M0SIM_PYTHON" -c 'import json, sys; assert json.load(open(sys.argv[1])) == json.load(open(sys.argv[2]))' \
  "$state/scan.json" "$state/scan2.json"
grep -F 'answers on' "$state/scan2.err"  # the warnings are repeated from the cache
[ -z "$(cat "$state"/m0-0*.log.jsonl)" ]
# --flush-cache scans again
ansible-inventory -i "$state/fleet.m0.yml" --list --flush-cache > /dev/null
grep -F '"command": "MAC"' "$state/m0-00.log.jsonl"

# Two cables swapped after the scan (the cached inventory is stale): the rollout refuses exactly those two hosts,
# with no set command on the wire, and converges the others
sets() {
  grep -c '"kind": "set"' "$state/$1.log.jsonl" || true
}
tmp=$(readlink "$state/m0-00.tty")
ln -sfn "$(readlink "$state/m0-01.tty")" "$state/m0-00.tty"
ln -sfn "$tmp" "$state/m0-01.tty"
if ansible-playbook -i "$state/fleet.m0.yml" usriot.m0.rollout -e '{"usr_m0_config": {"heartbeat": {"interval": 45}}}' \
    -e usr_m0_rollout_batches=100% "$@" > "$state/swapped.log" 2>&1; then
  cat "$state/swapped.log"
  exit 1
fi
cat "$state/swapped.log"
[ "$(m0sim_hosts failures=1 | xargs)" = "pump-00 pump-01" ]
[ "$(m0sim_hosts changed=1 failures=0 | xargs)" = "pump-02-D8B04C000003 pump-02-D8B04C000004" ]
[ "$(sets m0-00)" -eq 0 ] && [ "$(sets m0-01)" -eq 0 ] && [ "$(sets m0-02)" -eq 1 ] && [ "$(sets m0-03)" -eq 1 ]

# By default hosts are named by MAC: the same after a rollout that sets system.name. A module's name never becomes a
# path or a host name unsanitised, and modules that still have the factory name give one warning, not one per pair.
# (m0-01 back to the speed of the inventory: a module that is silent at serial_baudrate is not looked for elsewhere)
m0sim_ctl --device m0-01 set-state baud=115200 >/dev/null
ansible-playbook -i "$M0SIM_INVENTORY" --limit m0-00:m0-01:m0-02:m0-03 name_modules.yml \
  -e '{"names": {"m0-00": "../../pwnd", "m0-01": "USR-M0", "m0-02": "USR-M0", "m0-03": "USR-M0"}}' "$@"
cat > "$state/default.m0.yml" <<YAML
plugin: usriot.m0.serial_scan
ports: ['$state/m0-0[0-3].tty']
YAML
cat > "$state/by-name.m0.yml" <<YAML
plugin: usriot.m0.serial_scan
ports: ['$state/m0-0[0-3].tty']
hostname: name
YAML
ansible-inventory -i "$state/default.m0.yml" --list > "$state/default.json" 2> "$state/default.err"
ansible-inventory -i "$state/by-name.m0.yml" --list > "$state/by-name.json" 2> "$state/by-name.err"
"$M0SIM_PYTHON" check_names.py "$state"
