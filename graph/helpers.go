package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/vikstrous/dataloadgen"

	"github.com/skillgraph/skillgraph/domain"
)

// list pages through one kind, with the relationship fields selected below its nodes loaded
// in the same query (Graph.ListWith) and primed, then the ranked fields below them.
func (r *Resolver) list(ctx context.Context, k domain.Kind, where, orderBy any, in pageIn) (*domain.Page, error) {
	args, err := r.listArgs(string(k), "", where, orderBy, in)
	if err != nil {
		return nil, err
	}
	shapeArgs(ctx, &args)
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	fc := graphql.GetFieldContext(ctx)
	if l == nil || fc == nil {
		return r.Graph.List(ctx, k, args)
	}
	fetches, ranked := r.planTree(ctx, string(k), nodeSelections(ctx, fc.Field.Selections, fc.Field.Definition.Type.Name()), 0)
	page, err := r.Graph.ListWith(ctx, k, args, fetches)
	if domain.ErrorCode(err) == domain.EINVALID && len(fetches) > 0 {
		// Refused before any query: the list's own arguments, which List refuses again, or a
		// nested field's (a bad cursor), left to that field's resolver to report at its path.
		return r.Graph.List(ctx, k, args)
	}
	if err != nil {
		return nil, err
	}
	primeTree(l, fetches)
	ids := make([]string, len(page.Edges))
	for i, e := range page.Edges {
		ids[i] = domain.IDOf(e.Node)
	}
	r.loadRanked(ctx, l, ids, ranked)
	return page, nil
}

// search applies the paging limits to a full-text search.
func (r *Resolver) search(ctx context.Context, query string, kinds []domain.Kind, first *int) ([]*domain.SearchHit, error) {
	args, err := r.pageArgs(first, nil)
	if err != nil {
		return nil, err
	}
	var nodeSel ast.SelectionSet
	var props []string // nil outside a request: all properties
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		nodeSel = childSelections(ctx, fc.Field.Selections, "SearchResult", "node")
		props = nodeProps(ctx, nodeSel)
	}
	hits, err := r.Graph.Search(ctx, query, kinds, args.First, props)
	if err == nil && nodeSel != nil {
		r.prefetchSearch(ctx, hits, nodeSel)
	}
	return hits, err
}

// node returns the node of type typ with id, with the relationship fields selected below
// it loaded and primed: one query for the node and its tree (Graph.NodeWith). Without a
// tree, the node is loaded at the same time as the ranked fields below it (which do not
// depend on it: the fields below a node that does not exist are never resolved).
func node[T domain.Entity](ctx context.Context, r *Resolver, typ string, id string, get func(context.Context, string) (T, error)) (T, error) {
	var n T
	id, err := domain.SlugOf(domain.Kind(typ), "id", id)
	if err != nil {
		return n, err
	}
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	fc := graphql.GetFieldContext(ctx)
	if l == nil || fc == nil {
		return get(ctx, id)
	}
	fetches, ranked := r.planTree(ctx, typ, fc.Field.Selections, 0)
	props := nodeProps(ctx, fc.Field.Selections)
	if len(fetches) == 0 {
		done := make(chan struct{})
		go func() {
			defer close(done)
			r.loadRanked(ctx, l, []string{id}, ranked)
		}()
		e, err := r.Graph.NodeWith(ctx, domain.Kind(typ), id, props, nil)
		<-done
		n, _ = e.(T)
		return n, err
	}
	e, err := r.Graph.NodeWith(ctx, domain.Kind(typ), id, props, fetches)
	if domain.ErrorCode(err) == domain.EINVALID {
		// A field's arguments (a bad cursor) refused before any query: left to get and
		// the field resolvers, which report the error at that field's path.
		return get(ctx, id)
	}
	if err != nil || e == nil {
		return n, err
	}
	primeTree(l, fetches)
	r.loadRanked(ctx, l, []string{id}, ranked)
	n, _ = e.(T)
	return n, nil
}

