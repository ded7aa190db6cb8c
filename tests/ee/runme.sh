#!/usr/bin/env bash
# The ee stage of scripts/test.sh: the execution environment built and run for real, with podman, as
# docs/execution-environment.md shows. Its commands are the guide's own: each block marked
# "<!-- docs-test: skip run by the ee stage (tests/ee/runme.sh) -->" runs here in order, the build from the
# checkout and the jobs from a job folder, with the guide's /var/tmp/ mapped to this run's folder and its
# /dev/pts/5 to a simulated module's pseudo-terminal. Then the checks: what each module received, that nothing ran
# outside the container, that the reports and the job's artifacts are on the host, and that podman left no
# container, network link or firewall rule behind.
# podman's storage and state are kept in build/ee/ (removed when the stage passes, kept when it fails), and its
# containers use the host's network: the simulator listens on the loopback, and no bridge, veth or firewall
# chain is made. Needs root, podman, runc and mmdebstrap (scripts/setup.sh installs them).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/ee
work=$root/build/ee
# shellcheck source=../../scripts/matrix.sh
source "$root/scripts/matrix.sh"

if [ "$(id -u)" != 0 ]; then
  echo "the ee stage runs podman as root: run it as root" >&2
  exit 1
fi
for tool in podman runc mmdebstrap; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: bash scripts/setup.sh installs it" >&2; exit 1; }
done

export CONTAINERS_CONF=$work/containers.conf CONTAINERS_STORAGE_CONF=$work/storage.conf
# A failed run's storage is still there (its overlay mounts too): podman takes it down before it is removed.
if [ -f "$CONTAINERS_STORAGE_CONF" ]; then podman system reset --force >/dev/null 2>&1 || true; fi
rm -rf "$work"
mkdir -p "$work"
# runc and cgroupfs: crun refuses this kernel's hybrid cgroups, and no systemd manages them. Limits no higher than
# podman may set: it cannot raise them (no CAP_SYS_RESOURCE), and it lowers its own limit of processes to 32768.
nproc=$(ulimit -Hu)
if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
cat > "$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$nproc:$nproc"]
netns = "host"
[network]
network_config_dir = "$work/networks"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$work/events.log"
tmp_dir = "$work/tmp"
static_dir = "$work/storage/libpod"
volume_path = "$work/storage/volumes"
EOF
cat > "$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"
EOF

# What podman makes on the host for a container that is not on the host's network: its bridge (cni-podman0,
# podman0) and a veth per container, firewall chains (CNI-*, NETAVARK*) and the rules that jump to them. Nothing
# else is looked at: other links and rules of the machine are not the stage's.
podman_network() {
  ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2) } $2 ~ /^(cni-podman|podman|veth)/ { print "link " $2 }'
  if command -v iptables-save >/dev/null; then
    iptables-save | awk '/^\*/ { table = substr($1, 2) } /^:(CNI-|NETAVARK)/ { print "chain " table " " substr($1, 2) }
      /^-A / && /(CNI-|NETAVARK)/ { print "rule " table " " $0 }'
  fi
}
before=$(podman_network)
state=$(mktemp -d "${TMPDIR:-/tmp}/m0ee.XXXXXX")
export PYTHONPATH="$root/simulator${PYTHONPATH:+:$PYTHONPATH}"
sim() { python -m usr_m0_sim ctl --state-dir "$state/sim" "$@"; }

cleanup() {
  local status=$? left
  sim stop >/dev/null 2>&1 || true
  if [ -n "$(podman ps --all --quiet 2>/dev/null)" ]; then
    echo "!! podman left containers:" >&2
    podman ps --all >&2
    status=1
  fi
  if [ "$status" -eq 0 ]; then
    podman system reset --force >/dev/null
    rm -rf "$work" "$state"
  else
    podman rm --all --force >/dev/null 2>&1 || true
    echo "the ee stage failed: podman's storage is kept in $work (CONTAINERS_CONF=$CONTAINERS_CONF" \
      "CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF), the jobs' folder in $state" >&2
  fi
  # Anything podman made on the host network during the run is taken away again, and fails the stage.
  left=$(comm -13 <(echo "$before" | sort) <(podman_network | sort))
  if [ -n "$left" ]; then
    echo "!! podman left on the host (now removed):" >&2
    echo "$left" >&2
    echo "$left" | while read -r kind name rule; do
      case $kind in
        link) ip link delete "$name" || true ;;
        rule) eval "iptables -t $name -D ${rule#-A }" || true ;;  # quoted as iptables-save quotes it
      esac
    done
    echo "$left" | awk '$1 == "chain" { print $2, $3 }' | while read -r table chain; do
      iptables -t "$table" -F "$chain" && iptables -t "$table" -X "$chain" || true
    done
    status=1
  fi
  exit "$status"
}
trap cleanup EXIT

