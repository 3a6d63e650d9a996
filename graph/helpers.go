package graph

import (
	"context"
	"fmt"

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
	return r.Graph.List(ctx, k, args)
}

// search applies the paging limits to a full-text search.
func (r *Resolver) search(ctx context.Context, query string, kinds []domain.Kind, first *int) ([]*domain.SearchHit, error) {
	args, err := r.pageArgs(first, nil)
	if err != nil {
		return nil, err
	}
	return r.Graph.Search(ctx, query, kinds, args.First)
}
