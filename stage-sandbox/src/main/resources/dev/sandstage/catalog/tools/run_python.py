"""run_python: runs the given Python code in a child interpreter, in the workspace.

matplotlib, where the image has it, draws with Agg (no display) and keeps its cache in /tmp (the
root file system is read-only); figures saved with a relative name land in the workspace.
"""

import os
import subprocess
import sys

import toolkit


def run(args):
    return execute([sys.executable, '-c', toolkit.text(args, 'code')], args)


def execute(argv, args):
    timeout = args.get('timeout_seconds', 20)
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        raise toolkit.ToolError("'timeout_seconds' must be a positive number")
    env = dict(os.environ)
    env.setdefault('MPLBACKEND', 'Agg')
    env.setdefault('MPLCONFIGDIR', '/tmp/matplotlib')
    try:
        done = subprocess.run(argv, cwd=toolkit.WORKSPACE, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        return {'exit_code': None, 'timed_out': True, 'stdout': _text(e.stdout), 'stderr': _text(e.stderr)}
    return {'exit_code': done.returncode, 'timed_out': False, 'stdout': _text(done.stdout),
            'stderr': _text(done.stderr)}


def _text(data):
    return (data or b'').decode('utf-8', errors='replace')


if __name__ == '__main__':
    toolkit.main(run)
