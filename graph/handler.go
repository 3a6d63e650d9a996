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
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph/generated"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/web"
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
	QueryLimits  QueryLimits
	// RequestTimeout bounds each GraphQL request (0: none).
	RequestTimeout time.Duration
	RateLimit      RateLimit
	// DisableIntrospection and DisablePlayground are for production deployments.
	DisableIntrospection bool
	DisablePlayground    bool
	// Ready backs /readyz (nil: always ready).
	Ready func(context.Context) error
	// Metrics, if set, are counted and served at /metrics.
	Metrics *metrics.Metrics
	// ExecutorOnly sends every query through gqlgen's executor, none through direct
	// execution (direct.go): tests compare the two.
	ExecutorOnly bool
}

// NewHandler returns the whole HTTP surface: the GraphQL API at /graphql, the GraphiQL
// playground at / and the graph explorer at /explore (package web), /healthz, /readyz and
// /metrics.
func NewHandler(cfg HandlerConfig) http.Handler {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	res := &Resolver{Graph: cfg.Graph, Insights: cfg.Insights, Extract: cfg.Extractor, Writer: cfg.Writer, Limits: cfg.Limits}
	es := costed{generated.NewExecutableSchema(generated.Config{Resolvers: res}), cfg.Limits}
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.MultipartMixed{}) // before POST: @defer's incremental delivery (defer.go)
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	if !cfg.DisableIntrospection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(shapeLimit{cfg.QueryLimits}) // before the complexity walk, which it bounds
	if cfg.QueryLimits.MaxComplexity > 0 {
		srv.Use(extension.FixedComplexityLimit(cfg.QueryLimits.MaxComplexity))
	}
	srv.Use(responseInfo{})
	if !cfg.ExecutorOnly {
		srv.Use(direct{res, cfg.Metrics, log}) // innermost: responseInfo sees its answers too
	}
	srv.AroundOperations(authorize(cfg.Auth))
	srv.AroundOperations(deferNeedsStream)
	srv.SetErrorPresenter(errorPresenter(log))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.Error("panic in resolver", "request_id", RequestID(ctx), "panic", p, "stack", string(debug.Stack()))
		return &domain.Error{Code: domain.EINTERNAL, Message: "internal error"}
	})

	api := withAuth(cfg.Auth.Tokens, withRateLimit(cfg.RateLimit, withTimeout(cfg.RequestTimeout, withStreaming(WithLoaders(cfg.Graph, cfg.Insights, srv)))))
	if cfg.MaxBodyBytes > 0 {
		api = limitBody(cfg.MaxBodyBytes, api)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", transportErrors(api))
	if !cfg.DisablePlayground {
		web.Register(mux) // the playground at / and the explorer at /explore
	}
	if !cfg.DisableIntrospection {
		mux.HandleFunc("GET /schema.graphql", serveSDL)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	})
	ready := cfg.Ready
	if ready == nil {
		ready = func(context.Context) error { return nil }
	}
	mux.HandleFunc("GET /readyz", readyz(ready))
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", cfg.Metrics.Handler())
	}
	c := cors.New(cors.Options{
		AllowedOrigins: cfg.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-Request-ID"},
		ExposedHeaders: []string{"X-Request-ID"},
	})
	return withRequestID(observe(log, cfg.Metrics, c.Handler(mux)))
}

// codeBadRequest marks a request the transport could not read; codeCancelled one whose
// client went away before the answer.
const (
	codeBadRequest = "BAD_REQUEST"
	codeCancelled  = "CANCELLED"
)

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
		if errors.As(err, &ge) && ge.Err == nil && !graphql.HasOperationContext(ctx) {
			// The transport could not read the request (bad JSON, body cut at the size
			// limit). Its message ends with the whole body, which is not repeated back.
			gqlErr.Message, _, _ = strings.Cut(gqlErr.Message, " body:")
			gqlErr.Extensions["code"] = codeBadRequest
			return gqlErr
		}
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			// The client went away (or the server is stopping): nothing went wrong here.
			gqlErr.Message = "request cancelled"
			gqlErr.Extensions["code"] = codeCancelled
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
			writeError(w, http.StatusRequestEntityTooLarge, domain.EINVALID, fmt.Sprintf("request body is larger than %d bytes", n))
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
