#!/usr/bin/env bash
# Every byte from the line and every value a module returns is data: a network peer that answers like an M0
# gets no query, set or password; values holding Jinja and paths come back and into the backup untemplated.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 3
# m0-00: a module that never answers +++, whose network peer answers every line as an M0 would
m0sim_ctl --device m0-00 fault hostile handshake=false templates=false
# m0-01: the late `a` of the reported case, the peer answering the probe; a fresh handshake must come first
m0sim_ctl --device m0-01 fault hostile templates=false
m0sim_ctl --device m0-01 fault late-handshake seconds=3
m0sim_ctl --device m0-01 fault noise 'data=+ERR=-1' before_a=true
# m0-02: a module whose values hold templates and path separators
m0sim_ctl --device m0-02 fault hostile peer=false
playbook=$PWD/test.yml
# ansible-playbook's working directory is the user's project: the default backup folder is there
(cd "$M0SIM_STATE" && ansible-playbook -i inventory.json "$playbook" -e "project_dir=$M0SIM_STATE" "$@")
[ "$(stat -c %a "$M0SIM_STATE/backups")" = 700 ]
[ "$(find "$M0SIM_STATE/backups" -type f | wc -l)" -eq 1 ]
