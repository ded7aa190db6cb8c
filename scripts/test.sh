#!/usr/bin/env bash
# Run every test of the collection: bash scripts/test.sh [sanity|units|simulator|integration|lint|docs|package|demo ...]
# With no argument all stages run, in that order; .ci/run calls this with no argument.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/build/collections"
collection="$root/build/collections/ansible_collections/usriot/m0"
stages=("$@")
if [ ${#stages[@]} -eq 0 ]; then
  stages=(sanity units simulator integration lint docs package demo)
fi

run_sanity() {
  (cd "$collection" && ansible-test sanity --local --python 3.11 --color no)
}

run_units() {
  (cd "$collection" && ansible-test units --local --python 3.11 --color no)
}

run_simulator() {
  (cd "$collection" && PYTHONPATH=simulator python -m pytest -q -p no:cacheprovider tests/simulator)
}

# The slowest targets run beside the others: they mostly wait on the (simulated) line, not the CPU.
SLOW_TARGETS=(fault_matrix module_path)

run_integration() {
  local log status=0 pid excludes=()
  log=$(mktemp)
  for target in "${SLOW_TARGETS[@]}"; do excludes+=(--exclude "$target"); done
  # ansible-test makes its per-user SSH key on first use; two runs started together on a new machine
  # race to make it, and the loser stops. Make it first, the way ansible-test does.
  if [ ! -f ~/.ansible/test/id_rsa ] || [ ! -f ~/.ansible/test/id_rsa.pub ]; then
    mkdir -p ~/.ansible/test
    rm -f ~/.ansible/test/id_rsa ~/.ansible/test/id_rsa.pub
    ssh-keygen -m PEM -q -t rsa -N '' -f ~/.ansible/test/id_rsa
  fi
  (cd "$collection" && ansible-test integration --local --python 3.11 --color no "${SLOW_TARGETS[@]}") > "$log" 2>&1 &
  pid=$!
  (cd "$collection" && ansible-test integration --local --python 3.11 --color no "${excludes[@]}") || status=1
  wait "$pid" || status=1
  echo "=== ${SLOW_TARGETS[*]}, run beside the others:"
  cat "$log"
  rm -f "$log"
  return "$status"
}

run_lint() {
  (cd "$collection" && ansible-lint --offline --profile production playbooks roles && antsibull-changelog lint)
}

run_docs() {
  # The plugin and role docs as the docsite renders them: lint, then the site built with warnings as errors.
  (cd "$collection" && antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs .) &&
    bash "$root/scripts/docs.sh"
}

run_package() {
  # The tarball users install from Galaxy: it builds, installs, and its modules are documented.
  local work
  work=$(mktemp -d)
  (cd "$collection" && ansible-galaxy collection build --output-path "$work" >/dev/null) &&
    ansible-galaxy collection install --offline --force -p "$work/installed" "$work"/usriot-m0-*.tar.gz >/dev/null &&
    ANSIBLE_COLLECTIONS_PATH="$work/installed" ansible-doc usriot.m0.usr_m0_config | grep -qF "$work/installed/" &&
    ANSIBLE_COLLECTIONS_PATH="$work/installed" ansible-doc -t role usriot.m0.configure | grep -qF "$work/installed/" &&
    ANSIBLE_COLLECTIONS_PATH="$work/installed" ansible-doc -t inventory usriot.m0.serial_scan | grep -qF "$work/installed/" &&
    ! tar -tzf "$work"/usriot-m0-*.tar.gz | grep -E '(^|/)(\.venv|build|tests/output)/'
  local status=$?
  rm -rf "$work"
  return $status
}

run_demo() {
  # The README's first command works: it summarises each of the three simulated modules.
  local output
  output=$(bash "$root/scripts/demo.sh") || return 1
  echo "$output" | tail -n 12
  [ "$(echo "$output" | grep -c '"msg": "USR-M0 (MAC D8B04C0000[0-9][0-9], firmware ')" -eq 3 ]
}

passed=0
failed=0
for stage in "${stages[@]}"; do
  echo "=================== $stage ==================="
  start=$SECONDS
  if "run_$stage"; then
    passed=$((passed + 1))
    echo "=== $stage passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    echo "=== $stage FAILED after $((SECONDS - start)) s"
    break
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
