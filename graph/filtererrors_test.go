package graph_test

import (
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/httpapi"
)

// TestFilterErrorPaths: a where or orderBy the converter refuses is refused with the same
// code, message and input path on both execution paths, wherever the value sits: in an AND
// or OR list, a relationship filter, an edge's node, a relationship field's own arguments,
// a variable, or too deep.
func TestFilterErrorPaths(t *testing.T) {
	a := MustAPI(t)
	exec := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.ExecutorOnly = true })
	deep := map[string]any{}
	for range 11 {
		deep = map[string]any{"NOT": deep}
	}
	for _, c := range []struct {
		query string
		vars  map[string]any
		field string
	}{
		{`{ roles(where: {AND: [{name: {eq: "x"}}, {id: {in: ["backend-developer", "Job:x"]}}]}) { totalCount } }`, nil, "where.AND[1].id.in[1]"},
		{`{ roles(where: {technologies: {some: {node: {id: {eq: "Job:x"}}}}}) { totalCount } }`, nil, "where.technologies.some.node.id.eq"},
		{`{ roles(where: {industries: {none: {OR: [{name: {eq: "x"}}, {id: {startsWith: "Job:x"}}]}}}) { totalCount } }`, nil, "where.industries.none.OR[1].id.startsWith"},
		{`{ role(id: "backend-developer") { skills(where: {node: {id: {eq: "Job:x"}}}) { totalCount } } }`, nil, "where.node.id.eq"},
		{`{ role(id: "backend-developer") { industries(where: {id: {eq: "Job:x"}}) { totalCount } } }`, nil, "where.id.eq"},
		{`query($w: RoleWhere) { roles(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"NOT": map[string]any{"id": map[string]any{"eq": "Job:x"}}}}, "where.NOT.id.eq"},
		{`query($w: RoleWhere) { roles(where: $w) { totalCount } }`, map[string]any{"w": deep}, "where" + strings.Repeat(".NOT", 11)},
		{`{ role(id: "backend-developer") { skills(orderBy: [{field: NAME}, {field: ID, direction: DESC}]) { totalCount } } }`, nil, "orderBy[1].direction"},
		{`query($o: [RoleOrder!]) { roles(orderBy: $o) { totalCount } }`, map[string]any{"o": map[string]any{"field": "ID", "direction": "DESC"}}, "orderBy[0].direction"},
	} {
		direct, executor := a.Do(t, c.query, c.vars), exec.Do(t, c.query, c.vars)
		for _, r := range []response{direct, executor} {
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
				t.Errorf("%s %v: %+v, want one BAD_USER_INPUT at %s", c.query, c.vars, r.Errors, c.field)
			}
		}
		if len(direct.Errors) == 1 && len(executor.Errors) == 1 && direct.Errors[0].Message != executor.Errors[0].Message {
			t.Errorf("%s: direct %q, executor %q", c.query, direct.Errors[0].Message, executor.Errors[0].Message)
		}
	}
}
