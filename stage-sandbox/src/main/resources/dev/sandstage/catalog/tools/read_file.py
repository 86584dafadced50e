"""read_file: returns the content of a file in the workspace, as text or (encoding base64) bytes."""

import base64
import os

import toolkit

_MAX_BYTES = 48 * 1024
# Base64 grows bytes by 4/3: 36 KiB becomes 48 KiB of text, within the tool's 64 KiB output cap.
_MAX_BASE64_BYTES = 36 * 1024


def run(args):
    relative = toolkit.text(args, 'path')
    encoding = toolkit.text(args, 'encoding', required=False, default='utf-8')
    if encoding not in ('utf-8', 'base64'):
        raise toolkit.ToolError("'encoding' must be utf-8 or base64")
    limit = _MAX_BASE64_BYTES if encoding == 'base64' else _MAX_BYTES
    path = toolkit.confined(relative)
    try:
        with open(path, 'rb') as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise toolkit.ToolError("file '%s' does not exist" % relative)
    except IsADirectoryError:
        raise toolkit.ToolError("path '%s' is a directory" % relative)
    except OSError as e:
        raise toolkit.ToolError("cannot read '%s': %s" % (relative, e.strerror))
    truncated = len(data) > limit
    kept = data[:limit]
    content = (base64.b64encode(kept).decode('ascii') if encoding == 'base64'
               else kept.decode('utf-8', errors='replace'))
    return {'path': os.path.relpath(path, toolkit.WORKSPACE), 'encoding': encoding, 'content': content,
            'truncated': truncated}


toolkit.main(run)
