package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// The graph version is a counter that every write bumps in its own transaction, so caches of
// graph content (the skill-extraction dictionary) can tell, with one cheap read, whether
// they are stale.

const bumpVersionQuery = `
MERGE (m:SkillgraphMeta {key: 'graph'})
SET m.version = coalesce(m.version, 0) + 1`

const versionQuery = `OPTIONAL MATCH (m:SkillgraphMeta {key: 'graph'}) RETURN coalesce(m.version, 0) AS v`

// GraphVersion returns the graph's version counter.
func (s *Store) GraphVersion(ctx context.Context) (int64, error) {
	recs, err := s.readUncounted(ctx, versionQuery, nil)
	if err != nil {
		return 0, err
	}
	v, _, err := neo4j.GetRecordValue[int64](recs[0], "v")
	return v, err
}

// dictionaryQuery lists every skill, technology and role with its names.
const dictionaryQuery = `
MATCH (n) WHERE n:Skill OR n:Technology OR n:Role
RETURN labels(n)[0] AS kind, properties(n) AS n`

// DictionaryNode is a node and the names it may be mentioned by.
type DictionaryNode struct {
	Kind  domain.Kind
	Node  domain.Entity
	Names []string
}

// Dictionary returns every skill, technology and role with its name and aliases, and the
// graph version it was read at.
func (s *Store) Dictionary(ctx context.Context) ([]DictionaryNode, int64, error) {
	version, err := s.GraphVersion(ctx)
	if err != nil {
		return nil, 0, err
	}
	recs, err := s.read(ctx, dictionaryQuery, nil)
	if err != nil {
		return nil, 0, err
	}
	out := make([]DictionaryNode, 0, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		props := m["n"].(map[string]any)
		k := domain.Kind(m["kind"].(string))
		out = append(out, DictionaryNode{Kind: k, Node: toKind(k, props), Names: append([]string{str(props, "name")}, strs(props, "aliases")...)})
	}
	return out, version, nil
}
