#!/usr/bin/env bash
# The collection through ser2net, the terminal server users run, in its three modes: raw TCP (socket://),
# telnet with RFC 2217 (a plain rfc2217:// URL) and TLS (tls://), each in front of one simulated module; and TLS
# with a client certificate.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
# shellcheck source=/dev/null
source ../setup_ser2net/ser2net.sh
m0sim_start 3 --restart-delay 0.2
ser2net_start m0-00 m0-01 m0-02
inventory="$M0SIM_STATE/ser2net-inventory.json"
"$M0SIM_PYTHON" - "$M0SIM_STATE" > "$inventory" <<'PY'
import json
import os
import sys

state = sys.argv[1]
urls = json.load(open(os.path.join(state, 'ser2net.json')))
simulated = json.load(open(os.path.join(state, 'inventory.json')))['all']
hosts = {}
for host, mode in (('m0-00', 'socket'), ('m0-01', 'rfc2217'), ('m0-02', 'tls')):
    hosts['%s-%s' % (mode, host)] = dict(simulated['hosts'][host], serial_port=urls[host][mode], ser2net_mode=mode,
                                         m0sim_name=host, usr_m0_mac='D8:B0:4C:00:00:0%d' % (int(host[-1]) + 1))
print(json.dumps({'all': {'vars': simulated['vars'], 'hosts': hosts}}))
PY
ansible-playbook -i "$inventory" ser2net.yml "$@"

# The rollout through the three modes, then again: nothing to do
config='{"usr_m0_config": {"system": {"name": "behind-ser2net"}, "heartbeat": {"enabled": true, "interval": 90}}}'
ansible-playbook -i "$inventory" usriot.m0.rollout -e "$config" "$@"
[ "$(m0sim_hosts changed=1 failures=0 | xargs)" = "rfc2217-m0-01 socket-m0-00 tls-m0-02" ]
ansible-playbook -i "$inventory" usriot.m0.rollout -e "$config" "$@"
[ "$(m0sim_hosts changed=0 failures=0 | xargs)" = "rfc2217-m0-01 socket-m0-00 tls-m0-02" ]

# TLS with a CA that did not sign the server's certificate: a clear failure, and not a byte reaches the module
m0sim_ctl reset-log >/dev/null
wrong_url=$("$M0SIM_PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["m0-02"]["tls"])' "$M0SIM_STATE/ser2net.json" \
  | sed "s#cafile=[^&]*#cafile=$SER2NET_WRONG_CA#")
if ansible -i "$inventory" tls-m0-02 -m usriot.m0.usr_m0_facts -a "serial_port=$wrong_url" > "$M0SIM_STATE/wrong-ca.log" 2>&1; then
  cat "$M0SIM_STATE/wrong-ca.log"
  exit 1
fi
cat "$M0SIM_STATE/wrong-ca.log"
grep -F 'TLS handshake with tls://localhost:' "$M0SIM_STATE/wrong-ca.log" | grep -F 'failed, nothing was sent' | grep -F 'certificate verify failed'
[ ! -s "$M0SIM_STATE/m0-02.log.jsonl" ]

# TLS that requires a client certificate (ssl(clientauth), the certificate allowed in ser2net's authdir): facts with
# it; without it ser2net closes the connection at once, so the task fails naming that cause, and no byte reaches the module
client_url=$("$M0SIM_PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["m0-02"]["tls_client"])' "$M0SIM_STATE/ser2net.json")
ansible -i "$inventory" tls-m0-02 -m usriot.m0.usr_m0_facts -a "serial_port=$client_url" | tee "$M0SIM_STATE/client-cert.log"
grep -F '"mac": "D8B04C000003"' "$M0SIM_STATE/client-cert.log"
m0sim_ctl reset-log >/dev/null
if ansible -i "$inventory" tls-m0-02 -m usriot.m0.usr_m0_facts -a "serial_port=${client_url%%&certfile=*} serial_lock_wait=1" \
    > "$M0SIM_STATE/no-client-cert.log" 2>&1; then
  cat "$M0SIM_STATE/no-client-cert.log"
  exit 1
fi
cat "$M0SIM_STATE/no-client-cert.log"
grep -F 'or it refused the TLS client certificate' "$M0SIM_STATE/no-client-cert.log"
[ ! -s "$M0SIM_STATE/m0-02.log.jsonl" ]
