# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files the collection writes on the controller (backups, fleet reports): whole, in place, never through a link."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import os
import tempfile


def make_directories(directory, mode=0o700):
    """Create directory and each missing parent with mode (os.makedirs gives only the last one a mode)."""
    missing = []
    directory = os.path.abspath(directory)
    while not os.path.isdir(directory):
        if os.path.lexists(directory):
            # what mkdir would say of it (File exists) would not tell why a folder cannot be there
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), directory)
        missing.append(directory)
        directory = os.path.dirname(directory)
    for path in reversed(missing):
        try:
            os.mkdir(path, mode)
        except OSError:
            if not os.path.isdir(path):
                raise  # not another host's task that made it a moment ago (forks write backups at once)


def write_file(path, text, mode=0o600, directory_mode=0o700):
    """Write text at path with mode, synced to the disk, replacing what is there without following a link.

    mkstemp opens a new file with O_CREAT | O_EXCL | O_NOFOLLOW and mode 0600 in the target folder; the rename
    then replaces the name itself, so a symbolic link planted at path (or at the temporary name) points nowhere
    new, and a reader never sees half a file.
    """
    directory, name = os.path.split(path)
    make_directories(directory, directory_mode)
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
