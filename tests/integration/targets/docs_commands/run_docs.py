"""Run every command and snippet the documentation shows against the simulator.

Sources, found anew on each run so new docs are tested without touching this file:
- fenced ``console``/``yaml`` blocks of README.md, docs/*.md and roles/*/README.md; an ``ansible-rulebook``
  command runs until it has watched a simulated module, then gets SIGINT; a rulebook is validated and parsed
  as ansible-rulebook does before it runs one (its actions may need an EDA controller);
- the ``#   ansible-playbook ...`` usage lines in the header of playbooks/*.yml;
- the EXAMPLES of plugins/modules/*.py, one play per module on its own simulated module;
- the EXAMPLES of plugins/inventory/*.py and serial_scan configurations in the Markdown, scanning the
  simulated modules m0-00..m0-03 instead of the ports they name;
- ser2net configurations in the Markdown, run by ser2net in front of m0-00 (for /dev/ttyUSB0, with a
  server certificate made for the run), each reached at the ``serial_port`` its comment shows, after the
  Markdown's commands (which may make client certificates: ``openssl``, ``mkdir`` and ``cp`` run in the
  run's certificate directory, which stands for /etc/ser2net/ and /etc/ssl/m0/).

A block that cannot run against the simulator is marked in the Markdown source, on the line
before its fence, with ``<!-- docs-test: skip REASON -->``; the reason is printed. The reason
the ee stage's blocks give (tests/ee/guide_commands.py) is for docs/execution-environment.md alone: the
ee stage runs the blocks so marked there (podman, ansible-builder, ansible-navigator), and no others.
Placeholders the docs use are mapped to the simulator: ``-i <any inventory>`` becomes the
simulator's inventory plus docs_vars.yml, /var/tmp/ becomes the simulator's state directory,
and a ``serial_port`` in an example becomes the simulated module's port.
"""
import glob
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

import yaml
from ansible_rulebook import rules_parser
from ansible_rulebook.conf import settings
from ansible_rulebook.validators import Validate
from usr_m0_sim.control import Client

ROOT, STATE = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'setup_ser2net'))
import ser2net_server  # noqa: E402  pylint: disable=wrong-import-position
sys.path.insert(0, os.path.join(ROOT, 'tests', 'ee'))
import guide_commands  # noqa: E402  pylint: disable=wrong-import-position
INVENTORY = ['-i', os.path.join(STATE, 'inventory.json'), '-i', os.path.join(HERE, 'docs_vars.yml')]
FENCE = re.compile(r'^(?:<!-- docs-test: skip (?P<skip>.+?) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)^```$',
                   re.M | re.S)
# The simulated modules are m0-00..m0-18 (runme.sh starts 19): docs commands share m0-00..m0-03, each module's
# EXAMPLES get one of the others, so an example that moves the UART speed disturbs nothing else.
DOC_HOSTS = 'm0-00:m0-01:m0-02:m0-03'
CERTS = os.path.join(STATE, 'docs-certs')
CERT_COMMANDS = ('openssl', 'mkdir', 'cp')
failures = []
counts = {'run': 0, 'skipped': 0}
already_run = set()
ser2net_configs = []


def cert_path(text):
    return text.replace('/etc/ser2net/', CERTS + '/').replace('/etc/ssl/m0/', CERTS + '/')


def run(label, argv, cwd=None):
    if tuple(argv) in already_run:  # the same command shown in two places runs once
        return
    already_run.add(tuple(argv))
    counts['run'] += 1
    print('== %s: %s' % (label, ' '.join(shlex.quote(arg) for arg in argv)), flush=True)
    start = time.monotonic()
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False, cwd=cwd)
    print('   %.1f s' % (time.monotonic() - start), flush=True)
    if result.returncode != 0:
        print(result.stdout)
        failures.append('%s: %s (rc=%d)' % (label, ' '.join(argv), result.returncode))


def shell_command(label, line):
    argv = shlex.split(line, comments=True)
    environment = {}
    while argv and re.match(r'[A-Za-z_]\w*=', argv[0]):
        name, value = argv.pop(0).split('=', 1)
        environment[name] = value
    if not argv:
        return
    if argv[0] == 'ansible-rulebook':
        rulebook_command(label, argv, environment)
        return
    if environment:
        failures.append('%s: environment variables are given only to ansible-rulebook here; mark the block with '
                        '<!-- docs-test: skip REASON -->' % label)
        return
    if argv[0] in CERT_COMMANDS:
        run(label, [cert_path(arg) for arg in argv], cwd=CERTS)
        return
    if argv[0] not in ('ansible', 'ansible-playbook', 'ansible-doc', 'ansible-inventory'):
        failures.append('%s: %r is not a command this test knows how to run against the simulator; '
                        'mark the block with <!-- docs-test: skip REASON -->' % (label, line))
        return
    rewritten = []
    args = iter(argv)
    for arg in args:
        if arg == '-i':
            next(args)
            rewritten.extend(INVENTORY)
        else:
            rewritten.append(arg.replace('/var/tmp/', STATE + '/'))
    if argv[0] == 'ansible-playbook':
        rewritten.extend(['--limit', DOC_HOSTS])
    run(label, rewritten)


