package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/httpapi"
)

// TestBackwardPaging: last and before page a list from its end, on every kind of list (a
// root list in id order, a filtered and sorted one, a relationship field with its default
// order, with where and orderBy), on both execution paths: the pages read backward are the
// pages read forward, in the same order, with pageInfo telling where each sits.
func TestBackwardPaging(t *testing.T) {
	a := MustAPI(t)
	exec := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.ExecutorOnly = true })
	lists := []struct {
		name string
		// the query with $first, $after, $last and $before, and the path to its connection
		query string
		path  []any
	}{
		{"roles by id", `query($first: Int, $after: String, $last: Int, $before: String) { c: roles(first: $first, after: $after, last: $last, before: $before) { %s } }`, []any{"c"}},
		{"roles filtered and sorted", `query($first: Int, $after: String, $last: Int, $before: String) { c: roles(where: {name: {contains: "developer"}}, orderBy: [{field: JOB_ZONE, direction: DESC}, {field: NAME}], first: $first, after: $after, last: $last, before: $before) { %s } }`, []any{"c"}},
		{"a relationship field in its default order", `query($first: Int, $after: String, $last: Int, $before: String) { r: role(id: "Role:backend-developer") { c: skills(first: $first, after: $after, last: $last, before: $before) { %s } } }`, []any{"r", "c"}},
		{"a relationship field with where and orderBy", `query($first: Int, $after: String, $last: Int, $before: String) { r: role(id: "backend-developer") { c: technologies(where: {importance: {gte: 2}}, orderBy: [{field: NAME, direction: DESC}], first: $first, after: $after, last: $last, before: $before) { %s } } }`, []any{"r", "c"}},
	}
	const conn = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`
	for _, l := range lists {
		for i, srv := range []*api{a, exec} {
			t.Run(fmt.Sprintf("%s/server %d", l.name, i), func(t *testing.T) {
				q := fmt.Sprintf(l.query, conn)
				page := func(vars map[string]any) (ids []string, info map[string]any, total int) {
					c := get(srv.MustData(t, q, vars), l.path...)
					return ids2(get(c, "edges")), get(c, "pageInfo").(map[string]any), int(get(c, "totalCount").(float64))
				}
				// Forward, three at a time.
				var forward []string
				vars := map[string]any{"first": 3}
				for n := 0; ; n++ {
					ids, info, _ := page(vars)
					forward = append(forward, ids...)
					if info["hasPreviousPage"] != (n > 0) {
						t.Errorf("forward page %d: hasPreviousPage %v", n, info["hasPreviousPage"])
					}
					if info["hasNextPage"] != true {
						break
					}
					vars = map[string]any{"first": 3, "after": info["endCursor"]}
				}
				if len(forward) < 4 {
					t.Fatalf("a list too short to test: %v", forward)
				}
				// Backward, three at a time, from the end.
				var backward []string
				vars = map[string]any{"last": 3}
				for n := 0; ; n++ {
					ids, info, total := page(vars)
					if total != len(forward) {
						t.Errorf("backward page %d: totalCount %d, want %d", n, total, len(forward))
					}
					backward = append(ids, backward...)
					if info["hasNextPage"] != (n > 0) {
						t.Errorf("backward page %d: hasNextPage %v", n, info["hasNextPage"])
					}
					if info["hasPreviousPage"] != true {
						break
					}
					if n > len(forward) {
						t.Fatal("backward paging does not end")
					}
					vars = map[string]any{"last": 3, "before": info["startCursor"]}
				}
				if !slices.Equal(forward, backward) {
					t.Errorf("forward %v\nbackward %v", forward, backward)
				}
				// A cursor from a forward page pages backward, and the other way round.
				ids, info, _ := page(map[string]any{"first": 3})
				back, binfo, _ := page(map[string]any{"last": 2, "before": info["endCursor"]})
				if !slices.Equal(back, ids[:2]) || binfo["hasPreviousPage"] != false || binfo["hasNextPage"] != true {
					t.Errorf("last 2 before the 3rd: %v %v, want %v", back, binfo, ids[:2])
				}
				// last: 0 with only the count.
				if _, info, total := page(map[string]any{"last": 0}); total != len(forward) || info["hasPreviousPage"] != true {
					t.Errorf("last 0: %d %v", total, info)
				}
			})
		}
	}
}

func ids2(edges any) []string {
	var out []string
	for _, e := range edges.([]any) {
		out = append(out, get(e, "node", "id").(string))
	}
	return out
}

// TestPagingArgumentErrors: mixing the directions or a cursor that is not this list's is
// BAD_USER_INPUT naming the argument, on root lists and relationship fields.
func TestPagingArgumentErrors(t *testing.T) {
	a := MustAPI(t)
	for _, c := range []struct{ args, field string }{
		{`first: 2, last: 2`, "last"},
		{`last: 2, after: "x"`, "after"},
		{`first: 2, before: "x"`, "before"},
		{`last: -1`, "last"},
		{`last: 101`, "last"},
		{`last: 2, before: "bm90IGEgY3Vyc29y"`, "before"},
	} {
		for _, q := range []string{`{ roles(%s) { totalCount } }`, `{ role(id: "backend-developer") { skills(%s) { edges { node { id } } } } }`} {
			query := fmt.Sprintf(q, c.args)
			r := a.Do(t, query, nil)
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field ||
				!strings.Contains(r.Errors[0].Message, c.field) && !strings.Contains(r.Errors[0].Message, "cursor") {
				t.Errorf("%s: %+v", query, r.Errors)
			}
		}
	}
	// A cursor of another order is refused backward too.
	d := a.MustData(t, `{ roles(first: 1, orderBy: [{field: NAME}]) { pageInfo { endCursor } } }`, nil)
	r := a.Do(t, `query($c: String) { roles(last: 1, before: $c) { totalCount } }`, map[string]any{"c": get(d, "roles", "pageInfo", "endCursor")})
	if len(r.Errors) != 1 || r.Errors[0].Extensions["field"] != "before" {
		t.Errorf("a cursor of another order: %+v", r.Errors)
	}
}

// TestPageShapes: a page whose selection shows no cursor and no count is loaded without them
// (domain.ListArgs.NoCursors, NoTotal), and one request asking the same page three ways
// (nodes alone; with cursors; with totalCount and pageInfo) gets the same nodes each way,
// with cursors that page on and counts that are right, on both execution paths, for a
// node's relationship field and for one below a page.
func TestPageShapes(t *testing.T) {
	a := MustAPI(t)
	exec := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.ExecutorOnly = true })
	const three = `plain: %[1]s { edges { node { id } } }
		cursors: %[1]s { edges { cursor node { id } } }
		counted: %[1]s { totalCount pageInfo { hasNextPage } edges { node { id } } }
		all: %[2]s { totalCount }`
	for i, srv := range []*api{a, exec} {
		t.Run(fmt.Sprintf("server %d", i), func(t *testing.T) {
			// A role's skills, then the technologies of a technology's roles.
			d := srv.MustData(t, `{ r: role(id: "backend-developer") { `+fmt.Sprintf(three, "skills(first: 3)", "skills")+` } }`, nil)
			check(t, srv, get(d, "r"), `query($after: String) { r: role(id: "backend-developer") { skills(first: 3, after: $after) { edges { node { id } } } } }`, []any{"r", "skills"})
			d = srv.MustData(t, `{ t: technology(id: "postgresql") { roles(first: 4) { edges { node { id `+fmt.Sprintf(three, "technologies(first: 2)", "technologies")+` } } } } }`, nil)
			for _, e := range get(d, "t", "roles", "edges").([]any) {
				id := get(e, "node", "id").(string)
				check(t, srv, get(e, "node"), `query($after: String) { r: role(id: "`+id+`") { technologies(first: 2, after: $after) { edges { node { id } } } } }`, []any{"r", "technologies"})
			}
		})
	}
}

// check compares the three shapes of one page below parent (see TestPageShapes); next asks
// the page after a cursor, at path.
func check(t *testing.T, srv *api, parent any, next string, path []any) {
	t.Helper()
	plain, withCursors, counted := ids2(get(parent, "plain", "edges")), ids2(get(parent, "cursors", "edges")), ids2(get(parent, "counted", "edges"))
	if len(plain) == 0 || !slices.Equal(plain, withCursors) || !slices.Equal(plain, counted) {
		t.Fatalf("the same page three ways: %v, %v, %v", plain, withCursors, counted)
	}
	total := int(get(parent, "all", "totalCount").(float64))
	if got := int(get(parent, "counted", "totalCount").(float64)); got != total {
		t.Errorf("totalCount %d beside the page, %d alone", got, total)
	}
	if more := get(parent, "counted", "pageInfo", "hasNextPage"); more != (total > len(plain)) {
		t.Errorf("hasNextPage %v with %d of %d", more, len(plain), total)
	}
	edges := get(parent, "cursors", "edges").([]any)
	cursor, _ := get(edges[0], "cursor").(string)
	if cursor == "" {
		t.Fatalf("no cursor: %v", edges[0])
	}
	after := ids2(get(srv.MustData(t, next, map[string]any{"after": cursor}), append(path, "edges")...))
	if want := plain[1:]; len(after) < len(want) || !slices.Equal(after[:len(want)], want) {
		t.Errorf("after the first cursor: %v, want %v first", after, want)
	}
}
