#!/usr/bin/env bash
# The rollout under ansible-runner, the engine AWX / Automation Platform runs jobs with: a project
# playbook, an inventory and extra vars laid out as a job template passes them.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.5
job="$M0SIM_STATE/runner"
mkdir -p "$job/project" "$job/inventory" "$job/env"
cat > "$job/project/site.yml" <<'YAML'
---
- name: Roll out the fleet
  ansible.builtin.import_playbook: usriot.m0.rollout
YAML
cp "$M0SIM_STATE/inventory.json" "$job/inventory/hosts.json"
cat > "$job/env/extravars" <<'YAML'
---
usr_m0_rollout_batches: [1, 2]
usr_m0_max_fail_percentage: 0
usr_m0_config:
  sock: {protocol: tcpc, remote_address: 10.20.0.50, port: 502}
  heartbeat: {enabled: true, interval: 60, data: alive}
YAML
printf '{"ANSIBLE_COLLECTIONS_PATH": "%s", "ANSIBLE_NOCOLOR": "1"}\n' "$ANSIBLE_COLLECTIONS_PATH" > "$job/env/envvars"

ansible-runner run "$job" -p site.yml --ident first
[ "$(cat "$job/artifacts/first/status")" = successful ]
grep -E '^m0-0[0-2] .* changed=[1-9]' "$job/artifacts/first/stdout"

ansible-runner run "$job" -p site.yml --ident second
[ "$(cat "$job/artifacts/second/status")" = successful ]
[ "$(grep -cE '^m0-0[0-2] .* changed=0 .* failed=0' "$job/artifacts/second/stdout")" -eq 3 ]
