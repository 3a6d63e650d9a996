package graph

import (
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
)

// TestQueryKey: list arguments that read or order differently never share a batch key;
// the same arguments always do.
func TestQueryKey(t *testing.T) {
	where := func(v any) *domain.Filter {
		return &domain.Filter{Conds: []domain.Cond{{Prop: "name", Op: domain.OpEq, Value: v}}}
	}
	args := []domain.ListArgs{
		{},
		{Props: []string{}},
		{Props: []string{"id"}},
		{Props: []string{"id", "name"}},
		{Props: []string{"id"}, OrderBy: []domain.Order{{Prop: "name"}}},
		{Props: []string{"id"}, OrderBy: []domain.Order{{Prop: "name", Desc: true}}},
		{Props: []string{"id"}, OrderBy: []domain.Order{{Prop: "importance", Edge: true}}},
		{Props: []string{"id"}, OrderBy: []domain.Order{{Prop: "importance"}}},
		{Props: []string{"id"}, OrderBy: []domain.Order{{Count: domain.RoleSkills}}},
		{Props: []string{"id"}, OrderBy: []domain.Order{{Prop: "name"}, {Prop: "id"}}},
		{Props: []string{"id"}, Where: where("Go")},
		{Props: []string{"id"}, Where: where("Java")},
		{Where: where("Go")},
		{Props: []string{"id"}, EdgeProps: []string{}},
		{Props: []string{"id"}, EdgeProps: []string{"rank"}},
		{Props: []string{"id"}, EdgeProps: []string{"rank", "tier"}},
		{EdgeProps: []string{"rank"}},
		{NoCursors: true},
		{NoTotal: true},
		{NoCursors: true, NoTotal: true},
		{Props: []string{"id"}, NoCursors: true},
		{Props: []string{"id"}, NoTotal: true},
	}
	seen := map[string]int{}
	for i, a := range args {
		k := queryKey(a)
		if j, dup := seen[k]; dup {
			t.Errorf("args %d and %d share the key %q", j, i, k)
		}
		seen[k] = i
		if again := queryKey(domain.ListArgs{Props: slices.Clone(a.Props), EdgeProps: slices.Clone(a.EdgeProps), OrderBy: slices.Clone(a.OrderBy), Where: a.Where,
			NoCursors: a.NoCursors, NoTotal: a.NoTotal}); again != k {
			t.Errorf("args %d: %q then %q", i, k, again)
		}
	}
}
