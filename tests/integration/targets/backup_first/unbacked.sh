#!/usr/bin/env bash
# unbacked.sh KIND FOLDER COMMAND...: run by runme.sh under unshare --mount, in a mount namespace of COMMAND's
# own, where FOLDER becomes a folder no backup can be written to, checked before COMMAND runs:
#   full       the mount point of a tmpfs filled to the last block
#   read-only  the mount point of a read-only tmpfs
#   another-user  a folder another user made first (as in /var/tmp), owned by a uid no account has
#   writable-by-others  a folder anyone can write (mode 0777)
# Any other KIND leaves FOLDER as it is (a path through a regular file needs no mount).
set -eu
kind=$1 folder=$2
shift 2
case $kind in
  full)
    mkdir -p "$folder"
    mount -t tmpfs -o size=16k,mode=0700 tmpfs "$folder"
    dd if=/dev/zero of="$folder/filler" bs=4k 2>/dev/null || true
    [ "$(stat -f -c %f "$folder")" -eq 0 ] ;;
  read-only)
    mkdir -p "$folder"
    mount -t tmpfs -o ro,mode=0700 tmpfs "$folder"
    if touch "$folder/probe" 2>/dev/null; then exit 1; fi ;;
  another-user)
    mkdir -p "$folder"
    chown 54321:54321 "$folder" ;;
  writable-by-others)
    mkdir -p "$folder"
    chmod 0777 "$folder" ;;
esac
exec "$@"
