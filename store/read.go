package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// nodeQuery fetches one node by id: an index seek on the kind's id constraint.
const nodeQuery = `MATCH (n:%s {id: $id}) RETURN properties(n) AS n`

// nodeQueries holds nodeQuery per kind; labels come from the fixed list of kinds.
var nodeQueries = perKind(nodeQuery)

func perKind(tmpl string) map[domain.Kind]string {
	m := make(map[domain.Kind]string, len(domain.Kinds))
	for _, k := range domain.Kinds {
		m[k] = fmt.Sprintf(tmpl, k)
	}
	return m
}

// node returns the properties of the node of kind k with id, or nil when there is none.
func (s *Store) node(ctx context.Context, k domain.Kind, id string) (map[string]any, error) {
	recs, err := s.read(ctx, nodeQueries[k], map[string]any{"id": id})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	m, _, err := neo4j.GetRecordValue[map[string]any](recs[0], "n")
	return m, err
}

func (s *Store) Role(ctx context.Context, id string) (*domain.Role, error) {
	m, err := s.node(ctx, domain.KindRole, id)
	if m == nil || err != nil {
		return nil, err
	}
	return toRole(m), nil
}

func (s *Store) Skill(ctx context.Context, id string) (*domain.Skill, error) {
	m, err := s.node(ctx, domain.KindSkill, id)
	if m == nil || err != nil {
		return nil, err
	}
	return toSkill(m), nil
}

func (s *Store) Technology(ctx context.Context, id string) (*domain.Technology, error) {
	m, err := s.node(ctx, domain.KindTechnology, id)
	if m == nil || err != nil {
		return nil, err
	}
	return toTechnology(m), nil
}

func (s *Store) Industry(ctx context.Context, id string) (*domain.Industry, error) {
	m, err := s.node(ctx, domain.KindIndustry, id)
	if m == nil || err != nil {
		return nil, err
	}
	return toIndustry(m), nil
}

// listQuery pages through one kind by id. The count comes from the count store (no scan);
// the page is a range seek on the id index in index order.
const listQuery = `
CALL { MATCH (x:%[1]s) RETURN count(x) AS total }
CALL {
  MATCH (n:%[1]s) WHERE n.id > coalesce($afterID, '')
  WITH n ORDER BY n.id LIMIT $limit
  RETURN collect(properties(n)) AS rows
}
RETURN total, rows`

var listQueries = perKind(listQuery)

// List pages through all nodes of kind k, ordered by id.
func (s *Store) List(ctx context.Context, k domain.Kind, args domain.PageArgs) (*domain.Page, error) {
	if !k.Valid() {
		return nil, domain.Errorf(domain.EINVALID, "unknown kind %q", k)
	}
	after, err := decodeCursor(args.After)
	if err != nil {
		return nil, err
	}
	params := map[string]any{"limit": int64(args.First + 1)}
	cursorParams(after, params)
	recs, err := s.read(ctx, listQueries[k], params)
	if err != nil {
		return nil, err
	}
	total, _, err := neo4j.GetRecordValue[int64](recs[0], "total")
	if err != nil {
		return nil, err
	}
	rows, _, err := neo4j.GetRecordValue[[]any](recs[0], "rows")
	if err != nil {
		return nil, err
	}
	page := &domain.Page{TotalCount: int(total), HasPreviousPage: after != nil}
	for _, r := range rows {
		m := r.(map[string]any)
		if len(page.Edges) == args.First {
			page.HasNextPage = true
			break
		}
		node := toKind(k, m)
		e := domain.Edge{Node: node, Cursor: encodeCursor(0, str(m, "id"))}
		page.Edges = append(page.Edges, e)
	}
	return page, nil
}

// relSpec describes one direction of one relationship type: the Cypher pattern from the
// parent p over the relationship e to the node n, and the key edges are sorted by
// (descending; ties by n.id).
type relSpec struct {
	parent, child domain.Kind
	pattern       string
	sortKey       string
}

