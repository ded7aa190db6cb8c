#!/usr/bin/env bash
# The base image of the execution environment (docs/execution-environment.yml), made without an image registry:
#   bash scripts/ee_base.sh [IMAGE]        (default localhost/usr-m0-base:latest; run as root)
# A minimal Debian 13 (Python 3.13, pip, CA certificates) from the Debian mirror this machine's apt uses, made
# by mmdebstrap and imported into podman. The image trusts the CA certificates this machine trusts, so that
# pip in the build reaches the package index through whatever inspects TLS on the way here.
set -euo pipefail
image=${1:-localhost/usr-m0-base:latest}
# The mirror of this machine's own Debian release (its first source of the suite it runs)
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
# shellcheck disable=SC2016  # $(REPO_URI) is apt-get's format, not the shell's
mirror=$(apt-get indextargets --format '$(REPO_URI)' "Codename: $codename" 'Identifier: Packages' | head -n 1)
if [ -z "$mirror" ]; then
  echo "no Debian mirror for $codename among apt's sources" >&2
  exit 1
fi
mmdebstrap --quiet --variant=minbase --include=python3,python3-pip,ca-certificates --aptopt='Acquire::Retries "3"' \
  --customize-hook='copy-in /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs' \
  trixie - "$mirror" | podman import --quiet - "$image" >/dev/null
echo "$image: Debian 13 from $mirror"
