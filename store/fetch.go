package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// Fetch loads a whole tree of relationship fields below the parents ids (of kind k) in one
// round trip: each field is a CALL subquery per parent row, nested as the GraphQL selection
// nests, returning its page of rows and, for each row, the rows of the fields below it.
// It fills every Fetch's Pages (by parent id; a parent that does not exist gets an empty
// page). Every relationship page the API serves is compiled here: Neighbors is a tree of one.
//
// The query for roles -> skills (first 2) -> technologies (totalCount) reads:
//
//	UNWIND $ids AS pid
//	MATCH (p:Role {id: pid})
//	CALL (p) {
//	  MATCH (p)-[f1e:REQUIRES]->(f1n:Skill) WHERE true
//	  WITH f1e, f1n, coalesce(f1e.importance, -1) AS k0, f1n.id AS kid WHERE true
//	  ORDER BY k0 DESC, kid LIMIT $f1limit
//	  RETURN collect([f1n.id, [k0], f1e.importance, null, COUNT { (f1n)<-[:SUPPORTS]-() }]) AS f1rows
//	}
//	RETURN pid, [f1rows] AS rows, [COUNT { (p)-[:REQUIRES]->() }] AS totals
func (s *Store) Fetch(ctx context.Context, k domain.Kind, ids []string, fetches []*domain.Fetch) error {
	_, err := s.fetch(ctx, k, ids, fetches, false, nil)
	return err
}

// NodeWith loads the node of kind k with id and the tree of relationship fields below it
// (as Fetch; none: the node alone) in one query: the tree's query returns the node's
// properties (props, or all when nil) beside its rows. It returns nil when there is no
// such node.
func (s *Store) NodeWith(ctx context.Context, k domain.Kind, id string, props []string, fetches []*domain.Fetch) (domain.Entity, error) {
	nodes, err := s.fetch(ctx, k, []string{id}, fetches, true, props)
	if err != nil {
		return nil, err
	}
	n, ok := nodes[id]
	if !ok || n.empty() {
		return nil, nil
	}
	return toKindOf(k, n), nil
}

// fetch runs a Fetch tree and fills its pages; withNode, it also returns the parents'
// properties props (nil: all) by id.
func (s *Store) fetch(ctx context.Context, k domain.Kind, ids []string, fetches []*domain.Fetch, withNode bool, props []string) (map[string]propVals, error) {
	if len(ids) == 0 || len(fetches) == 0 && !withNode {
		return nil, nil
	}
	nodeCols := columns(props)
	t, err := compileTree(k, ids, fetches, withNode, nodeCols)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, t.cypher, t.c.params)
	if err != nil {
		return nil, err
	}
	nodes := map[string]propVals{}
	for _, rec := range recs {
		pid, _, err := neo4j.GetRecordValue[string](rec, "pid")
		if err != nil {
			return nil, err
		}
		rows, _ := rec.Get("rows")
		totals, _ := rec.Get("totals")
		t.fill(fetches, pid, rows, totals)
		if withNode {
			v, _ := rec.Get("node")
			if nodeCols == nil {
				m, _ := v.(map[string]any)
				nodes[pid] = mapVals(m)
			} else if vals, _ := v.([]any); len(vals) == len(nodeCols) {
				nodes[pid] = propVals{names: nodeCols, vals: vals}
			}
		}
	}
	for _, f := range fetches {
		for _, id := range ids {
			if f.Pages[id] == nil {
				f.Pages[id] = t.pages[f].newPage()
			}
		}
	}
	return nodes, nil
}

// Neighbors loads one page of rel for each parent id, in one round trip.
func (s *Store) Neighbors(ctx context.Context, rel domain.Rel, ids []string, args domain.ListArgs) (map[string]*domain.Page, error) {
	spec, ok := relSpecs[rel]
	if !ok {
		return nil, fmt.Errorf("store: unknown relationship field %q", rel)
	}
	f := &domain.Fetch{Rel: rel, Args: args}
	if err := s.Fetch(ctx, spec.parent, ids, []*domain.Fetch{f}); err != nil {
		return nil, err
	}
	return f.Pages, nil
}

// tree is a compiled Fetch tree: one compiler for all of it, so parameter and variable
// names are unique across the levels, and each Fetch's sort keys and cursor for its pages.
type tree struct {
	cypher string
	c      *compiler
	n      int
	pages  map[*domain.Fetch]*compiled
}

func newTree(c *compiler) *tree { return &tree{c: c, pages: map[*domain.Fetch]*compiled{}} }

// compileTree compiles the tree below the parents ids; withNode, each record also has the
// parent's properties nodeCols (nil: all, a map) as node.
func compileTree(k domain.Kind, ids []string, fetches []*domain.Fetch, withNode bool, nodeCols []string) (*tree, error) {
	idList := make([]any, len(ids))
	for i, id := range ids {
		idList[i] = id
	}
	t := newTree(newCompiler(map[string]any{"ids": idList}))
	calls, rows, totals, err := t.level(fetches, "p", k)
	if err != nil {
		return nil, err
	}
	node := ""
	if withNode {
		if nodeCols == nil {
			node = "properties(p) AS node, "
		} else {
			node = "[" + values("p", nodeCols) + "] AS node, "
		}
	}
	t.cypher = fmt.Sprintf("UNWIND $ids AS pid\nMATCH (p:%s {id: pid})\n%sRETURN pid, %s[%s] AS rows, [%s] AS totals", k, calls, node,
		strings.Join(rows, ", "), strings.Join(totals, ", "))
	return t, nil
}

