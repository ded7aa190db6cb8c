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
cp "$M0SIM_INVENTORY" "$job/inventory/hosts.json"
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

ansible-runner run "$job" -p site.yml --ident second
[ "$(cat "$job/artifacts/second/status")" = successful ]
# (what each module counted, from the job events as AWX reads them, is checked by check_results.py below)

# A credential of the type extensions/awx/credential_type_web.yml, injected as AWX injects it (its extra_vars
# rendered with the credential's inputs): the password reaches the modules, and nowhere in the job's output
"$M0SIM_PYTHON" - "$job/env/extravars" "$M0SIM_ROOT/extensions/awx/credential_type_web.yml" <<'PY'
import json
import sys

import jinja2
import yaml

extravars, credential_type = sys.argv[1:3]
injected = yaml.safe_load(open(credential_type))['injectors']['extra_vars']
rendered = json.loads(jinja2.Template(json.dumps(injected)).render(web_password='Hk3Jq'))
job = yaml.safe_load(open(extravars))
job.update(rendered)
with open(extravars, 'w') as handle:
    yaml.safe_dump(job, handle)
PY
ansible-runner run "$job" -p site.yml --ident credential
[ "$(cat "$job/artifacts/credential/status")" = successful ]
if grep -rF 'Hk3Jq' "$job/artifacts/credential"; then
  echo "the credential's password is in the job's output" >&2
  exit 1
fi
m0sim_ctl flash | grep -c '"WEBU": "admin,Hk3Jq"' | grep -qx 3

# Scheduled backup and audit, their results in the job's artifacts and in a Git repository
git init --quiet --bare "$M0SIM_STATE/results.git"
for playbook in backup audit; do
  printf -- '---\n- name: Scheduled %s\n  ansible.builtin.import_playbook: usriot.m0.%s\n' "$playbook" "$playbook" > "$job/project/$playbook.yml"
done
publish="usr_m0_publish_repo=$M0SIM_STATE/results.git"
for run in 1 2; do
  ansible-runner run "$job" -p backup.yml --ident "backup$run" --cmdline "-e $publish -e awx_job_id=4$run"
  ansible-runner run "$job" -p audit.yml --ident "audit$run" --cmdline "-e $publish -e awx_job_id=5$run"
done
"$M0SIM_PYTHON" check_results.py "$job" "$M0SIM_STATE/results.git"

# usr_m0_audit_fail_on_drift: the modules run the factory static address 192.168.0.7, a risky setting: the job fails
ansible-runner run "$job" -p audit.yml --ident strict --cmdline "-e usr_m0_audit_fail_on_drift=true" || true
[ "$(cat "$job/artifacts/strict/status")" = failed ]
grep -F 'drift, risky settings or settings the firmware cannot hold on m0-00, m0-01, m0-02' "$job/artifacts/strict/stdout"
