package store_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/seed"
	"github.com/skillgraph/skillgraph/store"
)

// TestErrorClasses: only an unreachable Neo4j is an outage; a deadlock or lock timeout
// between writes, or a transient error of one query, fails that request alone (retryable
// UNAVAILABLE), also when the driver's retries of a write ran out on it.
func TestErrorClasses(t *testing.T) {
	deadlock := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}
	memory := &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "memory"}
	gone := &neo4j.ConnectivityError{}
	for _, c := range []struct {
		name   string
		err    error
		outage bool
		msg    string
	}{
		{"Deadlock", deadlock, false, "concurrent writes"},
		{"DeadlockAfterRetries", &neo4j.TransactionExecutionLimit{Cause: "timeout (exceeded max retry time: 5s)", Errors: []error{deadlock, deadlock}}, false, "concurrent writes"},
		{"LockTimeout", &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.LockAcquisitionTimeout"}, false, "concurrent writes"},
		{"Memory", memory, false, "could not answer this request"},
		{"DatabaseUnavailable", &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, true, "unavailable"},
		{"Connection", gone, true, "unavailable"},
		{"ConnectionAfterRetries", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{deadlock, gone}}, true, "unavailable"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := store.Translate(c.err)
			if domain.ErrorCode(err) != domain.EUNAVAILABLE || !strings.Contains(domain.ErrorMessage(err), c.msg) {
				t.Errorf("%v: code %s, message %q", err, domain.ErrorCode(err), domain.ErrorMessage(err))
			}
			if got := store.IsOutage(err); got != c.outage {
				t.Errorf("%v: outage %v", err, got)
			}
		})
	}
}

// TestWriteContention: parallel connections to one technology, with retries cut short so
// that some may run out: each succeeds or fails alone, and Neo4j is never taken for down.
func TestWriteContention(t *testing.T) {
	neo4jtest.MustSeed(t)
	cfg := neo4jtest.Config(t)
	cfg.RetryTime = 200 * time.Millisecond
	st, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	g, err := seed.Load(seed.Files)
	if err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, n := range g.Nodes {
		if n.Kind == domain.KindRole {
			roles = append(roles, n.ID)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, len(roles))
	for i, r := range roles {
		wg.Go(func() {
			errs[i] = st.Apply(ctx, domain.Batch{By: "test", Rels: []domain.RelInput{
				{Type: domain.Uses, FromID: r, ToID: "docker", Props: domain.PropsOf("importance", 1+i%5), Source: "test"}}})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case domain.ErrorCode(err) != domain.EUNAVAILABLE || store.IsOutage(err):
			t.Errorf("a write failed as an outage or otherwise: %v", err)
		}
	}
	if st.Down() {
		t.Error("write contention marked Neo4j down")
	}
	if _, err := st.Technology(ctx, "docker"); err != nil {
		t.Errorf("a read after the writes: %v", err)
	}
	t.Logf("%d of %d writes succeeded", ok, len(roles))
	if ok == 0 {
		t.Error("no write succeeded")
	}
}
