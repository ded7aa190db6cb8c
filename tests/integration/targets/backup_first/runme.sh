#!/usr/bin/env bash
# Backup before change: a backup that cannot be written stops usr_m0_config (in the worker and as a module),
# the configure role and the rollout before anything is set. Five folders no backup can be written to, real
# for root too (permission bits do not stop root): a full tmpfs, a read-only tmpfs, a path through a
# regular file, and two the collection refuses to trust: one another user made first, one anyone can write.
# The mounts are made in a mount namespace of ansible-playbook's own (unshare, which needs CAP_SYS_ADMIN:
# without it the target fails, it does not skip), so they end with it. Restore then refuses a backup another
# user planted with a later date, in a folder they made or in the user's own.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3 --restart-delay 0.5
inventory=(-i "$M0SIM_INVENTORY" -i hosts.yml)
rollout_vars='{"usr_m0_config": {"system": {"name": "rolled"}}, "usr_m0_rollout_batches": ["100%"], "usr_m0_backup": true}'

# unbacked KIND FOLDER COMMAND...: COMMAND where FOLDER is a folder of that KIND (unbacked.sh), the mounts in
# a mount namespace of its own
unbacked() {
  unshare --mount --propagation private -- ./unbacked.sh "$@"
}

# nothing_set: no set command and no restart (AT+Z) reached any module so far
nothing_set() {
  [ "$(m0sim_sets)" -eq 0 ]
  if grep -F '"command": "Z"' "$M0SIM_STATE"/*.log.jsonl; then return 1; fi
}

file=$M0SIM_STATE/a-file
echo 'a file where a folder should be' > "$file"
for case in 'full|No space left on device' 'read-only|Read-only file system' 'through-a-file|Not a directory' \
  "another-user|is owned by uid 54321, not by $(id -un) (uid $(id -u)) who runs this" \
  'writable-by-others|is writable by its group and others (mode 0777)'; do
  unbackable=${case%%|*} reason=${case#*|}
  if [ "$unbackable" = through-a-file ]; then folder=$file/backups; else folder=$M0SIM_STATE/$unbackable; fi
  unbacked "$unbackable" "$folder" ansible-playbook "${inventory[@]}" refused.yml -e "m0_backup_dir=$folder" -e "{\"m0_reason\": \"$reason\"}" "$@"
  [ "$(m0sim_hosts failures=0 ignored=1 | xargs)" = "m0-00 m0-01" ] && [ "$(m0sim_hosts failures=0 rescued=1)" = m0-02 ]

  rc=0
  unbacked "$unbackable" "$folder" ansible-playbook "${inventory[@]}" usriot.m0.rollout -e "$rollout_vars" \
    -e "{\"usr_m0_backup_options\": {\"dir_path\": \"$folder\"}}" -e "usr_m0_rollout_report_dir=$M0SIM_STATE/report-$unbackable" "$@" || rc=$?
  [ "$rc" -eq 2 ]
  "$M0SIM_PYTHON" - "$M0SIM_STATE/report-$unbackable/rollout.json" "$folder" "$reason" <<'PY'
import json
import sys

report, folder, reason = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
failed = dict((module['module'], module['detail']) for module in report['modules'] if module['result'] == 'failed')
assert sorted(failed) == ['m0-00', 'm0-01', 'm0-02'], report
for host, detail in failed.items():
    assert detail.startswith('could not write the backup to %s/%s_usr_m0_config.' % (folder, host)), detail
    assert reason in detail and detail.endswith('; nothing was changed on the module'), detail
PY
  nothing_set
  # and nothing was written in the folder (the mounts ended with their namespace)
  if [ -d "$folder" ]; then [ -z "$(ls -A "$folder")" ]; fi
done

# The same rollout with a folder it can write to: every module is backed up, then changed.
ansible-playbook "${inventory[@]}" usriot.m0.rollout -e "$rollout_vars" \
  -e "{\"usr_m0_backup_options\": {\"dir_path\": \"$M0SIM_STATE/backups\"}}" "$@"
[ "$(m0sim_hosts changed=1 failures=0 | xargs)" = "m0-00 m0-01 m0-02" ]
[ "$(m0sim_sets)" -eq 3 ]
[ "$(find "$M0SIM_STATE/backups" -name 'm0-0?_usr_m0_config.*.yml' | wc -l)" -eq 3 ]

# A backup another user planted, dated after the user's own, is not restored: not from a folder they made first
# (as /var/tmp/m0-backups could be), not from the user's own folder either (a file of theirs in it). The planted
# backup sends the module's socket to their server.
planted=$M0SIM_STATE/planted-backups
mkdir "$planted"
cp "$M0SIM_STATE"/backups/m0-00_usr_m0_config.*.yml "$planted/"
theirs=m0-00_usr_m0_config.2099-01-01T000000.yml
printf 'usr_m0_config:\n  sock: {protocol: tcpc, remote_address: 203.0.113.66, port: 4444}\n' > "$planted/$theirs"
chown -R 54321:54321 "$planted"
cp -p "$planted/$theirs" "$M0SIM_STATE/backups/$theirs"
for case in "$planted|no backup of m0-00 is read: $planted is owned by uid 54321" \
  "$M0SIM_STATE/backups|the newest backup of m0-00 is not read: $M0SIM_STATE/backups/$theirs is owned by uid 54321"; do
  folder=${case%%|*} says=${case#*|}
  rc=0
  ansible-playbook "${inventory[@]}" usriot.m0.restore --limit m0-00 -e "usr_m0_backup_dir=$folder" "$@" > "$M0SIM_STATE/restore.out" 2>&1 || rc=$?
  [ "$rc" -eq 2 ]
  grep -F "$says" "$M0SIM_STATE/restore.out"
done
[ "$(m0sim_sets)" -eq 3 ]
