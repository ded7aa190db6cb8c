# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything the in-worker path needs that ansible-core does not publish, in one place.

Running a module's work inside the Ansible worker needs three things that
ansible-core documents for nobody but itself: the values that the argument
spec marks no_log (ValidationResult keeps them in an underscore attribute),
the task's environment as ActionBase computes it for a module, and whether
this release still injects ``invocation`` into results. Each is checked here;
when one does not fit the running ansible-core, or the release is not one the
tests ran, ``unfit_reason`` says why and the action runs the task as a module
instead (same result, a module process per task): never a crash.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import os

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ValidationResult
from ansible.plugins.action import ActionBase
from ansible.release import __version__ as ANSIBLE_CORE_VERSION

# The ansible-core releases whose private parts below the test matrix checks (tests/matrix.txt).
CHECKED_RELEASES = ('2.19', '2.20', '2.21')


def unfit_reason(version=None):
    """Why the in-worker path cannot run on this ansible-core (or that version), or None when it can."""
    version = version or ANSIBLE_CORE_VERSION
    if '.'.join(version.split('.')[:2]) not in CHECKED_RELEASES:
        return ('ansible-core %s is not a release usriot.m0 was tested with in the worker (%s)'
                % (version, ', '.join(CHECKED_RELEASES)))
    if not isinstance(getattr(ValidationResult({}), '_no_log_values', None), set):
        return 'ansible-core %s keeps no no_log values in its argument validation result' % version
    if not callable(getattr(ActionBase, '_compute_environment_string', None)):
        return 'ansible-core %s computes no task environment for actions' % version
    return None


def no_log_values(validation_result):
    """The values no_log options were given (ansible-core has no public accessor; AnsibleModule reads the same)."""
    return set(validation_result._no_log_values)  # pylint: disable=protected-access


@contextlib.contextmanager
def task_environment(action):
    """The task's ``environment:`` in os.environ, as a module process would see it, for the length of the block."""
    environment = {}
    action._compute_environment_string(environment)  # pylint: disable=protected-access
    saved = dict(os.environ)
    os.environ.update((str(name), str(value)) for name, value in environment.items())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def inject_invocation(task_vars):
    """Whether results carry ``invocation`` (ansible-core 2.21 made it a setting, off by default; before, always)."""
    try:
        return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))
    except AnsibleError:
        return True
