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
