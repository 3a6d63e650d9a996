// Package store owns all Cypher: it implements domain.Graph against Neo4j, writes batches,
// and manages the schema (constraints and indexes). Every query is parameterised; labels and
// relationship types come only from the fixed tables in this package, never from user input.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://, neo4j://, neo4j+s:// ...
	User     string // empty: no authentication
	Password string
	Database string // empty: the server's default database
	// ConnectAttempts bounds the connectivity checks at Open (one per second).
	ConnectAttempts int
	// RetryTime bounds how long a read or write is retried on transient and connection
	// errors before the request fails UNAVAILABLE (0: the driver's 30 s).
	RetryTime time.Duration
	// TxTimeout makes Neo4j stop a transaction that runs longer (0: the server's own limit).
	// The API sets it; the importer's large transactions run without it.
	TxTimeout time.Duration
	// Observer, if set, is told the duration and outcome of every query (metrics).
	Observer Observer
}

// Observer watches the store's queries; kind is "read" or "write".
type Observer interface {
	ObserveQuery(kind string, d time.Duration, err error)
}

// PoolSize is the driver's connection pool size; InUse counts against it.
const PoolSize = 64

// probeInterval is how often an unreachable Neo4j is tried again.
const probeInterval = 500 * time.Millisecond

// Store is the Neo4j implementation of domain.Graph. One Store (one driver) per process.
type Store struct {
	driver    neo4j.DriverWithContext
	db        string
	txTimeout time.Duration
	retryTime time.Duration
	obs       Observer
	queries   atomic.Int64
	writes    atomic.Int64
	inUse     atomic.Int64
	// down is set when Neo4j stopped answering: queries then fail at once, and one probe
	// goroutine (probing) clears it when Neo4j answers again.
	down    atomic.Bool
	probing atomic.Bool
	closed  chan struct{}
	close   sync.Once
}

var _ domain.Graph = (*Store)(nil)

// Open creates the driver and waits until Neo4j answers, retrying up to cfg.ConnectAttempts
// times, one second apart.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *neo4j.Config) {
		c.MaxConnectionPoolSize = PoolSize
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.SocketConnectTimeout = 5 * time.Second
		if cfg.RetryTime > 0 {
			c.MaxTransactionRetryTime = cfg.RetryTime
		}
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %q: %w", cfg.URI, err)
	}
	attempts := max(cfg.ConnectAttempts, 1)
	for i := 1; ; i++ {
		err = driver.VerifyConnectivity(ctx)
		if err == nil {
			if i > 1 {
				slog.Info("neo4j reachable", "uri", cfg.URI, "attempt", i)
			}
			break
		}
		if i >= attempts || ctx.Err() != nil {
			_ = driver.Close(context.Background())
			return nil, fmt.Errorf("neo4j at %s not reachable after %d attempt(s): %w", cfg.URI, i, err)
		}
		slog.Info("waiting for neo4j", "uri", cfg.URI, "attempt", i, "of", attempts, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	retry := cfg.RetryTime
	if retry <= 0 {
		retry = 30 * time.Second // the driver's default for transaction functions
	}
	return &Store{driver: driver, db: cfg.Database, txTimeout: cfg.TxTimeout, retryTime: retry, obs: cfg.Observer, closed: make(chan struct{})}, nil
}

// Close stops the probe, if any, and closes the driver.
func (s *Store) Close(ctx context.Context) error {
	s.close.Do(func() { close(s.closed) })
	return s.driver.Close(ctx)
}

// InUse is the number of queries and transactions running now, each holding one of the
// pool's PoolSize connections.
func (s *Store) InUse() int64 { return s.inUse.Load() }

// QueryCount is the number of Cypher round trips this Store has made for requests (not the
// graph version's background reads): tests and benchmarks use it to prove that nested fields
// are batched.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

// Writes counts the write transactions this Store has run (committed or not): a cache of
// graph content compares it to see this process's own writes at once (extract.Extractor).
func (s *Store) Writes() int64 { return s.writes.Load() }

// read runs one read query (routed to readers in a cluster) and returns its records.
//
// It is an auto-commit query, not a transaction function (neo4j.ExecuteQuery): that one
// sends BEGIN+RUN+PULL and then COMMIT, two round trips and a transaction's bookkeeping in
// Neo4j; this sends RUN+PULL once. On the benchmark's reads that cut Neo4j's CPU per query
// by 20-40 % and ours by about 0.3 ms. It keeps what ExecuteQuery gave: the driver's
// bookmark manager (read your writes in a cluster), the transaction timeout, and retries
// on transient and connection errors for up to RetryTime (a read has no effects, so
// running it again is safe).
func (s *Store) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	s.queries.Add(1)
	return s.readUncounted(ctx, cypher, params)
}

