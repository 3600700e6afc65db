# Sourced by the scripted checks: the smallest v1 CRD template they build on.
# crd_template PLURAL KIND SPEC: a namespaced CRD in group example.com, one
# served and stored version v1, whose spec schema is SPEC (lines already
# indented twelve spaces, as they stand under "spec:").
crd_template() {
	cat <<EOT
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: $1.example.com
spec:
  group: example.com
  names: {kind: $2, plural: $1, singular: $(echo "$2" | tr A-Z a-z)}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
$3
EOT
}
