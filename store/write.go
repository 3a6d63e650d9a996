package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// mergeNodesQuery creates or updates nodes of one kind by id.
const mergeNodesQuery = `
UNWIND $rows AS row
MERGE (n:%[1]s {id: row.id})
SET n += row.props`

var mergeNodesQueries = perKind(mergeNodesQuery)

// mergeRelsQuery creates or updates relationships of one type between existing nodes. It
// returns how many it matched, so a missing end node fails the batch instead of being
// skipped silently.
const mergeRelsQuery = `
UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from})
MATCH (b:%[2]s {id: row.to})
MERGE (a)-[e:%[3]s]->(b)
SET e += row.props
%[4]s
RETURN count(e) AS n`

// Apply writes a batch in one transaction: every node and relationship, or nothing, and the
// ranking statistics that follow from them. Writing the same batch twice leaves the graph
// as it was after the first time.
func (s *Store) Apply(ctx context.Context, b domain.Batch) error {
	nodes := map[domain.Kind][]any{}
	for _, n := range b.Nodes {
		if !n.Kind.Valid() {
			return fmt.Errorf("store: unknown kind %q", n.Kind)
		}
		nodes[n.Kind] = append(nodes[n.Kind], map[string]any{"id": n.ID, "props": nodeProps(n)})
	}
	rels := map[domain.RelType][]any{}
	var relOrder []domain.RelType
	for _, r := range b.Rels {
		if _, seen := rels[r.Type]; !seen {
			relOrder = append(relOrder, r.Type)
		}
		rels[r.Type] = append(rels[r.Type], map[string]any{"from": r.FromID, "to": r.ToID, "props": relProps(r)})
	}
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		for _, k := range domain.Kinds {
			if len(nodes[k]) == 0 {
				continue
			}
			if _, err := tx.Run(ctx, mergeNodesQueries[k], map[string]any{"rows": nodes[k]}); err != nil {
				return err
			}
		}
		for _, t := range relOrder {
			keep := "" // the kept need weight of REQUIRES and USES (see needWeightSet)
			if t == domain.Requires || t == domain.Uses {
				keep = needWeightSet
			}
			q := fmt.Sprintf(mergeRelsQuery, t.From, t.To, t.Type, keep)
			res, err := tx.Run(ctx, q, map[string]any{"rows": rels[t]})
			if err != nil {
				return err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return err
			}
			n, _, err := neo4j.GetRecordValue[int64](rec, "n")
			if err != nil {
				return err
			}
			if int(n) != len(rels[t]) {
				return domain.Errorf(domain.EINVALID, "%d of %d %s relationships point to unknown nodes", len(rels[t])-int(n), len(rels[t]), t.Type)
			}
		}
		if err := refreshStats(ctx, tx, nil); err != nil {
			return err
		}
		_, err := tx.Run(ctx, bumpVersionQuery, nil)
		return err
	})
}

// linkOccupationsQuery connects curated roles to the O*NET occupations their seed entry
// names (onetCodes), where those occupations exist. Run after a seed and after an import,
// so the link appears whichever comes first; MERGE keeps it idempotent.
const linkOccupationsQuery = `
MATCH (c:Role) WHERE size(coalesce(c.onetCodes, [])) > 0
UNWIND c.onetCodes AS code
MATCH (o:Role {id: code})
MERGE (c)-[e:CLOSEST_TO]->(o)
SET e.source = c.source
RETURN count(e) AS n`

// LinkOccupations creates the CLOSEST_TO links from curated roles to O*NET occupations and
// returns how many exist.
func (s *Store) LinkOccupations(ctx context.Context) (int, error) {
	var n int64
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		res, err := tx.Run(ctx, linkOccupationsQuery, nil)
		if err != nil {
			return err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return err
		}
		n, _, err = neo4j.GetRecordValue[int64](rec, "n")
		return err
	})
	return int(n), err
}

// clearQuery deletes everything, in batches so a large graph does not need one huge
// transaction.
// clearQuery keeps the graph-version node, so that Clear can bump the version rather than
// restart it, and a cache built before never meets the same number again.
const clearQuery = `MATCH (n) WHERE NOT n:SkillgraphMeta CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`

// Clear deletes every node and relationship. For tests and for rebuilding a development
// database; the schema stays.
func (s *Store) Clear(ctx context.Context) error {
	if err := s.autoCommit(ctx, clearQuery); err != nil {
		return err
	}
	return s.writeOne(ctx, bumpVersionQuery, nil)
}

// autoCommit runs one statement in an implicit (auto-commit) transaction, which CALL ... IN
// TRANSACTIONS needs. The driver does not retry it, so it must be safe to run again.
func (s *Store) autoCommit(ctx context.Context, cypher string) error {
	s.queries.Add(1)
	defer s.writes.Add(1)
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db})
	defer session.Close(ctx)
	res, err := session.Run(ctx, cypher, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return translate(err)
}
