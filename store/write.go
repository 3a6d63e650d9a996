package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// mergeNodesQuery creates or updates nodes of one kind by id.
var mergeNodesQuery = `
UNWIND $rows AS row
MERGE (n:%[1]s {id: row.id})
SET n += row.props` + searchKeysSet("n")

var mergeNodesQueries = perKind(mergeNodesQuery)

// mergeRelsQuery creates or updates relationships of one type between existing nodes. It
// returns how many it matched, so a missing end node fails the batch instead of being
// skipped silently. %[5]s is the arrow head: none for Skill RELATED_TO Skill, which is
// symmetric, so MERGE finds it in either direction.
const mergeRelsQuery = `
UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from})
MATCH (b:%[2]s {id: row.to})
MERGE (a)-[e:%[3]s]-%[5]s(b)
SET e += row.props
%[4]s
RETURN count(e) AS n`

// arrow is the head of a relationship type's arrow in MERGE and MATCH: symmetric types have none.
func arrow(t domain.RelType) string {
	if t == domain.SkillLink {
		return ""
	}
	return ">"
}

// Apply writes a batch in one transaction: every node and relationship, or nothing, and the
// ranking statistics that follow from them. Writing the same batch twice leaves the graph
// as it was after the first time.
func (s *Store) Apply(ctx context.Context, b domain.Batch) error {
	now := time.Now().UTC()
	nodes := map[domain.Kind][]any{}
	for _, n := range b.Nodes {
		if !n.Kind.Valid() {
			return fmt.Errorf("store: unknown kind %q", n.Kind)
		}
		nodes[n.Kind] = append(nodes[n.Kind], map[string]any{"id": n.ID, "props": stamp(nodeProps(n), b.By, now)})
	}
	// A role written may be new, which changes every IDF; otherwise only what the
	// REQUIRES and USES relationships touch. The roles written are changed roles (their
	// imported similarity is dropped: see dropSimilarQuery).
	scope := &statsScope{all: len(nodes[domain.KindRole]) > 0}
	for _, n := range b.Nodes {
		if n.Kind == domain.KindRole {
			scope.roles = append(scope.roles, n.ID)
		}
	}
	rels := map[domain.RelType][]any{}
	var relOrder []domain.RelType
	for _, r := range b.Rels {
		if _, seen := rels[r.Type]; !seen {
			relOrder = append(relOrder, r.Type)
		}
		rels[r.Type] = append(rels[r.Type], map[string]any{"from": r.FromID, "to": r.ToID, "props": stamp(relProps(r), b.By, now)})
		scope.touch(r.Type, r.FromID, r.ToID)
	}
	return s.mutateStats(ctx, scope, func(tx neo4j.ManagedTransaction) error {
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
			q := fmt.Sprintf(mergeRelsQuery, t.From, t.To, t.Type, keep, arrow(t))
			n, _, err := single[int64](ctx, tx, q, map[string]any{"rows": rels[t]}, "n")
			if err != nil {
				return err
			}
			if int(n) != len(rels[t]) {
				return domain.Errorf(domain.EINVALID, "%d of %d %s relationships point to unknown nodes", len(rels[t])-int(n), len(rels[t]), t.Type)
			}
		}
		return nil
	})
}

// mutate runs fn in one write transaction, then, in the same transaction, recomputes all
// the ranking statistics and bumps the graph version, so no reader sees the change without
// them.
func (s *Store) mutate(ctx context.Context, fn func(tx neo4j.ManagedTransaction) error) error {
	return s.mutateStats(ctx, &statsScope{all: true}, fn)
}

// mutateStats is mutate recomputing only the statistics scope says the change touched
// (nil: none, for a node's own fields or a new node other than a role: the statistics
// count roles and relationships). Refreshing all of them costs 0.3-1.5 s on the full O*NET
// graph, and every write doing so made concurrent writes deadlock.
func (s *Store) mutateStats(ctx context.Context, scope *statsScope, fn func(tx neo4j.ManagedTransaction) error) error {
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		if err := fn(tx); err != nil {
			return err
		}
		if err := refreshSomeStats(ctx, tx, scope); err != nil {
			return err
		}
		_, err := tx.Run(ctx, bumpVersionQuery, nil)
		return err
	})
}

// single runs one query in tx and returns its only record's column, or ok = false when the
// query returned no record.
func single[T neo4j.RecordValue](ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, column string) (v T, ok bool, err error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return v, false, err
	}
	recs, err := res.Collect(ctx)
	if err != nil || len(recs) == 0 {
		return v, false, err
	}
	v, _, err = neo4j.GetRecordValue[T](recs[0], column)
	return v, err == nil, err
}

// createNodeQuery creates one node; the kind's id constraint turns a duplicate into CONFLICT.
var createNodeQuery = `CREATE (n:%s) SET n = $props` + searchKeysSet("n") + ` RETURN n.id AS id`

var createNodeQueries = perKind(createNodeQuery)

func (s *Store) CreateNode(ctx context.Context, n domain.NodeInput, by string) error {
	props := stamp(nodeProps(n), by, time.Now().UTC())
	props["id"] = n.ID
	var scope *statsScope
	if n.Kind == domain.KindRole {
		scope = &statsScope{all: true}
	}
	return s.mutateStats(ctx, scope, func(tx neo4j.ManagedTransaction) error {
		_, _, err := single[string](ctx, tx, createNodeQueries[n.Kind], map[string]any{"props": props}, "id")
		return err
	})
}

// updateNodeQuery sets some properties of one node.
var updateNodeQuery = `MATCH (n:%s {id: $id}) SET n += $props` + searchKeysSet("n") + ` RETURN n.id AS id`

