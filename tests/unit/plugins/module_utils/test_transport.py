# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""URLs: the options added to rfc2217:// for ser2net, and the tls:// handler's URL."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ssl

import pytest
import serial

from ansible_collections.usriot.m0.plugins.module_utils._internal import protocol_tls, transport


@pytest.mark.parametrize('given, opened', [
    ('rfc2217://ts1:2001', 'rfc2217://ts1:2001?ign_set_control'),
    ('rfc2217://ts1:2001?timeout=5&logging=debug', 'rfc2217://ts1:2001?timeout=5&logging=debug&ign_set_control'),
    ('rfc2217://ts1:2001?ign_set_control&poll_modem', 'rfc2217://ts1:2001?ign_set_control&poll_modem'),
    ('socket://ts1:4001', 'socket://ts1:4001'),
    ('/dev/ttyUSB0', '/dev/ttyUSB0'),
])
def test_rfc2217_urls_get_ign_set_control_and_keep_what_the_user_gave(given, opened):
    assert transport.transport_of(given).url(given) == opened


def test_tls_urls_are_opened_by_the_collection_handler():
    port = serial.serial_for_url('tls://ts1.example.net:4001', do_not_open=True)
    assert isinstance(port, protocol_tls.Serial)


def test_a_tls_url_verifies_against_the_system_store_by_default():
    host, port, context, server_hostname = protocol_tls.tls_target('tls://ts1.example.net:4001')
    assert (host, port, server_hostname) == ('ts1.example.net', 4001, 'ts1.example.net')
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_server_hostname_names_the_certificate_of_a_server_given_by_address():
    assert protocol_tls.tls_target('tls://10.0.0.5:4001?server_hostname=ts1.example.net')[3] == 'ts1.example.net'


@pytest.mark.parametrize('url, message', [
    ('tls://ts1.example.net:4001?verify=false', 'unknown option verify'),
    ('tls://ts1.example.net', 'not a tls:// URL with a host and a port'),
    ('tls://ts1.example.net:4001?cafile=/nonexistent/ca.pem', 'cannot load the TLS files'),
    ('tls://ts1.example.net:4001?certfile=/nonexistent/client.pem', 'cannot load the TLS files'),
])
def test_a_wrong_tls_url_is_refused_with_the_reason(url, message):
    with pytest.raises(serial.SerialException, match=message):
        protocol_tls.tls_target(url)


def test_speeds_are_set_only_where_the_line_follows_them():
    assert transport.transport_of('/dev/ttyUSB0').sets_speed and transport.transport_of('rfc2217://ts1:2001').sets_speed
    assert not transport.transport_of('socket://ts1:4001').sets_speed and not transport.transport_of('tls://ts1:4001').sets_speed


class FlakyOpen:
    """A terminal server port whose first opens fail as pyserial reports it."""

    def __init__(self, failures):
        self.failures = list(failures)
        self.opens = 0

    def __call__(self, url, **settings):
        return self

    def open(self):
        self.opens += 1
        if self.failures:
            raise serial.SerialException(self.failures.pop(0))


@pytest.mark.parametrize('port, reconnect, failure, opened', [
    # restarting: RFC 2217 not negotiated yet, or refused while reconnecting after a drop
    ('rfc2217://ts1:2001', False, "timeout while waiting for option 'purge'", True),
    ('socket://ts1:4001', True, 'Could not open port: [Errno 111] Connection refused', True),
    # a first open that is refused fails at once: a wrong port or a server that is down
    ('socket://ts1:4001', False, 'Could not open port: [Errno 111] Connection refused', False),
])
def test_a_terminal_server_that_is_restarting_is_tried_again(monkeypatch, port, reconnect, failure, opened):
    flaky = FlakyOpen([failure])
    monkeypatch.setattr(serial, 'serial_for_url', flaky)
    if opened:
        assert transport.open_port(port, 115200, lock_wait=5, poll=0, reconnect=reconnect) is flaky and flaky.opens == 2
    else:
        with pytest.raises(transport.TransportError, match='cannot open the port: .*refused'):
            transport.open_port(port, 115200, lock_wait=5, poll=0, reconnect=reconnect)
        assert flaky.opens == 1


@pytest.mark.parametrize('port, network, sets_speed, purges_locally', [
    ('/dev/ttyUSB0', False, True, True),
    ('socket://ts1:4001', True, False, True),
    ('RFC2217://ts1:2001', True, True, False),
    ('tls://ts1:4001?cafile=/x', True, False, True),
    ('loop://', True, True, True),  # another pyserial scheme: taken as a network line
])
def test_what_each_transport_can_do(port, network, sets_speed, purges_locally):
    line = transport.transport_of(port)
    assert (line.network, line.sets_speed, line.purges_locally) == (network, sets_speed, purges_locally)


def test_only_a_terminal_server_says_its_port_is_busy():
    assert transport.transport_of('socket://ts1:4001').busy(b'\r\nPort already in use\r\n') == 'Port already in use'
    assert transport.transport_of('/dev/ttyUSB0').busy(b'Port already in use') is None
    assert transport.transport_of('/dev/ttyUSB0').closed_meaning is None


def test_a_misspelt_url_scheme_is_refused_listing_the_known_ones():
    with pytest.raises(transport.TransportError, match=r"cannot open the port: invalid URL, protocol 'rfc2271' not known \(a "
                       r"serial_port is a device path or a URL: rfc2217://host:port, socket://host:port, tls://host:port\)"):
        transport.open_port('rfc2271://ts1:4001', 115200, lock_wait=0)
