#!/usr/bin/env python3
"""crddiff.py NEW OLD: compares a CRD crdc produced (NEW) with one the tool it
replaces produced (OLD) and classifies every difference by the documented
rule that explains it (README: Conversions, Template syntax).  Prints the
counts per rule; exits 1, listing them, if any difference has no rule.

Used by tests/checks/corpus-resolve.sh.  Keys are compared as mappings, so key
order never matters."""
import sys
import yaml

QUANTITY_DOC = "Quantity is a fixed-point representation"
IOS = {"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]}
META_SUBSET = {"annotations", "finalizers", "labels", "name", "namespace"}
LIST_EXTENSIONS = {"x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type"}


def load(path):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)


class Differ:
    def __init__(self, allow_versions):
        self.counts = {}
        self.unexplained = []
        self.allow_versions = allow_versions

    def ok(self, rule):
        self.counts[rule] = self.counts.get(rule, 0) + 1

    def bad(self, path, what):
        self.unexplained.append(f"{path}: {what}")

    def schema(self, new, old, path, root=False, parent_key=None):
        if not isinstance(new, dict) or not isinstance(old, dict):
            if new != old:
                self.bad(path, f"{str(new)[:60]!r} != {str(old)[:60]!r}")
            return
        # Conversions that replace a whole node.
        if new.get("x-kubernetes-int-or-string") and old.get("type") == "string":
            quantity = "pattern" in new or str(old.get("description", "")).startswith(QUANTITY_DOC)
            if old.get("format") == "int-or-string" or quantity:
                self.ok("Quantity to int-or-string + pattern" if quantity else "IntOrString to int-or-string")
                rest_new = {k: v for k, v in new.items() if k not in IOS and k != "pattern"}
                rest_old = {k: v for k, v in old.items() if k not in ("type", "format")}
                if quantity and str(rest_old.get("description", "")).startswith(QUANTITY_DOC):
                    rest_old.pop("description")
                self.keys(rest_new, rest_old, path)
                return
        if root and parent_key == "metadata":
            self.ok("root metadata reduced to type: object")
            return
        self.keys(new, old, path, root)

    def keys(self, new, old, path, root=False):
        for k in sorted(set(new) | set(old)):
            p = f"{path}/{k}"
            if k not in old:
                self.added(k, new, p)
            elif k not in new:
                self.removed(k, old, p)
            elif k == "description":
                if new[k] != old[k]:
                    self.ok("field description kept over the type's")
            elif k in ("properties", "patternProperties", "definitions"):
                self.props(new[k], old[k], p, root)
            elif k in ("items", "additionalProperties", "not") and isinstance(new[k], dict):
                self.schema(new[k], old[k], p)
            elif k in ("allOf", "anyOf", "oneOf") and isinstance(new[k], list) and len(new[k]) == len(old[k]):
                for i, (a, b) in enumerate(zip(new[k], old[k])):
                    self.schema(a, b, f"{p}/{i}")
            elif new[k] != old[k]:
                self.bad(p, f"{str(new[k])[:60]!r} != {str(old[k])[:60]!r}")

    def added(self, k, new, p):
        if k == "type" and (("properties" in new and new[k] == "object") or ("items" in new and new[k] == "array")
                            or ("additionalProperties" in new and new[k] == "object")):
            self.ok("type filled in from properties/items")
        elif k in LIST_EXTENSIONS:
            self.ok("x-kubernetes list/map extensions kept")
        elif k == "default" and new[k] == "TCP":
            self.ok("list-map key default protocol: TCP")
        elif k == "default" and new[k] == "" and p.endswith("/name/default"):
            self.ok('list-map key default name: "" (on its definition, so wherever it is used)')
        elif k == "description":
            self.ok("field description kept over the type's")
        elif k == "required" and self.allow_versions:
            self.ok("required fields of a newer Kubernetes version")
        else:
            self.bad(p, f"only in crdc's output: {str(new[k])[:80]!r}")

    def removed(self, k, old, p):
        self.bad(p, f"only in the old output: {str(old[k])[:80]!r}")

    def props(self, new, old, path, root):
        meta = path.endswith("/metadata/properties")
        for k in sorted(set(new) | set(old)):
            p = f"{path}/{k}"
            if k not in new:
                if meta and k not in META_SUBSET:
                    self.ok("embedded ObjectMeta reduced to the subset")
                elif self.allow_versions:
                    self.ok("field not in the Kubernetes version crdc used")
                else:
                    self.bad(p, "property only in the old output")
            elif k not in old:
                if self.allow_versions:
                    self.ok("field added by a newer Kubernetes version")
                else:
                    self.bad(p, "property only in crdc's output")
            else:
                self.schema(new[k], old[k], p, root=root, parent_key=k)

    def crd(self, new, old):
        specs = []
        for key in ("validation",):
            if key in old.get("spec", {}):
                specs.append((f"/spec/{key}/openAPIV3Schema", new["spec"][key]["openAPIV3Schema"],
                              old["spec"][key]["openAPIV3Schema"]))
        for i, (vn, vo) in enumerate(zip(new["spec"].get("versions", []), old["spec"].get("versions", []))):
            if "schema" in vo:
                specs.append((f"/spec/versions/{i}/schema/openAPIV3Schema", vn["schema"]["openAPIV3Schema"],
                              vo["schema"]["openAPIV3Schema"]))
        for p, a, b in specs:
            self.schema(a, b, p, root=True)
        # Everything outside the schemas must be identical.
        strip = lambda d: {**d, "spec": {k: v for k, v in d["spec"].items() if k not in ("versions", "validation")}}
        if strip(new) != strip(old):
            self.bad("/", "the CRD outside its schemas differs")
        for i, (vn, vo) in enumerate(zip(new["spec"].get("versions", []), old["spec"].get("versions", []))):
            if {k: v for k, v in vn.items() if k != "schema"} != {k: v for k, v in vo.items() if k != "schema"}:
                self.bad(f"/spec/versions/{i}", "version fields differ")


def main():
    args = sys.argv[1:]
    allow_versions = "--kubernetes-versions-differ" in args
    args = [a for a in args if not a.startswith("--")]
    d = Differ(allow_versions)
    d.crd(load(args[0]), load(args[1]))
    for rule, n in sorted(d.counts.items()):
        print(f"  {n:5d}  {rule}")
    if d.unexplained:
        print(f"  {len(d.unexplained)} differences no documented rule explains:")
        for u in d.unexplained[:25]:
            print("    " + u)
        sys.exit(1)


main()
