#!/bin/sh
# seed.sh: rebuilds the seed corpora tests/fuzz/corpus/TARGET/ from the
# project's own files: templates (crds-src/), the inputs of the CLI cases
# (tests/cases/), examples (examples/) and the small generated CRDs
# (crds-out/).  Nothing from outside the repository.  The corpora are
# committed; run this after adding cases or templates worth seeding from,
# and review the size (a few hundred KB in all).  Files are named after
# where they come from, '/' becoming '_'.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=tests/fuzz/corpus
rm -rf "$out"
mkdir -p "$out/fuzz_template" "$out/fuzz_lint" "$out/fuzz_validate" "$out/fuzz_emit" "$out/fuzz_re2"

flat() { # flat PATH: a file name for PATH
	printf '%s\n' "$1" | sed 's|^tests/cases/||; s|/|_|g'
}
seed() { # seed TARGET FILE...: copies each FILE into TARGET's corpus
	t=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$out/$t/$(flat "$f")"
	done
	return 0
}
small() { # small MAX FILE...: the FILEs of at most MAX bytes
	max=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] && [ "$(wc -c < "$f")" -le "$max" ] && printf '%s\n' "$f"
	done
	return 0
}

# Templates: the project's, and every template a CLI case builds or resolves.
seed fuzz_template crds-src/*.yaml tests/cases/*/crds-src/*.yaml tests/cases/*/crds-src/*.yml \
	tests/cases/*/in.yaml tests/cases/*/old.yaml tests/cases/*/t/*.yaml tests/cases/*/one/*.yaml
# The same with options (see the "#!" line in fuzz_template.c).
flags() { # flags FLAGS TEMPLATE
	{ printf '#!%s\n' "$1"; cat "$2"; } > "$out/fuzz_template/flags-$1-$(flat "$2")"
}
flags rf crds-src/daskcluster.yaml
flags kov crds-src/workerpool.yaml
flags t crds-src/resourceclaim.yaml
flags s crds-src/task.yaml
flags b tests/cases/err-v1beta1-build/crds-src/widget.yaml
flags v tests/cases/ref-python-resolver/old.yaml

# Refs into what fuzz_template puts in its scratch folder besides common/:
# an OpenAPI document and a folder.
cat > "$out/fuzz_template/scratch-refs.yaml" <<'EOT'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
spec:
  group: example.com
  names:
    kind: Thing
    plural: things
  scope: Cluster
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            $ref: openapi.json#/definitions/io.example.v1.Thing
          size:
            $ref: openapi.json#/definitions/io.example.v1.Thing/properties/size
          whole:
            $ref: common/status.yaml
EOT
sed 's|common/status.yaml|dir#/x|' "$out/fuzz_template/scratch-refs.yaml" > "$out/fuzz_template/scratch-dir.yaml"

# CRDs to lint: the cases' inputs and outputs, and the smaller generated CRDs.
seed fuzz_lint tests/cases/lint-*/*.yaml tests/cases/validate-accept/crd.yaml \
	tests/cases/*/expect/out/*.yaml tests/cases/*/expect/out/*.json $(small 16384 crds-out/*.yaml)

# A CRD, then resources: the validate cases, and each small generated CRD
# with its example.
for d in tests/cases/validate-*/; do
	[ -f "$d/crd.yaml" ] || continue
	for r in "$d"*.yaml; do
		[ "$r" = "$d/crd.yaml" ] || [ "$r" = "${d}crd.yaml" ] && continue
		{ cat "$d/crd.yaml"; echo '---'; cat "$r"; } > "$out/fuzz_validate/$(flat "$r")"
	done
