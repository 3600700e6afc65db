#!/bin/sh
# For every version that has both an OpenAPI v2 and v3 document (1.28 - 1.35),
# the expanded io.k8s.api.core.v1.PodTemplateSpec must be the same from either,
# apart from the documented differences: defaults (v2 has none; crdc's v2
# bundles borrow them from v3) and descriptions (the v3 files were taken from
# the release branch head, the v2 ones from the .0 tag).
set -u
: "${BUILDDIR:?}" "${SRCDIR:?}" "${CRDC:?}" "${K8S_OPENAPI_DIR:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-v2v3.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/v2" "$tmp/v3"
pass=0 fail=0
def=io.k8s.api.core.v1.PodTemplateSpec
for v in 1.28 1.29 1.30 1.31 1.32 1.33 1.34 1.35; do
	mk() { "$BUILDDIR/src/crdc-mkbundle" "$1" "$SRCDIR/schemas/upstream.tsv" "$K8S_OPENAPI_DIR" "$v" "$2"; }
	if ! mk --v3-only "$tmp/v3/k8s-$v.crdcb" || ! mk --v2-only "$tmp/v2/k8s-$v.crdcb"; then
		echo "FAIL $v: cannot build the bundles"
		fail=$((fail + 1))
		continue
	fi
	"$CRDC" show --format json --kube-version "$v" "$def" > "$tmp/both.json" &&
	CRDC_SCHEMA_DIR=$tmp/v3 "$CRDC" show --format json --kube-version "$v" "$def" > "$tmp/v3.json" &&
	CRDC_SCHEMA_DIR=$tmp/v2 "$CRDC" show --format json --kube-version "$v" "$def" > "$tmp/v2.json" || {
		echo "FAIL $v: crdc show failed"
		fail=$((fail + 1))
		continue
	}
	if out=$(python3 - "$tmp" "$v" <<'PY'
import json, sys
tmp, v = sys.argv[1], sys.argv[2]
load = lambda n: json.load(open(f"{tmp}/{n}.json"))
def diffs(a, b, path="", out=None):
    out = [] if out is None else out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append((path + "/" + k, k))
            else:
                diffs(a[k], b[k], path + "/" + k, out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diffs(x, y, f"{path}/{i}", out)
    elif a != b or type(a) != type(b):
        out.append((path, path.rsplit("/", 1)[-1]))
    return out
both, v3, v2 = load("both"), load("v3"), load("v2")
problems = []
# The shipped v2 bundle (v3 defaults borrowed) differs from the v3 expansion
# at most where the release branch head (v3) moved on from the .0 tag (v2):
# descriptions, and defaults of list-map keys added after .0.
# Upstream changes on the branch, documented in README ("Kubernetes schemas").
known = {"1.30": {"/properties/spec/properties/hostAliases/items/required"}}
shipped = diffs(both, v3)
problems += [f"shipped v2 vs v3: {p}" for p, k in shipped
             if k not in ("default", "description") and p not in known.get(v, ())]
# Plain v2 differs from v3 only in the documented keys.
plain = diffs(v2, v3)
problems += [f"plain v2 vs v3: {p}" for p, k in plain
             if k not in ("default", "description") and p not in known.get(v, ())]
if problems:
    print("\n".join(problems[:20]))
    sys.exit(1)
count = lambda d, key: sum(1 for p, k in d if k == key)
print(f"ok: plain v2 differs in {count(plain, 'default')} defaults and {count(plain, 'description')} descriptions, "
      f"shipped v2 in {count(shipped, 'default')} defaults and {count(shipped, 'description')} descriptions")
PY
	); then
		pass=$((pass + 1))
		echo "$v: $out"
	else
		echo "FAIL $v: $out"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
