#!/bin/sh
# The examples in examples/ are valid custom resources for the CRDs in
# crds-out/, as the API server would judge them: `crdc validate --strict`
# (defaults applied, then types, int-or-string and quantities, patterns,
# enums, list-map keys; a field the schema does not know is a warning, which
# --strict turns into a failure).  Every CRD has an example.  And the check
# has teeth: broken copies of the examples must be rejected.
set -u
: "${CRDC:?}" "${SRCDIR:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
crds=""
for c in "$SRCDIR"/crds-out/*.yaml; do crds="$crds --crd $c"; done

# Each example file on its own, so a failure names it.
for e in "$SRCDIR"/examples/*.yaml; do
	if "$CRDC" validate -q --strict $crds "$e" > "$tmp/out" 2>&1; then ok; else ko "$(basename "$e")"; cat "$tmp/out"; fi
done

# Every CRD has an example: its kind appears in some example.
for c in "$SRCDIR"/crds-out/*.yaml; do
	kind=$(sed -n 's/^    kind: //p' "$c" | head -n 1)
	if grep -q "^kind: $kind\$" "$SRCDIR"/examples/*.yaml; then ok; else ko "no example for $kind ($(basename "$c"))"; fi
done

# Broken examples are rejected: an integer port as a word with spaces, a CPU
# quantity that is not one, an unknown field, a missing required field.
reject() { # reject NAME FILE SED-EXPRESSION
	sed "$3" "$SRCDIR/examples/$2" > "$tmp/broken.yaml"
	if cmp -s "$tmp/broken.yaml" "$SRCDIR/examples/$2"; then
		ko "$1: the edit did not apply to examples/$2"
	elif "$CRDC" validate -q --strict $crds "$tmp/broken.yaml" > /dev/null 2>&1; then
		ko "$1: crdc validate accepted a broken examples/$2"
	else
		ok
	fi
}
reject "bad cpu" daskcluster.yaml 's/cpu: 1$/cpu: "one core"/'
reject "unknown field" workerpool.yaml 's/^spec:$/spec:\n  frobnicate: true/'
reject "replicas as a word" workerpool.yaml 's/replicas: [0-9]*$/replicas: three/'
reject "no spec" daskautoscaler.yaml '/^spec:/,$d'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
