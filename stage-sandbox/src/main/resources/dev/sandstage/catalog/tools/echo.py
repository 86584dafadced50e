"""echo: returns the message it was given."""

import toolkit


def run(args):
    return {'message': toolkit.text(args, 'message')}


toolkit.main(run)
