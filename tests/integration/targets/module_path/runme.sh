#!/usr/bin/env bash
# The forced module path (usr_m0_run_as_module: what delegate_to a serial host runs): a representative set
# of targets runs again with the modules executed as modules, so that neither path can rot.
set -eux
export M0SIM_RUN_AS_MODULE=1
for target in usr_m0_facts usr_m0_config usr_m0_uart usr_m0_restart; do
  (cd "../$target" && ./runme.sh "$@")
done
# the line faults of the fault matrix
(cd ../fault_matrix && FAULT_MATRIX_FAULTS="drop-reply truncate-reply garbage-reply reboot tcp-drop" ./runme.sh)