// level compiles the fetches below the node variable v (of kind k): the CALL subqueries to
// place after v is bound, and the expressions of their rows and of their counts.
func (t *tree) level(fetches []*domain.Fetch, v string, k domain.Kind) (calls string, rows, totals []string, err error) {
	var cb strings.Builder
	rowList, totalList := make([]string, len(fetches)), make([]string, len(fetches))
	for i, f := range fetches {
		f.Pages = map[string]*domain.Page{}
		spec, ok := relSpecs[f.Rel]
		if !ok || spec.parent != k {
			return "", nil, nil, fmt.Errorf("store: %q is not a relationship of %s", f.Rel, k)
		}
		t.n++
		e, n, name := fmt.Sprintf("f%de", t.n), fmt.Sprintf("f%dn", t.n), fmt.Sprintf("f%d", t.n)
		orders := f.Args.OrderBy
		if len(orders) == 0 {
			orders = spec.order
		}
		keys, err := sortKeys(orders, spec.child, n, &spec, e)
		if err != nil {
			return "", nil, nil, err
		}
		after, err := decodeCursor(f.Args.After, keys, f.Args.Backward)
		if err != nil {
			return "", nil, nil, err
		}
		pred, err := t.c.edgeFilter(f.Args.Where, f.Rel, e, n)
		if err != nil {
			return "", nil, nil, err
		}
		pattern := spec.pattern(v, e, n)
		totalList[i] = spec.degree(v)
		switch {
		case f.Args.NoTotal && (f.Args.First > 0 || after != nil):
			totalList[i] = "null" // not shown: a COUNT per row saved
		case pred != "":
			totalList[i] = fmt.Sprintf("COUNT { MATCH %s WHERE %s }", pattern, pred)
		}
		layout := newLayout(spec.child, f.Args.Props, &spec, f.Args.EdgeProps, len(f.Children))
		t.pages[f] = &compiled{keys: keys, after: after, backward: f.Args.Backward, noCursors: f.Args.NoCursors, layout: layout}
		if f.Args.First == 0 && after == nil { // counts only: no rows
			rowList[i] = "null"
			continue
		}
		subCalls, subRows, subTotals, err := t.level(f.Children, n, spec.child)
		if err != nil {
			return "", nil, nil, err
		}
		limit := name + "limit"
		t.c.params[limit] = rowLimit(f.Args.First, after)
		afterCond, orderBy := pageClauses(keys, after, f.Args.Backward, t.c.params, name)
		below := "" // the rows and totals of the fields below, after the node's (see rowLayout)
		if len(f.Children) > 0 {
			below = strings.Join(append(subRows, subTotals...), ", ")
		}
		fmt.Fprintf(&cb, "CALL (%s) {\n  MATCH %s WHERE %s\n  WITH %s, %s, %s WHERE %s\n  ORDER BY %s LIMIT $%s\n%s  RETURN collect(%s) AS %srows\n}\n",
			v, pattern, orTrue(pred), e, n, keyBindings(keys, n), orTrue(afterCond), orderBy, limit,
			indent(subCalls), layout.row(n, rowKeys(keys, f.Args.NoCursors), e, below), name)
		rowList[i] = name + "rows"
	}
	return cb.String(), rowList, totalList, nil
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}

// fill turns the rows and totals of one parent (lists in the order of fetches) into pages,
// and recurses into the rows' own fetches.
func (t *tree) fill(fetches []*domain.Fetch, pid string, rows, totals any) {
	rowLists, _ := rows.([]any)
	totalList, _ := totals.([]any)
	for i, f := range fetches {
		if _, done := f.Pages[pid]; done {
			continue // a node reached through several parents has one page per arguments
		}
		q := t.pages[f]
		page := q.newPage()
		if i < len(totalList) {
			total, _ := totalList[i].(int64)
			page.TotalCount = int(total)
		}
		var fetched []any
		if i < len(rowLists) {
			fetched, _ = rowLists[i].([]any)
		}
		child := relSpecs[f.Rel].child
		read := relSpecs[f.Rel].read
		q.fill(page, fetched, f.Args.First, func(e, n propVals) domain.Edge { return toEdge(toKindOf(child, n), e, read) })
		f.Pages[pid] = page
		t.fillBelow(f.Children, q.layout, fetched, f.Args.First)
	}
}

// fillBelow fills the fetches below each row of a page (laid out as layout): at most first
// rows (one more, after a cursor, only told whether there is a next page).
func (t *tree) fillBelow(fetches []*domain.Fetch, layout rowLayout, rows []any, first int) {
	if len(fetches) == 0 {
		return
	}
	for i, r := range rows {
		if i == first {
			break
		}
		n, _, _, c, tot := layout.parts(r)
		t.fill(fetches, n.str("id"), c, tot)
	}
}
