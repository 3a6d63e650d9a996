package store

import (
	"context"
	"fmt"
	"reflect"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// planOperators lists a plan's operators, depth first. Plan.Children() of
// neo4j-go-driver v5.28.4 (the newest) returns every child as a copy of the last one: it
// takes the address of its range variable, and the driver's module predates Go 1.22's
// per-iteration loop variables. So the tree is read, read-only, from the plan value the
// interface wraps.
func planOperators(p neo4j.Plan) ([]string, error) {
	if p == nil {
		return nil, fmt.Errorf("no plan")
	}
	v := reflect.ValueOf(p)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	inner := v.FieldByName("plan")
	if !inner.IsValid() || inner.Kind() != reflect.Pointer || inner.IsNil() {
		return nil, fmt.Errorf("unexpected plan type %T", p)
	}
	var ops []string
	var walk func(n reflect.Value)
	walk = func(n reflect.Value) {
		ops = append(ops, n.FieldByName("Operator").String())
		children := n.FieldByName("Children")
		for i := 0; i < children.Len(); i++ {
			walk(children.Index(i))
		}
	}
	walk(inner.Elem())
	return ops, nil
}

// QueryPlans EXPLAINs every read query the API runs, with representative parameters, and
// returns each plan's operators (e.g. "NodeUniqueIndexSeek"), keyed by a name for the
// query. It is how the tests check, on the full graph, that reads seek by index and never
// scan a label.
func (s *Store) QueryPlans(ctx context.Context) (map[string][]string, error) {
	// Lists and relationship fields are compiled as the API compiles them, with defaults.
	queries := map[string]*compiled{}
	for _, k := range domain.Kinds {
		queries["node "+string(k)] = &compiled{cypher: nodeQueries[k], params: map[string]any{"id": "x"}}
		q, _, err := listCypher(k, domain.ListArgs{PageArgs: domain.PageArgs{First: 20, After: encodeCursor("", nil, "x")}}, nil)
		if err != nil {
			return nil, err
		}
		queries["list "+string(k)] = q
	}
	var refs []domain.NodeRef
	for _, k := range domain.Kinds {
		refs = append(refs, domain.NodeRef{Kind: k, Slug: "x"})
	}
	nodes, err := nodesCypher(refs, nil)
	if err != nil {
		return nil, err
	}
	queries["nodes"] = nodes
	for rel, spec := range relSpecs {
		t, err := compileTree(spec.parent, []string{"a", "b"}, []*domain.Fetch{{Rel: rel, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 20}}}}, false, nil)
		if err != nil {
			return nil, err
		}
		queries["neighbors "+string(rel)] = &compiled{cypher: t.cypher, params: t.c.params}
	}
	out := map[string][]string{}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	for name, q := range queries {
		res, err := session.Run(ctx, "EXPLAIN "+q.cypher, q.params)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		ops, err := planOperators(sum.Plan())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = ops
	}
	return out, nil
}
