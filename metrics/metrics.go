// Package metrics exposes the server's Prometheus metrics: GraphQL requests by operation and
// outcome, Neo4j query latency, requests in flight and the driver's connections in use.
package metrics

import (
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/skillgraph/skillgraph/domain"
)

// maxOperations bounds the operation-name label: operation names come from clients, so
// after this many distinct ones, new names are counted as "other".
const maxOperations = 200

// Pool is what the metrics read of the Neo4j connection pool.
type Pool interface {
	InUse() int64
}

// Metrics holds the collectors, registered in a registry of their own.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	queries  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	direct   *prometheus.CounterVec
	cache    *prometheus.CounterVec

	mu  sync.Mutex
	ops map[string]bool
}

// New creates the metrics in a registry of their own, with the Go and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillgraph_graphql_requests_total",
			Help: "GraphQL requests by operation name and outcome (ok, or the first error's code).",
		}, []string{"operation", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "skillgraph_graphql_request_duration_seconds",
			Help:    "GraphQL request latency by operation name and outcome.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation", "outcome"}),
		queries: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "skillgraph_neo4j_query_duration_seconds",
			Help:    "Neo4j queries and write transactions by kind (read, write) and outcome.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"kind", "outcome"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "skillgraph_http_requests_in_flight",
			Help: "HTTP requests being served now.",
		}),
		direct: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillgraph_direct_execution_total",
			Help: "Read queries by how direct execution handled them: answered, planned_out (a shape it does not plan: the executor answered), fallback (it failed while writing: the executor answered), error (a database error, answered as such).",
		}, []string{"outcome"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillgraph_response_cache_requests_total",
			Help: "GraphQL requests by what the response cache did: hit (answered from it, 304s included), miss (looked up, then run), bypass (not looked up: a bad token, a write of this process not yet seen in the graph version, an unreadable request).",
		}, []string{"result"}),
		ops: map[string]bool{},
	}
	m.reg.MustRegister(m.requests, m.latency, m.queries, m.inFlight, m.direct, m.cache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchPool exposes the pool's connections in use and its size.
func (m *Metrics) WatchPool(p Pool, size int) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "skillgraph_neo4j_connections_in_use",
			Help: "Neo4j queries and transactions running now, each holding a pooled connection.",
		}, func() float64 { return float64(p.InUse()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "skillgraph_neo4j_pool_size",
			Help: "The Neo4j driver's connection pool size.",
		}, func() float64 { return float64(size) }))
}

// CacheStats is what the metrics read of the response cache.
type CacheStats struct {
	Hits, Misses, Entries, Bytes int64
}

// WatchCache exposes the response cache's size and hit ratio.
func (m *Metrics) WatchCache(stats func() CacheStats) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "skillgraph_response_cache_entries",
			Help: "Responses held by the response cache.",
		}, func() float64 { return float64(stats().Entries) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "skillgraph_response_cache_bytes",
			Help: "Bytes held by the response cache (bodies, keys and bookkeeping), bounded by CACHE_MB.",
		}, func() float64 { return float64(stats().Bytes) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "skillgraph_response_cache_hit_ratio",
			Help: "Lookups answered from the response cache over all lookups since the start (0 before any).",
		}, func() float64 {
			s := stats()
			if s.Hits+s.Misses == 0 {
				return 0
			}
			return float64(s.Hits) / float64(s.Hits+s.Misses)
		}))
}

// ObserveCache counts what the response cache did for one request.
func (m *Metrics) ObserveCache(result string) { m.cache.WithLabelValues(result).Inc() }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveDirect counts a read query by how direct execution handled it.
func (m *Metrics) ObserveDirect(outcome string) {
	if m != nil {
		m.direct.WithLabelValues(outcome).Inc()
	}
}

// InFlight adds delta to the requests in flight.
func (m *Metrics) InFlight(delta float64) { m.inFlight.Add(delta) }

// ObserveRequest counts one GraphQL request.
func (m *Metrics) ObserveRequest(operation, outcome string, d time.Duration) {
	op := m.operation(operation)
	m.requests.WithLabelValues(op, outcome).Inc()
	m.latency.WithLabelValues(op, outcome).Observe(d.Seconds())
}

// ObserveQuery counts one Neo4j query (store.Observer).
func (m *Metrics) ObserveQuery(kind string, d time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = domain.ErrorCode(err)
	}
	m.queries.WithLabelValues(kind, outcome).Observe(d.Seconds())
}

var opName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// operation bounds the label's values: "anonymous", a name already seen, a new sane name
// while fewer than maxOperations are known, else "other".
func (m *Metrics) operation(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !opName.MatchString(name):
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.ops[name] {
		if len(m.ops) >= maxOperations {
			return "other"
		}
		m.ops[name] = true
	}
	return name
}