var relSpecs = map[domain.Rel]relSpec{
	domain.RoleSkills:          {domain.KindRole, domain.KindSkill, `(p)-[e:REQUIRES]->(n:Skill)`, `coalesce(e.importance, 0)`},
	domain.SkillRoles:          {domain.KindSkill, domain.KindRole, `(p)<-[e:REQUIRES]-(n:Role)`, `coalesce(e.importance, 0)`},
	domain.RoleTechnologies:    {domain.KindRole, domain.KindTechnology, `(p)-[e:USES]->(n:Technology)`, `coalesce(e.importance, 0)`},
	domain.TechnologyRoles:     {domain.KindTechnology, domain.KindRole, `(p)<-[e:USES]-(n:Role)`, `coalesce(e.importance, 0)`},
	domain.RoleIndustries:      {domain.KindRole, domain.KindIndustry, `(p)-[e:IN_INDUSTRY]->(n:Industry)`, `0`},
	domain.IndustryRoles:       {domain.KindIndustry, domain.KindRole, `(p)<-[e:IN_INDUSTRY]-(n:Role)`, `0`},
	domain.TechnologySkills:    {domain.KindTechnology, domain.KindSkill, `(p)-[e:SUPPORTS]->(n:Skill)`, `0`},
	domain.SkillTechnologies:   {domain.KindSkill, domain.KindTechnology, `(p)<-[e:SUPPORTS]-(n:Technology)`, `0`},
	domain.SkillRelated:        {domain.KindSkill, domain.KindSkill, `(p)-[e:RELATED_TO]-(n:Skill)`, `coalesce(e.weight, 0.0)`},
	domain.RoleSpecializes:     {domain.KindRole, domain.KindRole, `(p)-[e:SPECIALIZES]->(n:Role)`, `0`},
	domain.RoleSpecializations: {domain.KindRole, domain.KindRole, `(p)<-[e:SPECIALIZES]-(n:Role)`, `0`},
	domain.RoleNext:            {domain.KindRole, domain.KindRole, `(p)-[e:LEADS_TO]->(n:Role)`, `0`},
	domain.RolePrevious:        {domain.KindRole, domain.KindRole, `(p)<-[e:LEADS_TO]-(n:Role)`, `0`},
	// Ascending rank: the key is negated because edges sort by key descending.
	domain.RoleRelated:      {domain.KindRole, domain.KindRole, `(p)-[e:RELATED_TO]->(n:Role)`, `-coalesce(e.rank, 0)`},
	domain.RoleOccupations:  {domain.KindRole, domain.KindRole, `(p)-[e:CLOSEST_TO]->(n:Role)`, `0`},
	domain.RoleCuratedRoles: {domain.KindRole, domain.KindRole, `(p)<-[e:CLOSEST_TO]-(n:Role)`, `0`},
}

// neighborsQuery loads one page of a relationship field for a whole batch of parents in one
// round trip (the dataloader's batch). The aggregating subquery returns a row even for a
// parent with no edges; COUNT {} of a typed pattern is a degree lookup, not a collect.
const neighborsQuery = `
UNWIND $ids AS pid
MATCH (p:%[1]s {id: pid})
CALL {
  WITH p
  MATCH %[2]s
  WITH e, n, %[3]s AS k
  WHERE $afterID IS NULL OR k < $afterKey OR (k = $afterKey AND n.id > $afterID)
  WITH e, n, k ORDER BY k DESC, n.id LIMIT $limit
  RETURN collect({e: properties(e), n: properties(n), k: k}) AS rows
}
RETURN pid, rows, COUNT { %[2]s } AS total`

var neighborsQueries = func() map[domain.Rel]string {
	m := make(map[domain.Rel]string, len(relSpecs))
	for rel, spec := range relSpecs {
		m[rel] = fmt.Sprintf(neighborsQuery, spec.parent, spec.pattern, spec.sortKey)
	}
	return m
}()

// Neighbors loads one page of rel for each parent id, in one round trip.
func (s *Store) Neighbors(ctx context.Context, rel domain.Rel, ids []string, args domain.PageArgs) (map[string]*domain.Page, error) {
	spec, ok := relSpecs[rel]
	if !ok {
		return nil, fmt.Errorf("store: unknown relationship field %q", rel)
	}
	after, err := decodeCursor(args.After)
	if err != nil {
		return nil, err
	}
	idList := make([]any, len(ids))
	for i, id := range ids {
		idList[i] = id
	}
	params := map[string]any{"ids": idList, "limit": int64(args.First + 1)}
	cursorParams(after, params)
	recs, err := s.read(ctx, neighborsQueries[rel], params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*domain.Page, len(ids))
	for _, id := range ids {
		out[id] = &domain.Page{HasPreviousPage: after != nil}
	}
	for _, rec := range recs {
		pid, _, err := neo4j.GetRecordValue[string](rec, "pid")
		if err != nil {
			return nil, err
		}
		total, _, err := neo4j.GetRecordValue[int64](rec, "total")
		if err != nil {
			return nil, err
		}
		rows, _, err := neo4j.GetRecordValue[[]any](rec, "rows")
		if err != nil {
			return nil, err
		}
		page := out[pid]
		page.TotalCount = int(total)
		for _, r := range rows {
			row := r.(map[string]any)
			if len(page.Edges) == args.First {
				page.HasNextPage = true
				break
			}
			n, _ := row["n"].(map[string]any)
			e, _ := row["e"].(map[string]any)
			edge := toEdge(toKind(spec.child, n), e)
			edge.Cursor = encodeCursor(toFloat(row["k"]), str(n, "id"))
			page.Edges = append(page.Edges, edge)
		}
	}
	return out, nil
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}
