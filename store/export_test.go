package store

import (
	"context"
	"errors"
)

// Read is read, for tests that need a query no method runs.
func (s *Store) Read(ctx context.Context, cypher string, params map[string]any) error {
	_, err := s.read(ctx, cypher, params)
	return err
}

// Translate is translate, for tests of how driver errors are classified.
var Translate = translate

// Down says whether the store is failing fast, waiting for Neo4j to return.
func (s *Store) Down() bool { return s.down.Load() }

// IsOutage says whether err is the kind of error that marks Neo4j down.
func IsOutage(err error) bool { return errors.Is(err, errUnavailable) }
