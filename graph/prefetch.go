package graph

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/domain"
)

// Selection-driven prefetch: a root resolver (role, roles, search, ...) walks the GraphQL
// selection below the nodes it returns, turns the relationship fields in it into a tree of
// domain.Fetch (each with the arguments its resolver will use, shaped by what the selection
// shows: counts only, which properties), loads the whole tree in one Cypher query and
// primes the request's loaders with every page. A node root (role, ...) and a list root
// (roles, ...) load the tree in their own query (Graph.NodeWith, Graph.ListWith); search
// results in a second one (Graph.Fetch). The field resolvers then find their pages in the
// loader cache: deterministically, and without waiting on a batching timer.
// Ranked fields (similarRoles, adjacentSkills) have queries of their own: each loads after
// the tree, for all the nodes of its level at once, and starts a tree below its items.
// Anything not prefetched still goes through the loaders, which batch.

// relField is a relationship field: what it loads and the GraphQL type of the far end.
type relField struct {
	rel   domain.Rel
	child string
}

// relFields are the relationship fields of each node type (domain.Model).
var relFields = func() map[string]map[string]relField {
	out := map[string]map[string]relField{}
	for k, n := range domain.Model.Nodes {
		out[string(k)] = map[string]relField{}
		for name, rm := range n.Rels {
			out[string(k)][name] = relField{rm.Rel, string(rm.Child)}
		}
	}
	return out
}()

// maxPrefetchDepth bounds the walk; deeper fields fall back to the loaders.
const maxPrefetchDepth = 8

// prefetchBelow loads the relationship fields selected below the nodes ids, the whole tree
// in one query (Graph.Fetch), then the ranked fields found in it (loadRanked).
func (r *Resolver) prefetchBelow(ctx context.Context, l *Loaders, typ string, ids []string, sel ast.SelectionSet, depth int) {
	fetches, ranked := r.planTree(ctx, typ, sel, depth)
	if len(fetches) > 0 {
		if err := r.Graph.Fetch(ctx, domain.Kind(typ), ids, fetches); err != nil {
			return // the field resolvers retry through the loaders and report
		}
		primeTree(l, fetches)
	}
	r.loadRanked(ctx, l, ids, ranked)
}

// loadRanked loads the ranked fields (similarRoles, adjacentSkills) met in a tree below the
// nodes ids: their own queries, one per field and level for all its nodes, which go on
// below the nodes they return as prefetchBelow does.
func (r *Resolver) loadRanked(ctx context.Context, l *Loaders, ids []string, ranked []rankedAt) {
	var wg sync.WaitGroup
	for _, rk := range ranked {
		nodes := ids
		if rk.below != nil {
			nodes = nodeIDs(rk.below)
		}
		if len(nodes) == 0 {
			continue
		}
		wg.Add(1)
		go func() { // independent of each other: a level costs its slowest, not the sum
			defer wg.Done()
			r.prefetchRanked(ctx, l, rk.typ, nodes, rk.field, rk.depth)
		}()
	}
	wg.Wait()
}

// relFetch is the Fetch of the relationship field f (rf): its arguments as its resolver
// will take them, shaped by its selection as the resolver will shape them.
func (r *Resolver) relFetch(ctx context.Context, rf relField, f graphql.CollectedField) (*domain.Fetch, error) {
	argMap := f.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
	args, err := r.opListArgs(ctx, "", rf.rel, f.Definition, argMap)
	if err != nil {
		return nil, err
	}
	shapeFor(ctx, f.Selections, f.Definition.Type.Name(), &args)
	return &domain.Fetch{Rel: rf.rel, Args: args}, nil
}

// nodeIDs are the nodes on every page of a loaded Fetch, once each.
func nodeIDs(f *domain.Fetch) []string {
	var ids []string
	for _, page := range f.Pages {
		for _, e := range page.Edges {
			ids = append(ids, domain.IDOf(e.Node))
		}
	}
	return dedupe(ids)
}

// primeTree puts every page of a loaded Fetch tree in the request's loaders.
func primeTree(l *Loaders, fetches []*domain.Fetch) {
	for _, f := range fetches {
		ak := l.register(f.Args)
		for id, page := range f.Pages {
			l.rel(f.Rel).Prime(pageKey{id, ak}, page)
		}
		primeTree(l, f.Children)
	}
}

// isRanked reports whether a field is one of the ranked per-parent fields, which have
// queries of their own rather than a place in a Fetch tree.
func isRanked(typ, field string) bool {
	n := domain.Model.Nodes[domain.Kind(typ)]
	return n != nil && n.Ranked[field]
}

