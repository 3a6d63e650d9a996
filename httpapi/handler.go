package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/skillgraph/skillgraph/cache"
	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/generated"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/request"
	"github.com/skillgraph/skillgraph/web"
)

// HandlerConfig is what the HTTP API needs.
type HandlerConfig struct {
	Graph          domain.Graph
	Insights       domain.Insights
	Extractor      domain.Extractor
	Writer         domain.Writer // nil: mutations fail with UNAVAILABLE
	Auth           Auth
	Limits         graph.Limits
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
	// Cache, if set, answers repeated queries and gives their responses an ETag (cache.go).
	Cache *cache.Cache
	// CacheControl is the Cache-Control header of a query's response (empty: none); every
	// other response is no-store.
	CacheControl string
}

// NewHandler returns the whole HTTP surface: the GraphQL API at /graphql, the GraphiQL
// playground at / and the graph explorer at /explore (package web), /healthz, /readyz and
// /metrics.
func NewHandler(cfg HandlerConfig) http.Handler {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	res := &graph.Resolver{Graph: cfg.Graph, Insights: cfg.Insights, Extract: cfg.Extractor, Writer: cfg.Writer, Limits: cfg.Limits}
	es := lazyQueries{costed{generated.NewExecutableSchema(generated.Config{Resolvers: res}), cfg.Limits}}
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(rawData{transport.GET{}})
	srv.AddTransport(transport.MultipartMixed{}) // before POST: @defer's incremental delivery (defer.go)
	srv.AddTransport(rawData{transport.POST{}})
	docs := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(docs)
	// The pre-pass bounds the document before it is parsed, validated, or kept by APQ.
	srv.Use(prepass{limits: cfg.QueryLimits, noIntrospect: cfg.DisableIntrospection, auth: cfg.Auth, cache: docs})
	if cfg.QueryLimits.MaxTokens > 0 {
		// A backstop: the parser counts the tokens it consumes, at most the pre-pass's count
		// and the end of the document.
		srv.SetParserTokenLimit(cfg.QueryLimits.MaxTokens + 1)
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	if !cfg.DisableIntrospection {
		srv.Use(extension.Introspection{})
	} else {
		// A private schema: validation errors do not suggest names ("Did you mean ...").
		srv.SetDisableSuggestion(true)
		srv.SetValidationRulesFn(rulesWithoutSuggestions)
	}
	if cfg.QueryLimits.MaxFilterConditions > 0 {
		srv.Use(filterLimit{cfg.QueryLimits.MaxFilterConditions})
	}
	if cfg.QueryLimits.MaxComplexity > 0 {
		srv.Use(extension.FixedComplexityLimit(cfg.QueryLimits.MaxComplexity))
	}
	srv.Use(responseInfo{})
	if !cfg.ExecutorOnly {
		srv.Use(graph.Direct(res, cfg.Metrics, log)) // innermost: responseInfo sees its answers too
	}
	srv.AroundOperations(authorize(cfg.Auth))
	srv.AroundOperations(deferNeedsStream)
	srv.SetErrorPresenter(errorPresenter(log))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.Error("panic in resolver", "request_id", request.ID(ctx), "panic", p, "stack", string(debug.Stack()))
		return &domain.Error{Code: domain.EINTERNAL, Message: "internal error"}
	})

	api := withAuth(cfg.Auth.Tokens, withRateLimit(cfg.RateLimit, withCache(cfg.Cache, cfg.CacheControl,
		withTimeout(cfg.RequestTimeout, withStreaming(graph.WithLoaders(res, srv))))))
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
		if c := cfg.Cache; c != nil {
			cfg.Metrics.WatchCache(func() metrics.CacheStats {
				s := c.Stats()
				return metrics.CacheStats{Hits: s.Hits, Misses: s.Misses, Entries: int64(s.Entries), Bytes: s.Bytes}
			})
		}
		mux.Handle("GET /metrics", cfg.Metrics.Handler())
	}
	c := cors.New(cors.Options{
		AllowedOrigins: cfg.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-Request-ID", "If-None-Match"},
		ExposedHeaders: []string{"X-Request-ID", "ETag"},
	})
	return withRequestID(observe(log, cfg.Metrics, c.Handler(mux)))
}

