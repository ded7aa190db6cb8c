#!/usr/bin/env bash
# A CA, a server certificate for localhost and 127.0.0.1 signed by it, and an unrelated CA, in DIR, as a
# terminal server's admin makes them with openssl: ca.pem, server.pem, server.key, wrong-ca.pem. With --client,
# also a client certificate as ser2net's manual makes them for ssl(clientauth): self-signed, the user name (m0ctl)
# as its common name, allowed in DIR/auth/m0ctl/allowed_certs (rehashed): m0ctl.pem, m0ctl.key.
#   make_certs.sh DIR [--client]
set -euo pipefail
dir=$1
mkdir -p "$dir"
# CAs with a key usage, as Python 3.13 and later verify strictly (VERIFY_X509_STRICT) and refuse a CA without one
for ca in ca:"usriot.m0 test CA" wrong-ca:"unrelated CA"; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=${ca#*:}" -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$dir/${ca%%:*}.key" -out "$dir/${ca%%:*}.pem" 2>/dev/null
done
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$dir/san.ext"
openssl x509 -req -days 2 -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
  -extfile "$dir/san.ext" -out "$dir/server.pem" 2>/dev/null
[ "${2:-}" = --client ] || exit 0
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=m0ctl" -keyout "$dir/m0ctl.key" -out "$dir/m0ctl.pem" 2>/dev/null
mkdir -p "$dir/auth/m0ctl/allowed_certs"
cp "$dir/m0ctl.pem" "$dir/auth/m0ctl/allowed_certs/"
openssl rehash "$dir/auth/m0ctl/allowed_certs"
