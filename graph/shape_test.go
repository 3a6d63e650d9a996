package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/httpapi"
)

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
