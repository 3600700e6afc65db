#!/bin/sh
# corpus-lint: crdc lint on real CRDs and on crdc's own output.
#   - kelos (controller-gen v0.20.0 output, up to 1.6 MB): no errors, exit 0, all
#     eight in one run within a few seconds;
#   - poolboy (hand-written): exit 0;
#   - CRDs crdc resolves from Kubernetes types, for several versions: no errors or
#     warnings with --strict (descriptions stripped to stay under the apply limit);
#   - --format json output parses.
# Prints "N passed, N failed" last.  Env: CRDC, SRCDIR, SHARED (default $SRCDIR/../shared).
set -u
: "${CRDC:?}" "${SRCDIR:?}"
: "${SHARED:=$SRCDIR/../shared}"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL corpus-lint: $*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

kelos=$SHARED/corpus/kelos/crds
if [ ! -d "$kelos" ]; then
	bad "no corpus at $kelos"
else
	start=$(date +%s)
	"$CRDC" lint "$kelos"/*.yaml > "$tmp/kelos.out" 2> "$tmp/kelos.err"
	rc=$? end=$(date +%s)
	if [ $rc -eq 0 ] && grep -q ' 8 CRDs: 0 errors' "$tmp/kelos.err" && ! grep -q ': error: ' "$tmp/kelos.out"; then
		ok
	else
		bad "kelos CRDs: exit $rc: $(cat "$tmp/kelos.err")"
		grep ': error: ' "$tmp/kelos.out" | head -5
	fi
	if [ $((end - start)) -le 10 ]; then ok; else bad "kelos CRDs took $((end - start)) s"; fi
	for f in "$kelos"/*.yaml; do
		if "$CRDC" lint -q "$f" > "$tmp/one.out" 2>&1; then ok; else bad "$f: $(head -3 "$tmp/one.out")"; fi
	done
	"$CRDC" lint --format json "$kelos"/tasks.kelos.dev.yaml > "$tmp/tasks.json" 2>/dev/null
	if python3 -c 'import json,sys; d=json.load(sys.stdin); assert all(f["line"] > 0 for f in d)' < "$tmp/tasks.json"; then
		ok
	else
		bad "--format json output does not parse, or lacks positions"
	fi
fi

for f in "$SHARED"/corpus/poolboy/crds/*.yaml; do
	[ -f "$f" ] || { bad "no poolboy CRDs"; break; }
	if "$CRDC" lint -q "$f" > "$tmp/one.out" 2>&1; then ok; else bad "$f: $(head -3 "$tmp/one.out")"; fi
done

# crdc's own output: Kubernetes types a CRD embeds, resolved for old and new versions.
cat > "$tmp/pool.yaml" <<'EOT'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: pools.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: pools, kind: Pool}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              template: {$ref: io.k8s.api.core.v1.PodTemplateSpec}
              resources: {$ref: io.k8s.api.core.v1.ResourceRequirements}
              ports:
                type: array
                items: {$ref: io.k8s.api.core.v1.ServicePort}
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [port, protocol]
              claim: {$ref: io.k8s.api.core.v1.PersistentVolumeClaimSpec}
              tolerations: {type: array, items: {$ref: io.k8s.api.core.v1.Toleration}}
              conditions: {type: array, items: {$ref: io.k8s.apimachinery.pkg.apis.meta.v1.Condition}}
          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
EOT
for v in 1.24 1.27 1.30 1.36; do
	if ! (cd "$tmp" && "$CRDC" resolve -q --descriptions strip --kube-version "$v" pool.yaml "out-$v.yaml"); then
		bad "crdc resolve for $v failed"
		continue
	fi
	if "$CRDC" lint --strict "$tmp/out-$v.yaml" > "$tmp/own.out" 2>&1; then ok; else bad "own output for $v: $(head -3 "$tmp/own.out")"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