# The module an ansible-rulebook command watches
RULEBOOK_HOST = 'm0-00'


def rulebook_command(label, argv, environment):
    """An ansible-rulebook command, which runs until stopped.

    Its inventory (-i, and an environment variable that names the same) becomes a folder with the simulated module
    RULEBOOK_HOST and docs_vars.yml, converged first: the command must read the module (a round of the watch reaches
    the simulator), act on nothing (the module is as it should be), and end at SIGINT as at Ctrl-C, without an error.
    """
    folder = os.path.join(STATE, 'docs-rulebook-inventory')
    if not os.path.isdir(folder):
        os.mkdir(folder)
        simulated = json.load(open(os.path.join(STATE, 'inventory.json')))
        simulated['all']['hosts'] = {RULEBOOK_HOST: simulated['all']['hosts'][RULEBOOK_HOST]}
        with open(os.path.join(folder, 'hosts.json'), 'w') as handle:
            json.dump(simulated, handle)
        shutil.copy(os.path.join(HERE, 'docs_vars.yml'), folder)
    placeholder = argv[argv.index('-i') + 1]
    argv = [folder if arg == placeholder else arg for arg in argv]
    environment = dict((name, folder if value == placeholder else value) for name, value in environment.items())
    run('%s (converging %s first)' % (label, RULEBOOK_HOST), ['ansible-playbook', '-i', folder, 'usriot.m0.rollout'])
    client = Client(STATE)
    rounds = client.call('stats', device=RULEBOOK_HOST)['stats'][RULEBOOK_HOST]['handshakes']
    counts['run'] += 1
    print('== %s: %s' % (label, ' '.join(shlex.quote(arg) for arg in ['%s=%s' % item for item in environment.items()] + argv)),
          flush=True)
    output = os.path.join(STATE, 'docs-rulebook.log')
    with open(output, 'w') as handle:
        process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, env=dict(os.environ, **environment))
    deadline = time.monotonic() + 120
    while (process.poll() is None and time.monotonic() < deadline
           and client.call('stats', device=RULEBOOK_HOST)['stats'][RULEBOOK_HOST]['handshakes'] == rounds):
        time.sleep(0.2)
    watched = process.poll() is None and time.monotonic() < deadline
    process.send_signal(signal.SIGINT)
    code = process.wait()
    text = open(output).read()
    if not watched or code not in (0, 130) or 'PLAY RECAP' in text or 'ERROR' in text:  # 130: ended by SIGINT
        print(text)
        failures.append('%s: %s (rc=%s, %s)' % (label, ' '.join(argv), code, 'it watched %s' % RULEBOOK_HOST if watched
                                                else 'it did not watch %s within 120 s' % RULEBOOK_HOST))


def rulebook_snippet(label, data):
    """A rulebook: validated against ansible-rulebook's schema and parsed as ansible-rulebook does before it runs
    one (conditions, sources found in their collections); its actions may need an EDA controller."""
    counts['run'] += 1
    print('== %s: a rulebook, validated and parsed by ansible-rulebook' % label, flush=True)
    settings.ansible_galaxy_path = shutil.which('ansible-galaxy')  # where ansible-rulebook looks for collections
    try:
        Validate.rulebook(data)
        rules_parser.parse_rule_sets(data, {})
    except Exception as exc:  # pylint: disable=broad-except
        failures.append('%s: not a rulebook ansible-rulebook runs: %s' % (label, exc))