var updateNodeQueries = perKind(updateNodeQuery)

func (s *Store) UpdateNode(ctx context.Context, u domain.NodeUpdate, by string) error {
	props := stamp(updateProps(u), by, time.Now().UTC())
	var scope *statsScope
	if u.Kind == domain.KindRole {
		// A role's name or description changed: its imported similarity no longer holds.
		scope = &statsScope{roles: []string{u.ID}}
	}
	return s.mutateStats(ctx, scope, func(tx neo4j.ManagedTransaction) error {
		_, ok, err := single[string](ctx, tx, updateNodeQueries[u.Kind], map[string]any{"id": u.ID, "props": props}, "id")
		if err == nil && !ok {
			err = domain.Errorf(domain.ENOTFOUND, "no %s with id %q", u.Kind, u.ID)
		}
		return err
	})
}

// deleteNodeQuery deletes one node and every relationship it has (DETACH), counting them.
const deleteNodeQuery = `
MATCH (n:%s {id: $id})
WITH n, COUNT { (n)--() } AS rels
DETACH DELETE n
RETURN rels`

var deleteNodeQueries = perKind(deleteNodeQuery)

func (s *Store) DeleteNode(ctx context.Context, k domain.Kind, id string) (domain.Deleted, error) {
	var d domain.Deleted
	err := s.mutate(ctx, func(tx neo4j.ManagedTransaction) error {
		rels, ok, err := single[int64](ctx, tx, deleteNodeQueries[k], map[string]any{"id": id}, "rels")
		if err == nil && !ok {
			err = domain.Errorf(domain.ENOTFOUND, "no %s with id %q", k, id)
		}
		d = domain.Deleted{Nodes: 1, Relationships: int(rels)}
		return err
	})
	return d, err
}

// disconnectQuery deletes the relationship of one type between two nodes.
const disconnectQuery = `
MATCH (a:%[1]s {id: $from})-[e:%[3]s]-%[4]s(b:%[2]s {id: $to})
DELETE e
RETURN count(*) AS n`

func (s *Store) Disconnect(ctx context.Context, t domain.RelType, from, to string) (domain.Deleted, error) {
	var d domain.Deleted
	q := fmt.Sprintf(disconnectQuery, t.From, t.To, t.Type, arrow(t))
	scope := &statsScope{}
	scope.touch(t, from, to)
	err := s.mutateStats(ctx, scope, func(tx neo4j.ManagedTransaction) error {
		n, _, err := single[int64](ctx, tx, q, map[string]any{"from": from, "to": to}, "n")
		if err == nil && n == 0 {
			err = domain.Errorf(domain.ENOTFOUND, "no %s relationship from %s %q to %s %q", t.Type, t.From, from, t.To, to)
		}
		d.Relationships = int(n)
		return err
	})
	return d, err
}

// missingIDsQuery returns those of $ids that no node of the kind has.
const missingIDsQuery = `
UNWIND $ids AS id
OPTIONAL MATCH (n:%s {id: id})
WITH id, n WHERE n IS NULL
RETURN collect(id) AS missing`

var missingIDsQueries = perKind(missingIDsQuery)

func (s *Store) MissingIDs(ctx context.Context, k domain.Kind, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	recs, err := s.read(ctx, missingIDsQueries[k], map[string]any{"ids": anyList(ids)})
	if err != nil {
		return nil, err
	}
	missing, _, err := neo4j.GetRecordValue[[]any](recs[0], "missing")
	out := make([]string, len(missing))
	for i, m := range missing {
		out[i], _ = m.(string)
	}
	return out, err
}

// linkOccupationsQuery connects curated roles to the O*NET occupations their seed entry
// names (onetCodes, closest first), where those occupations exist, ranked in that order
// (rank 1: the closest). Run after a seed and after an import, so the link appears
// whichever comes first; MERGE keeps it idempotent.
const linkOccupationsQuery = `
MATCH (c:Role) WHERE size(coalesce(c.onetCodes, [])) > 0
UNWIND range(0, size(c.onetCodes) - 1) AS i
MATCH (o:Role {id: c.onetCodes[i]})
MERGE (c)-[e:CLOSEST_TO]->(o)
SET e.source = c.source, e.rank = i + 1
RETURN count(e) AS n`

// LinkOccupations creates the CLOSEST_TO links from curated roles to O*NET occupations and
// returns how many exist.
func (s *Store) LinkOccupations(ctx context.Context) (int, error) {
	var n int64
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		var err error
		n, _, err = single[int64](ctx, tx, linkOccupationsQuery, nil, "n")
		return err
	})
	return int(n), err
}

// clearRelsQuery and clearQuery delete everything, in batches so a large graph does not
// need one huge transaction: the relationships first, since a batch of nodes detached with
// theirs held too many at once (an O*NET occupation has hundreds of SUGGESTS from ESCO
// skills), beyond Neo4j's transaction memory.
// clearQuery keeps the graph-version node, so that Clear can bump the version rather than
// restart it, and a cache built before never meets the same number again.
const (
	clearRelsQuery = `MATCH (a)-[r]->(b) WHERE NOT a:SkillgraphMeta AND NOT b:SkillgraphMeta CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS`
	clearQuery     = `MATCH (n) WHERE NOT n:SkillgraphMeta CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`
)

// Clear deletes every node and relationship. For tests and for rebuilding a development
// database; the schema stays.
func (s *Store) Clear(ctx context.Context) error {
	for _, q := range []string{clearRelsQuery, clearQuery} {
		if err := s.autoCommit(ctx, q); err != nil {
			return err
		}
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
