"""Checks what ansible-inventory --list gave for the scan in runme.sh, and that the scan set nothing."""
import glob
import json
import os
import sys

state, closed_port = sys.argv[1], sys.argv[2]
inventory = json.load(open(os.path.join(state, 'scan.json')))
warnings = ' '.join(open(os.path.join(state, 'scan.err')).read().split())  # warnings are wrapped at the terminal width
hostvars = inventory['_meta']['hostvars']


def plain(value):
    """ansible-inventory marks strings from plugins as unsafe: {'__ansible_unsafe': value}."""
    if isinstance(value, dict):
        return value['__ansible_unsafe'] if set(value) == {'__ansible_unsafe'} else dict((k, plain(v)) for k, v in value.items())
    return value


hostvars = plain(hostvars)
assert sorted(hostvars) == ['pump-00', 'pump-01', 'pump-02-D8B04C000003', 'pump-02-D8B04C000004'], sorted(hostvars)
expected = {
    'pump-00': ('%s/m0-00.tty' % state, 115200, 'D8B04C000001', 'm0-00'),
    'pump-01': ('%s/m0-01.tty' % state, 9600, 'D8B04C000002', 'm0-01'),
    'pump-02-D8B04C000003': (None, 115200, 'D8B04C000003', 'terminal-server'),
    'pump-02-D8B04C000004': (None, 115200, 'D8B04C000004', 'terminal-server'),
}
for host, (port, speed, mac, cabinet) in expected.items():
    found = hostvars[host]
    assert port is None or found['serial_port'] == port, (host, found)
    assert found['serial_port'].startswith('/') == (port is not None), (host, found)
    assert found['serial_baudrate'] == speed, (host, found)
    assert found['usr_m0_mac'] == mac, (host, found)
    assert found['usr_m0_name'] == host[:7], (host, found)
    assert found['usr_m0_firmware_version'] == '4016', (host, found)
    assert found['usr_m0']['sock']['protocol'] == 'tcpc', (host, found)
    assert found['ansible_connection'] == 'local', (host, found)
    assert found['cabinet'] == cabinet, (host, found)
assert sorted(inventory['firmware_4016']['hosts']) == sorted(expected), inventory
assert sorted(inventory['sock_tcpc']['hosts']) == sorted(expected), inventory
assert inventory['slow_line']['hosts'] == ['pump-01'], inventory

for message in [
    'no M0 on %s/empty.tty: silent: nothing answered the +++ handshake at 115200, 9600, 57600 baud' % state,
    'no M0 on %s/talker.tty: something talks here, but not as an M0' % state,
    'no M0 on socket://127.0.0.1:%s: cannot open the port' % closed_port,
    'no M0 on %s/nothing-*.tty: no port matches this pattern' % state,
    'the module with MAC D8B04C000001 answers on %s/m0-00.tty and on %s/m0-04.tty' % (state, state),
    '2 modules are named pump-02, on socket://127.0.0.1:',
]:
    assert message in warnings, (message, warnings)
assert 'alias-of-m0-00' not in warnings + json.dumps(inventory), 'a second name of a scanned device was scanned again'

# Nothing was set, and every module was returned to work mode
for log in glob.glob(os.path.join(state, 'm0-0*.log.jsonl')):
    entries = [json.loads(line) for line in open(log)]
    assert entries, log
    assert not [entry for entry in entries if entry.get('kind') == 'set'], log
    assert entries[-1].get('command') == 'ENTM', (log, entries[-1])
print('scan checked: %d hosts, %d warnings' % (len(hostvars), warnings.count('[WARNING]')))
