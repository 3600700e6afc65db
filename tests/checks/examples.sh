#!/bin/sh
# The examples in examples/: every document parses and names a CRD of
# crds-out/ (group/version it serves, kind), and every CRD has an example.
# To be replaced by `crdc validate` once it exists.  Reads with Debian's
# python3-yaml (libyaml, a YAML 1.1 reader like kubectl's).
set -u
: "${SRCDIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
	echo "examples: $PYTHON with PyYAML is needed (apt-get install python3-yaml)"
	echo "0 passed, 1 failed"
	exit 1
fi
exec "$PYTHON" - "$SRCDIR/crds-out" "$SRCDIR/examples" <<'PY'
import glob, os, sys, yaml

crd_dir, example_dir = sys.argv[1], sys.argv[2]
passed = failed = 0

def result(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + what)

# (group/version, kind) -> CRD file, for every served version.
served = {}
for path in sorted(glob.glob(os.path.join(crd_dir, "*.yaml"))):
    with open(path) as f:
        crd = yaml.load(f, Loader=yaml.CSafeLoader)
    spec = crd["spec"]
    for v in spec["versions"]:
        if v.get("served"):
            served[(spec["group"] + "/" + v["name"], spec["names"]["kind"])] = os.path.basename(path)
result(len(served) > 0, "%s: no CRDs found" % crd_dir)

used = set()
examples = sorted(glob.glob(os.path.join(example_dir, "*.yaml")))
result(len(examples) > 0, "%s: no examples found" % example_dir)
for path in examples:
    name = os.path.relpath(path, os.path.dirname(example_dir))
    try:
        with open(path) as f:
            docs = [d for d in yaml.load_all(f, Loader=yaml.CSafeLoader) if d is not None]
    except yaml.YAMLError as e:
        result(False, "%s: does not parse: %s" % (name, str(e).replace("\n", " ")))
        continue
    result(len(docs) > 0, "%s: holds no document" % name)
    for i, doc in enumerate(docs, 1):
        where = "%s, document %d" % (name, i)
        if not isinstance(doc, dict) or not doc.get("apiVersion") or not doc.get("kind"):
            result(False, "%s: not an object with apiVersion and kind" % where)
            continue
        key = (doc["apiVersion"], doc["kind"])
        result(key in served, "%s: %s %s is not a kind served by a CRD in %s" % (where, key[0], key[1], crd_dir))
        result(isinstance(doc.get("metadata"), dict) and bool(doc["metadata"].get("name")),
               "%s: metadata.name is missing" % where)
        result(isinstance(doc.get("spec"), dict), "%s: spec is missing" % where)
        if key in served:
            used.add(key)

for key in sorted(set(served) - used):
    result(False, "%s (%s %s) has no example in %s" % (served[key], key[0], key[1], example_dir))
passed += len(used)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
