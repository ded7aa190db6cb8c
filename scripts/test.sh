#!/usr/bin/env bash
# Run the tests of the collection on the ansible-core version matrix of tests/matrix.txt.
#   bash scripts/test.sh                  every leg: the main leg here, the compatibility legs beside it; in each
#                                         leg the integration targets run beside the other stages
#   bash scripts/test.sh STAGE...         these stages of the main leg (sanity units simulator integration lint
#                                         docs package ee demo)
#   bash scripts/test.sh compat-LEG...    the stages of one compatibility leg (e.g. compat-2.20), in the foreground
#   bash scripts/test.sh main             the main leg's stages only
# .ci/run calls this with no argument. Each stage runs even when an earlier one failed; the run fails when any
# stage of any leg failed, and ends with a table of the time of each stage and leg.
# shellcheck disable=SC2329  # the run_STAGE functions are called as "run_$stage"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=matrix.sh
source "$root/scripts/matrix.sh"
logs="$root/build/test-logs"
mkdir -p "$logs"
results=$(mktemp "$logs/.results.XXXXXX")
trap 'rm -f "$results"' EXIT
run_start=$SECONDS

# The slowest targets run beside the others, each group in an ansible-test run of its own: they mostly wait on
# the (simulated) line, not the CPU. eda, molecule_configure, confirm and awx_runner go with slow_link: their
# minutes are kept off the integration stage's main sequence, the main leg's critical path (in a fresh-clone run on
# 2 cores: fault_matrix 645 s, slow_link 118, molecule_configure 108, eda 80, confirm 113, awx_runner 71).
SLOW_GROUPS=("fault_matrix" "module_path docs_commands fleet_report" "slow_link eda molecule_configure confirm awx_runner")

# The environment of one leg: its venv first on PATH, its own collection tree.
use_leg() {
  leg=$1
  python_version=$(matrix_field "$leg" python)
  targets=$(matrix_field "$leg" targets)
  PATH="$(matrix_venv "$leg")/bin:$base_path"
  export PATH ANSIBLE_COLLECTIONS_PATH
  ANSIBLE_COLLECTIONS_PATH=$(matrix_collections "$leg")
  collection="$ANSIBLE_COLLECTIONS_PATH/ansible_collections/usriot/m0"
}
base_path=$PATH

run_sanity() {
  (cd "$collection" && ansible-test sanity --local --python "$python_version" --color no)
}

run_units() {
  (cd "$collection" && ansible-test units --local --python "$python_version" --color no)
}

run_simulator() {
  (cd "$collection" && PYTHONPATH=simulator python -m pytest -q -p no:cacheprovider tests/simulator)
}

