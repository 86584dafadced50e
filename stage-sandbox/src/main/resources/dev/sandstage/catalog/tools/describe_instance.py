"""describe_instance: a deterministic, plausible description of a fake cloud instance.

The same id always yields the same description; nothing is looked up anywhere.
"""

import datetime
import hashlib
import re

import toolkit

_ID = re.compile(r'i-[0-9a-f]{4,17}')
_TYPES = ['t3.micro', 't3.small', 'm5.large', 'c6i.xlarge', 'r6g.2xlarge']
_STATES = ['running', 'running', 'running', 'stopped', 'pending']
_ZONES = ['eu-west-1a', 'eu-west-1b', 'us-east-1a', 'us-east-1c', 'ap-southeast-2b']
_TEAMS = ['payments', 'search', 'platform', 'data']


def run(args):
    instance = toolkit.text(args, 'instance_id')
    if not _ID.fullmatch(instance):
        raise toolkit.ToolError("instance_id '%s' is not an instance id (i- and 4 to 17 hex digits)" % instance)
    h = hashlib.sha256(instance.encode('ascii')).digest()
    launched = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
        seconds=int.from_bytes(h[4:8], 'big') % (365 * 86400))
    zone = _ZONES[h[2] % len(_ZONES)]
    return {
        'instance_id': instance,
        'instance_type': _TYPES[h[0] % len(_TYPES)],
        'state': _STATES[h[1] % len(_STATES)],
        'availability_zone': zone,
        'private_ip': '10.%d.%d.%d' % (h[8], h[9], h[10] or 1),
        'launch_time': launched.strftime('%Y-%m-%dT%H:%M:%SZ'),
        'tags': {'Name': 'app-%s' % instance[2:8], 'team': _TEAMS[h[3] % len(_TEAMS)]},
    }


toolkit.main(run)
