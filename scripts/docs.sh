#!/usr/bin/env bash
# Build the collection's docsite (plugin and role pages, the antsibull-docs layout of docs.ansible.com)
# into build/docs/html, offline, with Sphinx warnings as errors: bash scripts/docs.sh
# Sphinx settings: docs/site/ (made by antsibull-docs sphinx-init).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root/build/collections/ansible_collections/usriot/m0" ]; then
  bash "$root/scripts/setup.sh"
fi
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/build/collections"
out="$root/build/docs"
rm -rf "$out/rst" "$out/html"
mkdir -p "$out/rst"
chmod og-w "$out/rst"  # antsibull-docs wants the directory writable only by its owner
antsibull-docs --config-file "$root/docs/site/antsibull-docs.cfg" collection --use-current --squash-hierarchy \
  --fail-on-error --dest-dir "$out/rst" usriot.m0
cp "$root/docs/site/ansible_references.rst" "$out/rst/"
sphinx-build -q -b html -c "$root/docs/site" -W --keep-going "$out/rst" "$out/html"
echo "docsite: $out/html/index.html"
