package store

import (
	"context"
	"fmt"

	"github.com/skillgraph/skillgraph/domain"
)

// Neighbourhoods are read breadth first, one query per level for the whole frontier, each
// level in a fixed order (node id, neighbour kind and id, relationship type) so the same
// request always draws the same picture; new nodes are taken in that order until the limit.

// neighborhoodStartQuery finds a node by id in every kind (ids are unique per kind only).
const neighborhoodStartQuery = `
CALL {
  MATCH (n:Role {id: $id}) RETURN n
  UNION MATCH (n:Skill {id: $id}) RETURN n
  UNION MATCH (n:Technology {id: $id}) RETURN n
  UNION MATCH (n:Industry {id: $id}) RETURN n
}
RETURN elementId(n) AS eid, labels(n)[0] AS kind, properties(n) AS n`

// neighborhoodLevelQuery expands a frontier by one step. A hub (a technology used by 900
// roles) can have many neighbours: at most $maxRows rows are read per level.
const neighborhoodLevelQuery = `
MATCH (n) WHERE elementId(n) IN $frontier
MATCH (n)-[e:REQUIRES|USES|IN_INDUSTRY|SUPPORTS|RELATED_TO|SPECIALIZES|LEADS_TO|CLOSEST_TO]-(m)
WITH n, e, m ORDER BY labels(n)[0], n.id, labels(m)[0], m.id, type(e)
LIMIT $maxRows
RETURN elementId(e) AS eid, elementId(n) AS from, elementId(m) AS to, labels(m)[0] AS kind,
       properties(m) AS m, type(e) AS type, startNode(e) = n AS out, properties(e) AS props`

// edgeProps are the relationship properties a neighbourhood's edges show: the model's, so
// internal ones (the rankings' precomputed weights) stay inside.
var edgeProps = domain.Model.EdgeProps()

// Neighborhood limits.
const (
	MaxNeighborhoodDepth = 3
	MaxNeighborhoodNodes = 500
	neighborhoodMaxRows  = 5000
)

func (s *Store) Neighborhood(ctx context.Context, kind domain.Kind, id string, depth, limit int) (*domain.Subgraph, error) {
	if depth < 1 || depth > MaxNeighborhoodDepth {
		return nil, domain.InvalidField("depth", "depth must be between 1 and %d", MaxNeighborhoodDepth)
	}
	if limit < 1 || limit > MaxNeighborhoodNodes {
		return nil, domain.InvalidField("limit", "limit must be between 1 and %d", MaxNeighborhoodNodes)
	}
	recs, err := s.read(ctx, neighborhoodStartQuery, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	var start map[string]any
	for _, r := range recs {
		m := r.AsMap()
		if kind == "" || m["kind"] == string(kind) {
			if start != nil {
				return nil, domain.InvalidField("kind", "id %q names nodes of several kinds; say which with kind", id)
			}
			start = m
		}
	}
	if start == nil {
		return nil, &domain.Error{Code: domain.ENOTFOUND, Field: "id", Message: fmt.Sprintf("no node with id %q", id)}
	}

	type ref struct {
		kind domain.Kind
		id   string
	}
	g := &domain.Subgraph{}
	refs := map[string]ref{} // elementId -> node
	add := func(eid string, k domain.Kind, props map[string]any, d int) {
		refs[eid] = ref{k, str(props, "id")}
		g.Nodes = append(g.Nodes, domain.SubgraphNode{Kind: k, Node: toKind(k, props), Depth: d})
	}
	add(start["eid"].(string), domain.Kind(start["kind"].(string)), start["n"].(map[string]any), 0)
	frontier := []any{start["eid"]}
	seenEdges := map[string]bool{}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		recs, err := s.read(ctx, neighborhoodLevelQuery, map[string]any{"frontier": frontier, "maxRows": int64(neighborhoodMaxRows)})
		if err != nil {
			return nil, err
		}
		if len(recs) == neighborhoodMaxRows {
			g.Truncated = true
		}
		var next []any
		type pending struct {
			eid, from, to, typ string
			out                bool
			props              map[string]any
		}
		var edges []pending
		for _, rec := range recs {
			m := rec.AsMap()
			to := m["to"].(string)
			if _, ok := refs[to]; !ok {
				if len(g.Nodes) >= limit {
					g.Truncated = true
				} else {
					add(to, domain.Kind(m["kind"].(string)), m["m"].(map[string]any), d)
					next = append(next, to)
				}
			}
			edges = append(edges, pending{m["eid"].(string), m["from"].(string), to, m["type"].(string), m["out"].(bool), m["props"].(map[string]any)})
		}
		for _, e := range edges {
			from, ok1 := refs[e.from]
			to, ok2 := refs[e.to]
			if !ok1 || !ok2 || seenEdges[e.eid] {
				continue
			}
			seenEdges[e.eid] = true
			if !e.out {
				from, to = to, from
			}
			g.Edges = append(g.Edges, domain.SubgraphEdge{Type: e.typ, From: from.id, To: to.id, FromKind: from.kind, ToKind: to.kind,
				Properties: toEdge(nil, mapVals(e.props), edgeProps)})
		}
		frontier = next
	}
	return g, nil
}
