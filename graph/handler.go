package graph

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/domain"
)

// HandlerConfig is what the HTTP API needs.
type HandlerConfig struct {
	Graph          domain.Graph
	Insights       domain.Insights
	Extractor      domain.Extractor
	Writer         domain.Writer // nil: mutations fail with UNAVAILABLE
	Auth           Auth
	Limits         Limits
	AllowedOrigins []string // CORS; "*" allows any origin
	Logger         *slog.Logger
	// MaxBodyBytes bounds a request body; larger requests get 413.
	MaxBodyBytes int64
}

// NewHandler returns the whole HTTP surface: the GraphQL API at /graphql, the GraphiQL
// playground at /, and /healthz.
func NewHandler(cfg HandlerConfig) http.Handler {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	srv := handler.New(NewExecutableSchema(Config{Resolvers: &Resolver{Graph: cfg.Graph, Insights: cfg.Insights, Extract: cfg.Extractor, Writer: cfg.Writer, Limits: cfg.Limits}}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.AroundOperations(authorize(cfg.Auth))
	srv.SetErrorPresenter(errorPresenter(log))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.Error("panic in resolver", "request_id", RequestID(ctx), "panic", p, "stack", string(debug.Stack()))
		return &domain.Error{Code: domain.EINTERNAL, Message: "internal error"}
	})

	api := withAuth(cfg.Auth.Tokens, WithLoaders(cfg.Graph, cfg.Insights, srv))
	if cfg.MaxBodyBytes > 0 {
		api = limitBody(cfg.MaxBodyBytes, api)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
	mux.Handle("GET /{$}", playground.Handler("skillgraph", "/graphql"))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	c := cors.New(cors.Options{
		AllowedOrigins: cfg.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-Request-ID"},
		ExposedHeaders: []string{"X-Request-ID"},
	})
	return withRequestID(c.Handler(mux))
}

// errorPresenter maps errors to GraphQL errors in one place: a *domain.Error keeps its
// message and gets its code in extensions.code; gqlgen's own parse and validation errors
// keep theirs; anything else is internal: logged with the request id, shown generically.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		var de *domain.Error
		if errors.As(err, &de) {
			gqlErr.Message = de.Message
			gqlErr.Extensions["code"] = de.Code
			if de.Field != "" {
				gqlErr.Extensions["field"] = de.Field
			}
			if de.Code == domain.EUNAVAILABLE || de.Code == domain.EINTERNAL {
				log.Warn("request failed", "request_id", RequestID(ctx), "code", de.Code, "path", gqlErr.Path.String(), "err", err)
				gqlErr.Extensions["requestId"] = RequestID(ctx)
			}
			return gqlErr
		}
		if _, ok := gqlErr.Extensions["code"]; ok { // parse, validation and coercion errors
			return gqlErr
		}
		var ge *gqlerror.Error
		if errors.As(err, &ge) && ge.Err == nil && ge.Rule != "" {
			return gqlErr
		}
		log.Error("internal error", "request_id", RequestID(ctx), "path", gqlErr.Path.String(), "err", err)
		gqlErr.Message = "internal error"
		gqlErr.Extensions["code"] = domain.EINTERNAL
		gqlErr.Extensions["requestId"] = RequestID(ctx)
		return gqlErr
	}
}

// limitBody answers 413 to a body larger than n bytes. A declared length is checked before
// reading; a chunked body is cut off at n bytes, which the transport reports as a bad request.
func limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			fmt.Fprintf(w, `{"errors":[{"message":"request body is larger than %d bytes","extensions":{"code":"BAD_USER_INPUT"}}]}`, n)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

type requestIDKey struct{}

// requestIDRE is what an incoming X-Request-ID may look like; anything else is replaced.
var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequestID gives every request an id (the client's X-Request-ID when it is sane),
// echoes it back, and puts it in the context for logs and error extensions.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !requestIDRE.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// RequestID returns the request's id, or "" outside a request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
