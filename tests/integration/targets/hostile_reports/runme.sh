#!/usr/bin/env bash
# What a module holds reaches the reports people open and publish to Git as text: a name, URL and headers that are
# HTML, Markdown links, code and table cells show as those characters in drift.md (the audit compares them) and in
# rollout.md (a refused set rolls the module's name back, and the reason quotes it), every table row keeping its
# cells (check_reports.py).
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 2 --restart-delay 0.2
inventory=(-i "$M0SIM_INVENTORY" -i wanted.yml)
ansible-playbook -i "$M0SIM_INVENTORY" plant.yml "$@"

ansible-playbook "${inventory[@]}" usriot.m0.audit -e "usr_m0_audit_dir=$M0SIM_STATE/audit" "$@"

# m0-00 refuses the URL: its name, set just before, is put back, and the failure says so, quoting it
m0sim_ctl --device m0-00 fault error command=HTPURL
rc=0
ansible-playbook "${inventory[@]}" usriot.m0.rollout -e usr_m0_rollout_batches=100% \
  -e "usr_m0_rollout_report_dir=$M0SIM_STATE/rollout" "$@" || rc=$?
[ "$rc" -eq 2 ]

"$M0SIM_PYTHON" check_reports.py "$(m0sim_collection_root)" hostile.json "$M0SIM_STATE/audit" "$M0SIM_STATE/rollout"
