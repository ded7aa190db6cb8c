# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backups written on the controller from what usr_m0_config returned."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import os
import re
import stat

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from ansible.module_utils.common.parameters import remove_values
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.template import Templar, is_trusted_as_template

from ansible_collections.usriot.m0.plugins.module_utils._internal import backup_codec
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import backup

SETTINGS = {'web': {'username': 'admin', 'password': '********', 'port': 80}}
TASK_VARS = {'inventory_hostname': 'pump-07', 'playbook_dir': '/srv/plays'}
# values a module (or whoever controls it or its network peer) can hold
HOSTILE = {'system': {'name': '{{ 7*7 }}'},
           'registration': {'data': "{{ lookup('pipe','id') }}", 'mode': 'usr'},
           'http': {'url': '../../pwnd', 'headers': ['X: {% raw %}', "{{ q('env','HOME') }}"]},
           'web': {'username': '!!pyt', 'password': "{{x}}", 'port': 80},
           # strings that YAML would read as something else if they were written plain
           'heartbeat': {'data': 'off', 'target': 'null', 'enabled': False, 'interval': 30},
           'sock': {'remote_address': '1', 'protocol': '~'}, 'uart': {'parity': 'yes'}}


def encoded(settings_, **document):
    return backup_codec.encode(dict(document, usr_m0_config=settings_), set())


def load(path):
    with open(path) as handle:
        return yaml.load(handle, Loader=AnsibleLoader)


def test_the_settings_become_a_usr_m0_config_file_of_mode_0600(tmp_path):
    options = {'dir_path': str(tmp_path / 'new'), 'filename': 'pump-07.yml'}
    path = str(tmp_path / 'new' / 'pump-07.yml')
    assert backup.write_backup(encoded(SETTINGS), options, TASK_VARS) == path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(tmp_path / 'new')).st_mode) == 0o700
    assert load(path) == {'usr_m0_config': SETTINGS}
    assert os.listdir(str(tmp_path / 'new')) == ['pump-07.yml']  # no temporary file left


def test_what_the_firmware_lacks_is_named_in_the_file(tmp_path):
    options = {'dir_path': str(tmp_path), 'filename': 'pump-07.yml'}
    backup.write_backup(encoded(SETTINGS, usr_m0_unsupported=['http']), options, TASK_VARS)
    assert load(str(tmp_path / 'pump-07.yml')) == {'usr_m0_config': SETTINGS, 'usr_m0_unsupported': ['http']}
    assert '# Its firmware has no command for what usr_m0_unsupported names' in (tmp_path / 'pump-07.yml').read_text()


def test_every_directory_made_is_private(tmp_path):
    backup.write_backup(encoded(SETTINGS), {'dir_path': str(tmp_path / 'a' / 'b' / 'c'), 'filename': 'x.yml'}, TASK_VARS)
    for made in ('a', 'a/b', 'a/b/c'):
        assert stat.S_IMODE(os.stat(str(tmp_path / made)).st_mode) == 0o700, made


def test_an_existing_file_is_replaced_and_made_private(tmp_path):
    path = tmp_path / 'pump-07.yml'
    path.write_text('old')
    os.chmod(str(path), 0o644)
    backup.write_backup(encoded(SETTINGS), {'dir_path': str(tmp_path), 'filename': 'pump-07.yml'}, TASK_VARS)
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600 and 'old' not in path.read_text()


@pytest.mark.parametrize('dangling', [False, True])
def test_a_symbolic_link_at_the_backup_path_is_replaced_not_followed(tmp_path, dangling):
    victim = tmp_path / 'victim'
    if not dangling:
        victim.write_text('precious')
        os.chmod(str(victim), 0o644)
    (tmp_path / 'out').mkdir()
    link = tmp_path / 'out' / 'pump-07.yml'
    os.symlink(str(victim), str(link))
    backup.write_backup(encoded(SETTINGS), {'dir_path': str(tmp_path / 'out'), 'filename': 'pump-07.yml'}, TASK_VARS)
    assert not os.path.islink(str(link)) and load(str(link)) == {'usr_m0_config': SETTINGS}
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == 'precious' and stat.S_IMODE(os.stat(str(victim)).st_mode) == 0o644


