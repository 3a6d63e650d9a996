package store

import (
	"strconv"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
)

// TestLightRows: a page that shows no cursor brings back no sort key values, and one that
// shows no count takes none; otherwise both are there (ListArgs.NoCursors, NoTotal).
func TestLightRows(t *testing.T) {
	for _, c := range []struct {
		noCursors, noTotal bool
		want, not          []string
	}{
		{false, false, []string{"[k0]", "COUNT { (f1n)-[:USES]->() }"}, nil},
		{true, false, []string{"[f1n.id, null, ", "COUNT { (f1n)-[:USES]->() }"}, []string{"[k0]"}},
		{false, true, []string{"[k0]", "[null]"}, []string{"COUNT { (f1n)-[:USES]->() }"}},
		{true, true, []string{"[f1n.id, null, ", "[null]"}, []string{"[k0]", "COUNT { (f1n)-[:USES]->() }"}},
	} {
		below := &domain.Fetch{Rel: domain.RoleTechnologies, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 2}, Props: []string{"id"},
			NoCursors: c.noCursors, NoTotal: c.noTotal}}
		f := &domain.Fetch{Rel: domain.SkillRoles, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 3}, Props: []string{"id"},
			OrderBy: []domain.Order{{Prop: "name"}}, NoCursors: c.noCursors, NoTotal: c.noTotal}, Children: []*domain.Fetch{below}}
		tr, err := compileTree(domain.KindSkill, []string{"go"}, []*domain.Fetch{f}, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(tr.cypher, w) {
				t.Errorf("no cursors %v, no total %v: no %q in\n%s", c.noCursors, c.noTotal, w, tr.cypher)
			}
		}
		for _, w := range c.not {
			if strings.Contains(tr.cypher, w) {
				t.Errorf("no cursors %v, no total %v: %q in\n%s", c.noCursors, c.noTotal, w, tr.cypher)
			}
		}
	}
}

// BenchmarkFill turns the record of operation (a) (a role's 50 skills and 50 technologies,
// each with id, name and two relationship properties) into pages, as the driver gives it.
func BenchmarkFill(b *testing.B) {
	fetches := []*domain.Fetch{
		{Rel: domain.RoleSkills, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 50}, Props: []string{"id", "name"},
			EdgeProps: []string{"essential", "importance"}, NoCursors: true}},
		{Rel: domain.RoleTechnologies, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 50}, Props: []string{"id", "name"},
			EdgeProps: []string{"hot", "importance"}, NoCursors: true}},
	}
	tr, err := compileTree(domain.KindRole, []string{"r"}, fetches, true, columns([]string{"id", "name"}))
	if err != nil {
		b.Fatal(err)
	}
	var rows []any
	for range fetches {
		var page []any
		for i := range 50 {
			page = append(page, []any{"id-" + strconv.Itoa(i), "Name " + strconv.Itoa(i), nil, true, int64(3)})
		}
		rows = append(rows, page)
	}
	totals := []any{int64(60), int64(70)}
	b.ReportAllocs()
	for range b.N {
		for _, f := range fetches {
			f.Pages = map[string]*domain.Page{}
		}
		tr.fill(fetches, "r", rows, totals)
	}
	if p := fetches[1].Pages["r"]; len(p.Edges) != 50 || domain.IDOf(p.Edges[49].Node) != "id-49" || p.TotalCount != 70 {
		b.Fatalf("page %+v", p)
	}
}
