"""Write the examples of the "Mixed firmware" section of docs/fleet.md for a run against the simulated fleet.

The section's serial_scan configuration scans the simulated modules' ports instead of the ones it names; its play
runs as it is shown. Usage: docs_example.py COLLECTION_ROOT STATE PORT...
"""
import os
import re
import sys

import yaml

ROOT, STATE, PORTS = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(os.path.join(ROOT, 'docs', 'fleet.md')).read()
section = re.search(r'^## Mixed firmware\n(.*?)^## ', text, re.M | re.S).group(1)
blocks = [yaml.safe_load(body) for body in re.findall(r'^```yaml\n(.*?)^```$', section, re.M | re.S)]
scans = [block for block in blocks if isinstance(block, dict) and block.get('plugin') == 'usriot.m0.serial_scan']
plays = [block for block in blocks if isinstance(block, list)]
assert len(scans) == 1 and len(plays) == 1, blocks
scans[0]['ports'] = PORTS
with open(os.path.join(STATE, 'mixed.m0.yml'), 'w') as handle:
    yaml.safe_dump(scans[0], handle)
with open(os.path.join(STATE, 'by-release.yml'), 'w') as handle:
    yaml.safe_dump(plays[0], handle)