def test_the_default_place_is_backups_in_the_working_directory_named_by_host_and_time(tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    assert backup.backup_path({}, TASK_VARS, now=0).startswith(str(tmp_path / 'backups' / 'pump-07_usr_m0_config.19'))
    # no ':' nor '@', which scp and rsync take for a host
    assert re.match(r'pump-07_usr_m0_config\.\d{4}-\d\d-\d\dT\d{6}\.yml$', os.path.basename(backup.backup_path({}, TASK_VARS)))
    assert backup.backup_path({'dir_path': '~/m0'}, TASK_VARS).startswith(os.path.expanduser('~/m0/pump-07_usr_m0_config.'))


@pytest.mark.parametrize('host', ['../../pwnd', '/etc/cron.d/x', '.hidden', 'a/../../b', '..', 'x\ny', '{{ 7*7 }}'])
def test_the_inventory_name_never_picks_the_folder(tmp_path, monkeypatch, host):
    monkeypatch.chdir(str(tmp_path))
    path = backup.backup_path({}, dict(TASK_VARS, inventory_hostname=host))
    assert os.path.dirname(path) == str(tmp_path / 'backups')
    assert not os.path.basename(path).startswith('.') and '\n' not in path and '{' not in path


def test_values_are_never_templates(tmp_path):
    options = {'dir_path': str(tmp_path), 'filename': 'm0.yml'}
    backup.write_backup(encoded(HOSTILE), options, dict(TASK_VARS, inventory_hostname='{{ 7*7 }}'))
    text = (tmp_path / 'm0.yml').read_text()
    assert text.count('!unsafe') == 1  # on the settings, so on every string value in them
    loaded = load(str(tmp_path / 'm0.yml'))['usr_m0_config']
    assert loaded == HOSTILE
    templar = Templar(variables={})
    for section, values in loaded.items():
        for option, value in values.items():
            for text_value in value if isinstance(value, list) else [value]:
                if isinstance(text_value, str):
                    assert not is_trusted_as_template(text_value), (section, option)
                    assert templar.template(text_value) == text_value


def full_disk(*args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize('place, break_it, says', [
    ('taken/x.yml', lambda tmp_path, monkeypatch: (tmp_path / 'taken').write_text('a file where the folder should be'),
     'Not a directory'),
    ('full/x.yml', lambda tmp_path, monkeypatch: monkeypatch.setattr(os, 'fsync', full_disk), 'No space left on device'),
], ids=['a path through a file', 'a full disk'])
def test_a_backup_that_cannot_be_written_names_the_path_and_why(tmp_path, monkeypatch, place, break_it, says):
    break_it(tmp_path, monkeypatch)
    options = {'dir_path': str(tmp_path / os.path.dirname(place)), 'filename': 'x.yml'}
    with pytest.raises(backup.BackupNotWritten) as refused:
        backup.write_backup(encoded(SETTINGS), options, TASK_VARS)
    assert str(refused.value).startswith('could not write the backup to %s: ' % (tmp_path / place))
    assert says in str(refused.value)
    assert not os.path.isdir(options['dir_path']) or os.listdir(options['dir_path']) == []  # no temporary file left


@pytest.mark.parametrize('plant, says', [(lambda folder, make_theirs: make_theirs(folder), 'is owned by uid 54321'),
                                         (lambda folder, make_theirs: folder.chmod(0o777), 'is writable by its group and others')],
                         ids=['made first by another user', 'writable by others'])
def test_a_backup_folder_not_the_users_own_is_refused_and_nothing_is_written(tmp_path, another_users, plant, says):
    """/var/tmp/m0-backups made first by another user (who would then plant a later backup for restore to apply)."""
    folder = tmp_path / 'm0-backups'
    folder.mkdir()
    plant(folder, another_users)
    with pytest.raises(backup.BackupNotWritten) as refused:
        backup.write_backup(encoded(SETTINGS), {'dir_path': str(folder), 'filename': 'x.yml'}, TASK_VARS)
    assert str(refused.value).startswith('could not write the backup to %s: %s %s' % (folder / 'x.yml', folder, says))
    assert os.listdir(str(folder)) == []


def test_a_backup_that_reads_back_otherwise_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setattr(backup, 'backup_text', lambda settings, task_vars: 'usr_m0_config: {system: {name: other}}\n')
    with pytest.raises(backup.BackupNotWritten) as refused:
        backup.write_backup(encoded(SETTINGS), {'dir_path': str(tmp_path), 'filename': 'x.yml'}, TASK_VARS)
    assert str(refused.value) == 'the backup written to %s does not read back as the settings read from the module' % (tmp_path / 'x.yml')


@pytest.mark.parametrize('text', ['', 'too short', encoded(SETTINGS)[:-1], encoded(['not', 'settings']), None,
                                  '0123456789abcdef' + 'zz', backup_codec.encode(SETTINGS, set()),
                                  encoded(SETTINGS, usr_m0_unsupported='http'), encoded(SETTINGS, usr_m0_unsupported=[1]),
                                  encoded(SETTINGS, other={})],
                         ids=['empty', 'short', 'cut', 'a list', 'none', 'no digit', 'settings alone',
                              'unsupported not a list', 'unsupported not names', 'another key'])
def test_a_backup_the_module_sent_garbled_is_refused_before_anything_is_written(tmp_path, text):
    with pytest.raises(backup.BackupNotWritten) as refused:
        backup.write_backup(text, {'dir_path': str(tmp_path), 'filename': 'x.yml'}, TASK_VARS)
    assert str(refused.value).startswith('the backup for %s came back from the module unreadable' % (tmp_path / 'x.yml'))
    assert os.listdir(str(tmp_path)) == []


VALUE = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 40, 2 ** 40), st.text(max_size=30),
                  st.lists(st.text(max_size=20), max_size=3))
SETTINGS_DICTS = st.dictionaries(st.sampled_from(['system', 'network', 'web', 'http']),
                                 st.dictionaries(st.text(max_size=12), VALUE, max_size=5), max_size=4)


@settings(max_examples=300, deadline=None)
@given(settings_=SETTINGS_DICTS, no_log=st.sets(st.text(min_size=1, max_size=12), max_size=6))
def test_any_settings_come_through_no_log_scrubbing_whole(settings_, no_log):
    encoded = backup_codec.encode(settings_, no_log)
    assert backup_codec.decode(remove_values({backup_codec.BACKUP_KEY: encoded}, no_log)[backup_codec.BACKUP_KEY]) == settings_
