#!/usr/bin/env bash
# The configure role's molecule scenario (extensions/molecule/configure), as a collection's maintainer runs it:
# molecule test from the collection's root, the role against three simulated modules: converge, idempotence
# (nothing changed the second time), verify (audited, restarted once, nothing leaked to the network).
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
# molecule's folder for the scenario's state (the simulator's among it) is this run's, not shared with other runs
MOLECULE_EPHEMERAL_DIRECTORY=$(mktemp -d)
# where the callback m0sim.sh enables writes each run's per-host counts
HOST_STATS_FILE=$MOLECULE_EPHEMERAL_DIRECTORY/stats.json
export MOLECULE_EPHEMERAL_DIRECTORY HOST_STATS_FILE
trap 'rm -rf "$MOLECULE_EPHEMERAL_DIRECTORY"' EXIT
cd "$(m0sim_collection_root)"
molecule test --scenario-name configure
