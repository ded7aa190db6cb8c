#!/usr/bin/env bash
# Set up everything the demo and the tests need, from only python3 and the package registries:
# .venv with ansible-core, pyserial, netaddr and the test tools, and the collection installed
# as build/collections/ansible_collections/usriot/m0 (the layout ansible-test requires).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/.venv"
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  echo "== creating $venv"
  "$python" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
wanted=$(cat requirements.txt tests/requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
  echo "== installing Python packages into .venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt -r tests/requirements-dev.txt
  requirements=$("$venv/bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements"))')
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements/units.txt"
  echo "$wanted" > "$stamp"
fi

# Debian packages of the real parts the integration tests run: ser2net, the terminal server put in front of
# the simulator, and OpenSSH's server, the serial host that delegate_to reaches (neither is started here).
missing=()
command -v ser2net >/dev/null 2>&1 || missing+=(ser2net)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
  else
    echo "!! ${missing[*]} not installed and cannot be (needs root and apt-get): the tests that run them" >&2
    echo "!! (ser2net and delegate_ssh targets, ser2net rows of the fault matrix) will be SKIPPED." >&2
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
mkdir -p "$HOME/.ansible/test/cache"
cat > "$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py" <<'SHIM'
"""Stand-in for get-pip: ensurepip, then pip install with the given arguments."""
import subprocess
import sys

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
if args:
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
SHIM

# The collection as ansible-test and ansible-playbook see it: the tracked and new files of the checkout.
collection="$root/build/collections/ansible_collections/usriot/m0"
rm -rf "$collection"
mkdir -p "$collection"
git ls-files --cached --others --exclude-standard | while IFS= read -r file; do
  if [ -e "$file" ]; then printf '%s\n' "$file"; fi
done | tar -cf - -T - | tar -xf - -C "$collection"
# A repository of its own, so that ansible-test lists its files rather than those of the checkout
# (which ignores build/).
git -C "$collection" init --quiet
echo "== collection installed at build/collections/ansible_collections/usriot/m0"
