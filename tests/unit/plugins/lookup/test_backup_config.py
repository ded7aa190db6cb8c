# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restore reads the newest backup of a host, whoever wrote it, and never templates its values."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import lookup_loader
from ansible.template import Templar

from ansible_collections.usriot.m0.plugins.module_utils._internal import backup_codec
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import backup

URL = "/{{ lookup('pipe', 'id > pwned.txt') }}"


def run(terms, directory, variables=None, **options):
    templar = Templar(loader=DataLoader(), variables=variables or {})
    lookup = lookup_loader.get('usriot.m0.backup_config', loader=DataLoader(), templar=templar)
    return lookup.run(terms, variables=variables or {}, dir=str(directory), **options), templar


def write(path, text, mtime):
    path.write_text(text)
    os.utime(str(path), (mtime, mtime))


def test_the_newest_backup_of_each_host_whichever_wrote_it(tmp_path):
    write(tmp_path / 'pump-07.yml', 'usr_m0_config: {sock: {port: 1}}\n', 1000)
    write(tmp_path / 'pump-07_usr_m0_config.2026-12-01T100000.yml', 'usr_m0_config: {sock: {port: 2}}\n', 2000)
    # the name earlier releases gave, with : and @, is still read
    write(tmp_path / 'pump-07_usr_m0_config.2026-11-01@10:00:00.yml', 'usr_m0_config: {sock: {port: 3}}\n', 1500)
    write(tmp_path / 'pump-08.yml', 'usr_m0_config: {sock: {port: 4}}\n', 3000)
    write(tmp_path / 'pump-070.yml', 'usr_m0_config: {sock: {port: 5}}\n', 9000)  # another host
    found, dummy = run(['pump-07', 'pump-08'], tmp_path)
    assert [(os.path.basename(item['path']), item['config']) for item in found] == [
        ('pump-07_usr_m0_config.2026-12-01T100000.yml', {'sock': {'port': 2}}),
        ('pump-08.yml', {'sock': {'port': 4}}),
    ]


def test_values_that_look_like_templates_stay_text(tmp_path):
    (tmp_path / 'pump-07.yml').write_text(
        "usr_m0_config:\n  http: {url: \"%s\"}\n  registration: {data: '{{ 7*7 }}'}\n" % URL)
    found, templar = run(['pump-07'], tmp_path, {'seven': 7})
    assert found[0]['config'] == {'http': {'url': URL}, 'registration': {'data': '{{ 7*7 }}'}}
    # what a playbook does with the value: templated, it stays what the module holds
    assert templar.template(found[0]['config']) == {'http': {'url': URL}, 'registration': {'data': '{{ 7*7 }}'}}


def test_a_host_name_never_picks_another_folder(tmp_path):
    (tmp_path / 'inner').mkdir()
    (tmp_path / '_pwnd.yml').write_text('usr_m0_config: {sock: {port: 6}}\n')
    (tmp_path / 'pwnd.yml').write_text('usr_m0_config: {sock: {port: 7}}\n')
    found, dummy = run(['../pwnd'], tmp_path / 'inner' / '..')
    assert found[0]['config'] == {'sock': {'port': 6}}  # _pwnd.yml, as backup.yml names it


def test_a_host_without_backup_is_named_with_the_folder(tmp_path):
    (tmp_path / 'pump-08.yml').write_text('usr_m0_config: {}\n')
    with pytest.raises(AnsibleError, match='no backup of pump-07 in %s' % tmp_path):
        run(['pump-07'], tmp_path)
    with pytest.raises(AnsibleError, match='no backup of pump-07: cannot read the folder %s/missing' % tmp_path):
        run(['pump-07'], tmp_path / 'missing')


@pytest.mark.parametrize('text', ['- a list\n', 'usr_m0_config: text\n', 'usr_m0_config: [\n', '!!python/object:os.system x\n'])
def test_a_file_that_is_not_a_backup_is_named(tmp_path, text):
    (tmp_path / 'pump-07.yml').write_text(text)
    with pytest.raises(AnsibleError, match='pump-07.yml'):
        run(['pump-07'], tmp_path)


def test_a_backup_the_writer_made_reads_back_exactly(tmp_path):
    # the writer tags the settings !unsafe; strings that YAML would read as other types stay strings
    settings = {'http': {'url': URL, 'method': 'get'}, 'registration': {'data': '{{ 7*7 }}'},
                'system': {'name': 'off', 'echo': True}, 'sock': {'port': 502}}
    document = {backup_codec.SETTINGS_KEY: settings, backup_codec.UNSUPPORTED_KEY: ['registration.cloud_id']}
    backup.write_backup(backup_codec.encode(document, set()), {'dir_path': str(tmp_path)}, {'inventory_hostname': 'pump-07'})
    found, dummy = run(['pump-07'], tmp_path)
    assert found[0]['config'] == settings


