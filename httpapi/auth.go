package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/request"
)

// Authentication: bearer tokens configured on the server, kept only as SHA-256 hashes, each
// with a name (recorded as provenance of its writes) and scopes. A presented token is hashed
// and compared with every configured hash in constant time.

// Token is one configured API token.
type Token struct {
	Name   string
	Scopes []string
	Hash   [sha256.Size]byte
}

// Auth says which tokens exist and whether reading needs one (writing always does).
type Auth struct {
	Tokens      []Token
	RequireRead bool
}

// HashToken returns the hex SHA-256 of a token secret: what the configuration holds.
func HashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// ParseTokens reads a token list: comma-separated name:scopes:sha256hex entries, scopes
// joined by "+" (read, write), e.g. "dashboard:read:9f86...,editor:read+write:60303...".
func ParseTokens(spec string) ([]Token, error) {
	var out []Token
	for _, entry := range strings.Split(spec, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		parts := strings.Split(entry, ":")
		if len(parts) != 3 || parts[0] == "" {
			return nil, fmt.Errorf("token entry %q: want name:scopes:sha256hex", redact(entry))
		}
		t := Token{Name: parts[0]}
		for _, s := range strings.Split(parts[1], "+") {
			if s != domain.ScopeRead && s != domain.ScopeWrite {
				return nil, fmt.Errorf("token %q: unknown scope %q (want read or write)", t.Name, s)
			}
			t.Scopes = append(t.Scopes, s)
		}
		h, err := hex.DecodeString(parts[2])
		if err != nil || len(h) != sha256.Size {
			return nil, fmt.Errorf("token %q: the hash must be 64 hex digits (the SHA-256 of the secret; see `skillgraph hash-token`)", t.Name)
		}
		copy(t.Hash[:], h)
		if slices.ContainsFunc(out, func(o Token) bool { return o.Name == t.Name }) {
			return nil, fmt.Errorf("token %q is configured twice", t.Name)
		}
		out = append(out, t)
	}
	return out, nil
}

// redact keeps an entry's name only, for error messages.
func redact(entry string) string {
	name, _, _ := strings.Cut(entry, ":")
	return name + ":..."
}

// withAuth authenticates the bearer token of each request, if any.
func withAuth(tokens []Token, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := request.WithPrincipal(r.Context(), request.BadToken)
		scheme, secret, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") && secret != "" {
			if p := lookup(tokens, secret); p != nil {
				ctx = request.WithPrincipal(r.Context(), p)
				infoFrom(ctx).set(func(i *reqInfo) { i.client = p.Name })
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// lookup compares the secret's hash with every token's, without stopping at a match, so the
// time taken does not tell which (or whether one) matched.
func lookup(tokens []Token, secret string) *domain.Principal {
	sum := sha256.Sum256([]byte(secret))
	var found *domain.Principal
	for i := range tokens {
		if subtle.ConstantTimeCompare(sum[:], tokens[i].Hash[:]) == 1 {
			found = &domain.Principal{Name: tokens[i].Name, Scopes: tokens[i].Scopes}
		}
	}
	return found
}

// authorize refuses, before any resolver runs, an operation the caller may not run: a
// mutation without the write scope, a query without the read scope when reads need a
// token, anything with an unknown token.
func authorize(auth Auth) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx)
		if op == nil || op.Operation == nil {
			return next(ctx)
		}
		need := ""
		switch {
		case op.Operation.Operation == ast.Mutation:
			need = domain.ScopeWrite
		case auth.RequireRead:
			need = domain.ScopeRead
		}
		bad := request.PresentedBadToken(ctx)
		p := request.Principal(ctx)
		var err *gqlerror.Error
		switch {
		case bad:
			err = authError(domain.EUNAUTHENTICATED, "the bearer token is not valid")
		case need == "":
		case p == nil:
			err = authError(domain.EUNAUTHENTICATED, fmt.Sprintf("this operation needs a bearer token with the %s scope", need))
		case !p.Can(need):
			err = authError(domain.EFORBIDDEN, fmt.Sprintf("token %q lacks the %s scope", p.Name, need))
		}
		if err != nil {
			// Refused before it ran: a request error (no data entry), logged and counted
			// with its code; the response interceptors do not see this response.
			infoFrom(ctx).set(func(i *reqInfo) {
				i.operation, i.outcome, i.requestError = op.OperationName, err.Extensions["code"].(string), true
				if i.operation == "" {
					i.operation = op.Operation.Name
				}
			})
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{err}})
		}
		return next(ctx)
	}
}

func authError(code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}
