# shellcheck shell=bash
# Sourced by setup.sh and test.sh: the legs of tests/matrix.txt and the interpreters they need.
#   matrix_legs                 -> the legs, in the file's order
#   matrix_field LEG FIELD      -> core, python, requirements, stages or targets of LEG
#   matrix_venv LEG, matrix_collections LEG -> the leg's venv and its ANSIBLE_COLLECTIONS_PATH
#   matrix_python VERSION       -> the path of a Python VERSION (3.X), or a failure saying how to get it
# shellcheck disable=SC2154  # root: the checkout, set by the script that sources this file
matrix_file="$root/tests/matrix.txt"

matrix_legs() {
  awk '!/^#/ && NF { print $1 }' "$matrix_file"
}

matrix_field() {
  local column
  case "$2" in
    core) column=2 ;; python) column=3 ;; requirements) column=4 ;; stages) column=5 ;; targets) column=6 ;;
    *) echo "matrix_field: no field $2" >&2; return 1 ;;
  esac
  awk -v leg="$1" -v column="$column" '!/^#/ && $1 == leg { print $column; found = 1 } END { exit !found }' \
    "$matrix_file" || { echo "no leg '$1' in tests/matrix.txt (legs: $(matrix_legs | tr '\n' ' '))" >&2; return 1; }
}

matrix_venv() {
  if [ "$1" = main ]; then echo "$root/.venv"; else echo "$root/.venv-$1"; fi
}

matrix_collections() {
  if [ "$1" = main ]; then echo "$root/build/collections"; else echo "$root/build/$1/collections"; fi
}

# The version a Python reports, 3.X, or nothing when it does not run (a pyenv shim of a version that is
# installed but not selected exits with an error).
python_version_of() {
  "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

matrix_python() {
  local version=$1 candidate root_dir best
  if candidate=$(command -v "python$version" 2>/dev/null) && [ "$(python_version_of "$candidate")" = "$version" ]; then
    echo "$candidate"
    return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    root_dir=$(pyenv root)
    best=$(pyenv versions --bare 2>/dev/null | sed 's/^ *//' | grep -E "^${version//./\\.}\.[0-9]+$" |
      sort -t. -k3,3n | tail -n 1 || true)
    if [ -n "$best" ] && [ "$(python_version_of "$root_dir/versions/$best/bin/python$version")" = "$version" ]; then
      echo "$root_dir/versions/$best/bin/python$version"
      return
    fi
  fi
  {
    echo "!! Python $version is needed (tests/matrix.txt) and was found neither as python$version on PATH nor in pyenv."
    echo "!! Install it, e.g. 'pyenv install $version', or your system's python$version package."
  } >&2
  return 1
}
