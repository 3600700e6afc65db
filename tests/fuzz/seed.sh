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
mkdir -p "$out/fuzz_template" "$out/fuzz_lint" "$out/fuzz_validate" "$out/fuzz_emit"

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

du -sb "$out"/*
