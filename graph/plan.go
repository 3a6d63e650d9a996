package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/domain"
)

// The selection planner: one walk of a validated selection on nodes turns it into the tree
// of relationship fields to load (domain.Fetch, which store/fetch.go compiles into one Cypher
// statement), the ranked fields to load after it (similarRoles, adjacentSkills: a query per
// field and level), and the plan by which direct execution writes the answer. Both ways of
// answering use it: direct execution (direct.go) in strict mode, which refuses the whole
// query at the first thing it cannot write itself; gqlgen's executor (prefetch.go) in
// lenient mode, which loads what it can and leaves the rest to the field resolvers.

type planner struct {
	ctx context.Context
	op  *graphql.OperationContext
	r   *Resolver
	// lenient: plan what can be loaded and skip the rest (ranked fields are collected in
	// ranked), instead of refusing.
	lenient bool
	ranked  []rankedAt
	why     string // strict: the first reason met not to plan
}

func newPlanner(ctx context.Context, r *Resolver, lenient bool) *planner {
	return &planner{ctx: ctx, op: graphql.GetOperationContext(ctx), r: r, lenient: lenient}
}

// planTree is the lenient plan of a selection on nodes of type typ (at depth): the tree to
// load with them and the ranked fields to load after it.
func (r *Resolver) planTree(ctx context.Context, typ string, sel ast.SelectionSet, depth int) ([]*domain.Fetch, []rankedAt) {
	p := newPlanner(ctx, r, true)
	np, _ := p.node(typ, sel, depth, nil)
	return np.fetches, p.ranked
}

// rankedAt is a ranked field met while planning, on the nodes of type typ that the Fetch
// below returns (nil: the tree's parents).
type rankedAt struct {
	typ   string
	below *domain.Fetch
	field graphql.CollectedField
	depth int
}

// refuse records why the query is not planned (the first reason wins) and returns false.
func (p *planner) refuse(format string, args ...any) bool {
	if p.why == "" {
		p.why = fmt.Sprintf(format, args...)
	}
	return false
}

func (p *planner) reason() string {
	if p.why == "" {
		return "a shape it does not plan"
	}
	return p.why
}

// collect is gqlgen's own field collection (fragments, @skip, @include, merging by
// response key); strict, ok is false when a field is deferred.
func (p *planner) collect(sel ast.SelectionSet, types ...string) ([]graphql.CollectedField, bool) {
	fields := graphql.CollectFields(p.op, sel, types)
	if p.lenient {
		return fields, true
	}
	for _, f := range fields {
		if len(f.Deferrables) > 0 {
			return nil, p.refuse("@defer on %s", f.Name)
		}
	}
	return fields, true
}

// node plans a selection on a node of type typ, reached through the Fetch below (nil at the
// top); the fields of a relationship field below it are at depth+1. Lenient, it always
// succeeds, with what it could plan.
func (p *planner) node(typ string, sel ast.SelectionSet, depth int, below *domain.Fetch) (*nodePlan, bool) {
	if depth >= maxPrefetchDepth {
		if p.lenient {
			return &nodePlan{typ: typ}, true // deeper fields fall back to the loaders
		}
		return nil, p.refuse("deeper than %d levels", maxPrefetchDepth)
	}
	fields, ok := p.collect(sel, typ, "Node")
	if !ok {
		return nil, false
	}
	np := &nodePlan{typ: typ, fields: make([]field, 0, len(fields))}
	for _, f := range fields {
		nf := fieldOf(f)
		if f.Name != "__typename" && f.Name != domain.SlugField && !propFields[f.Name] {
			rf, isRel := relFields[typ][f.Name]
			switch {
			case p.lenient && isRanked(typ, f.Name):
				p.ranked = append(p.ranked, rankedAt{typ, below, f, depth})
				continue
			case !isRel && p.lenient:
				continue
			case !isRel:
				return nil, p.refuse("field %s.%s", typ, f.Name)
			}
			fetch, err := p.r.relFetch(p.ctx, rf, f)
			switch {
			case err != nil && p.lenient:
				continue // its resolver reports the error at its path
			case err != nil:
				return nil, p.refuse("the arguments of %s.%s: %v", typ, f.Name, err)
			case fetch.Args.After != "" && !p.lenient: // a nested cursor's error belongs to its resolver
				return nil, p.refuse("a cursor on %s.%s", typ, f.Name)
			}
			nf.fetch = fetch
			if fetch.Args.First > 0 { // no rows, nothing below them
				if nf.conn, fetch.Children, ok = p.conn(f.Definition.Type.Name(), f.Selections, rf.child, depth+1, fetch); !ok {
					return nil, false
				}
			} else if !p.lenient {
				if nf.conn, _, ok = p.conn(f.Definition.Type.Name(), f.Selections, rf.child, depth+1, fetch); !ok {
					return nil, false
				}
			}
			np.fetches = append(np.fetches, nf.fetch)
		}
		np.fields = append(np.fields, nf)
	}
	return np, true
}

// conn plans a selection on a connection of type typ whose nodes are of type child, the
// nodes of the Fetch below; it returns the Fetches of the relationship fields selected on
// those nodes.
func (p *planner) conn(typ string, sel ast.SelectionSet, child string, depth int, below *domain.Fetch) (*connPlan, []*domain.Fetch, bool) {
	fields, ok := p.collect(sel, typ)
	if !ok {
		return nil, nil, false
	}
	cp := &connPlan{typ: typ, fields: make([]field, 0, len(fields))}
	var fetches []*domain.Fetch
	for _, f := range fields {
		cf := fieldOf(f)
		switch f.Name {
		case "__typename", "totalCount":
		case "pageInfo":
			infos, ok := p.collect(f.Selections, "PageInfo")
			if !ok {
				return nil, nil, false
			}
			for _, g := range infos {
				cf.pageInfo = append(cf.pageInfo, fieldOf(g))
			}
		case "edges":
			edges, ok := p.collect(f.Selections, f.Definition.Type.Name())
			if !ok {
				return nil, nil, false
			}
			cf.edge = &edgePlan{typ: f.Definition.Type.Name()}
			for _, g := range edges {
				ef := fieldOf(g)
				switch {
				case g.Name == "node":
					if ef.node, ok = p.node(child, g.Selections, depth, below); !ok {
						return nil, nil, false
					}
					fetches = append(fetches, ef.node.fetches...)
				case g.Name != "__typename" && g.Name != "cursor" && !isEdgeProp(g.Name) && !p.lenient:
					return nil, nil, p.refuse("field %s.%s", f.Definition.Type.Name(), g.Name)
				}
				cf.edge.fields = append(cf.edge.fields, ef)
			}
		default:
			if !p.lenient {
				return nil, nil, p.refuse("field %s.%s", typ, f.Name)
			}
		}
		cp.fields = append(cp.fields, cf)
	}
	return cp, fetches, true
}
