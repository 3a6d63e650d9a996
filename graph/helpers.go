package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/domain"
)

// edgeNode gives an edge's node its GraphQL type. A mismatch is a bug in the store's
// relationship table, reported as an internal error rather than a panic.
func edgeNode[T domain.Entity](e *domain.Edge) (T, error) {
	n, ok := e.Node.(T)
	if !ok {
		var zero T
		return zero, fmt.Errorf("edge node is %T, want %T", e.Node, zero)
	}
	return n, nil
}

// list pages through one kind.
func (r *Resolver) list(ctx context.Context, k domain.Kind, first *int, after *string) (*domain.Page, error) {
	args, err := r.pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	page, err := r.Graph.List(ctx, k, args)
	if err == nil {
		r.prefetchConnection(ctx, string(k), page)
	}
	return page, err
}

// search applies the paging limits to a full-text search.
func (r *Resolver) search(ctx context.Context, query string, kinds []domain.Kind, first *int) ([]*domain.SearchHit, error) {
	args, err := r.pageArgs(first, nil)
	if err != nil {
		return nil, err
	}
	hits, err := r.Graph.Search(ctx, query, kinds, args.First)
	if err != nil {
		return nil, err
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		byKind := map[domain.Kind][]string{}
		for _, h := range hits {
			byKind[h.Kind] = append(byKind[h.Kind], domain.IDOf(h.Node))
		}
		var nodeSel ast.SelectionSet
		for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, []string{"SearchResult"}) {
			if f.Name == "node" {
				nodeSel = append(nodeSel, f.Selections...)
			}
		}
		for k, ids := range byKind {
			r.prefetchNodes(ctx, string(k), ids, nodeSel)
		}
	}
	return hits, nil
}

// node returns what get returns and prefetches below it.
func node[T domain.Entity](ctx context.Context, r *Resolver, typ string, id string, get func(context.Context, string) (T, error)) (T, error) {
	n, err := get(ctx, id)
	if err == nil && domain.IDOf(n) != "" {
		r.prefetchNode(ctx, typ, id)
	}
	return n, err
}
