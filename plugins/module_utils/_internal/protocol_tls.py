# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pyserial handler for tls://host:port: a terminal server's raw TCP port inside TLS.

serial_for_url finds it through serial.protocol_handler_packages (transport.py
registers this package), so a TLS line is opened like every other URL. The
server's certificate is always verified: against the system's trust store, or
the CA file given as ?cafile=; ?certfile= and ?keyfile= give a client
certificate; ?server_hostname= the name the certificate must carry when the
URL names the server by another (an address).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import select
import socket
import ssl

try:
    from urllib.parse import parse_qs, urlsplit
except ImportError:  # pragma: no cover - Python 2 is not a controller Python
    from urlparse import parse_qs, urlsplit

try:
    from serial import SerialException, SerialTimeoutException, Timeout
    from serial.serialutil import PortNotOpenError, to_bytes
    from serial.urlhandler.protocol_socket import POLL_TIMEOUT, Serial as SocketSerial
except ImportError:  # pragma: no cover - reported by the modules (transport.HAS_PYSERIAL)
    SocketSerial = object

URL_FORM = 'tls://<host>:<port>[?cafile=<file>][&certfile=<file>][&keyfile=<file>][&server_hostname=<name>]'
OPTIONS = ('cafile', 'certfile', 'keyfile', 'server_hostname')


def tls_target(url):
    """(host, port, SSLContext, server_hostname) of a tls:// URL; SerialException if it is not one."""
    parts = urlsplit(url)
    try:
        options = dict((key, values[-1]) for key, values in parse_qs(parts.query, keep_blank_values=True).items())
        unknown = sorted(set(options) - set(OPTIONS))
        if parts.scheme != 'tls' or not parts.hostname or parts.port is None:
            raise ValueError('not a tls:// URL with a host and a port')
        if unknown:
            raise ValueError('unknown option %s (known: %s)' % (', '.join(unknown), ', '.join(OPTIONS)))
    except ValueError as exc:
        raise SerialException('expected %s: %s (%r)' % (URL_FORM, exc, url))
    try:
        context = ssl.create_default_context(cafile=options.get('cafile') or None)
        if options.get('certfile'):
            context.load_cert_chain(options['certfile'], options.get('keyfile') or None)
    except (OSError, ssl.SSLError) as exc:
        raise SerialException('cannot load the TLS files of %s: %s' % (url, exc))
    return parts.hostname, parts.port, context, options.get('server_hostname') or parts.hostname


class Serial(SocketSerial):
    """socket:// inside TLS. The socket blocks with timeouts: TLS records, not bytes, arrive."""

    def open(self):
        self.logger = None
        if self._port is None:
            raise SerialException('Port must be configured before it can be used.')
        if self.is_open:
            raise SerialException('Port is already open.')
        host, port, context, server_hostname = tls_target(self.portstr)
        try:
            raw = socket.create_connection((host, port), timeout=POLL_TIMEOUT)
        except OSError as exc:
            raise SerialException('Could not open port %s: %s' % (self.portstr, exc))
        try:
            self._socket = context.wrap_socket(raw, server_hostname=server_hostname)
        except (OSError, ssl.CertificateError) as exc:
            raw.close()
            raise SerialException('TLS handshake with %s failed, nothing was sent: %s' % (self.portstr, exc))
        self.is_open = True

    def from_url(self, url):
        host, port = tls_target(url)[:2]
        return host, port

    def _wait_readable(self, timeout):
        """Whether decrypted bytes wait, or the socket has something, within the time left."""
        if self._socket.pending():
            return True
        return bool(select.select([self._socket], [], [], timeout.time_left())[0])

    def _recv(self, size, timeout):
        left = timeout.time_left()
        self._socket.settimeout(None if left is None else max(left, 0.001))
        try:
            data = self._socket.recv(size)
        except socket.timeout:
            return b''  # a TLS record not complete yet
        except OSError as exc:
            raise SerialException('read failed: %s' % exc)
        if not data:
            raise SerialException('socket disconnected')
        return data

    @property
    def in_waiting(self):
        if not self.is_open:
            raise PortNotOpenError()
        return self._socket.pending() or int(self._wait_readable(Timeout(0)))

    def read(self, size=1):
        if not self.is_open:
            raise PortNotOpenError()
        data = bytearray()
        timeout = Timeout(self._timeout)
        while len(data) < size and self._wait_readable(timeout):
            data.extend(self._recv(size - len(data), timeout))
            if timeout.expired():
                break
        return bytes(data)

    def write(self, data):
        if not self.is_open:
            raise PortNotOpenError()
        data = to_bytes(data)
        self._socket.settimeout(self._write_timeout)
        try:
            self._socket.sendall(data)
        except socket.timeout:
            raise SerialTimeoutException('Write timeout')
        except OSError as exc:
            raise SerialException('write failed: %s' % exc)
        return len(data)

    def reset_input_buffer(self):
        if not self.is_open:
            raise PortNotOpenError()
        while self._wait_readable(Timeout(0)):
            if not self._recv(4096, Timeout(0.01)):
                break

    def close(self):
        """Close at once. pyserial's socket handler then pauses 0.3 s for servers slow to take a new connection;
        the session waits for a terminal server port that is not free yet itself."""
        if self.is_open and self._socket:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)
                self._socket.close()
            except OSError:
                pass  # a line already broken closes all the same
            self._socket = None
        self.is_open = False
