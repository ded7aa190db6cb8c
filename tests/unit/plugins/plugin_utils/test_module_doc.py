# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleActionFail

from ansible_collections.usriot.m0.plugins.action import fleet_report, git_publish
from ansible_collections.usriot.m0.plugins.plugin_utils._internal import module_doc

NESTED = r'''
module: example
options:
  backup_options:
    description: Where.
    type: dict
    suboptions:
      dir_path:
        description: A folder.
        type: path
      mode:
        description: One of two.
        type: str
        choices: [a, b]
        default: a
  token:
    description: Secret.
    type: str
    no_log: true
    aliases: [password]
'''


def test_the_actions_take_the_options_their_modules_document():
    assert fleet_report.ARGUMENT_SPEC == {
        'dest': {'type': 'path', 'required': True},
        'files': {'type': 'dict', 'required': True},
        'private': {'type': 'bool', 'default': False},
    }
    assert git_publish.ARGUMENT_SPEC == {
        'repo': {'type': 'str', 'required': True},
        'branch': {'type': 'str', 'default': 'main'},
        'src': {'type': 'path', 'required': True},
        'dest': {'type': 'str', 'default': ''},
        'message': {'type': 'str', 'default': 'usriot.m0 results'},
        'retries': {'type': 'int', 'default': 3},
    }


def test_suboptions_choices_aliases_and_no_log_become_the_spec():
    assert module_doc.argument_spec(NESTED) == {
        'backup_options': {'type': 'dict', 'options': {
            'dir_path': {'type': 'path'},
            'mode': {'type': 'str', 'choices': ['a', 'b'], 'default': 'a'},
        }},
        'token': {'type': 'str', 'no_log': True, 'aliases': ['password']},
    }


def test_validated_fills_defaults_and_names_the_action_and_every_problem():
    spec = module_doc.argument_spec(NESTED)
    assert module_doc.validated('example', spec, {'backup_options': {}})['backup_options'] == {'dir_path': None, 'mode': 'a'}
    with pytest.raises(AnsibleActionFail) as failure:
        module_doc.validated('example', spec, {'backup_options': {'mode': 'c'}, 'colour': 'red'})
    assert str(failure.value).startswith('example: ')
    assert 'colour' in str(failure.value) and 'mode' in str(failure.value)