def planted_later(folder, make_theirs):
    """Another user's backup of pump-07, dated after the user's own: the one restore would apply."""
    write(folder / 'pump-07_usr_m0_config.2099-01-01T000000.yml',
          'usr_m0_config: {sock: {remote_address: 203.0.113.66, port: 4444}}\n', 9000)
    make_theirs(folder / 'pump-07_usr_m0_config.2099-01-01T000000.yml')


@pytest.mark.parametrize('plant, says', [
    (lambda folder, make_theirs: (planted_later(folder, make_theirs), make_theirs(folder)), 'is owned by uid 54321'),
    (lambda folder, make_theirs: (planted_later(folder, make_theirs), folder.chmod(0o777)), 'is writable by its group and others'),
], ids=['made first by another user', 'writable by others'])
def test_a_backup_folder_not_the_users_own_is_not_read(tmp_path, another_users, plant, says):
    """/var/tmp/m0-backups made first by another user, or left open to all, with a later backup planted in it."""
    folder = tmp_path / 'm0-backups'
    folder.mkdir()
    write(folder / 'pump-07.yml', 'usr_m0_config: {sock: {remote_address: 10.20.0.50, port: 502}}\n', 1000)
    plant(folder, another_users)
    with pytest.raises(AnsibleError) as refused:
        run(['pump-07'], folder)
    assert str(refused.value).startswith('no backup of pump-07 is read: %s %s' % (folder, says))


def test_a_later_backup_another_user_wrote_is_not_restored(tmp_path, another_users):
    write(tmp_path / 'pump-07.yml', 'usr_m0_config: {sock: {remote_address: 10.20.0.50, port: 502}}\n', 1000)
    planted_later(tmp_path, another_users)
    with pytest.raises(AnsibleError) as refused:
        run(['pump-07'], tmp_path)
    assert str(refused.value).startswith('the newest backup of pump-07 is not read: %s is owned by uid 54321'
                                         % (tmp_path / 'pump-07_usr_m0_config.2099-01-01T000000.yml'))


def test_a_later_backup_others_can_write_is_not_restored(tmp_path):
    write(tmp_path / 'pump-07.yml', 'usr_m0_config: {sock: {remote_address: 10.20.0.50, port: 502}}\n', 1000)
    write(tmp_path / 'pump-07_usr_m0_config.2099-01-01T000000.yml', 'usr_m0_config: {sock: {port: 4444}}\n', 9000)
    os.chmod(str(tmp_path / 'pump-07_usr_m0_config.2099-01-01T000000.yml'), 0o666)
    with pytest.raises(AnsibleError, match='is writable by its group and others'):
        run(['pump-07'], tmp_path)


def test_a_backup_that_is_a_link_is_not_followed(tmp_path):
    outside = tmp_path / 'outside.yml'
    write(outside, 'usr_m0_config: {sock: {port: 4444}}\n', 9000)
    (tmp_path / 'backups').mkdir()
    write(tmp_path / 'backups' / 'pump-07.yml', 'usr_m0_config: {sock: {port: 502}}\n', 1000)
    os.symlink(str(outside), str(tmp_path / 'backups' / 'pump-07_usr_m0_config.2099-01-01T000000.yml'))
    with pytest.raises(AnsibleError, match='pump-07_usr_m0_config.2099-01-01T000000.yml is a symbolic link'):
        run(['pump-07'], tmp_path / 'backups')


@pytest.mark.parametrize('options, config, left_out', [
    ({}, {'system': {'name': 'pump-07'}, 'sock': {'port': 502}}, ['system.mac']),
    ({'mac': True}, {'system': {'name': 'pump-07', 'mac': 'D8B04C000007'}, 'sock': {'port': 502}}, []),
])
def test_the_modules_mac_address_is_restored_only_when_asked(tmp_path, options, config, left_out):
    """A replacement module would otherwise take the address of the one it replaces."""
    (tmp_path / 'pump-07.yml').write_text('usr_m0_config: {system: {name: pump-07, mac: D8B04C000007}, sock: {port: 502}}\n')
    found, dummy = run(['pump-07'], tmp_path, **options)
    assert found[0]['config'] == config and found[0]['left_out'] == left_out
