#!/usr/bin/env python3
"""Run a command and validate its --json output against a schema of
docs/schema/ (JSON Schema draft 2020-12), for the 'tools' suite.

  check-json.py [--exit N] [--lines] [--min-docs N] [--expect EXPR]...
                SCHEMA_DIR SCHEMA -- PROGRAM ARGS...

stdout must be one JSON document (or, with --lines, one per line; every
line valid).  Each --expect is a Python expression over `d` (the
document) or `docs` (all of them, with --lines) that must be true.
Exits 77 (skip) when the jsonschema module is missing: tools/dev.sh
installs Debian's python3-jsonschema.
"""
import json
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print('check-json: no jsonschema module (apt-get install python3-jsonschema)')
    sys.exit(77)


def validator(schema_dir, name):
    """A draft 2020-12 validator that resolves the sibling schemas."""
    schemas = {}
    for p in pathlib.Path(schema_dir).glob('*.json'):
        s = json.loads(p.read_text())
        schemas[s['$id']] = s
    main = json.loads((pathlib.Path(schema_dir) / name).read_text())
    cls = jsonschema.Draft202012Validator
    cls.check_schema(main)
    try:
        from referencing import Registry, Resource
        reg = Registry().with_resources(
            (k, Resource.from_contents(v)) for k, v in schemas.items())
        return cls(main, registry=reg)
    except ImportError:
        resolver = jsonschema.RefResolver(main['$id'], main, store=schemas)
        return cls(main, resolver=resolver)


def main(argv):
    want_exit, lines, min_docs, expects = 0, False, 1, []
    i = 1
    while i < len(argv) and argv[i] != '--':
        if argv[i] == '--exit':
            want_exit = int(argv[i + 1])
            i += 2
        elif argv[i] == '--lines':
            lines = True
            i += 1
        elif argv[i] == '--min-docs':
            min_docs = int(argv[i + 1])
            i += 2
        elif argv[i] == '--expect':
            expects.append(argv[i + 1])
            i += 2
        else:
            break
    if len(argv) < i + 4 or argv[i + 2] != '--':
        print(__doc__)
        return 2
    schema_dir, schema, cmd = argv[i], argv[i + 1], argv[i + 3:]
    v = validator(schema_dir, schema)
    p = subprocess.run(cmd, capture_output=True, text=True)
    bad = 0
    if p.returncode != want_exit:
        print('check-json: exit status %d, expected %d' % (p.returncode, want_exit))
        bad += 1
    try:
        if lines:
            docs = [json.loads(l) for l in p.stdout.splitlines() if l]
        else:
            docs = [json.loads(p.stdout)]
    except ValueError as e:
        print('check-json: stdout is not JSON: %s' % e)
        print(p.stdout[:2000])
        print(p.stderr[:2000])
        return 1
    if len(docs) < min_docs:
        print('check-json: %d documents, expected at least %d' % (len(docs), min_docs))
        bad += 1
    for n, d in enumerate(docs):
        errs = sorted(v.iter_errors(d), key=lambda e: list(e.path))
        for e in errs[:5]:
            print('check-json: document %d: %s at %s' % (n, e.message, list(e.absolute_path)))
        bad += len(errs)
    d = docs[0] if docs else None
    for x in expects:
        try:
            ok = eval(x, {'d': d, 'docs': docs})
        except Exception as e:  # an expectation that cannot be evaluated fails
            ok = False
            print('check-json: --expect %s raised %r' % (x, e))
        if not ok:
            print('check-json: --expect %s is false' % x)
            bad += 1
    if bad:
        print('--- stderr ---\n' + p.stderr[:4000])
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