// readUncounted is read for the process's own bookkeeping (the graph version's background
// read), which QueryCount leaves out: it counts the round trips made for requests.
func (s *Store) readUncounted(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if s.down.Load() {
		return nil, errDown
	}
	done := s.begin()
	start, delay := time.Now(), retryDelay
	for {
		recs, err := s.readOnce(ctx, cypher, params)
		if err == nil || !neo4j.IsRetryable(err) || ctx.Err() != nil {
			return recs, done(ctx, "read", err)
		}
		if time.Since(start)+delay > s.retryTime || s.down.Load() {
			return nil, done(ctx, "read", fmt.Errorf("gave up after %v: %w", time.Since(start).Round(time.Millisecond), err))
		}
		select {
		case <-ctx.Done():
			return nil, done(ctx, "read", err)
		case <-time.After(delay):
		}
		delay *= 2
	}
}

// retryDelay is the first pause before a read is tried again (soon: a dead pooled
// connection is the common case); it doubles on each retry, within RetryTime.
const retryDelay = 100 * time.Millisecond

func (s *Store) readOnce(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	defer session.Close(ctx)
	res, err := session.Run(ctx, cypher, params, s.txConfig()...)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// write runs fn in one write transaction; the driver retries it on transient errors, so fn
// must only run queries (no other side effects).
func (s *Store) write(ctx context.Context, fn func(tx neo4j.ManagedTransaction) error) error {
	if s.down.Load() {
		return errDown
	}
	done := s.begin()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	defer s.writes.Add(1) // after the commit, so a reader that sees the count sees the write
	// committing: fn returned without error once, so the driver committed, or tried to. When
	// it runs fn again, that commit failed (it retries a commit whose connection died), and
	// whether it was applied is unknown: say so (UNKNOWN_OUTCOME) rather than write again,
	// which would answer a create that succeeded with CONFLICT.
	committing := false
	_, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if committing {
			return nil, errUnknownOutcome
		}
		s.queries.Add(1)
		if err := fn(tx); err != nil {
			return nil, err
		}
		committing = true
		return nil, nil
	}, s.txConfig()...)
	var ce *neo4j.ConnectivityError
	if committing && err != nil && !errors.Is(err, errUnknownOutcome) && errors.As(err, &ce) {
		err = fmt.Errorf("%w: %v", errUnknownOutcome, err)
	}
	return done(ctx, "write", err)
}

func (s *Store) txConfig() []func(*neo4j.TransactionConfig) {
	if s.txTimeout <= 0 {
		return nil
	}
	return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(s.txTimeout)}
}

// begin counts a query in flight; the function it returns ends it: it translates the
// driver's error, tells the observer, and notices an unreachable Neo4j.
func (s *Store) begin() func(ctx context.Context, kind string, err error) error {
	start := time.Now()
	s.inUse.Add(1)
	return func(ctx context.Context, kind string, err error) error {
		s.inUse.Add(-1)
		err = translateCtx(ctx, err)
		if s.obs != nil {
			s.obs.ObserveQuery(kind, time.Since(start), err)
		}
		if errors.Is(err, errUnavailable) && ctx.Err() == nil {
			s.markDown(err)
		}
		return err
	}
}

// markDown records that Neo4j looks unreachable: until a probe reaches it again, queries
// fail at once with UNAVAILABLE instead of each waiting out the driver's retries. A false
// alarm costs at most one probe interval.
func (s *Store) markDown(cause error) {
	s.down.Store(true)
	if s.probing.CompareAndSwap(false, true) {
		slog.Warn("neo4j unreachable: failing fast until it answers again", "err", cause)
		go s.probe()
	}
}

// probe tries Neo4j every probeInterval until a query succeeds, then clears down.
func (s *Store) probe() {
	t := time.NewTicker(probeInterval)
	defer t.Stop()
	for {
		select {
		case <-s.closed:
			s.probing.Store(false)
			return
		case <-t.C:
		}
		if s.ping() != nil {
			continue
		}
		s.down.Store(false)
		s.probing.Store(false)
		// A failure seen between the two stores above found probing still set and started
		// no probe: keep probing for it.
		if !s.down.Load() || !s.probing.CompareAndSwap(false, true) {
			slog.Info("neo4j reachable again")
			return
		}
	}
}

