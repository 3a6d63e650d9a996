package graph_test

import (
	"testing"
)

// An empty list, filtered or not, at the root or nested, is an empty connection with its
// totalCount, never an error.
func TestEmptyLists(t *testing.T) {
	a := MustAPI(t)
	for _, q := range []string{
		`{ list: roles(where: {name: {eq: "zzz"}}) { totalCount edges { node { id } } pageInfo { hasNextPage } } }`,
		`{ list: skills(where: {name: {eq: "zzz"}}) { totalCount } }`,
		`{ list: technologies(where: {name: {eq: "zzz"}}) { totalCount edges { node { id } } } }`,
		`{ list: industries(where: {name: {eq: "zzz"}}) { totalCount } }`,
		`{ r: role(id: "backend-developer") { list: skills(where: {node: {name: {eq: "zzz"}}}) { totalCount edges { node { id } } } } }`,
		`{ r: role(id: "backend-developer") { list: skills(where: {node: {name: {eq: "zzz"}}}) { totalCount } } }`,
		`{ list: roles(where: {name: {eq: "zzz"}}, orderBy: [{field: NAME}]) { totalCount edges { node { id } } } }`,
	} {
		d := a.MustData(t, q, nil)
		list := get(d, "list")
		if list == nil {
			list = get(d, "r", "list")
		}
		if get(list, "totalCount") != 0.0 {
			t.Errorf("%s: %v", q, d)
		}
		if e, ok := get(list, "edges").([]any); ok && len(e) != 0 {
			t.Errorf("%s: edges %v", q, e)
		}
	}
}
