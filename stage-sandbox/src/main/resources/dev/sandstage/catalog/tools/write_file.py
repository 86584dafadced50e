"""write_file: writes text to a file in the workspace, creating parent directories."""

import os

import toolkit


def run(args):
    relative = toolkit.text(args, 'path')
    content = toolkit.text(args, 'content')
    path = toolkit.confined(relative)
    if os.path.isdir(path):
        raise toolkit.ToolError("path '%s' is a directory" % relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Re-checked after creating parents: a directory may be a symlink planted by an earlier call.
    path = toolkit.confined(relative)
    data = content.encode('utf-8')
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, 'O_NOFOLLOW', 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as e:
        raise toolkit.ToolError("cannot write '%s': %s" % (relative, e.strerror))
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    return {'path': os.path.relpath(path, toolkit.WORKSPACE), 'bytes': len(data)}


toolkit.main(run)