// ping runs a trivial query against the database, bypassing down.
func (s *Store) ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := neo4j.ExecuteQuery(ctx, s.driver, `RETURN 1`, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db))
	return err
}

// Ready reports whether Neo4j answers and the schema's constraints are present.
func (s *Store) Ready(ctx context.Context) error {
	recs, err := s.read(ctx, `SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names`, nil)
	if err != nil {
		return err
	}
	names, _, _ := neo4j.GetRecordValue[[]any](recs[0], "names")
	var missing []string
	for _, want := range constraintNames() {
		if !slices.Contains(names, any(want)) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return domain.Errorf(domain.EUNAVAILABLE, "constraints missing: %s", strings.Join(missing, ", "))
	}
	return nil
}

// translateCtx is translate, except that a request that ran out of time says so, and one
// whose caller went away says that (the driver reports either as a connection error).
func translateCtx(ctx context.Context, err error) error {
	if err != nil {
		switch ctxErr := ctx.Err(); {
		case errors.Is(ctxErr, context.DeadlineExceeded):
			return fmt.Errorf("%w: %v", errTimeout, err)
		case errors.Is(ctxErr, context.Canceled):
			return fmt.Errorf("%w: %v", context.Canceled, err)
		}
	}
	return translate(err)
}

// translate maps driver errors to domain errors; anything unrecognised stays internal.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var le *neo4j.TransactionExecutionLimit
	if errors.As(err, &le) && len(le.Errors) > 0 {
		// The driver's retries of a write ran out: what the last attempt met decides.
		last := le.Errors[len(le.Errors)-1]
		var ne *neo4j.Neo4jError
		var ce *neo4j.ConnectivityError
		if errors.As(last, &ne) || errors.As(last, &ce) {
			return fmt.Errorf("%w (%s after %d attempts)", translate(last), le.Cause, len(le.Errors))
		}
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch {
		case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &domain.Error{Code: domain.ECONFLICT, Message: "conflicts with an existing node: " + ne.Msg}
		case ne.Code == "Neo.TransientError.General.DatabaseUnavailable",
			ne.Code == "Neo.ClientError.Cluster.NotALeader",
			ne.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return fmt.Errorf("%w: %v", errUnavailable, err)
		case strings.HasPrefix(ne.Code, "Neo.TransientError.Transaction."):
			// Deadlocks and lock timeouts between concurrent writes: this request's bad
			// luck, not an outage.
			return fmt.Errorf("%w: %v", errContended, err)
		case strings.HasPrefix(ne.Code, "Neo.TransientError."):
			return fmt.Errorf("%w: %v", errBusy, err)
		case ne.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
			ne.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return fmt.Errorf("%w: %v", errTxTimeout, err)
		}
		return err
	}
	var ce *neo4j.ConnectivityError
	if errors.As(err, &ce) || le != nil {
		return fmt.Errorf("%w: %v", errUnavailable, err)
	}
	return err
}

// Errors shown to clients by code and message; a wrapped cause is only logged.
var (
	errUnavailable = &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database is unavailable; try again shortly"}
	// errContended and errBusy fail one request, retryable, without marking Neo4j down
	// (only errUnavailable does: Neo4j unreachable).
	errContended = &domain.Error{Code: domain.EUNAVAILABLE, Message: "the write met concurrent writes to the same data and was not applied; try again"}
	errBusy      = &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database could not answer this request now; try again"}
	errDown      = fmt.Errorf("%w: neo4j did not answer recently; waiting for it to return", errUnavailable)
	errTimeout   = &domain.Error{Code: domain.ETIMEOUT, Message: "the request ran out of time and was stopped"}
	// errUnknownOutcome: the connection died while the write was being committed.
	errUnknownOutcome = &domain.Error{Code: domain.EUNKNOWNOUTCOME, Message: "the connection to the database was lost while the write was committed: it may or may not have been applied; read it back, or repeat it as an upsert"}
	errTxTimeout      = &domain.Error{Code: domain.ETIMEOUT, Message: "the database query took too long and was stopped"}
)
