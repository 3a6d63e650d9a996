package domain

import (
	"context"
	"fmt"
)

// RelPager loads the page a relationship field of one node asks for (ctx is the field's:
// the GraphQL layer reads its arguments there). The GraphQL layer puts one in each
// request's context (its per-request loaders, WithRelPager); the kinds' generated
// relationship methods (rels.generated.go: Role.Skills, ...), which gqlgen binds the
// relationship fields to, call it.
type RelPager interface {
	RelPage(ctx context.Context, rel Rel, parentID string) (*Page, error)
}

type relPagerKey struct{}

// WithRelPager returns ctx with p, which answers the relationship fields of its request.
func WithRelPager(ctx context.Context, p RelPager) context.Context {
	return context.WithValue(ctx, relPagerKey{}, p)
}

// relPage loads a page of the relationship field rel of the node parentID through the
// request's RelPager.
func relPage(ctx context.Context, rel Rel, parentID string) (*Page, error) {
	p, _ := ctx.Value(relPagerKey{}).(RelPager)
	if p == nil {
		return nil, fmt.Errorf("domain: %s read outside a request: no RelPager in the context", rel)
	}
	return p.RelPage(ctx, rel, parentID)
}
