"""run_shell: runs the given script with /bin/sh, in the workspace. Not idempotent."""

import run_python
import toolkit


def run(args):
    return run_python.execute(['/bin/sh', '-c', toolkit.text(args, 'script')], args)


toolkit.main(run)