// prefetchRanked prefetches a ranked per-parent field (Role.similarRoles,
// Skill.adjacentSkills) for the nodes ids and below the roles or skills it returns.
func (r *Resolver) prefetchRanked(ctx context.Context, l *Loaders, typ string, ids []string, f graphql.CollectedField, depth int) {
	if r.Insights == nil || l.in == nil {
		return
	}
	switch typ {
	case "Role":
		prefetchRankedField(ctx, r, l, l.similarLoader(), r.Insights.SimilarRoles, ids, f, depth, "SimilarRole", "role", "Role",
			func(s domain.SimilarRole) string { return s.Role.ID })
	case "Skill":
		prefetchRankedField(ctx, r, l, l.adjacentLoader(), r.Insights.SkillAdjacency, ids, f, depth, "SkillAdjacency", "skill", "Skill",
			func(a domain.Adjacency) string { return a.Skill.ID })
	}
}

// prefetchRankedField loads one ranked field f for all ids, primes its loader, and goes on
// below the nodes in each item's field named child (of type childType).
func prefetchRankedField[T any](ctx context.Context, r *Resolver, l *Loaders, loader rankedLoader[T],
	load func(context.Context, []string, int) (map[string][]T, error), ids []string, f graphql.CollectedField, depth int,
	itemType, child, childType string, childID func(T) string) {
	first, err := r.listFirst(IntArg(f.ArgumentMap(graphql.GetOperationContext(ctx).Variables)["first"]))
	if err != nil {
		return // the field's resolver reports it, at the right path
	}
	res, err := load(ctx, ids, first)
	if err != nil {
		return // likewise: the resolver retries through the loader and reports
	}
	var childIDs []string
	for _, id := range ids {
		loader.Prime(listKey{id, first}, res[id])
		for _, item := range res[id] {
			childIDs = append(childIDs, childID(item))
		}
	}
	if len(childIDs) > 0 {
		r.prefetchBelow(ctx, l, childType, dedupe(childIDs), childSelections(ctx, f.Selections, itemType, child), depth+1)
	}
}

// prefetchSearch prefetches below the nodes of search results (nodeSel: the selection on
// them), per kind.
func (r *Resolver) prefetchSearch(ctx context.Context, hits []*domain.SearchHit, nodeSel ast.SelectionSet) {
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	if l == nil || len(nodeSel) == 0 {
		return
	}
	for k, ids := range idsByKind(hits) {
		r.prefetchBelow(ctx, l, string(k), ids, nodeSel, 0)
	}
}

// idsByKind groups the ids of search hits by kind, once each.
func idsByKind(hits []*domain.SearchHit) map[domain.Kind][]string {
	byKind := map[domain.Kind][]string{}
	for _, h := range hits {
		byKind[h.Kind] = append(byKind[h.Kind], domain.IDOf(h.Node))
	}
	for k, ids := range byKind {
		byKind[k] = dedupe(ids)
	}
	return byKind
}

// nodeSelections merges the selections of connection { edges { node { ... } } } for every
// edges and node field (aliases included).
func nodeSelections(ctx context.Context, conn ast.SelectionSet, connType string) ast.SelectionSet {
	op := graphql.GetOperationContext(ctx)
	var parts []ast.SelectionSet
	for _, edges := range graphql.CollectFields(op, conn, []string{connType}) {
		if edges.Name == "edges" {
			parts = append(parts, childSelections(ctx, edges.Selections, edges.Definition.Type.Name(), "node"))
		}
	}
	return merged(ctx, parts)
}

// childSelections merges the selections of every field called name (aliases included) in
// sel, a selection on typ.
func childSelections(ctx context.Context, sel ast.SelectionSet, typ, name string) ast.SelectionSet {
	var parts []ast.SelectionSet
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), sel, []string{typ}) {
		if f.Name == name {
			parts = append(parts, f.Selections)
		}
	}
	return merged(ctx, parts)
}

// merged joins selection sets. gqlgen caches CollectFields for the operation by the address
// of the selection set, so a set made here must not be freed (and its address reused by
// another) while the request runs: the common case, one set, is returned as it is in the
// document; a merged one is kept alive by the request's loaders.
func merged(ctx context.Context, parts []ast.SelectionSet) ast.SelectionSet {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	var out ast.SelectionSet
	for _, p := range parts {
		out = append(out, p...)
	}
	if l, _ := ctx.Value(loadersKey{}).(*Loaders); l != nil {
		l.keep(out)
	}
	return out
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// IntArg reads an Int argument as literal (int64) or variable (json.Number, int, float64).
func IntArg(v any) *int {
	var n int
	switch x := v.(type) {
	case int64:
		n = int(x)
	case int:
		n = x
	case float64:
		n = int(x)
	case json.Number:
		i, err := x.Int64()
		if err != nil {
			return nil
		}
		n = int(i)
	default:
		return nil
	}
	return &n
}

func strArg(v any) *string {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	return &s
}
