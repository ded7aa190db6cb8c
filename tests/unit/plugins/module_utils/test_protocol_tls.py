# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tls:// against a TLS server on loopback that requires a client certificate (certificates made by the test).

ser2net's own client authentication needs its gtlssh authdir; the ser2net integration target covers
server verification and a wrong CA against ser2net itself.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import socket
import ssl
import threading
import time

import pytest
import serial

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.usriot.m0.plugins.module_utils._internal import protocol_tls


def _certificate(path, name, issuer=None, ca=False):
    """Write NAME.pem and NAME.key under path, signed by issuer (key, certificate) or self-signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    issuer_key, issuer_cert = issuer or (key, None)
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer_cert.subject if issuer_cert else subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=1)).not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               # key identifiers, as a real CA writes them: Python 3.13 verifies strictly and refuses certificates without
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                                      data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                                      crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName('localhost')]), critical=False)
    certificate = builder.sign(issuer_key, hashes.SHA256())
    (path / ('%s.pem' % name)).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (path / ('%s.key' % name)).write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return key, certificate


@pytest.fixture
def pki(tmp_path):
    ca = _certificate(tmp_path, 'ca', ca=True)
    _certificate(tmp_path, 'other-ca', ca=True)
    _certificate(tmp_path, 'localhost', issuer=ca)
    _certificate(tmp_path, 'ansible', issuer=ca)
    return tmp_path


@pytest.fixture
def server(pki):
    """A TLS server that wants a client certificate of the CA, and answers what it gets in upper case."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki / 'ca.pem'))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(str(pki / 'localhost.pem'), str(pki / 'localhost.key'))
    listener = socket.create_server(('127.0.0.1', 0))
    received = []

    def serve():
        while True:
            try:
                connection, dummy = listener.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(connection, server_side=True) as tls:
                    data = tls.recv(100)
                    received.append(data)
                    tls.sendall(data.upper())
            except (OSError, ssl.SSLError):
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], received
    listener.close()


def test_a_client_certificate_is_presented_and_data_flows(pki, server):
    port, received = server
    url = 'tls://localhost:%d?cafile=%s&certfile=%s&keyfile=%s' % (port, pki / 'ca.pem', pki / 'ansible.pem', pki / 'ansible.key')
    line = serial.serial_for_url(url, timeout=2)  # transport.py registered the handler
    assert isinstance(line, protocol_tls.Serial)
    line.write(b'+++')
    assert line.read(3) == b'+++'.upper()
    line.close()
    assert received == [b'+++']


def test_closing_does_not_pause(pki, server, monkeypatch):
    port, dummy = server
    line = serial.serial_for_url('tls://localhost:%d?cafile=%s&certfile=%s&keyfile=%s'
                                 % (port, pki / 'ca.pem', pki / 'ansible.pem', pki / 'ansible.key'), timeout=2)
    pauses = []
    monkeypatch.setattr(time, 'sleep', pauses.append)
    line.close()
    assert not line.is_open and pauses == []


def test_without_the_client_certificate_the_server_refuses_and_gets_nothing(pki, server):
    port, received = server
    with pytest.raises(serial.SerialException):
        line = serial.serial_for_url('tls://localhost:%d?cafile=%s' % (port, pki / 'ca.pem'), timeout=2)
        line.write(b'+++')
        line.read(3)
    assert received == []


def test_a_server_certificate_of_another_ca_fails_the_open_before_a_byte_is_sent(pki, server):
    port, received = server
    with pytest.raises(serial.SerialException, match='TLS handshake with .* failed, nothing was sent: .*certificate verify failed'):
        serial.serial_for_url('tls://localhost:%d?cafile=%s' % (port, pki / 'other-ca.pem'))
    assert received == []


def test_the_certificate_must_name_the_host_given(pki, server):
    port, dummy = server
    with pytest.raises(serial.SerialException, match='failed, nothing was sent'):
        serial.serial_for_url('tls://127.0.0.1:%d?cafile=%s' % (port, pki / 'ca.pem'))
    line = serial.serial_for_url('tls://127.0.0.1:%d?cafile=%s&server_hostname=localhost&certfile=%s&keyfile=%s'
                                 % (port, pki / 'ca.pem', pki / 'ansible.pem', pki / 'ansible.key'), timeout=2)
    line.write(b'ok')
    assert line.read(2) == b'OK'
    line.close()