def scan_config(label, config):
    """A serial_scan configuration, run by ansible-inventory on the simulated modules: it must find all four."""
    simulated = json.load(open(os.path.join(STATE, 'inventory.json')))['all']['hosts']
    config['ports'] = [simulated[host]['serial_port'] for host in DOC_HOSTS.split(':')]
    if 'cache_connection' in config:
        config['cache_connection'] = os.path.join(STATE, 'scan-cache')
    path = os.path.join(STATE, 'docs.m0.yml')
    with open(path, 'w') as handle:
        yaml.safe_dump(config, handle)
    counts['run'] += 1
    print('== %s: ansible-inventory -i <%s scanning %s> --list' % (label, config['plugin'], DOC_HOSTS), flush=True)
    result = subprocess.run(['ansible-inventory', '-i', path, '--list', '--flush-cache'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, check=False)
    found = json.loads(result.stdout)['_meta']['hostvars'] if result.returncode == 0 else {}
    if len(found) != 4:
        print(result.stdout, result.stderr)
        failures.append('%s: the scan found %d of the 4 simulated modules' % (label, len(found)))


def ser2net_config(label, text):
    """A ser2net configuration: ser2net runs it in front of m0-00, and each documented serial_port reaches it."""
    if not shutil.which('ser2net'):
        print('!!!!!! %s SKIPPED: ser2net is not installed (scripts/setup.sh installs it as root) !!!!!!' % label)
        counts['skipped'] += 1
        return
    tty = os.path.realpath(json.load(open(os.path.join(STATE, 'inventory.json')))['all']['hosts']['m0-00']['serial_port'])
    with open(os.path.join(CERTS, 'ser2net.yaml'), 'w') as handle:
        handle.write(cert_path(text.replace('/dev/ttyUSB0', tty)))
    ser2net_server.start(CERTS)
    try:
        for url in re.findall(r'^#.*serial_port: (\S+)$', text, re.M):
            url = cert_path(url.replace('ts1.example.net', 'localhost'))
            run('%s (ser2net)' % label, ['ansible', 'm0-00'] + INVENTORY + ['-m', 'usriot.m0.usr_m0_facts', '-a', 'serial_port=' + url])
    finally:
        ser2net_server.stop(CERTS)


def yaml_snippet(label, text):
    data = yaml.safe_load(text)
    # one file per block: run() skips a command it has run, and every block's command names its file
    path = os.path.join(STATE, 'snippet-%s.yml' % re.sub(r'[^A-Za-z0-9]+', '-', label))
    if isinstance(data, dict) and data.get('plugin') == 'usriot.m0.serial_scan':
        scan_config(label, data)
    elif isinstance(data, dict) and 'connection' in data:
        ser2net_configs.append((label, text))
    elif isinstance(data, dict) and 'all' in data:
        # An inventory: its hosts are examples (ttyUSB0, ts1.example.net); it must parse.
        with open(path, 'w') as handle:
            handle.write(text)
        run(label, ['ansible-inventory', '-i', path, '--list'])
    elif isinstance(data, list) and all('sources' in ruleset and 'rules' in ruleset for ruleset in data):
        rulebook_snippet(label, data)
    elif isinstance(data, list) and all('hosts' in play for play in data):
        for play in data:
            play['hosts'] = DOC_HOSTS
        with open(path, 'w') as handle:
            yaml.safe_dump(data, handle)
        run(label, ['ansible-playbook'] + INVENTORY + [path])
    else:
        failures.append('%s: a YAML block that is neither an inventory nor a playbook; mark it with '
                        '<!-- docs-test: skip REASON -->' % label)


def markdown():
    for path in ['README.md'] + sorted(glob.glob('docs/*.md')) + sorted(glob.glob('roles/*/README.md')):
        text = open(path).read()
        for match in FENCE.finditer(text):
            label = '%s:%d' % (path, text.count('\n', 0, match.start()) + 1)
            if match.group('skip'):
                counts['skipped'] += 1
                print('-- %s skipped: %s' % (label, match.group('skip')))
                if match.group('skip') == guide_commands.REASON and path != guide_commands.GUIDE:
                    failures.append('%s: the ee stage runs the blocks of %s only, not this one'
                                    % (label, guide_commands.GUIDE))
            elif match.group('lang') in ('console', 'shell', 'bash'):
                for line in match.group('body').splitlines():
                    shell_command(label, line)
            elif match.group('lang') == 'yaml':
                yaml_snippet(label, match.group('body'))


def playbook_headers():
    for path in sorted(glob.glob(os.path.join(ROOT, 'playbooks', '*.yml'))):
        label = os.path.relpath(path, ROOT)
        header = re.match(r'(?:#.*\n|---\n)*', open(path).read()).group(0)
        # A usage example is an indented "#   ansible-playbook" line and its indented continuations.
        for command in re.findall(r'^#   (ansible-playbook .*(?:\n#   -.*)*)', header, re.M):
            shell_command(label, re.sub(r'\n#   ', ' ', command))


def module_examples():
    # One play, one block per module on its own host, free strategy: the modules run side by side.
    blocks = []
    modules = sorted(glob.glob(os.path.join(ROOT, 'plugins', 'modules', 'usr_m0_*.py'))) + [
        os.path.join(ROOT, 'plugins', 'modules', name) for name in ('fleet_report.py', 'git_publish.py')]
    for number, path in enumerate(modules, start=4):
        source = open(path).read()
        tasks = []
        for task in yaml.safe_load(re.search(r"^EXAMPLES = r'''(.*?)^'''", source, re.M | re.S).group(1)):
            tasks.append(task)
            for action, args in list(task.items()):
                if action.startswith('usriot.m0.') and 'serial_port' in args:
                    args['serial_port'] = '{{ serial_port }}'
                    # the examples run one after the other on one module: an example that changed its UART speed
                    # is followed as its warning tells a user to ("set serial_baudrate to N for later tasks")
                    result = task.setdefault('register', 'example_result')
                    tasks.append({'name': 'Talk to the module at the speed it answers at now',
                                  'ansible.builtin.set_fact': {'serial_baudrate': '{{ %s.serial_baudrate }}' % result},
                                  'when': '%s.serial_baudrate is defined' % result})
        blocks.append({'name': 'EXAMPLES of %s' % os.path.basename(path), 'block': tasks,
                       'when': "inventory_hostname == 'm0-%02d'" % number})
    play = {'name': 'Module EXAMPLES', 'hosts': ':'.join('m0-%02d' % (4 + index) for index in range(len(blocks))),
            'gather_facts': False, 'strategy': 'free', 'tasks': blocks}
    path = os.path.join(STATE, 'examples.yml')
    with open(path, 'w') as handle:
        yaml.safe_dump([play], handle)
    backups, remote = git_publish_example_remote()
    run('plugins/modules EXAMPLES', ['ansible-playbook', '--forks', str(len(blocks))] + INVENTORY + [
        '-e', 'usr_m0_backup_dir=%s' % backups, path])
    published = subprocess.run(['git', '--git-dir', remote, 'ls-tree', '-r', '--name-only', 'main'],  # the branch by default
                               stdout=subprocess.PIPE, text=True, check=False).stdout.split()
    if published != ['backups/' + EXAMPLE_BACKUP]:
        failures.append('git_publish EXAMPLES: the remote holds %r, not the backup it was given' % published)


# the one backup git_publish's EXAMPLES publish, named like a host's backup (not after a simulated module)
EXAMPLE_BACKUP = 'pump-07.yml'


def git_publish_example_remote():
    """A backup folder and an empty bare repository that the Git server git_publish's EXAMPLES name stands for.

    The example runs as shown: git itself rewrites the server's address to the local repository
    (url.<base>.insteadOf, given in the environment, as a user's Git configuration would).
    """
    backups, remote = os.path.join(STATE, 'example-backups'), os.path.join(STATE, 'm0-backups.git')
    os.makedirs(backups, exist_ok=True)
    with open(os.path.join(backups, EXAMPLE_BACKUP), 'w') as handle:
        handle.write('system: {name: pump-07}\n')
    subprocess.run(['git', 'init', '--quiet', '--bare', remote], check=True)
    os.environ.update(GIT_CONFIG_COUNT='1', GIT_CONFIG_KEY_0='url.%s.insteadOf' % remote,
                      GIT_CONFIG_VALUE_0='git@git.example.net:plant/m0-backups.git')
    return backups, remote


def inventory_examples():
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', 'inventory', '*.py'))):
        source = open(path).read()
        for config in yaml.safe_load_all(re.search(r"^EXAMPLES = r'''(.*?)^'''", source, re.M | re.S).group(1)):
            scan_config('EXAMPLES of %s' % os.path.relpath(path, ROOT), config)


# The commands run from a project directory, as a user runs them: what a playbook writes by default (backups/,
# reports/) lands there, never in the collection. The docs also name the collection's own files (playbooks/...,
# requirements.txt) relative to its root: the project links to them.
PROJECT = os.path.join(STATE, 'docs-project')
STARTED = time.time()
os.mkdir(PROJECT)
for entry in os.listdir(ROOT):
    os.symlink(os.path.join(ROOT, entry), os.path.join(PROJECT, entry))
os.chdir(PROJECT)
subprocess.run([os.path.join(HERE, '..', 'setup_ser2net', 'make_certs.sh'), CERTS], check=True)
markdown()
for config_label, config_text in ser2net_configs:
    ser2net_config(config_label, config_text)
playbook_headers()
module_examples()
inventory_examples()
print('%(run)d documented commands run, %(skipped)d blocks skipped' % counts)
# (ansible-test itself writes tests/output and, for the runs beside this one, tests/integration/inventory)
written = [os.path.join(folder, name) for folder, dummy, names in os.walk(ROOT) for name in names
           if '/tests/output/' not in folder + '/' and not name.endswith('.pyc')
           and os.path.join(folder, name) != os.path.join(ROOT, 'tests', 'integration', 'inventory')
           and os.path.getmtime(os.path.join(folder, name)) > STARTED]
if written:
    failures.append('the documented commands wrote inside the collection: %s' % ', '.join(sorted(written)))
if failures:
    sys.exit('documented commands that fail:\n' + '\n'.join(failures))
