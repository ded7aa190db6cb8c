#!/usr/bin/env bash
# The sample execution environment builds a context, and the collection's metadata gives the EE
# its Python dependencies: pyserial and netaddr.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
collection=$(m0sim_collection_root)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ansible-builder create -f "$collection/docs/execution-environment.yml" -c "$work/context" --output-filename Containerfile
test -f "$work/context/Containerfile"
grep -F 'usriot.m0' "$work/context/_build/requirements.yml"
# What ansible-builder reads from the installed collection inside the image
ansible-builder introspect --sanitize "$(dirname "$(dirname "$(dirname "$collection")")")" > "$work/introspect.txt"
cat "$work/introspect.txt"
grep -E 'pyserial +# from collection usriot.m0' "$work/introspect.txt"
grep -E 'netaddr +# from collection usriot.m0' "$work/introspect.txt"
