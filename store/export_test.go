package store

import "context"

// Read is read, for tests that need a query no method runs.
func (s *Store) Read(ctx context.Context, cypher string, params map[string]any) error {
	_, err := s.read(ctx, cypher, params)
	return err
}