run_integration() {
  local status=0 group target chosen=() rest=() slow=" " pids=() group_logs=() group_targets=() index
  for group in "${SLOW_GROUPS[@]}"; do slow+="$group "; done
  if [ "$targets" != all ]; then
    for target in ${targets//,/ }; do
      if [[ "$slow" != *" $target "* ]]; then rest+=("$target"); fi
    done
  fi
  # ansible-test makes its per-user SSH key on first use; two runs started together on a new machine
  # race to make it, and the loser stops. Make it first, the way ansible-test does.
  if [ ! -f ~/.ansible/test/id_rsa ] || [ ! -f ~/.ansible/test/id_rsa.pub ]; then
    mkdir -p ~/.ansible/test
    rm -f ~/.ansible/test/id_rsa ~/.ansible/test/id_rsa.pub
    ssh-keygen -m PEM -q -t rsa -N '' -f ~/.ansible/test/id_rsa
  fi
  for group in "${SLOW_GROUPS[@]}"; do
    chosen=()
    for target in $group; do
      if [ "$targets" = all ]; then rest+=(--exclude "$target"); fi
      if [ "$targets" = all ] || [[ ",$targets," == *",$target,"* ]]; then chosen+=("$target"); fi
    done
    if [ ${#chosen[@]} -eq 0 ]; then continue; fi
    group_logs+=("$(mktemp "$logs/.integration.XXXXXX")")
    group_targets+=("${chosen[*]}")
    (cd "$collection" && ansible-test integration --local --python "$python_version" --color no "${chosen[@]}") \
      > "${group_logs[-1]}" 2>&1 &
    pids+=($!)
  done
  if [ "$targets" = all ] || [ ${#rest[@]} -gt 0 ]; then
    (cd "$collection" && ansible-test integration --local --python "$python_version" --color no "${rest[@]}") || status=1
  fi
  for index in "${!pids[@]}"; do
    wait "${pids[$index]}" || status=1
    echo "=== ${group_targets[$index]}, run beside the others:"
    cat "${group_logs[$index]}"
    rm -f "${group_logs[$index]}"
  done
  return "$status"
}

run_lint() {
  (cd "$collection" && ansible-lint --offline --profile production playbooks roles extensions && antsibull-changelog lint)
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
    ! tar -tzf "$work"/usriot-m0-*.tar.gz | grep -E '(^|/)(\.venv[^/]*|build|tests/output)/'
  local status=$?
  rm -rf "$work"
  return "$status"
}

run_ee() {
  # The execution environment built with podman and run as docs/execution-environment.md shows (tests/ee/runme.sh).
  # Niced: it builds while the integration targets, which time the simulated lines, run beside it.
  nice -n 10 bash "$root/tests/ee/runme.sh"
}

run_demo() {
  # The README's first command works: it summarises each of the three simulated modules, and says what the
  # older firmware of the third lacks.
  local output
  output=$(bash "$root/scripts/demo.sh") || return 1
  echo "$output" | tail -n 12
  [ "$(echo "$output" | grep -c '"msg": "USR-M0 (MAC D8B04C0000[0-9][0-9], firmware ')" -eq 3 ] &&
    [ "$(echo "$output" | grep -c 'firmware 4010).*its firmware lacks http, registration.cloud_id, registration.cloud_password"')" -eq 1 ]
}

# Run stages of one leg (already set up), each recorded in $results as: leg stage seconds passed|FAILED.
run_stages() {
  local stage start status=0 core
  use_leg "$1"
  shift
  core=$(matrix_field "$leg" core)
  for stage in "$@"; do
    if ! declare -F "run_$stage" >/dev/null; then
      echo "no stage '$stage' (stages: sanity units simulator integration lint docs package ee demo)" >&2
      return 1
    fi
    echo "=================== $stage (leg $leg: ansible-core $core, Python $python_version) ==================="
    start=$SECONDS
    if "run_$stage" 2>&1 | tee "$logs/$leg-$stage.log"; then
      echo "=== $stage passed in $((SECONDS - start)) s (leg $leg)"
      echo "$leg $stage $((SECONDS - start)) passed" >> "$results"
    else
      echo "=== $stage FAILED after $((SECONDS - start)) s (leg $leg)"
      echo "$leg $stage $((SECONDS - start)) FAILED" >> "$results"
      status=1
    fi
  done
  return "$status"
}

# The legs running in the background: the log of each is printed once it has ended.
declare -A leg_pid=() leg_start=() leg_shown=()
show_ended_legs() {  # with "wait", waits for each leg still running
  local other rc
  for other in "${!leg_pid[@]}"; do
    [ -n "${leg_shown[$other]:-}" ] && continue
    if [ "${1:-}" != wait ] && kill -0 "${leg_pid[$other]}" 2>/dev/null; then continue; fi
    rc=0
    wait "${leg_pid[$other]}" || rc=$?
    leg_shown[$other]=1
    echo "################### leg $other ended (exit $rc): its log, $logs/$other.log ###################"
    cat "$logs/$other.log"
    echo "################### end of the log of leg $other ###################"
    if [ "$rc" -ne 0 ] && ! grep -q "^$other " "$results"; then
      echo "$other setup 0 FAILED" >> "$results"
    fi
  done
}

# What made each failed stage fail, repeated where the end of a long CI log still shows it (stage_failure.py): each
# failed integration target by name with its own lines, else the lines before ansible-test's last errors.
show_failures() {
  local leg stage log
  while read -r leg stage _ _; do
    log="$logs/$leg-$stage.log"
    [ -f "$log" ] || continue
    echo "=================== why $stage failed (leg $leg; whole log: $log) ==================="
    python3 "$root/scripts/stage_failure.py" "$log"
  done < <(grep ' FAILED$' "$results")
}

summary() {
  local status=0
  show_failures
  echo
  echo "=================== summary ==================="
  printf '%-6s %-12s %8s  %s\n' leg stage seconds result
  for leg in $(matrix_legs); do
    awk -v leg="$leg" '$1 == leg { printf "%-6s %-12s %8d  %s\n", $1, $2, $3, $4 }' "$results"
    if [ -n "${leg_start[$leg]:-}" ]; then
      printf '%-6s %-12s %8d  %s\n' "$leg" "(leg)" "$(cat "$logs/$leg.seconds" 2>/dev/null || echo 0)" \
        "$(grep -q "^$leg .* FAILED$" "$results" && echo FAILED || echo passed)"
    fi
  done
  printf '%-6s %-12s %8d\n' all "(wall)" "$((SECONDS - run_start))"
  local passed failed
  passed=$(grep -c ' passed$' "$results" || true)
  failed=$(grep -c ' FAILED$' "$results" || true)
  [ "$failed" -eq 0 ] || status=1
  echo "$passed passed, $failed failed"
  return "$status"
}

# A whole leg: its integration stage here, its other stages beside it (the integration targets mostly wait on the
# simulated line; the others want the CPU), then the demo, which sets up again (it reinstalls the collection tree).
run_leg() {
  local leg=$1 stage checks=() status=0 checks_pid
  for stage in $(matrix_field "$leg" stages | tr , ' '); do
    case "$stage" in integration|demo) ;; *) checks+=("$stage") ;; esac
  done
  if [ ${#checks[@]} -gt 0 ]; then
    run_stages "$leg" "${checks[@]}" > "$logs/$leg-checks.log" 2>&1 &
    checks_pid=$!
  fi
  if [[ ",$(matrix_field "$leg" stages)," == *,integration,* ]]; then
    run_stages "$leg" integration || status=1
  fi
  if [ -n "${checks_pid:-}" ]; then
    wait "$checks_pid" || status=1
    echo "################### the other stages of leg $leg, run beside its integration ###################"
    cat "$logs/$leg-checks.log"
  fi
  if [[ ",$(matrix_field "$leg" stages)," == *,demo,* ]]; then
    run_stages "$leg" demo || status=1
  fi
  return "$status"
}

status=0
if [ $# -eq 0 ]; then
  # Every leg. Set up one after the other (pip and apt-get side by side would fight), then the compatibility
  # legs start in the background and the main leg runs here.
  for leg in $(matrix_legs); do
    bash "$root/scripts/setup.sh" "$leg"
  done
  for leg in $(matrix_legs); do
    [ "$leg" = main ] && continue
    leg_start[$leg]=$SECONDS
    echo "=== leg $leg (ansible-core $(matrix_field "$leg" core), Python $(matrix_field "$leg" python)) started in the background: $logs/$leg.log"
    (
      start=$SECONDS
      rc=0
      run_leg "$leg" > "$logs/$leg.log" 2>&1 || rc=$?
      echo "$((SECONDS - start))" > "$logs/$leg.seconds"
      exit "$rc"
    ) &
    leg_pid[$leg]=$!
  done
  leg_start[main]=$SECONDS
  run_leg main || status=1
  echo "$((SECONDS - leg_start[main]))" > "$logs/main.seconds"
  show_ended_legs wait
else
  main_stages=()
  for argument in "$@"; do
    case "$argument" in
      compat-*|main)
        leg=${argument#compat-}
        matrix_field "$leg" stages >/dev/null
        bash "$root/scripts/setup.sh" "$leg"
        leg_start[$leg]=$SECONDS
        run_leg "$leg" || status=1
        echo "$((SECONDS - leg_start[$leg]))" > "$logs/$leg.seconds"
        ;;
      *) main_stages+=("$argument") ;;
    esac
  done
  if [ ${#main_stages[@]} -gt 0 ]; then
    bash "$root/scripts/setup.sh" main
    run_stages main "${main_stages[@]}" || status=1
  fi
fi
summary || status=1
exit "$status"
