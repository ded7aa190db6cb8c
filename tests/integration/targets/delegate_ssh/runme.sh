#!/usr/bin/env bash
# delegate_to a serial host over real SSH (OpenSSH's sshd, the Debian package, on loopback): the modules run there
# as ordinary Ansible modules, under that host's Python, and do what they do in the Ansible worker.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
if [ ! -x /usr/sbin/sshd ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "!!!!!! SKIPPED: OpenSSH's sshd is not installed (needs root to install openssh-server) !!!!!!" >&2
    exit 0
  fi
  echo "sshd is not installed: scripts/setup.sh installs it (apt-get install openssh-server)" >&2
  exit 1
fi
m0sim_start 1 --restart-delay 0.2
ssh_dir="$M0SIM_STATE/ssh"
mkdir -p "$ssh_dir" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/client_key"
cp "$ssh_dir/client_key.pub" "$ssh_dir/authorized_keys"
port=$(m0sim_free_port)
/usr/sbin/sshd -D -e -f /dev/null -p "$port" -o ListenAddress=127.0.0.1 -h "$ssh_dir/host_key" \
  -o AuthorizedKeysFile="$ssh_dir/authorized_keys" -o StrictModes=no -o UsePAM=no -o PasswordAuthentication=no \
  -o PermitRootLogin=prohibit-password -o PidFile="$ssh_dir/sshd.pid" 2> "$ssh_dir/sshd.log" &
sshd_pid=$!
m0sim_on_exit "kill $sshd_pid"
for _ in $(seq 50); do
  "$M0SIM_PYTHON" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" \
    2>/dev/null && break
  sleep 0.1
done
cat > "$M0SIM_STATE/ssh-inventory.yml" <<YAML
all:
  hosts:
    m0-00:
      ansible_connection: local
      serial_port: $M0SIM_STATE/m0-00.tty
    serial_host:
      ansible_host: 127.0.0.1
      ansible_port: $port
      ansible_user: $(id -un)
      ansible_ssh_private_key_file: $ssh_dir/client_key
      ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
      # the serial host's Python, with pyserial and netaddr
      ansible_python_interpreter: $M0SIM_PYTHON
YAML
ansible-playbook -i "$M0SIM_STATE/ssh-inventory.yml" delegate.yml -vvv "$@" > "$M0SIM_STATE/delegate.log" 2>&1 ||
  { cat "$M0SIM_STATE/delegate.log"; exit 1; }
[ "$(m0sim_hosts failures=0 unreachable=0)" = m0-00 ]
# every usriot.m0 task went over SSH as a module payload, and the password never showed
grep -F 'Accepted publickey' "$ssh_dir/sshd.log"
[ "$(grep -cE 'PUT .*AnsiballZ_usr_m0_(facts|system|web|config)\.py' "$M0SIM_STATE/delegate.log")" -eq 5 ]
if grep -F 'sshpw' "$M0SIM_STATE/delegate.log"; then
  exit 1
fi
