#!/usr/bin/env bash
# Where the code runs: the modules run in the Ansible worker on a local connection, as modules when forced,
# with the same results either way; no Python is started or discovered for them.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
m0sim_start 1
work="$M0SIM_STATE/in_worker"
mkdir -p "$work"

# The same tasks on both paths give the same results (validation wording, check mode, diff, warnings, facts).
ansible-playbook -i "$M0SIM_INVENTORY" same_results.yml -vvv -e m0_results_file="$work/worker.json" "$@" > "$work/worker.log"
ansible-playbook -i "$M0SIM_INVENTORY" same_results.yml -vvv -e m0_results_file="$work/module.json" \
  -e usr_m0_run_as_module=true -e ansible_python_interpreter="$M0SIM_PYTHON" "$@" > "$work/module.log"
"$M0SIM_PYTHON" check_results.py "$work"

# An interpreter that does not exist does not matter: no Python is started for a local connection.
ansible-playbook -i "$M0SIM_INVENTORY" facts.yml -e ansible_python_interpreter=/nonexistent/python "$@"

# A controller Python without pyserial or netaddr: a clear missing_required_lib failure.
for library in pyserial netaddr; do
  if PYTHONPATH="$PWD/no_$library:$PYTHONPATH" ansible-playbook -i "$M0SIM_INVENTORY" facts.yml "$@" > "$work/$library.log"; then
    echo "facts without $library succeeded" >&2
    exit 1
  fi
  grep -F "Failed to import the required Python library ($library) on" "$work/$library.log"
done
