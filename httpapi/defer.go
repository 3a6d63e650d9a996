package httpapi

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/domain"
)

// @defer works over incremental delivery: a client that accepts multipart/mixed (POST, as
// Apollo Client and graphql-http clients send it) gets the deferred fragments in later
// parts (gqlgen's transport.MultipartMixed). Any other transport can send one response
// only, and gqlgen's would send the first part and drop the rest (a non-null field null,
// hasNext: true, nothing after), so an operation that defers anything is refused there with
// DEFER_NEEDS_MULTIPART before it runs.

type streamingKey struct{}

// withStreaming notes whether the request's transport delivers incrementally.
func withStreaming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (transport.MultipartMixed{}).Supports(r) {
			r = r.WithContext(context.WithValue(r.Context(), streamingKey{}, true))
		}
		next.ServeHTTP(w, r)
	})
}

// deferNeedsStream refuses an operation that defers a fragment on a transport that cannot
// deliver it.
func deferNeedsStream(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx)
	if streaming, _ := ctx.Value(streamingKey{}).(bool); streaming || op == nil || op.Operation == nil ||
		!defers(op, op.Operation.SelectionSet, map[string]bool{}) {
		return next(ctx)
	}
	infoFrom(ctx).set(func(i *reqInfo) { i.outcome, i.requestError = domain.EDEFERMULTIPART, true })
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
		Message:    "@defer needs incremental delivery: send the request as POST with Accept: multipart/mixed",
		Extensions: map[string]any{"code": domain.EDEFERMULTIPART},
	}}})
}

// defers reports whether a selection set defers a fragment (an @defer whose `if` is not
// false), following fragment spreads once each.
func defers(op *graphql.OperationContext, sel ast.SelectionSet, seen map[string]bool) bool {
	on := func(ds ast.DirectiveList) bool {
		d := ds.ForName("defer")
		if d == nil {
			return false
		}
		b, isBool := d.ArgumentMap(op.Variables)["if"].(bool)
		return !isBool || b
	}
	for _, s := range sel {
		switch x := s.(type) {
		case *ast.Field:
			if defers(op, x.SelectionSet, seen) {
				return true
			}
		case *ast.InlineFragment:
			if on(x.Directives) || defers(op, x.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if on(x.Directives) {
				return true
			}
			if !seen[x.Name] && x.Definition != nil {
				seen[x.Name] = true
				if defers(op, x.Definition.SelectionSet, seen) {
					return true
				}
			}
		}
	}
	return false
}
