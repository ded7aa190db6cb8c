"""The ee stage's checks, after the guide's commands ran: check.py STATE_DIR

What each simulated module received and runs (the simulator's counts and flash), what the runs printed, and what
they left on the host: the audit's reports in the project folder, the job's artifacts.
"""
import glob
import json
import os
import re
import sys

from usr_m0_sim.control import Client

STATE = sys.argv[1]
JOB = os.path.join(STATE, 'm0-job')
HOSTS = ['m0-00', 'm0-01']
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def output_of(tool, playbook):
    """What the guide's one command running playbook with tool printed (commands/N.log, N its line)."""
    commands = open(os.path.join(STATE, 'commands.sh')).read().splitlines()
    numbers = [number for number, command in enumerate(commands, start=1)
               if command.split()[0] == tool and playbook in command.split()]
    if len(numbers) != 1:
        sys.exit('%d of the guide\'s commands run %s with %s, not one' % (len(numbers), playbook, tool))
    return re.sub(r'\x1b\[[0-9;]*m', '', open(os.path.join(STATE, 'commands', '%d.log' % numbers[0])).read())


def recap(output):
    """host -> its counts in the PLAY RECAP of ansible-playbook's output."""
    return {host: dict((key, int(value)) for key, value in re.findall(r'(\w+)=(\d+)', counts))
            for host, counts in re.findall(r'^(m0-\d\d) +: (.*)$', output, re.M)}


# the demo reached both modules: m0-00 through the terminal server, m0-01 through the pseudo-terminal
demo = output_of('ansible-navigator', 'usriot.m0.demo')
macs = set(re.findall(r'"msg": "USR-M0 \(MAC (D8B04C0000\d\d), firmware', demo))
check(macs == {'D8B04C000001', 'D8B04C000002'}, 'the demo summarised the modules %s, not both' % sorted(macs))

# the rollout changed both, the audit found both as wanted
for playbook, changed in (('rollout.yml', 1), ('audit.yml', 0)):
    counts = recap(output_of('ansible-navigator', playbook))
    check(sorted(counts) == HOSTS and all(counts[host]['failed'] == counts[host]['unreachable'] == 0
                                          and min(counts[host]['changed'], 1) == changed for host in counts),
          '%s under ansible-navigator: %s' % (playbook, counts))
# what the audit wrote by default (reports/ in the working folder) is in the project folder on the host
reports = os.path.join(JOB, 'project', 'reports', 'drift.json')
statuses = dict((host, entry['status']) for host, entry in json.load(open(reports)).items()) if os.path.exists(reports) else None
check(statuses == {'m0-00': 'compliant', 'm0-01': 'compliant'}, 'the audit report on the host, %s: %s' % (reports, statuses))

# the same job under ansible-runner, its artifacts on the host: nothing left to change
artifacts = os.path.join(JOB, 'artifacts', 'rollout')
status = open(os.path.join(artifacts, 'status')).read().strip() if os.path.exists(artifacts) else None
check(status == 'successful', 'the job under ansible-runner: status %s (%s)' % (status, artifacts))
stats = [json.load(open(path))['event_data'] for path in glob.glob(os.path.join(artifacts, 'job_events', '*.json'))
         if json.load(open(path))['event'] == 'playbook_on_stats']
check(len(stats) == 1 and sorted(stats[0]['ok']) == HOSTS and not stats[0]['changed'] and not stats[0]['failures'],
      'the job\'s last event (playbook_on_stats) in its artifacts: %s' % stats)

# each module runs the settings, was restarted once (by the first rollout), and no byte of a session reached its
# network; m0-01 was reached through the pseudo-terminal only
counts = Client(os.path.join(STATE, 'sim')).call('stats')['stats']
for host in HOSTS:
    flash = json.load(open(os.path.join(STATE, 'sim', '%s.flash.json' % host)))
    wanted = {'MID': host, 'SOCK': 'TCPC,10.20.0.50,502', 'HEARTEN': 'ON', 'HEARTTM': '60', 'HEARTDT': 'alive'}
    check(all(flash[key] == value for key, value in wanted.items()),
          '%s flash: %s, not %s' % (host, dict((key, flash[key]) for key in wanted), wanted))
    check(counts[host]['restarts'] == 1 and counts[host]['mode'] == 'work' and counts[host]['network_tx_bytes'] == 0,
          '%s: %s' % (host, counts[host]))

if failures:
    sys.exit('the ee stage\'s checks failed:\n' + '\n'.join(failures))
print('checks passed: the demo, the rollout and the audit under ansible-navigator, the job under ansible-runner')
