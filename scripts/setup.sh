#!/usr/bin/env bash
# Set up everything the demo and the tests need, from Python and the package registries, for one leg of
# the test matrix (tests/matrix.txt): bash scripts/setup.sh [LEG]   (default: main, what the demo uses).
# The leg's venv (.venv for main, .venv-LEG otherwise) with its ansible-core, pyserial, netaddr and the
# leg's test tools, and the collection installed as .../ansible_collections/usriot/m0 (the layout
# ansible-test requires) under build/collections for main, build/LEG/collections otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=matrix.sh
source "$root/scripts/matrix.sh"
leg=${1:-main}
core=$(matrix_field "$leg" core)
python_version=$(matrix_field "$leg" python)
requirements=$(matrix_field "$leg" requirements)
venv=$(matrix_venv "$leg")
name=${venv#"$root"/}

# A venv made by an older setup on another Python is made anew.
if [ -x "$venv/bin/python" ] && [ "$(python_version_of "$venv/bin/python")" != "$python_version" ]; then
  echo "== $name is not on Python $python_version: making it anew"
  rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
  python=$(matrix_python "$python_version")
  echo "== creating $name with $python"
  "$python" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
pin="ansible-core~=$core.0"
wanted=$( (echo "$pin"; cat requirements.txt "$requirements") | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
  echo "== installing Python packages into $name ($pin, $requirements)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pin" -r requirements.txt -r "$requirements"
  units=$("$venv/bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements", "units.txt"))')
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pin" -r "$units"
  echo "$wanted" > "$stamp"
fi

# Debian packages of the real parts the integration tests run: ser2net, the terminal server put in front of
# the simulator, OpenSSH's server, the serial host that delegate_to reaches (neither is started here), the
# Java that ansible-rulebook's rules engine runs on (the eda target), and for a leg with the ee stage, podman with
# runc and mmdebstrap, which makes its base image from a Debian mirror.
missing=()
command -v ser2net >/dev/null 2>&1 || missing+=(ser2net)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
if [[ ",$(matrix_field "$leg" stages)," == *,ee,* ]]; then
  for package in podman runc mmdebstrap; do
    command -v "$package" >/dev/null 2>&1 || missing+=("$package")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    # without the recommended packages: podman's would bring a user session bus and rootless helpers
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "!! ${missing[*]} not installed and cannot be (needs root and apt-get): the tests that run them" >&2
    echo "!! (ser2net, delegate_ssh and eda targets, ser2net rows of the fault matrix, the ee stage) will be SKIPPED" \
      "or fail." >&2
  fi
fi

# ansible-test bootstraps pip in the virtualenvs of its sanity tests with a get-pip script that it
# downloads from a host outside the package registries. Seed its cache with a stand-in that uses the
# pip bundled with Python (ensurepip) and then installs the asked-for pip from the package index.
internal=$("$venv/bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_internal"))')
pip_version=$(sed -n "s/^ *pip='\([0-9.]*\)',\{0,1\}$/\1/p" "$internal/python_requirements.py" | head -n 1)
if [ -z "$pip_version" ]; then
  echo "cannot find the pip version ansible-test bootstraps; update scripts/setup.sh" >&2
  exit 1
fi
# Each release bootstraps its own pip version, so each leg seeds its own file; the file is written whole
# and then renamed, as legs set up side by side (and other checkouts) share the cache.
cache="$HOME/.ansible/test/cache"
mkdir -p "$cache"
shim=$(mktemp "$cache/.get_pip.XXXXXX")
cat > "$shim" <<'SHIM'
"""Stand-in for get-pip: ensurepip, then pip install with the given arguments."""
import subprocess
import sys

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
if args:
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
SHIM
mv -f "$shim" "$cache/get_pip_${pip_version//./_}.py"

# The collection as ansible-test and ansible-playbook see it: the tracked and new files of the checkout.
# Each leg has its own tree, so legs run side by side neither share nor delete each other's ansible-test output.
collections=$(matrix_collections "$leg")
collection="$collections/ansible_collections/usriot/m0"
rm -rf "$collection"
mkdir -p "$collection"
git ls-files --cached --others --exclude-standard | while IFS= read -r file; do
  if [ -e "$file" ]; then printf '%s\n' "$file"; fi
done | tar -cf - -T - | tar -xf - -C "$collection"
# A repository of its own, so that ansible-test lists its files rather than those of the checkout
# (which ignores build/).
git -C "$collection" init --quiet
echo "== collection installed at ${collection#"$root"/} (leg $leg: ansible-core $core, Python $python_version)"
