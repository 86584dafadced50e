"""Minimal JSON for the Sandstage tools: the base image's python3-minimal has no json module.

loads() accepts RFC 8259 JSON (one value, whitespace around it); dumps() writes compact JSON
with non-ASCII escaped, so tool output is always valid UTF-8 JSON.
"""

import re

_WS = re.compile(r'[ \t\n\r]*')
_NUMBER = re.compile(r'-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?')
_ESCAPES = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
_MAX_DEPTH = 200


class JSONError(ValueError):
    pass


def loads(text):
    if isinstance(text, (bytes, bytearray)):
        text = text.decode('utf-8')
    value, pos = _value(text, _WS.match(text, 0).end(), 0)
    pos = _WS.match(text, pos).end()
    if pos != len(text):
        raise JSONError('extra data at offset %d' % pos)
    return value


def _value(s, i, depth):
    if depth > _MAX_DEPTH:
        raise JSONError('nesting too deep')
    if i >= len(s):
        raise JSONError('unexpected end of input')
    c = s[i]
    if c == '{':
        return _object(s, i + 1, depth + 1)
    if c == '[':
        return _array(s, i + 1, depth + 1)
    if c == '"':
        return _string(s, i + 1)
    for word, val in (('true', True), ('false', False), ('null', None)):
        if s.startswith(word, i):
            return val, i + len(word)
    m = _NUMBER.match(s, i)
    if m and m.end() > i:
        if m.group(1) or m.group(2):
            return float(m.group(0)), m.end()
        return int(m.group(0)), m.end()
    raise JSONError('unexpected character at offset %d' % i)


def _object(s, i, depth):
    out = {}
    i = _WS.match(s, i).end()
    if s.startswith('}', i):
        return out, i + 1
    while True:
        if not s.startswith('"', i):
            raise JSONError('expected a string key at offset %d' % i)
        key, i = _string(s, i + 1)
        i = _WS.match(s, i).end()
        if not s.startswith(':', i):
            raise JSONError("expected ':' at offset %d" % i)
        value, i = _value(s, _WS.match(s, i + 1).end(), depth)
        out[key] = value
        i = _WS.match(s, i).end()
        if s.startswith('}', i):
            return out, i + 1
        if not s.startswith(',', i):
            raise JSONError("expected ',' or '}' at offset %d" % i)
        i = _WS.match(s, i + 1).end()


def _array(s, i, depth):
    out = []
    i = _WS.match(s, i).end()
    if s.startswith(']', i):
        return out, i + 1
    while True:
        value, i = _value(s, i, depth)
        out.append(value)
        i = _WS.match(s, i).end()
        if s.startswith(']', i):
            return out, i + 1
        if not s.startswith(',', i):
            raise JSONError("expected ',' or ']' at offset %d" % i)
        i = _WS.match(s, i + 1).end()


def _string(s, i):
    parts = []
    while True:
        if i >= len(s):
            raise JSONError('unterminated string')
        c = s[i]
        if c == '"':
            return ''.join(parts), i + 1
        if c == '\\':
            e = s[i + 1:i + 2]
            if e in _ESCAPES:
                parts.append(_ESCAPES[e])
                i += 2
                continue
            if e == 'u' and re.fullmatch(r'[0-9a-fA-F]{4}', s[i + 2:i + 6] or ''):
                code = int(s[i + 2:i + 6], 16)
                i += 6
                if 0xD800 <= code < 0xDC00 and s[i:i + 2] == '\\u':
                    low = int(s[i + 2:i + 6], 16)
                    if 0xDC00 <= low < 0xE000:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                parts.append(chr(code))
                continue
            raise JSONError('bad escape at offset %d' % i)
        if c < ' ':
            raise JSONError('control character in string at offset %d' % i)
        parts.append(c)
        i += 1


def dumps(value):
    out = []
    _dump(value, out)
    return ''.join(out)


def _dump(v, out):
    if v is None:
        out.append('null')
    elif v is True:
        out.append('true')
    elif v is False:
        out.append('false')
    elif isinstance(v, int):
        out.append(str(v))
    elif isinstance(v, float):
        out.append(repr(v) if v == v and v not in (float('inf'), float('-inf')) else 'null')
    elif isinstance(v, str):
        out.append(_quote(v))
    elif isinstance(v, dict):
        out.append('{')
        for n, (k, item) in enumerate(v.items()):
            out.append(',' if n else '')
            out.append(_quote(str(k)))
            out.append(':')
            _dump(item, out)
        out.append('}')
    elif isinstance(v, (list, tuple)):
        out.append('[')
        for n, item in enumerate(v):
            out.append(',' if n else '')
            _dump(item, out)
        out.append(']')
    else:
        out.append(_quote(str(v)))


def _quote(s):
    out = ['"']
    for c in s:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == '\\':
            out.append('\\\\')
        elif o < 0x20 or 0x7f <= o < 0xa0 or o > 0xffff or 0xd800 <= o < 0xe000:
            if o > 0xffff:
                o -= 0x10000
                out.append('\\u%04x\\u%04x' % (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)))
            else:
                out.append('\\u%04x' % o)
        elif o > 0x7e:
            out.append('\\u%04x' % o)
        else:
            out.append(c)
    out.append('"')
    return ''.join(out)
