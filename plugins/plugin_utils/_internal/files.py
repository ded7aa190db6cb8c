# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files the collection writes on the controller (backups, fleet reports): whole, in place, never through a link,
only in a folder of the user's own."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import tempfile

from ansible_collections.usriot.m0.plugins.module_utils._internal.trust import own_folder


def write_file(path, text, mode=0o600, directory_mode=0o700):
    """Write text at path with mode, synced to the disk, replacing what is there without following a link, in a
    folder that is the user's own (made with directory_mode), else UntrustedPath.

    mkstemp opens a new file with O_CREAT | O_EXCL | O_NOFOLLOW and mode 0600 in the target folder; the rename
    then replaces the name itself, so a symbolic link planted at path (or at the temporary name) points nowhere
    new, and a reader never sees half a file.
    """
    directory, name = os.path.split(path)
    own_folder(directory, directory_mode)
    descriptor, temporary = tempfile.mkstemp(prefix='.%s.' % name, suffix='.tmp', dir=directory)
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, 'w') as handle:
            handle.write(text)
            # on the disk before it counts as written: a backup is the condition for changing a module
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
