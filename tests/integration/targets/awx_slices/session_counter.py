# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The front of one terminal server, counting the sessions open at once to it.

    python session_counter.py URLS_IN URLS_OUT COUNTS

For each host -> socket://127.0.0.1:PORT of the JSON file URLS_IN (ser2net's raw TCP ports), listens on a free
port of 127.0.0.1 and forwards every connection to it; writes the same map with its own URLs to URLS_OUT, then
keeps COUNTS (JSON: sessions open now, most open at once, connections in all) up to date until killed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import socket
import sys
import threading

LOCK = threading.Lock()
COUNTS = {'open': 0, 'most': 0, 'connections': 0}


def record(path, change):
    with LOCK:
        COUNTS['open'] += change
        COUNTS['most'] = max(COUNTS['most'], COUNTS['open'])
        COUNTS['connections'] += max(change, 0)
        with open(path + '.new', 'w') as handle:
            json.dump(COUNTS, handle)
        os.rename(path + '.new', path)


def pump(source, sink):
    try:
        while True:
            data = source.recv(4096)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    for end in (source, sink):
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve_one(client, target, counts):
    record(counts, 1)
    try:
        upstream = socket.create_connection(target)
    except OSError:
        client.close()
        record(counts, -1)
        return
    back = threading.Thread(target=pump, args=(upstream, client))
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()
    record(counts, -1)


def listen(listener, target, counts):
    while True:
        client, dummy = listener.accept()
        threading.Thread(target=serve_one, args=(client, target, counts), daemon=True).start()


def main(urls_in, urls_out, counts):
    urls = {}
    threads = []
    for host, url in json.load(open(urls_in)).items():
        target_port = int(url.rsplit(':', 1)[1])
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(('127.0.0.1', 0))
        listener.listen(16)
        urls[host] = 'socket://127.0.0.1:%d' % listener.getsockname()[1]
        threads.append(threading.Thread(target=listen, args=(listener, ('127.0.0.1', target_port), counts), daemon=True))
    record(counts, 0)
    for thread in threads:
        thread.start()
    with open(urls_out + '.new', 'w') as handle:
        json.dump(urls, handle)
    os.rename(urls_out + '.new', urls_out)
    threading.Event().wait()


if __name__ == '__main__':
    main(*sys.argv[1:4])
