package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

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

func (s *Store) OccupationGroup(ctx context.Context, id string) (*domain.OccupationGroup, error) {
	m, err := s.node(ctx, domain.KindOccupationGroup, id)
	if m == nil || err != nil {
		return nil, err
	}
	return toOccupationGroup(m), nil
}

// nodesQuery loads nodes of every kind by id in one statement: an index seek per id. %s is
// one branch per kind (nodesBranch), joined by UNION ALL.
const nodesQuery = `
CALL {
  %s
}
RETURN kind, n`

// nodesBranch is nodesQuery's branch for one kind: %[1]s the label, %[2]s the projection.
const nodesBranch = `UNWIND $ids.%[1]s AS id MATCH (n:%[1]s {id: id}) RETURN '%[1]s' AS kind, %[2]s AS n`

// Nodes loads the nodes refs name (reading props of each, nil: all), in one query, in the
// order of refs: nil where there is no such node.
func (s *Store) Nodes(ctx context.Context, refs []domain.NodeRef, props []string) ([]domain.Entity, error) {
	out := make([]domain.Entity, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	q, err := nodesCypher(refs, props)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, q.cypher, q.params)
	if err != nil {
		return nil, err
	}
	found := map[domain.NodeRef]domain.Entity{}
	for _, rec := range recs {
		k, _, err := neo4j.GetRecordValue[string](rec, "kind")
		if err != nil {
			return nil, err
		}
		m, _, err := neo4j.GetRecordValue[map[string]any](rec, "n")
		if err != nil {
			return nil, err
		}
		found[domain.NodeRef{Kind: domain.Kind(k), Slug: str(m, "id")}] = toKind(domain.Kind(k), m)
	}
	for i, r := range refs {
		out[i] = found[r]
	}
	return out, nil
}

// nodesCypher compiles nodesQuery for refs: the ids of each kind in the parameter ids.
func nodesCypher(refs []domain.NodeRef, props []string) (*compiled, error) {
	ids := map[string]any{}
	branches := make([]string, len(domain.Kinds))
	for i, k := range domain.Kinds {
		ids[string(k)] = []any{}
		branches[i] = fmt.Sprintf(nodesBranch, k, projection("n", props))
	}
	for _, r := range refs {
		if !r.Kind.Valid() {
			return nil, domain.Errorf(domain.EINVALID, "unknown kind %q", r.Kind)
		}
		ids[string(r.Kind)] = append(ids[string(r.Kind)].([]any), r.Slug)
	}
	return &compiled{cypher: fmt.Sprintf(nodesQuery, strings.Join(branches, "\n  UNION ALL\n  ")), params: map[string]any{"ids": ids}}, nil
}

// List pages through the nodes of kind k that match args.Where, in args.OrderBy (by id when
// none), with the count of all that match.
func (s *Store) List(ctx context.Context, k domain.Kind, args domain.ListArgs) (*domain.Page, error) {
	return s.ListWith(ctx, k, args, nil)
}

// ListWith is List with, in the same query, the tree of relationship fields below each node
// of the page (as Fetch fills it for the page's ids).
func (s *Store) ListWith(ctx context.Context, k domain.Kind, args domain.ListArgs, fetches []*domain.Fetch) (*domain.Page, error) {
	if !k.Valid() {
		return nil, domain.Errorf(domain.EINVALID, "unknown kind %q", k)
	}
	q, t, err := listCypher(k, args, fetches)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, q.cypher, q.params)
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
	page := q.newPage()
	page.TotalCount = int(total)
	q.fill(page, rows, args.First, func(_, n propVals) domain.Edge { return domain.Edge{Node: toKindOf(k, n)} })
	if t != nil {
		t.fillBelow(fetches, q.layout, rows, args.First)
	}
	return page, nil
}

// compiled is one list query with its parameters, sort keys and decoded cursor (after it,
// or, backward, before it).
type compiled struct {
	cypher   string
	params   map[string]any
	keys     []sortKey
	after    *cursor
	backward bool
	// noCursors: the rows have no sort key values (ListArgs.NoCursors), the edges no cursor.
	noCursors bool
	layout    rowLayout
}

// newPage is the page of the query before its rows are read: a page asked for after a
// cursor has a previous page, one asked for before a cursor a next page.
func (q *compiled) newPage() *domain.Page {
	return &domain.Page{HasPreviousPage: q.after != nil && !q.backward, HasNextPage: q.after != nil && q.backward}
}

