# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a controller-only action, taken from its module's DOCUMENTATION: documented once, checked as
documented (the way ansible.utils' actions validate against their modules' own docs)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.parsing.yaml.loader import AnsibleLoader

# the keys of an option's documentation that are also keys of its argument spec
SPEC_KEYS = ('type', 'required', 'default', 'choices', 'elements', 'aliases', 'no_log')


def argument_spec(documentation):
    """The argument spec that DOCUMENTATION's options describe."""
    return options_spec(AnsibleLoader(documentation).get_single_data()['options'])


def options_spec(options):
    spec = {}
    for name, doc in options.items():
        spec[name] = dict((key, doc[key]) for key in SPEC_KEYS if key in doc)
        if 'suboptions' in doc:
            spec[name]['options'] = options_spec(doc['suboptions'])
    return spec


def validated(name, spec, args):
    """args checked and completed (defaults) as spec says, or AnsibleActionFail naming the action and every problem."""
    validation = ArgumentSpecValidator(spec).validate(dict(args))
    if validation.error_messages:
        raise AnsibleActionFail('%s: %s' % (name, '; '.join(validation.error_messages)))
    return validation.validated_parameters
