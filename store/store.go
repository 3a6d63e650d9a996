// Package store owns all Cypher: it implements domain.Graph against Neo4j, writes batches,
// and manages the schema (constraints and indexes). Every query is parameterised; labels and
// relationship types come only from the fixed tables in this package, never from user input.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
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
	// RetryTime bounds how long the driver retries a transaction on transient and
	// connection errors before the request fails UNAVAILABLE (0: the driver's 30 s).
	RetryTime time.Duration
}

// Store is the Neo4j implementation of domain.Graph. One Store (one driver) per process.
type Store struct {
	driver  neo4j.DriverWithContext
	db      string
	queries atomic.Int64
	writes  atomic.Int64
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
		c.MaxConnectionPoolSize = 64
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
	return &Store{driver: driver, db: cfg.Database}, nil
}

// Close closes the driver.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// QueryCount is the number of Cypher round trips this Store has made: tests and benchmarks
// use it to prove that nested fields are batched.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

// Writes counts the write transactions this Store has run (committed or not): a cache of
// graph content compares it to see this process's own writes at once (extract.Extractor).
func (s *Store) Writes() int64 { return s.writes.Load() }

// read runs one read query (routed to readers in a cluster) and returns its records.
func (s *Store) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	s.queries.Add(1)
	res, err := neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, translate(err)
	}
	return res.Records, nil
}

// write runs fn in one write transaction; the driver retries it on transient errors, so fn
// must only run queries (no other side effects).
func (s *Store) write(ctx context.Context, fn func(tx neo4j.ManagedTransaction) error) error {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	defer s.writes.Add(1) // after the commit, so a reader that sees the count sees the write
	_, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		s.queries.Add(1)
		return nil, fn(tx)
	})
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
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch {
		case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &domain.Error{Code: domain.ECONFLICT, Message: "conflicts with an existing node: " + ne.Msg}
		case strings.HasPrefix(ne.Code, "Neo.TransientError."),
			ne.Code == "Neo.ClientError.Cluster.NotALeader",
			ne.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return fmt.Errorf("%w: %v", errUnavailable, err)
		case ne.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
			ne.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the query took too long and was stopped"}
		}
		return err
	}
	var ce *neo4j.ConnectivityError
	var le *neo4j.TransactionExecutionLimit
	if errors.As(err, &ce) || errors.As(err, &le) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %v", errUnavailable, err)
	}
	return err
}

// errUnavailable is shown to clients as UNAVAILABLE; the wrapped cause is only logged.
var errUnavailable = &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database is unavailable; try again shortly"}
