#!/bin/sh
# crdc resolve on real templates from ../shared/corpus, compared with what
# k8s-crd-resolver committed: every difference must be one the README
# documents (tests/checks/crddiff.py classifies them).
#   - ceph-osd-operator fc536fd: resolved against the 1.13.4 schema it was
#     made with (--schema), so no Kubernetes version drift is allowed;
#   - ceph-osd-operator c556ccf: its schema file refs the 1.13 swagger
#     through file refs (the template is rewritten to ref that file);
#   - dask-kubernetes: the four templates, run from a folder laid out like
#     dask-kubernetes with k8s-crd-resolver's own command line, one word
#     changed, give CRDs `crdc lint` accepts; these pin 1.21.1, which crdc
#     does not bundle, so fields that differ between 1.21 and the newest
#     Kubernetes are allowed;
#   - the other ceph-osd-operator templates (1.17 - 1.23 schemas, not here)
#     must resolve against the bundled versions.
set -u
: "${CRDC:?}" "${SRCDIR:?}"
SHARED=${SHARED:-$(cd "$SRCDIR/.." && pwd)/shared}
corpus=$SHARED/corpus
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0 out=""
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
differ="python3 $SRCDIR/tests/checks/crddiff.py"

# ceph-osd-operator fc536fd
d=$corpus/ceph-osd-operator/fc536fd
if (cd "$d" && "$CRDC" resolve -q --schema ../../k8s-crd-resolver-schemata/k8s-1.13.4.json \
	ceph_v1alpha1_cephosd_crd.yaml.tmpl "$tmp/fc536fd.yaml") &&
   out=$($differ "$tmp/fc536fd.yaml" "$d/ceph_v1alpha1_cephosd_crd.yaml"); then
	ok; echo "ceph fc536fd:"; echo "$out"
else
	ko "ceph fc536fd: $out"
fi

# ceph-osd-operator c556ccf
d=$corpus/ceph-osd-operator/c556ccf
mkdir "$tmp/c556ccf"
cp "$d/ceph_v1alpha1_cephosd_schema.yaml" "$tmp/c556ccf/"
cp "$corpus/k8s-crd-resolver-schemata/k8s-1.13-swagger.json" "$tmp/c556ccf/"
sed 's|^    openAPIV3Schema: {}|    openAPIV3Schema:\n      $ref: ceph_v1alpha1_cephosd_schema.yaml#/components/schemas/CephOSD|' \
	"$d/ceph_v1alpha1_cephosd_crd.yaml.tmpl" > "$tmp/c556ccf/tmpl.yaml"
if (cd "$tmp/c556ccf" && "$CRDC" resolve -q tmpl.yaml out.yaml) &&
   out=$($differ "$tmp/c556ccf/out.yaml" "$d/ceph_v1alpha1_cephosd_crd.yaml"); then
	ok; echo "ceph c556ccf:"; echo "$out"
else
	ko "ceph c556ccf: $out"
fi

# dask-kubernetes
pkg=$tmp/dask/dask_kubernetes/operator/customresources
mkdir -p "$pkg" "$tmp/dask/out"
cp "$corpus"/dask/templates/* "$pkg/"
for n in daskcluster daskworkergroup daskjob daskautoscaler; do
	t=dask_kubernetes/operator/customresources
	if (cd "$tmp/dask" && "$CRDC" resolve -q -r -j "$t/$n.patch.yaml" "$t/$n.yaml" "out/$n.yaml") &&
	   "$CRDC" lint -q "$tmp/dask/out/$n.yaml" &&
	   out=$($differ --kubernetes-versions-differ "$tmp/dask/out/$n.yaml" "$corpus/dask/generated/$n.yaml"); then
		ok; echo "dask $n:"; echo "$out"
	else
		ko "dask $n: $out"
	fi
done

# The other ceph-osd-operator templates, against bundled versions.
for t in 906a5ae/ceph.elemental.net_cephosds_v1 906a5ae/ceph.elemental.net_cephosds_v1beta1 \
	 44d39cbe/ceph.elemental.net_cephosds_v1 14a889d/ceph_v1alpha1_cephosd_crd; do
	d=$corpus/ceph-osd-operator/$(dirname "$t")
	b=$(basename "$t")
	patch=""
	[ -f "$d/$b.yaml.patch" ] && patch="-j $b.yaml.patch"
	case $b in *_crd) tmpl=$b.yaml.tmpl ;; *) tmpl=$b.yaml.tmpl ;; esac
	if (cd "$d" && "$CRDC" resolve -q -r $patch "$tmpl" "$tmp/$b.out.yaml"); then
		ok
	else
		ko "ceph $t does not resolve"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
