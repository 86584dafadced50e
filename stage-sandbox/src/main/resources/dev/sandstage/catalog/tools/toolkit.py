"""Shared plumbing of the Sandstage tools: arguments as JSON on stdin, one JSON object on stdout.

Exit 0 with the result on success; exit 2 with {"error": ...} when the input is unusable.
"""

import json
import os
import sys

WORKSPACE = '/workspace'


class ToolError(Exception):
    """Bad input: reported as a JSON error object, exit status 2."""


def arguments():
    raw = sys.stdin.buffer.read()
    try:
        args = json.loads(raw.decode('utf-8'), parse_constant=_not_json) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError) as e:
        raise ToolError('arguments are not valid JSON: %s' % e)
    if not isinstance(args, dict):
        raise ToolError('arguments must be a JSON object')
    return args


def _not_json(name):
    raise ValueError('%s is not JSON' % name)


def emit(obj):
    # Compact, non-ASCII escaped: tool output is always valid UTF-8 JSON.
    sys.stdout.write(json.dumps(obj, separators=(',', ':'), ensure_ascii=True) + '\n')
    sys.stdout.flush()


def main(run):
    """Runs run(args) -> dict and prints it; a ToolError becomes {"error": ...} and exit 2."""
    try:
        result = run(arguments())
    except ToolError as e:
        emit({'error': str(e)})
        sys.exit(2)
    emit(result)
    sys.exit(0)


def text(args, key, required=True, default=None):
    value = args.get(key, default)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ToolError("'%s' must be a string" % key)
    return value


def confined(relative):
    """The real path of `relative` inside the workspace; ToolError when it would leave it.

    Absolute paths are accepted only when already inside the workspace. The check is made on the
    fully resolved path, so '..' segments and symlinks that point outside are both rejected.
    """
    if '\0' in relative:
        raise ToolError('path must not contain NUL')
    root = os.path.realpath(WORKSPACE)
    candidate = relative if os.path.isabs(relative) else os.path.join(root, relative)
    resolved = os.path.realpath(candidate)
    if resolved != root and not resolved.startswith(root + os.sep):
        raise ToolError("path '%s' is outside the workspace %s" % (relative, WORKSPACE))
    return resolved
