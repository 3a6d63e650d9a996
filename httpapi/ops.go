package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/time/rate"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/request"
)

// reqInfo is what the layers of one request learn about it, for its log line, its metrics
// and its status code. Resolvers run concurrently, hence the lock.
type reqInfo struct {
	mu        sync.Mutex
	operation string
	outcome   string // "ok", or the code of the first error
	client    string // the token's name, when one was given
	// unavailable: every root field failed UNAVAILABLE, so the request as a whole gets 503.
	unavailable bool
	// requestError: the operation never ran (parse, validation, limits): no data entry.
	requestError bool
	// query: the operation that ran is a query (not a mutation): its answer may be cached.
	query bool
	cache string // what the response cache did (cache.go), for the log
}

type reqInfoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	i, _ := ctx.Value(reqInfoKey{}).(*reqInfo)
	return i
}

func (i *reqInfo) set(f func(*reqInfo)) {
	if i != nil {
		i.mu.Lock()
		defer i.mu.Unlock()
		f(i)
	}
}

// observe logs every request as one JSON line (request id, operation, status, outcome,
// duration; never variables or tokens) and, for /graphql, counts it in the metrics.
func observe(log *slog.Logger, m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{}
		api := r.URL.Path == "/graphql"
		if api && m != nil {
			m.InFlight(1)
			defer m.InFlight(-1)
		}
		sw := &statusWriter{ResponseWriter: w, info: info}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, info)))
		sw.flush()
		d := time.Since(start)

		info.mu.Lock()
		op, outcome, client, cached := info.operation, info.outcome, info.client, info.cache
		info.mu.Unlock()
		if outcome == "" {
			outcome = "ok"
			if sw.status >= 400 {
				outcome = "http_" + strconv.Itoa(sw.status)
			}
		}
		level := slog.LevelInfo
		if !api {
			level = slog.LevelDebug // probes and scrapes would drown the log
		}
		log.Log(r.Context(), level, "request", "request_id", request.ID(r.Context()), "method", r.Method,
			"path", r.URL.Path, "operation", op, "status", sw.status, "outcome", outcome, "client", client,
			"cache", cached, "duration_ms", float64(d.Microseconds())/1000, "bytes", sw.bytes)
		if api && m != nil && cached != "" {
			m.ObserveCache(cached)
		}
		if api && m != nil {
			m.ObserveRequest(op, outcome, d)
		}
	})
}

// statusWriter adjusts what gqlgen's transports write, where the GraphQL over HTTP
// specification or this API asks for something else (checked by the graphql-http audit):
//   - a request error (the operation never ran) has no "data" entry, not "data": null;
//   - gqlgen answers request errors in application/json with 422; the specification says
//     200 for that media type (application/graphql-response+json keeps its 400);
//   - a response in which everything failed UNAVAILABLE is a 503 with Retry-After.
//
// It holds back the status until the body's first write, when the response is known.
type statusWriter struct {
	http.ResponseWriter
	info    *reqInfo
	status  int
	bytes   int
	written bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.info.mu.Lock()
		reqErr, unavailable := w.info.requestError, w.info.unavailable
		w.info.mu.Unlock()
		if w.status == 0 {
			w.status = http.StatusOK
		}
		ct, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
		if reqErr {
			b = withoutData(b)
			if w.status == http.StatusUnprocessableEntity && ct == "application/json" {
				w.status = http.StatusOK
			}
		}
		if unavailable && w.status == http.StatusOK {
			w.status = domain.Status(domain.EUNAVAILABLE)
			w.Header().Set("Retry-After", "1")
		}
		w.header()
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) header() {
	w.written = true
	w.Header().Del("Content-Length") // the body may have changed
	w.ResponseWriter.WriteHeader(w.status)
}

