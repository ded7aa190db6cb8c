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
# antsibull-docs titles the collection page "Usriot.M0"; the collection's name is written in lower case.
sed -i 's/^Usriot\.M0$/usriot.m0/' "$out/rst/index.rst"
# A guide page of the extra docs (first line ".. guide: docs/<guide>.md") shows the Markdown guide
# itself: the page keeps its label and includes a copy of the guide (outside the Sphinx source
# directory, so the copy is not a page of its own), which myst_parser reads.
rm -rf "$out/guides"
mkdir -p "$out/guides"
for page in "$out"/rst/docsite/*.rst; do
  guide=$(sed -n '1s/^\.\. guide: //p' "$page")
  if [ -n "$guide" ]; then
    label=$(grep -m 1 '^\.\. _ansible_collections' "$page")
    cp "$root/$guide" "$out/guides/"
    printf '%s\n\n.. include:: ../../guides/%s\n   :parser: myst_parser.sphinx_\n' "$label" "$(basename "$guide")" > "$page"
  fi
done
sphinx-build -q -b html -c "$root/docs/site" -W --keep-going "$out/rst" "$out/html"
echo "docsite: $out/html/index.html"
