"""Checks the host names of the scans at the end of runme.sh: by MAC by default, sanitised, one factory-name warning."""
import json
import os
import sys

state = sys.argv[1]


def scan(name):
    inventory = json.load(open(os.path.join(state, name + '.json')))
    warnings = ' '.join(open(os.path.join(state, name + '.err')).read().split())  # wrapped at the terminal width
    return sorted(inventory['_meta']['hostvars']), warnings


macs = ['D8B04C00000%d' % index for index in range(1, 5)]
hosts, warnings = scan('default')
assert hosts == macs, hosts
assert 'usriot.m0.serial_scan:' not in warnings, warnings  # by MAC, a name shared or not is no concern

hosts, warnings = scan('by-name')
# the module named ../../pwnd is the host _pwnd; the three others share the factory name
assert len(hosts) == 4 and '_pwnd' in hosts, hosts
assert sorted('USR-M0-' + mac for mac in macs if 'USR-M0-' + mac in hosts) == sorted(set(hosts) - {'_pwnd'}), hosts
assert warnings.count('usriot.m0.serial_scan:') == 1, warnings
assert '3 modules are named USR-M0 (the factory name), on ' in warnings, warnings
print('names checked: %s' % ', '.join(hosts))
