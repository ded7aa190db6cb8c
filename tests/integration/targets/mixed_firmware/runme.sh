#!/usr/bin/env bash
# A fleet of two firmware releases (issue #38): m0-00 and m0-02 run 4016, the manual's firmware; m0-01 and m0-03
# run 4010, which answers +ERR=-2 to the HTTP client commands and AT+REGCLOUD. Facts, each settings module and
# usr_m0_config (settings.yml), discovery grouping by firmware (the example of docs/fleet.md), the audit, backup
# and restore, each read and configured for what the module has.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 4 --restart-delay 0.2 --firmware 4016 --firmware 4010:HTPTP,HTPURL,HTPHEAD,HTPCHD,REGCLOUD
state=$M0SIM_STATE
root=$(m0sim_collection_root)
playbooks=$root/playbooks
export ANSIBLE_FORKS=4

ansible-playbook -i "$M0SIM_INVENTORY" settings.yml "$@"

# Discovery: the serial_scan example of docs/fleet.md makes a group per release, and its play runs on the modules
# of its release only
"$M0SIM_PYTHON" docs_example.py "$root" "$state" "$state"/m0-0[0-3].tty
ansible-inventory -i "$state/mixed.m0.yml" --list > "$state/scan.json"
"$M0SIM_PYTHON" check_reports.py "$state" scan
ansible-playbook -i "$state/mixed.m0.yml" "$state/by-release.yml" "$@"
[ "$(m0sim_hosts changed=1 failures=0 | xargs)" = "D8B04C000001 D8B04C000003" ]
[ "$(m0sim_hosts | wc -l)" -eq 2 ]

# The audit: a wanted setting the firmware cannot hold is its own finding, not drift, and nothing is set
sets=$(m0sim_sets)
ansible-playbook -i "$M0SIM_INVENTORY" "$playbooks/audit.yml" -e usr_m0_audit_dir="$state/audit" \
  -e '{"usr_m0_config": {"http": {"method": "post"}, "sock": {"tcp_server_policy": "kick"}}}' "$@"
"$M0SIM_PYTHON" check_reports.py "$state" audit
[ "$(m0sim_sets)" -eq "$sets" ]

# Backup: each module's file holds what it has and names what it lacks
TASK_RESULTS_FILE=$state/backup.results.json ansible-playbook -i "$M0SIM_INVENTORY" "$playbooks/backup.yml" \
  -e usr_m0_backup_dir="$state/backups" -e usr_m0_backup_secrets=true "$@"
"$M0SIM_PYTHON" check_reports.py "$state" backup

# Restore: a module of the older release from its own backup, twice (the second changes nothing) ...
ansible -i "$M0SIM_INVENTORY" m0-01 -m usriot.m0.usr_m0_heartbeat -a interval=99
ansible-playbook -i "$M0SIM_INVENTORY" --limit m0-01 "$playbooks/restore.yml" -e usr_m0_backup_dir="$state/backups" "$@"
[ "$(m0sim_hosts changed=1 failures=0)" = m0-01 ]
ansible-playbook -i "$M0SIM_INVENTORY" --limit m0-01 "$playbooks/restore.yml" -e usr_m0_backup_dir="$state/backups" "$@"
[ "$(m0sim_hosts changed=0 failures=0)" = m0-01 ]
# ... and a 4010 module from the backup of a 4016 one (a spare in place of a failed module): what it has is
# restored, what it lacks left out and named
mkdir "$state/spare"
cp "$state/backups/m0-00.yml" "$state/spare/m0-03.yml"
for run in 1 2; do
  TASK_RESULTS_FILE=$state/restore$run.json ansible-playbook -i "$M0SIM_INVENTORY" --limit m0-03 \
    "$playbooks/restore.yml" -e usr_m0_backup_dir="$state/spare" "$@"
  [ "$(m0sim_hosts changed=$((2 - run)) failures=0)" = m0-03 ]
  grep -F "its firmware cannot hold http, registration.cloud_id, registration.cloud_password, left out" "$state/restore$run.json"
done