# Two simulated modules: m0-00 behind a terminal server (socket://, the simulator's TCP port), m0-01 on a
# pseudo-terminal, the guide's /dev/pts/5, which the jobs mount in the container as /dev/ttyUSB0.
python -m usr_m0_sim serve --state-dir "$state/sim" --count 2 --tcp --restart-delay 0.2
pty=$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))[1]["pty"])' "$state/sim/devices.json")
tcp=$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["tcp_port"])' "$state/sim/devices.json")

# The job's folder, laid out as the guide says (and as AWX lays out a job)
job=$state/m0-job
mkdir -p "$job/project" "$job/inventory/group_vars"
for playbook in rollout audit; do
  printf -- '---\n- name: The %s of the fleet\n  ansible.builtin.import_playbook: usriot.m0.%s\n' "$playbook" "$playbook" \
    > "$job/project/$playbook.yml"
done
cat > "$job/inventory/hosts.yml" <<EOF
all:
  vars:
    ansible_connection: local
  hosts:
    m0-00:
      serial_port: socket://127.0.0.1:$tcp
    m0-01:
      serial_port: /dev/ttyUSB0
EOF
cp "$here/group_vars.yml" "$job/inventory/group_vars/all.yml"

# The collection is only in the EE: the host's ansible-playbook finds none of its playbooks. (Not by setting
# ANSIBLE_COLLECTIONS_PATH: ansible-navigator passes every ANSIBLE_* variable into the container.) The module on
# /dev/ttyUSB0 is the simulator's only inside the container, where the jobs mount its pseudo-terminal.
unset ANSIBLE_COLLECTIONS_PATH
if ansible-playbook --syntax-check usriot.m0.demo >/dev/null 2>&1; then
  echo "usriot.m0 is installed on this machine (ansible-galaxy collection list): remove it, so that the runs show" \
    "they ran in the EE" >&2
  exit 1
fi

# The guide's commands, in order, in one shell (its cd holds for the commands after it), each timed, with no
# input; what each printed is kept in $state/commands/N.log for the checks.
python "$here/guide_commands.py" "$root" "$state/" "$pty" > "$state/commands.sh"
mkdir -p "$state/commands"
(
  cd "$root"
  number=0
  while IFS= read -r command <&3; do
    number=$((number + 1))
    echo "=== $number: $command"
    start=$SECONDS
    if ! { eval "$command"; } < /dev/null > "$state/commands/$number.log" 2>&1; then
      cat "$state/commands/$number.log"
      echo "=== $number FAILED after $((SECONDS - start)) s"
      exit 1
    fi
    cat "$state/commands/$number.log"
    echo "=== $number took $((SECONDS - start)) s"
  done 3< "$state/commands.sh"
)

echo "=== checks"
echo "image localhost/usr-m0-ee: $(($(podman image inspect --format '{{.Size}}' localhost/usr-m0-ee) / 1000000)) MB"
# ansible-core in the EE is the release the main leg tests (docs/execution-environment.yml pins it)
core=$(matrix_field main core)
version=$(podman run --rm localhost/usr-m0-ee ansible --version | head -n 1)
echo "$version"
[[ "$version" == *"[core $core."* ]] || { echo "the EE's ansible-core is not $core" >&2; exit 1; }
# the system packages of the collection's bindep.txt are in the image
podman run --rm localhost/usr-m0-ee sh -c 'git --version && ssh -V'
python "$here/check.py" "$state"
