#!/usr/bin/env bash
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 1
ansible-playbook -i "$M0SIM_INVENTORY" test.yml "$@"
mkdir "$M0SIM_STATE/backups"
# test.yml leaves the module at 9600 baud
ansible-playbook -i "$M0SIM_INVENTORY" backup.yml -e usr_m0_backup_dir="$M0SIM_STATE/backups" -e serial_baudrate=9600 "$@"
[ "$(find "$M0SIM_STATE/backups" -maxdepth 1 -type f | wc -l)" -eq 1 ]
mkdir "$M0SIM_STATE/backups-failed"
# -v: backup_failed.yml reads the transcript of a failed task, which ansible-playbook returns from -v on
ansible-playbook -v -i "$M0SIM_INVENTORY" backup_failed.yml -e usr_m0_backup_dir="$M0SIM_STATE/backups-failed" -e serial_baudrate=9600 "$@"
[ "$(find "$M0SIM_STATE/backups-failed" -maxdepth 1 -type f | wc -l)" -eq 1 ]
