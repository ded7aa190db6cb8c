# shellcheck shell=bash
# Sourced after setup_m0sim/m0sim.sh (and m0sim_start): puts ser2net, the Debian package users run as a terminal
# server, in front of simulated modules, with the configurations users write.
#   ser2net_start HOST...   -> for each simulated module HOST, four ser2net ports on 127.0.0.1:
#                              raw TCP (socket://), telnet(rfc2217) (rfc2217://), TLS (tls://) and TLS that
#                              requires a client certificate (tls_client, a tls:// URL with certfile and keyfile),
#                              with the certificates of make_certs.sh generated for the run; writes
#                              $M0SIM_STATE/ser2net.json (host -> URLs) and $SER2NET_CA, $SER2NET_WRONG_CA
#   ser2net_restart          -> stop ser2net and start it again with the same configuration
# Without ser2net installed, ser2net_required says so loudly and returns 1 when not root (it cannot be installed),
# and fails the target when root (scripts/setup.sh installs it); ser2net_start then skips the target.
set -euo pipefail

ser2net_required() {
  if command -v ser2net >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "!!!!!! SKIPPED: ser2net is not installed (needs root to install the Debian package) !!!!!!" >&2
    return 1
  fi
  echo "ser2net is not installed: scripts/setup.sh installs it (apt-get install ser2net)" >&2
  exit 1
}

ser2net_start() {
  ser2net_required || exit 0
  local dir="$M0SIM_STATE/ser2net" attempt
  "$(dirname "${BASH_SOURCE[0]}")/make_certs.sh" "$dir" --client
  SER2NET_CA="$dir/ca.pem"
  SER2NET_WRONG_CA="$dir/wrong-ca.pem"
  export SER2NET_CA SER2NET_WRONG_CA
  m0sim_on_exit ser2net_stop
  # Another test server of a leg running beside this one can take a port between its choice and ser2net's bind:
  # ser2net then fails to listen on it, and the configuration is written again with other ports.
  for attempt in 1 2 3; do
    "$M0SIM_PYTHON" "$(dirname "${BASH_SOURCE[0]}")/ser2net_config.py" "$M0SIM_STATE" "$dir" "$@"
    if ser2net_run; then return 0; fi
    echo "ser2net did not listen on each of its ports (attempt $attempt of 3)" >&2
  done
  return 1
}

ser2net_run() {
  "$M0SIM_PYTHON" "$(dirname "${BASH_SOURCE[0]}")/ser2net_server.py" start "$M0SIM_STATE/ser2net"
}

ser2net_stop() {
  "$M0SIM_PYTHON" "$(dirname "${BASH_SOURCE[0]}")/ser2net_server.py" stop "$M0SIM_STATE/ser2net"
}

ser2net_restart() {
  ser2net_stop
  ser2net_run
}
