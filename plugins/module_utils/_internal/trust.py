# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which folders and files the collection takes as its user's own, and why not the others.

A folder another local user made first (a name in /var/tmp, or in the shared
temporary folder) or can write may hold what the collection did not write: a
backup with a later date that a restore would apply, a report that a run
would publish, session slots held or deleted. So every folder the collection
reads or writes where a user points it (backups, reports, what git_publish
publishes, the journal of interrupted runs, the session slots), and every
backup it restores, must be the user's own: not a symbolic link, owned by the
user the process runs as, and writable by nobody else. This runs on the
controller and on a serial host alike.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import os
import stat

try:
    import pwd
except ImportError:  # pragma: no cover - not a POSIX system: users are shown by their number
    pwd = None


class UntrustedPath(PermissionError):
    """A folder or file that is not the user's own; the message says what is wrong with it and what to do."""


def _user(uid):
    try:
        return '%s (uid %d)' % (pwd.getpwuid(uid).pw_name, uid)
    except (AttributeError, KeyError):
        return 'uid %d' % uid


def untrusted(path, folder=True, status=None):
    """Why path (a folder, or a regular file when not folder) is not this user's own, or None when it is.

    status: what os.fstat says of path once opened without following a link, so that what is checked is what is
    read; else path itself is looked at (os.lstat).
    """
    kind = 'folder' if folder else 'file'
    try:
        info = os.lstat(path) if status is None else status
    except OSError as exc:
        return '%s: %s' % (path, exc.strerror)
    if stat.S_ISLNK(info.st_mode):
        return ('%s is a symbolic link, which whoever can write the folder it is in can point anywhere: name the %s '
                'itself' % (path, kind))
    if not (stat.S_ISDIR if folder else stat.S_ISREG)(info.st_mode):
        return '%s is not a %s' % (path, kind)
    user = os.geteuid()
    if info.st_uid != user:
        return ('%s is owned by %s, not by %s who runs this: %s; %s'
                % (path, _user(info.st_uid), _user(user),
                   'another user may have made it first and put in it what they like' if folder else 'another user may have written it',
                   'use a folder of your own' if folder else 'remove it, or chown it if you know what it holds'))
    writers = [name for bit, name in ((stat.S_IWGRP, 'its group'), (stat.S_IWOTH, 'others')) if info.st_mode & bit]
    if writers:
        return ('%s is writable by %s (mode %04o): %s; make it yours alone (chmod go-w)%s'
                % (path, ' and '.join(writers), stat.S_IMODE(info.st_mode),
                   'they can put files in it or replace them' if folder else 'they can change it',
                   ', or use a folder of your own' if folder else ''))
    return None


def trusted(path, folder=True, status=None):
    """path, when it is this user's own (see untrusted); else UntrustedPath saying why."""
    reason = untrusted(path, folder, status)
    if reason:
        raise UntrustedPath(reason)
    return path


def own_folder(path, mode=0o700):
    """The folder path, made when missing with each missing parent (mode: os.makedirs gives only the last one a
    mode); UntrustedPath unless it is this user's own, made a moment ago or found (another user may have made it
    first, or between the look and the mkdir)."""
    missing = []
    folder = os.path.abspath(path)
    while not os.path.isdir(folder):
        if os.path.lexists(folder):
            if os.path.isdir(folder):
                continue  # another fork made it between the two looks (forks write backups at once)
            # what mkdir would say of it (File exists) would not tell why a folder cannot be there
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), folder)
        missing.append(folder)
        folder = os.path.dirname(folder)
    for folder in reversed(missing):
        try:
            os.mkdir(folder, mode)
        except OSError:
            if not os.path.isdir(folder):
                raise  # not another process that made it a moment ago (forks write backups at once)
    trusted(os.path.abspath(path))
    return path
