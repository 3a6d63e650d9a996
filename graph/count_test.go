package graph_test

import "testing"

// TestCountOfNothing: a list asked only for its totalCount, of a filter that matches
// nothing, counts 0 (it was an INTERNAL error: Cypher's count with a constant beside it
// groups by the constant, and no input row makes no group, so no row came back).
func TestCountOfNothing(t *testing.T) {
	a := MustAPI(t)
	for _, q := range []string{
		`{ technologies(where: { roles: { none: {} } }) { totalCount } }`,
		`{ roles(where: { id: { eq: "no-such-role" } }) { totalCount } }`,
		`{ skills(where: { name: { startsWith: "zzz" } }) { totalCount } }`,
		`{ industries(where: { id: { in: [] } }) { totalCount } }`,
	} {
		r := a.Do(t, q, nil)
		if len(r.Errors) > 0 {
			t.Errorf("%s: %+v", q, r.Errors)
			continue
		}
		for _, v := range r.Data {
			if n := get(v, "totalCount"); n != float64(0) {
				t.Errorf("%s: totalCount %v", q, n)
			}
		}
	}
	// The same below a node.
	q := `{ role(id: "backend-developer") { skills(where: { node: { id: { eq: "nope" } } }) { totalCount } technologies(first: 0) { totalCount } } }`
	d := a.MustData(t, q, nil)
	if get(d, "role", "skills", "totalCount") != float64(0) || get(d, "role", "technologies", "totalCount").(float64) < 1 {
		t.Errorf("%s: %v", q, d)
	}
}