// nodeByID is Query.node: the node a global id names, loaded as role(id:) and the others
// load theirs, with the tree below it.
func (r *Resolver) nodeByID(ctx context.Context, id string) (domain.Entity, error) {
	k, slug, err := domain.ParseGlobalID("id", id)
	if err != nil {
		return nil, err
	}
	return node(ctx, r, string(k), slug, func(ctx context.Context, slug string) (domain.Entity, error) {
		e, err := r.Graph.Nodes(ctx, []domain.NodeRef{{Kind: k, Slug: slug}}, nil)
		if err != nil {
			return nil, err
		}
		return e[0], nil
	})
}

// nodesByID is Query.nodes: every node in one query, null in place of an id that names
// none; the fields below them load through the request's loaders, one query per field.
func (r *Resolver) nodesByID(ctx context.Context, ids []string) ([]domain.Entity, error) {
	if len(ids) > r.Limits.MaxFirst {
		return nil, domain.InvalidField("ids", "%d ids; at most %d", len(ids), r.Limits.MaxFirst)
	}
	refs := make([]domain.NodeRef, len(ids))
	for i, id := range ids {
		k, slug, err := domain.ParseGlobalID(fmt.Sprintf("ids[%d]", i), id)
		if err != nil {
			return nil, err
		}
		refs[i] = domain.NodeRef{Kind: k, Slug: slug}
	}
	var props []string // nil outside a request: all properties
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		props = nodeProps(ctx, fc.Field.Selections)
	}
	return r.Graph.Nodes(ctx, refs, props)
}

// startOf reads neighborhood's start: a global id names its kind (kind, when given, must
// agree); a slug keeps the kind given, if any.
func startOf(id string, kind domain.Kind) (domain.Kind, string, error) {
	if !strings.Contains(id, ":") {
		return kind, id, nil
	}
	k, slug, err := domain.ParseGlobalID("id", id)
	if err != nil {
		return "", "", err
	}
	if kind != "" && kind != k {
		return "", "", domain.InvalidField("kind", "kind %s contradicts the id %q", kindEnum[kind], id)
	}
	return k, slug, nil
}

// listFirst applies the default and maximum of first to a ranked list.
func (r *Resolver) listFirst(first *int) (int, error) {
	args, err := r.pageArgs(first, nil)
	return args.First, err
}

func firstOr(v *int, def int) int {
	if v == nil {
		return def
	}
	return *v
}

func kindOr(k *domain.Kind) domain.Kind {
	if k == nil {
		return ""
	}
	return *k
}

// similarRoles and adjacentSkills load through the request's loaders, so a list of roles
// or skills costs one query.
func (r *Resolver) similarRoles(ctx context.Context, id string, first *int) ([]*domain.SimilarRole, error) {
	return rankedLoad(ctx, r, id, first, func(l *Loaders) rankedLoader[domain.SimilarRole] { return l.similarLoader() }, r.Insights.SimilarRoles)
}

func (r *Resolver) adjacentSkills(ctx context.Context, id string, first *int) ([]*domain.Adjacency, error) {
	return rankedLoad(ctx, r, id, first, func(l *Loaders) rankedLoader[domain.Adjacency] { return l.adjacentLoader() }, r.Insights.SkillAdjacency)
}

type rankedLoader[T any] = *dataloadgen.Loader[listKey, []T]

// rankedLoad loads one parent's ranked list through its loader, or directly when the
// request has no loaders.
func rankedLoad[T any](ctx context.Context, r *Resolver, id string, first *int, loader func(*Loaders) rankedLoader[T],
	direct func(context.Context, []string, int) (map[string][]T, error)) ([]*T, error) {
	n, err := r.listFirst(first)
	if err != nil {
		return nil, err
	}
	if l, _ := ctx.Value(loadersKey{}).(*Loaders); l != nil && loader(l) != nil {
		return ptrsErr(loader(l).Load(ctx, listKey{id, n}))
	}
	res, err := direct(ctx, []string{id}, n)
	return ptrs(res[id]), err
}

func ptrs[T any](xs []T) []*T {
	out := make([]*T, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}

func ptrsErr[T any](xs []T, err error) ([]*T, error) { return ptrs(xs), err }
