package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// schemaStatements create the constraints and indexes the queries rely on. Each is
// idempotent (IF NOT EXISTS), so Migrate runs at every start.
var schemaStatements = []string{
	// A uniqueness constraint per kind: ids are unique and every lookup by id is an index seek.
	`CREATE CONSTRAINT role_id IF NOT EXISTS FOR (n:Role) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT skill_id IF NOT EXISTS FOR (n:Skill) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT technology_id IF NOT EXISTS FOR (n:Technology) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT industry_id IF NOT EXISTS FOR (n:Industry) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT occupation_group_id IF NOT EXISTS FOR (n:OccupationGroup) REQUIRE n.id IS UNIQUE`,
	// One record per imported release (see ImportONET).
	`CREATE CONSTRAINT import_release IF NOT EXISTS FOR (n:Import) REQUIRE n.release IS UNIQUE`,
	// Name indexes serve exact and prefix lookups by name.
	`CREATE INDEX role_name IF NOT EXISTS FOR (n:Role) ON (n.name)`,
	`CREATE INDEX skill_name IF NOT EXISTS FOR (n:Skill) ON (n.name)`,
	`CREATE INDEX technology_name IF NOT EXISTS FOR (n:Technology) ON (n.name)`,
	`CREATE INDEX industry_name IF NOT EXISTS FOR (n:Industry) ON (n.name)`,
	`CREATE INDEX occupation_group_name IF NOT EXISTS FOR (n:OccupationGroup) ON (n.name)`,
	// One full-text index over the searched kinds (domain.SearchKinds) backs search();
	// aliases is a list of strings.
	`CREATE FULLTEXT INDEX ` + searchIndex + ` IF NOT EXISTS
	   FOR (n:Role|Skill|Technology|Industry) ON EACH [n.name, n.aliases, n.description]`,
	// The exact-search keys (see searchQuery), each kept whole by the keyword analyzer.
	`CREATE FULLTEXT INDEX ` + keyIndex + ` IF NOT EXISTS
	   FOR (n:Role|Skill|Technology|Industry) ON EACH [n.nameKey, n.aliasKeys]
	   OPTIONS {indexConfig: {` + "`fulltext.analyzer`" + `: 'keyword'}}`,
}

// constraintNames are the names of the constraints schemaStatements create: readiness
// checks that they are there.
func constraintNames() []string {
	var names []string
	for _, stmt := range schemaStatements {
		if rest, ok := strings.CutPrefix(stmt, "CREATE CONSTRAINT "); ok {
			names = append(names, strings.Fields(rest)[0])
		}
	}
	return names
}

// searchIndex is the full-text index's name; keyIndex the exact keys'.
const (
	searchIndex = "node_search"
	keyIndex    = "node_keys"
)

// Migrate creates the constraints and indexes if they are missing and waits until they are
// online.
func (s *Store) Migrate(ctx context.Context) error {
	for _, stmt := range schemaStatements {
		s.queries.Add(1)
		if _, err := neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db)); err != nil {
			return fmt.Errorf("schema: %s: %w", stmt, translate(err))
		}
	}
	s.queries.Add(1)
	if _, err := neo4j.ExecuteQuery(ctx, s.driver, `CALL db.awaitIndexes(300)`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db)); err != nil {
		return fmt.Errorf("schema: waiting for indexes: %w", translate(err))
	}
	// A graph whose kept weights and statistics predate what this version keeps gets them
	// recomputed once.
	recs, err := s.read(ctx, statsVersionQuery, nil)
	if err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	v, _, _ := neo4j.GetRecordValue[int64](recs[0], "v")
	empty, _, _ := neo4j.GetRecordValue[bool](recs[0], "empty")
	switch {
	case v >= statsVersion:
	case empty: // nothing to recompute: what this version writes next is current
		err = s.writeOne(ctx, statsVersionSet, map[string]any{"version": int64(statsVersion)})
	default:
		err = s.RefreshStats(ctx)
	}
	if err != nil {
		return fmt.Errorf("schema: the ranking statistics: %w", err)
	}
	return nil
}

// statsVersion numbers what the kept weights and statistics are (see insights.go); raise it
// when that changes. 2: e.w on needs, r.similarityCut. 3: O*NET ratings weigh 0 below
// importance 3, and roleCount counts needs of weight above 0. 4: r.needNorm, n.nameKey and
// n.aliasKeys. 5: r.skillNorm and r.techNorm instead of r.needNorm. 6: the profile ranking's
// kept lists (r.similarBy, store/similar.go).
const statsVersion = 6

const statsVersionQuery = `
OPTIONAL MATCH (m:SkillgraphMeta {key: 'graph'})
RETURN coalesce(m.statsVersion, 0) AS v, NOT EXISTS { MATCH (:Role) } AS empty`

const statsVersionSet = `
MERGE (m:SkillgraphMeta {key: 'graph'})
SET m.statsVersion = $version`

// SchemaReady reports whether every constraint that Migrate creates is present.
func (s *Store) SchemaReady(ctx context.Context) (bool, error) {
	recs, err := s.read(ctx, `SHOW CONSTRAINTS YIELD name WHERE name IN $names RETURN count(*) AS n`,
		map[string]any{"names": []any{"role_id", "skill_id", "technology_id", "industry_id", "occupation_group_id"}})
	if err != nil {
		return false, err
	}
	n, _, err := neo4j.GetRecordValue[int64](recs[0], "n")
	return n == 5, err
}
