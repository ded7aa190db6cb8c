"""The commands the ee stage runs: those of docs/execution-environment.md's console blocks marked for it.

usage: guide_commands.py ROOT STATE_DIR PTY   prints them, one a line, with the guide's placeholders mapped to the
stage's own: /var/tmp/ to STATE_DIR (the stage's folder), /dev/pts/5 to PTY (the simulated module's pseudo-terminal).
The docs test (docs_commands target) skips these blocks, and refuses the same mark in any other guide.
"""
import os
import re
import sys

GUIDE = 'docs/execution-environment.md'
REASON = 'run by the ee stage (tests/ee/runme.sh)'
MARKER = '<!-- docs-test: skip %s -->' % REASON


def commands(text, state_dir, pty):
    blocks = re.findall(r'^%s\n```console\n(.*?)^```$' % re.escape(MARKER), text, re.M | re.S)
    if not blocks or len(blocks) != text.count(MARKER + '\n'):
        raise ValueError('%s: every block marked %s must be a console block (found %d of %d)'
                         % (GUIDE, MARKER, len(blocks), text.count(MARKER + '\n')))
    return [re.sub(r'/dev/pts/5\b', pty, line.replace('/var/tmp/', state_dir))
            for block in blocks for line in block.splitlines() if line.strip()]


if __name__ == '__main__':
    root, state, terminal = sys.argv[1:4]
    with open(os.path.join(root, GUIDE)) as guide:
        print('\n'.join(commands(guide.read(), state, terminal)))
