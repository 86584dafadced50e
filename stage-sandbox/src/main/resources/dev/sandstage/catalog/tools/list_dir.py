"""list_dir: lists a directory of the workspace (not recursive), sorted by name."""

import os
import stat

import toolkit

_MAX_ENTRIES = 1000


def run(args):
    relative = toolkit.text(args, 'path', required=False, default='.') or '.'
    path = toolkit.confined(relative)
    try:
        names = sorted(os.listdir(path))
    except FileNotFoundError:
        raise toolkit.ToolError("directory '%s' does not exist" % relative)
    except NotADirectoryError:
        raise toolkit.ToolError("path '%s' is not a directory" % relative)
    entries = []
    for name in names[:_MAX_ENTRIES]:
        st = os.lstat(os.path.join(path, name))
        kind = ('dir' if stat.S_ISDIR(st.st_mode) else 'file' if stat.S_ISREG(st.st_mode)
                else 'symlink' if stat.S_ISLNK(st.st_mode) else 'other')
        entries.append({'name': name, 'type': kind, 'size': st.st_size})
    return {'path': os.path.relpath(path, toolkit.WORKSPACE), 'entries': entries,
            'truncated': len(names) > _MAX_ENTRIES}


toolkit.main(run)