// flush sends a status that was set without a body.
func (w *statusWriter) flush() {
	if !w.written {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		w.header()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends what was written so far: @defer's later parts go out as they are ready.
func (w *statusWriter) Flush() {
	w.flush()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// withoutData drops the "data" entry of a JSON response body (gqlgen writes "data": null).
func withoutData(b []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return b
	}
	if _, ok := m["data"]; !ok {
		return b
	}
	delete(m, "data")
	out, err := json.Marshal(m)
	if err != nil {
		return b
	}
	return append(out, '\n')
}

// responseInfo is the gqlgen extension that tells reqInfo the operation's name and outcome.
type responseInfo struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = responseInfo{}

func (responseInfo) ExtensionName() string                   { return "ResponseInfo" }
func (responseInfo) Validate(graphql.ExecutableSchema) error { return nil }

func (responseInfo) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	info := infoFrom(ctx)
	if resp == nil || info == nil {
		return resp
	}
	info.set(func(i *reqInfo) {
		if graphql.HasOperationContext(ctx) {
			if oc := graphql.GetOperationContext(ctx); oc != nil {
				i.operation = oc.OperationName
				if i.operation == "" && oc.Operation != nil {
					i.operation = oc.Operation.Name
				}
				i.query = oc.Operation != nil && oc.Operation.Operation == ast.Query
			}
		}
		i.outcome = "ok"
		if len(resp.Errors) > 0 {
			i.outcome, _ = resp.Errors[0].Extensions["code"].(string)
			if i.outcome == "" {
				i.outcome = "error"
			}
		}
		i.requestError = resp.Data == nil
		i.unavailable = !i.requestError && nothingAnswered(resp)
	})
	resp.Errors = capErrors(resp.Errors)
	return resp
}

// maxErrors is the most errors one response lists; the rest are counted in one more.
const maxErrors = 10

// capErrors keeps the first maxErrors errors and says how many more there were: a document
// can make validation, or a list's items, fail thousands of times.
func capErrors(errs gqlerror.List) gqlerror.List {
	if len(errs) <= maxErrors {
		return errs
	}
	n := len(errs) - maxErrors
	return append(errs[:maxErrors:maxErrors], &gqlerror.Error{
		Message:    fmt.Sprintf("%d more errors not shown", n),
		Extensions: map[string]any{"code": domain.ETOOMANYERRORS, "omitted": n},
	})
}

// nothingAnswered: there are errors, all UNAVAILABLE, and no root field has a value.
func nothingAnswered(resp *graphql.Response) bool {
	if len(resp.Errors) == 0 {
		return false
	}
	for _, e := range resp.Errors {
		if e.Extensions["code"] != domain.EUNAVAILABLE {
			return false
		}
	}
	if bytes.Equal(bytes.TrimSpace(resp.Data), []byte("null")) {
		return true
	}
	var root map[string]json.RawMessage
	if json.Unmarshal(resp.Data, &root) != nil {
		return false
	}
	for _, v := range root {
		if !bytes.Equal(v, []byte("null")) {
			return false
		}
	}
	return true
}

// withTimeout bounds each request; the store turns the deadline into TIMEOUT errors.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// RateLimit allows each client (a token's name, else the client address) PerSecond
// requests a second on average, in bursts of up to Burst. Zero PerSecond turns it off.
type RateLimit struct {
	PerSecond float64
	Burst     int
}

// rateLimiter holds one token bucket per client. A bucket idle long enough to be full
// again is dropped, which changes nothing for its client.
type rateLimiter struct {
	RateLimit
	mu      sync.Mutex
	clients map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// allow takes a token from key's bucket, or says how long until one is there.
func (l *rateLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	refill := time.Duration(float64(l.Burst)/l.PerSecond*float64(time.Second)) + time.Second
	if now.Sub(l.swept) > refill {
		for k, b := range l.clients {
			if now.Sub(b.seen) > refill {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	b := l.clients[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.PerSecond), l.Burst)}
		l.clients[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// withRateLimit answers 429 with Retry-After to a client over its rate.
func withRateLimit(cfg RateLimit, next http.Handler) http.Handler {
	if cfg.PerSecond <= 0 {
		return next
	}
	l := &rateLimiter{RateLimit: cfg, clients: map[string]*bucket{}}
	if l.Burst < 1 {
		l.Burst = max(1, int(math.Ceil(cfg.PerSecond)))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := "addr:" + clientAddr(r)
		if p := request.Principal(r.Context()); p != nil {
			key = "token:" + p.Name
		}
		ok, wait := l.allow(key, time.Now())
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := int(math.Ceil(wait.Seconds()))
		infoFrom(r.Context()).set(func(i *reqInfo) { i.outcome = domain.ERATELIMITED })
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, domain.ERATELIMITED,
			fmt.Sprintf("more than %g requests a second; retry after %d s", cfg.PerSecond, secs))
	})
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeError answers with a GraphQL-shaped error outside of gqlgen (429, 413, 503).
func writeError(w http.ResponseWriter, code, msg string) {
	body, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{
		"message": msg, "extensions": map[string]any{"code": code}}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(domain.Status(code))
	_, _ = w.Write(append(body, '\n'))
}

// readyz answers 200 when ready() finds Neo4j reachable and its schema in place, else 503;
// both with a JSON body saying why.
func readyz(ready func(context.Context) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status, body := http.StatusOK, map[string]any{"status": "ready", "neo4j": "ok"}
		if err := ready(ctx); err != nil {
			status, body = http.StatusServiceUnavailable, map[string]any{"status": "not ready", "neo4j": domain.ErrorMessage(err)}
		}
		b, _ := json.Marshal(body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_, _ = w.Write(append(b, '\n'))
	}
}
