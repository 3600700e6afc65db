#!/bin/sh
# Every bundled Kubernetes version: `crdc versions` lists exactly the 13 of
# 1.24 - 1.36, and for each of them a template embedding PodTemplateSpec,
# ServiceSpec, PersistentVolumeClaimSpec, ResourceRequirements, Affinity,
# Toleration, EnvVar and Condition builds, as does all of crds-src/, into CRDs
# that `crdc lint --strict` accepts (the API server's rules, warnings too).
set -u
: "${CRDC:?}" "${SRCDIR:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-versions.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
check() { # check NAME COMMAND...
	name=$1
	shift
	if "$@" > "$tmp/log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		head -20 "$tmp/log"
	fi
}

versions=$("$CRDC" versions | awk '{print $1}')
expected="1.24 1.25 1.26 1.27 1.28 1.29 1.30 1.31 1.32 1.33 1.34 1.35 1.36"
check "crdc versions lists 1.24 - 1.36" test "$(echo $versions)" = "$expected"

for v in $versions; do
	check "$v: the eight embedded types" sh -c "cd '$SRCDIR/tests/checks/data/all-types' && '$CRDC' build -q --descriptions strip-kubernetes --kube-version $v -o '$tmp/types-$v' ."
	check "$v: crds-src/" sh -c "cd '$SRCDIR' && '$CRDC' build -q --descriptions strip-kubernetes --kube-version $v -o '$tmp/crds-$v' crds-src"
	# The header names the version used.
	check "$v: header" grep -q "for Kubernetes $v\\. DO NOT EDIT" "$tmp/types-$v/everything.yaml"
	check "$v: lint --strict" "$CRDC" lint -q --strict "$tmp/types-$v/everything.yaml" "$tmp/crds-$v"/*.yaml
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