// rowLimit is how many rows a page reads: first from the start of a list, where the total
// tells whether there is a next page, and one more after a cursor, where that row tells it.
func rowLimit(first int, after *cursor) int64 {
	if after == nil {
		return int64(first)
	}
	return int64(first + 1)
}

// fill appends to page (made by newPage, its TotalCount set) the edges of the result rows
// (see rowLayout), at most first of them, each able to make its cursor, and tells whether
// there is a next page (see rowLimit). Backward, the rows come last first: the page is
// turned back into the list's order, and the row past first tells of a previous page.
func (q *compiled) fill(page *domain.Page, rows []any, first int, edge func(e, n propVals) domain.Edge) {
	more := &page.HasNextPage
	if q.backward {
		more = &page.HasPreviousPage
	}
	if q.after == nil {
		*more = page.TotalCount > first
	}
	var sig string
	if !q.noCursors {
		sig = orderSignature(q.keys)
	}
	page.Edges = make([]domain.Edge, 0, min(len(rows), first))
	for _, r := range rows {
		if len(page.Edges) == first {
			*more = true
			break
		}
		n, vals, e, _, _ := q.layout.parts(r)
		ed := edge(e, n)
		if !q.noCursors {
			id := n.str("id")
			ed.MakeCursor = func() string { return encodeCursor(sig, vals, id) }
		}
		page.Edges = append(page.Edges, ed)
	}
	if q.backward {
		slices.Reverse(page.Edges)
	}
}

// listByIDQuery is the unfiltered list in id order: the count comes from the count store
// (no scan) and the page is a range seek on the id index, in index order.
// %[2]s is the row (rowLayout), %[3]s the tree below the page (see treeBelow), %[4]s and
// %[5]s the range and the order: n.id > $aid and n.id forward, n.id < $aid (or >= ”, from
// the end) and n.id DESC backward.
const listByIDQuery = `
CALL { MATCH (x:%[1]s) RETURN count(x) AS total }
CALL {
  MATCH (n:%[1]s) WHERE %[4]s
  WITH n ORDER BY %[5]s LIMIT $limit
%[3]s  RETURN collect(%[2]s) AS rows
}
RETURN total, rows`

// countQuery is a list of which only the count is wanted (first: 0, as when a selection
// asks for totalCount alone): no page is sorted or read. The count is taken before the
// empty rows are added: beside an aggregate, [] would be a grouping key, and no candidate
// would then mean no record at all.
const countQuery = `
%s
WITH count(n) AS total
RETURN total, [] AS rows`

// listQuery is a filtered or sorted list: %[1]s matches the candidates n with the compiled
// filter, %[2]s binds the sort keys k0, k1, ... and kid, %[3]s is the keyset condition after
// the cursor, %[4]s the order, %[5]s the row (rowLayout), %[6]s the tree below the page
// (see treeBelow).
const listQuery = `
CALL { %[1]s RETURN count(n) AS total }
CALL {
  %[1]s
  WITH n, %[2]s WHERE %[3]s
  WITH * ORDER BY %[4]s LIMIT $limit
%[6]s  RETURN collect(%[5]s) AS rows
}
RETURN total, rows`

// anchoredListQuery is listQuery for a list found from one node's neighbours (see anchor)
// whose rows need neither sort key values (no cursor shown) nor subqueries below, asked
// from its start: its candidates are matched once, sorted, and both counted and cut from
// the one list, as the floor's query does, where listQuery matches them twice: cheaper for
// short lists, the most common, and no dearer for long ones (README, cost per request).
// %[1]s matches the candidates, %[2]s binds the sort keys, %[3]s is the order, %[4]s the row
// of n.
const anchoredListQuery = `
%[1]s
WITH n, %[2]s
ORDER BY %[3]s
WITH collect(n) AS page
RETURN size(page) AS total, [n IN page[..$limit] | %[4]s] AS rows`