// lazyQueries prepares gqlgen's execution of a query only when it is asked for its answer.
// gqlgen's executor calls Exec before the response interceptors run, and the generated Exec
// makes an execution context and a table of every input type's reader: a tenth of the
// allocations of a query that direct execution then answers itself. Mutations and
// subscriptions start as before.
type lazyQueries struct{ graphql.ExecutableSchema }

func (s lazyQueries) Exec(ctx context.Context) graphql.ResponseHandler {
	if op := graphql.GetOperationContext(ctx); op.Operation == nil || op.Operation.Operation != ast.Query {
		return s.ExecutableSchema.Exec(ctx)
	}
	var exec graphql.ResponseHandler
	return func(rctx context.Context) *graphql.Response {
		if exec == nil {
			exec = s.ExecutableSchema.Exec(ctx)
		}
		return exec(rctx)
	}
}

// rulesWithoutSuggestions are gqlparser's validation rules, each of those that would
// suggest a name ("Did you mean ...?") replaced by its variant that does not.
func rulesWithoutSuggestions() *rules.Rules {
	r := rules.NewDefaultRules()
	for _, alt := range []core.Rule{rules.FieldsOnCorrectTypeRuleWithoutSuggestions, rules.ScalarLeafsRuleWithoutSuggestions,
		rules.KnownArgumentNamesRuleWithoutSuggestions, rules.KnownTypeNamesRuleWithoutSuggestions,
		rules.ValuesOfCorrectTypeRuleWithoutSuggestions} {
		r.RemoveRule(strings.TrimSuffix(alt.Name, "WithoutSuggestions"))
		r.AddRule(alt.Name, alt.RuleFunc)
	}
	return r
}

// maxMessage bounds an error message: parse and validation errors quote the input (a value
// of the wrong type, a name), which must not come back whole.
const maxMessage = 300

// clip shortens msg to maxMessage bytes (on a character boundary), marking the cut.
func clip(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "... (cut)"
}

// errorPresenter maps errors to GraphQL errors in one place: a *domain.Error keeps its
// message and gets its code in extensions.code; gqlgen's own parse and validation errors
// keep theirs; anything else is internal: logged with the request id, shown generically.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	present := func(ctx context.Context, err error) *gqlerror.Error {
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
				log.Warn("request failed", "request_id", request.ID(ctx), "code", de.Code, "path", gqlErr.Path.String(), "err", err)
				gqlErr.Extensions["requestId"] = request.ID(ctx)
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
			gqlErr.Extensions["code"] = domain.EBADREQUEST
			return gqlErr
		}
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			// The client went away (or the server is stopping): nothing went wrong here.
			gqlErr.Message = "request cancelled"
			gqlErr.Extensions["code"] = domain.ECANCELLED
			return gqlErr
		}
		log.Error("internal error", "request_id", request.ID(ctx), "path", gqlErr.Path.String(), "err", err)
		gqlErr.Message = "internal error"
		gqlErr.Extensions["code"] = domain.EINTERNAL
		gqlErr.Extensions["requestId"] = request.ID(ctx)
		return gqlErr
	}
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := present(ctx, err)
		gqlErr.Message = clip(gqlErr.Message)
		return gqlErr
	}
}

// limitBody answers 413 to a body larger than n bytes. A declared length is checked before
// reading; a body of undeclared length (chunked) is read here, up to n bytes and one more.
func limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tooLarge := func() {
			writeError(w, domain.ETOOLARGE, fmt.Sprintf("request body is larger than %d bytes", n))
		}
		if r.ContentLength > n {
			tooLarge()
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		if r.ContentLength < 0 {
			body, err := io.ReadAll(r.Body)
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				tooLarge()
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			if err != nil {
				r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// errReader fails with err: a body that could not be read whole stays an error for the
// transport to report.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

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
		next.ServeHTTP(w, r.WithContext(request.WithID(r.Context(), id)))
	})
}