done
for crd in $(small 16384 crds-out/*.yaml); do
	ex=examples/$(basename "$crd")
	[ -f "$ex" ] || continue
	{ cat "$crd"; echo '---'; cat "$ex"; } > "$out/fuzz_validate/$(flat "$ex")"
done

# Every string format validate knows (src/strfmt.c), with a value for each.
{
	printf 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: formats.example.com\n'
	printf 'spec:\n  group: example.com\n  names: {kind: Formats, plural: formats}\n  scope: Namespaced\n'
	printf '  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n'
	printf '        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n'
	for f in bsonobjectid uri email hostname ipv4 ipv6 cidr mac uuid uuid3 uuid4 uuid5 isbn isbn10 isbn13 \
		creditcard ssn hexcolor rgbcolor byte password date duration date-time int32 int64 float double; do
		printf '              f-%s: {type: string, format: %s}\n' "$f" "$f"
	done
	printf -- '---\napiVersion: example.com/v1\nkind: Formats\nmetadata: {name: f, namespace: default}\nspec:\n'
	printf '  f-bsonobjectid: 507f1f77bcf86cd799439011\n  f-uri: https://example.com/a?b#c\n  f-email: a@example.com\n'
	printf '  f-hostname: example.com\n  f-ipv4: 10.0.0.1\n  f-ipv6: "fe80::1"\n  f-cidr: 10.0.0.0/8\n'
	printf '  f-mac: "00:1a:2b:3c:4d:5e"\n  f-uuid: 123e4567-e89b-12d3-a456-426614174000\n'
	printf '  f-uuid3: a3bb189e-8bf9-3888-9912-ace4e6543002\n  f-uuid4: 9b2d6e2e-3f1a-4c8e-9a4b-2f1e6d3c5b7a\n'
	printf '  f-uuid5: 74738ff5-5367-5958-9aee-98fffdcd1876\n  f-isbn: 978-3-16-148410-0\n  f-isbn10: "0306406152"\n'
	printf '  f-isbn13: "9780306406157"\n  f-creditcard: "4111111111111111"\n  f-ssn: 123-45-6789\n'
	printf '  f-hexcolor: "#ff0000"\n  f-rgbcolor: rgb(255,0,0)\n  f-byte: YWJj\n  f-password: x\n'
	printf '  f-date: "2024-02-29"\n  f-duration: 1h30m\n  f-date-time: "2024-01-01T10:00:00Z"\n  f-int32: "1"\n'
} > "$out/fuzz_validate/formats.yaml"

# Trees for the emitter: JSON and YAML documents of every shape the project has.
seed fuzz_emit examples/*.yaml crds-src/common/*.yaml tests/cases/*/expect/out/*.json \
	tests/cases/*/crds-src/common/*.json tests/cases/*/crds-src/common/*/*.json \
	tests/cases/lint-json/stdout tests/cases/validate-json/stdout tests/cases/quoting/crds-src/widget.yaml

# Patterns (a line each, then a string to match): every `pattern` in the
# project's CRDs and cases, and the tables of tests/unit/test_re2check.c.
python3 - "$out/fuzz_re2" <<'EOP'
import ast, glob, os, re, sys
import yaml
out, pats = sys.argv[1], []
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == 'pattern' and isinstance(x, str):
                pats.append((x, 'example-1.5Gi'))
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
for f in sorted(glob.glob('crds-out/*.yaml') + glob.glob('tests/cases/*/*.yaml')):
    try:
        for d in yaml.safe_load_all(open(f, encoding='utf-8')):
            walk(d)
    except yaml.YAMLError:
        pass
lit = r'"(?:[^"\\]|\\.)*"'
src = open('tests/unit/test_re2check.c', encoding='utf-8').read()
for m in re.finditer(r'\{(%s), (%s|NULL)' % (lit, lit), src):
    pat = ast.literal_eval(m.group(1))
    s = ast.literal_eval(m.group(2)) if m.group(2) != 'NULL' else ''
    pats.append((pat, '' if s.startswith('error parsing') else s))
seen = set()
for pat, s in pats:
    if '\n' in pat or (pat, s) in seen:
        continue
    seen.add((pat, s))
    with open(os.path.join(out, 're-%03d' % len(seen)), 'w', encoding='utf-8') as f:
        f.write(pat + '\n' + s)
EOP

du -sb "$out"/*