// listCypher compiles a list query, with the tree of fetches below its page (nil when there
// are none or the page has no rows).
func listCypher(k domain.Kind, args domain.ListArgs, fetches []*domain.Fetch) (*compiled, *tree, error) {
	keys, err := sortKeys(args.OrderBy, k, "n", nil, "")
	if err != nil {
		return nil, nil, err
	}
	after, err := decodeCursor(args.After, keys, args.Backward)
	if err != nil {
		return nil, nil, err
	}
	q := &compiled{params: map[string]any{"limit": rowLimit(args.First, after)}, keys: keys, after: after, backward: args.Backward, noCursors: args.NoCursors,
		layout: newLayout(k, args.Props, nil, nil, 0)}
	c := newCompiler(q.params) // one for the filter and the tree: parameter names stay unique
	// The candidates: every node of the label, or the neighbours of the one node that the
	// filter requires a relationship to (see anchor). The anchoring condition is then met by
	// the pattern that finds them (with its whole edge filter), and is not tested a second
	// time on each candidate, an EXISTS that walked all the candidate's relationships of that
	// type (hundreds for an O*NET occupation's technologies); the rest of the filter applies.
	var candidates string
	unfiltered, anchored := false, false // every node of the label; the neighbours of one node
	if rc, id, ok := anchor(args.Where, k); ok {
		spec := relSpecs[rc.Rel]
		q.params["anchor"] = id
		via, err := c.edgeFilter(rc.Where, rc.Rel, "ae", "a")
		if err != nil {
			return nil, nil, err
		}
		c.skip = rc
		pred, err := c.nodeFilter(args.Where, k, "n")
		if err != nil {
			return nil, nil, err
		}
		candidates = fmt.Sprintf("MATCH %s WHERE a.id = $anchor AND %s WITH DISTINCT n WHERE %s", spec.pattern("n:"+string(k), "ae", "a"), orTrue(via), orTrue(pred))
		anchored = true
	} else {
		pred, err := c.nodeFilter(args.Where, k, "n")
		if err != nil {
			return nil, nil, err
		}
		candidates = fmt.Sprintf("MATCH (n:%s) WHERE %s", k, orTrue(pred))
		unfiltered = pred == ""
	}
	if args.First == 0 && after == nil {
		q.cypher = fmt.Sprintf(countQuery, candidates)
		return q, nil, nil
	}
	t, calls, below, err := treeBelow(c, k, fetches)
	if err != nil {
		return nil, nil, err
	}
	q.layout.below = len(fetches)
	if unfiltered && len(keys) == 0 {
		q.params["aid"] = ""
		rng, order := "n.id > $aid", "n.id"
		if after != nil {
			q.params["aid"] = after.ID
		}
		if args.Backward {
			rng, order = "n.id < $aid", "n.id DESC"
			if after == nil {
				rng = "n.id >= $aid"
			}
		}
		q.cypher = fmt.Sprintf(listByIDQuery, k, q.layout.row("n", "[]", "", below), calls, rng, order)
		return q, t, nil
	}
	afterCond, orderBy := pageClauses(keys, after, args.Backward, q.params, "")
	if anchored && after == nil && args.NoCursors && calls == "" {
		q.cypher = fmt.Sprintf(anchoredListQuery, candidates, keyBindings(keys, "n"), orderBy, q.layout.row("n", "null", "", below))
		return q, t, nil
	}
	q.cypher = fmt.Sprintf(listQuery, candidates, keyBindings(keys, "n"), orTrue(afterCond), orderBy, q.layout.row("n", rowKeys(keys, args.NoCursors), "", below), calls)
	return q, t, nil
}

// treeBelow compiles the fetches below the page's node n (of kind k): the CALL subqueries
// to place after the page is cut, and the row's last entries ("c, t") that return their
// rows and counts as a Fetch tree's rows do.
func treeBelow(c *compiler, k domain.Kind, fetches []*domain.Fetch) (t *tree, calls, below string, err error) {
	if len(fetches) == 0 {
		return nil, "", "", nil
	}
	t = newTree(c)
	calls, rows, totals, err := t.level(fetches, "n", k)
	if err != nil {
		return nil, "", "", err
	}
	return t, indent(calls), strings.Join(append(rows, totals...), ", "), nil
}

func orTrue(pred string) string {
	if pred == "" {
		return "true"
	}
	return pred
}

// projection is the map of node v's properties a page returns: all of them, or only
// props and always the id.
func projection(v string, props []string) string {
	if props != nil && !slices.Contains(props, "id") {
		props = append([]string{"id"}, props...)
	}
	return propertyMap(v, props)
}

// propertyMap is the map of the properties of v (a node or a relationship) that a query
// returns: all of them (props nil), or only props as a map projection (an empty map for none).
func propertyMap(e string, props []string) string {
	if props == nil {
		return "properties(" + e + ")"
	}
	var fields []string
	for _, p := range props {
		if validProp(p) {
			fields = append(fields, "."+p)
		}
	}
	if len(fields) == 0 {
		return "{}"
	}
	return e + " {" + strings.Join(fields, ", ") + "}"
}

// validProp: property names are only ever from the schema's fields, but they are spliced
// into Cypher, so anything but a plain identifier is refused here too.
func validProp(p string) bool {
	for i, r := range p {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return p != ""
}
