#!/usr/bin/env bash
# The execution environment's definition makes a build context that installs the collection from its tarball,
# and the collection's metadata gives the EE its Python dependencies (pyserial, netaddr) and its system packages
# (git, the SSH client). The ee stage of scripts/test.sh builds and runs it with podman.
set -eux
# shellcheck source=/dev/null
source ../setup_m0sim/m0sim.sh
collection=$(m0sim_collection_root)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ansible-builder create -f "$collection/docs/execution-environment.yml" -c "$work/context" --output-filename Containerfile
test -f "$work/context/Containerfile"
# the tarball it installs is the one ansible-galaxy collection build makes, named after galaxy.yml's version
version=$("$M0SIM_PYTHON" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$collection/galaxy.yml")
grep -F "collections/usriot-m0-$version.tar.gz" "$work/context/_build/requirements.yml"
grep -F "src: ../build/ee/usriot-m0-$version.tar.gz" "$collection/docs/execution-environment.yml"
# What ansible-builder reads from the installed collection inside the image
ansible-builder introspect --sanitize "$(dirname "$(dirname "$(dirname "$collection")")")" > "$work/introspect.txt"
cat "$work/introspect.txt"
grep -E 'pyserial +# from collection usriot.m0' "$work/introspect.txt"
grep -E 'netaddr +# from collection usriot.m0' "$work/introspect.txt"
grep -E 'git +# from collection usriot.m0' "$work/introspect.txt"
grep -E 'openssh-client \[platform:dpkg\] +# from collection usriot.m0' "$work/introspect.txt"
