#!/usr/bin/env python3
"""
Extracts expected results from feel-scala's own test suite into cases.json, so the engine's FEEL
is checked against Camunda's engine rather than against our reading of the spec.

Usage: extract.py <dir with feel-scala's *Test.scala files> <tag> > cases.json
  (git -C feel-scala show <tag>:src/test/scala/... for each test file; tag 1.19.5 is Camunda 8.8's)

Takes only calls without variables whose expected value is a plain literal (number, string,
boolean, null, list, context, temporal); everything else is skipped, not guessed.
"""
import json
import os
import re
import sys

CALL = re.compile(r'\b(eval|evaluateExpression|evaluateUnaryTests)\(')


def scala_string(src, i):
    """Parses a Scala string literal at src[i]; returns (value, end) or None."""
    if src.startswith('"""', i):
        end = src.index('"""', i + 3)
        while src.startswith('"', end + 3):  # """a"""" ends at the last quotes
            end += 1
        return src[i + 3:end], end + 3
    if src[i] != '"':
        return None
    out, j = [], i + 1
    while src[j] != '"':
        if src[j] == '\\':
            nxt = src[j + 1]
            out.append({'n': '\n', 't': '\t', '"': '"', '\\': '\\'}.get(nxt, '\\' + nxt))
            j += 2
        else:
            out.append(src[j])
            j += 1
    return ''.join(out), j + 1


def skip_ws(src, i):
    while i < len(src) and src[i] in ' \t\r\n':
        i += 1
    return i


class Skip(Exception):
    pass


NUMBER = re.compile(r'-?\d+(\.\d+)?([eE][-+]?\d+)?[LdDf]?')
TEMPORAL_VAL = {
    'ValDate': 'date', 'ValLocalDateTime': 'local date time', 'ValDateTime': 'date time',
    'ValLocalTime': 'local time', 'ValTime': 'time', 'ValDayTimeDuration': 'days-time duration',
    'ValYearMonthDuration': 'years-months duration',
}
TEMPORAL_PARSE = {
    'LocalDate.parse': 'date', 'LocalDateTime.parse': 'local date time', 'ZonedDateTime.parse': 'date time',
    'OffsetDateTime.parse': 'date time', 'LocalTime.parse': 'local time', 'OffsetTime.parse': 'time',
    'Duration.parse': 'days-time duration', 'Period.parse': 'years-months duration',
}


def value(src, i):
    """Parses an expected Scala value at src[i]; returns (tagged value, end)."""
    i = skip_ws(src, i)
    s = scala_string(src, i) if src[i] == '"' else None
    if s:
        return {'t': 'string', 'v': s[0]}, s[1]
    m = NUMBER.match(src, i)
    if m:
        text = m.group(0).rstrip('LdDf')
        return {'t': 'number', 'v': text}, m.end()
    for word, tagged in (('true', {'t': 'boolean', 'v': True}), ('false', {'t': 'boolean', 'v': False}),
                         ('null', {'t': 'null'}), ('ValNull', {'t': 'null'}),
                         ('List.empty', {'t': 'list', 'v': []}), ('Map.empty', {'t': 'context', 'v': []})):
        if src.startswith(word, i) and not re.match(r'[\w.(\[]', src[i + len(word):i + len(word) + 1] or ' '):
            return tagged, i + len(word)
    m = re.compile(r'(Val[A-Za-z]+|List|Map|[A-Z][A-Za-z]+\.parse|BigDecimal)\(').match(src, i)
    if not m:
        raise Skip()
    name, j = m.group(1), m.end()
    args = []
    j = skip_ws(src, j)
    while src[j] != ')':
        if name == 'Map':
            k, j = value(src, j)
            j = skip_ws(src, j)
            if not src.startswith('->', j) or k['t'] != 'string':
                raise Skip()
            v, j = value(src, j + 2)
            args.append([k['v'], v])
        else:
            v, j = value(src, j)
            args.append(v)
        j = skip_ws(src, j)
        if src[j] == ',':
            j = skip_ws(src, j + 1)
        elif src[j] != ')':
            raise Skip()
    j += 1
    if name == 'List':
        return {'t': 'list', 'v': args}, j
    if name == 'Map':
        return {'t': 'context', 'v': args}, j
    if len(args) != 1:
        raise Skip()
    arg = args[0]
    if name in ('ValNumber', 'BigDecimal') and arg['t'] in ('number', 'string'):
        return {'t': 'number', 'v': arg['v']}, j
    if name == 'ValBoolean' and arg['t'] == 'boolean':
        return arg, j
    if name == 'ValString' and arg['t'] == 'string':
        return arg, j
    if name == 'ValList' and arg['t'] == 'list':
        return arg, j
    if name in TEMPORAL_VAL and arg['t'] in ('string',) or (name in TEMPORAL_VAL and arg['t'] in TEMPORAL_PARSE.values()):
        return {'t': TEMPORAL_VAL[name], 'v': arg['v']}, j
    if name in TEMPORAL_PARSE and arg['t'] == 'string':
        return {'t': TEMPORAL_PARSE[name], 'v': arg['v']}, j
    raise Skip()


def cases(path, tag):
    src = open(path, encoding='utf-8').read()
    name = os.path.basename(path)
    for m in CALL.finditer(src):
        fn = m.group(1)
        i = skip_ws(src, m.end())
        try:
            if src.startswith('expression', i):
                i = skip_ws(src, src.index('=', i) + 1)
            s = scala_string(src, i)
            if not s:
                continue
            expr, i = s
            i = skip_ws(src, i)
            entry = {'origin': f'feel-scala {tag} {name}:{src.count(chr(10), 0, m.start()) + 1}', 'expression': expr}
            if fn == 'evaluateUnaryTests':
                if src[i] != ',':
                    continue
                i = skip_ws(src, i + 1)
                if src.startswith('inputValue', i):
                    i = skip_ws(src, src.index('=', i) + 1)
                inp, i = value(src, i)
                entry['input'] = inp
                i = skip_ws(src, i)
            if src[i] != ')':
                continue  # variables, functions or options: not a plain case
            i = skip_ws(src, i + 1)
            if src.startswith('should returnNull()', i):
                expected = {'t': 'null'}
            else:
                opener = next((o for o in ('should be(', 'should returnResult(') if src.startswith(o, i)), None)
                if not opener:
                    continue
                expected, i = value(src, i + len(opener))
                if src[skip_ws(src, i)] != ')':
                    continue
            entry['expected'] = expected
            yield entry
        except (Skip, ValueError, IndexError):
            continue


if __name__ == '__main__':
    folder, tag = sys.argv[1], sys.argv[2]
    out = []
    for file in sorted(os.listdir(folder)):
        if file.endswith('Test.scala'):
            out.extend(cases(os.path.join(folder, file), tag))
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write('\n')
