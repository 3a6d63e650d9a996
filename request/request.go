// Package request holds what one HTTP request carries through the layers: its id and the
// caller it authenticated as. The HTTP layer (package httpapi) sets them; the GraphQL layer
// and the logs read them. One accessor each.
package request

import (
	"context"

	"github.com/skillgraph/skillgraph/domain"
)

type idKey struct{}
type principalKey struct{}

// WithID returns ctx carrying the request's id.
func WithID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, idKey{}, id)
}

// ID returns the request's id, or "" outside a request.
func ID(ctx context.Context) string {
	id, _ := ctx.Value(idKey{}).(string)
	return id
}

// BadToken stands for the caller of a request that presented a token no configuration has.
var BadToken = &domain.Principal{}

// WithPrincipal returns ctx carrying the caller (BadToken for an unknown token).
func WithPrincipal(ctx context.Context, p *domain.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// Principal returns the caller the request authenticated as, or nil (an unknown token, too).
func Principal(ctx context.Context) *domain.Principal {
	p, _ := ctx.Value(principalKey{}).(*domain.Principal)
	if p == BadToken {
		return nil
	}
	return p
}

// PresentedBadToken reports whether the request presented a token no configuration has.
func PresentedBadToken(ctx context.Context) bool {
	p, _ := ctx.Value(principalKey{}).(*domain.Principal)
	return p == BadToken
}
