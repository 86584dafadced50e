"""read_file: returns the text of a file in the workspace."""

import os

import toolkit

_MAX_BYTES = 48 * 1024


def run(args):
    relative = toolkit.text(args, 'path')
    path = toolkit.confined(relative)
    try:
        with open(path, 'rb') as f:
            data = f.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise toolkit.ToolError("file '%s' does not exist" % relative)
    except IsADirectoryError:
        raise toolkit.ToolError("path '%s' is a directory" % relative)
    except OSError as e:
        raise toolkit.ToolError("cannot read '%s': %s" % (relative, e.strerror))
    truncated = len(data) > _MAX_BYTES
    return {'path': os.path.relpath(path, toolkit.WORKSPACE),
            'content': data[:_MAX_BYTES].decode('utf-8', errors='replace'),
            'truncated': truncated}


toolkit.main(run)
