package store

import (
	"strings"

	"github.com/skillgraph/skillgraph/domain"
)

// A row of a page is one flat list: the node's properties, its sort key values (a list, or
// null without cursors), the relationship's properties and, when fields are loaded below the
// node, the rows of each, then the total of each. Properties the selection names come as bare
// values in a known order, [n.id, n.name, e.importance], not as maps: the driver decodes a map
// with a string and an entry per key, and a nested list with an allocation more (measured:
// README, "Where skillgraph's extra cost per request goes"). Without a list of names (all
// properties) a node or relationship is one map, properties(v).

// rowLayout is how the rows of one page are laid out.
type rowLayout struct {
	node, edge []string // the properties, in the row's order; nil: one map of them all
	edgeless   bool     // a list's row: no relationship, so no part for it
	below      int      // the fields below the node, whose rows, then totals, end the row
	// own and read are the node's own properties and the relationship's properties read
	// into an edge (relSpec.read) that the row holds, with their columns (see indexed).
	own, read []colProp
}

// newLayout is the layout of rows of nodes of kind k with the properties props and, on the
// relationship field spec (nil for a list's rows), its properties edgeProps; below is the
// number of fields below each node.
func newLayout(k domain.Kind, props []string, spec *relSpec, edgeProps []string, below int) rowLayout {
	l := rowLayout{node: columns(props), edgeless: spec == nil, below: below}
	l.own = indexed(l.node, domain.Model.Nodes[k].Own())
	if spec != nil {
		l.edge = edgeColumns(edgeProps)
		l.read = indexed(l.edge, spec.read)
	}
	return l
}

// colProp is a property with the column of its value in a row's part.
type colProp struct {
	col  int
	prop domain.Prop
}

// indexed are the properties of list that names holds, in the order of list, with their
// columns: what props reads, found once per page rather than per row.
func indexed(names []string, list []domain.Prop) []colProp {
	if names == nil {
		return nil
	}
	out := []colProp{}
	for _, p := range list {
		for i, n := range names {
			if n == p.Name {
				out = append(out, colProp{i, p})
			}
		}
	}
	return out
}

// columns are the names a row holds for a node's properties, props (nil: all, one map):
// the id first, then the others valid as property names.
func columns(props []string) []string {
	if props == nil {
		return nil
	}
	out := []string{"id"}
	for _, p := range props {
		if p != "id" && validProp(p) {
			out = append(out, p)
		}
	}
	return out
}

// edgeColumns are the names a row holds for a relationship's properties, props (nil: all,
// one map; empty: none, no part at all).
func edgeColumns(props []string) []string {
	if props == nil {
		return nil
	}
	out := []string{}
	for _, p := range props {
		if validProp(p) {
			out = append(out, p)
		}
	}
	return out
}

// values is the Cypher of the values of v's properties names, comma-separated as in a list:
// properties(v) for nil, "" for none.
func values(v string, names []string) string {
	if names == nil {
		return "properties(" + v + ")"
	}
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v + "." + n)
	}
	return b.String()
}

// row is the Cypher list expression of one row: node n, relationship e (ignored when
// edgeless), the sort key list and what comes below ("" for nothing; else the rows, then
// the totals, of its fields).
func (l rowLayout) row(n, keys, e, below string) string {
	parts := []string{values(n, l.node), keys}
	if !l.edgeless {
		if ev := values(e, l.edge); ev != "" {
			parts = append(parts, ev)
		}
	}
	if below != "" {
		parts = append(parts, below)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// parts splits a row: the node's properties, the sort key values, the relationship's
// properties and, when there are fields below, the lists of their rows and of their totals
// (in the order of the fields). A row of another length (none is) gives empty parts.
func (l rowLayout) parts(r any) (n propVals, keys []any, e propVals, c, t []any) {
	row, _ := r.([]any)
	width := l.width()
	if len(row) != width {
		return n, nil, e, nil, nil
	}
	i := 0
	take := func(names []string, known []colProp) propVals {
		if names == nil {
			m, _ := row[i].(map[string]any)
			i++
			return propVals{m: m}
		}
		p := propVals{names: names, vals: row[i : i+len(names)], known: known}
		i += len(names)
		return p
	}
	n = take(l.node, l.own)
	keys, _ = row[i].([]any)
	i++
	if !l.edgeless {
		e = take(l.edge, l.read)
	}
	if l.below > 0 {
		c, t = row[i:i+l.below], row[i+l.below:i+2*l.below]
	}
	return n, keys, e, c, t
}

// width is the number of values in a row: a part of names is one value each, or one map.
func (l rowLayout) width() int {
	w := 1 + partWidth(l.node)
	if !l.edgeless {
		w += partWidth(l.edge)
	}
	return w + 2*l.below
}

func partWidth(names []string) int {
	if names == nil {
		return 1
	}
	return len(names)
}

// propVals are the properties of one node or relationship as a record holds them: a map
// (m), or values in the order of names, with known, when not nil, the columns of the
// properties props is asked for (the kind's own, or those of the relationship read).
type propVals struct {
	m     map[string]any
	names []string
	vals  []any
	known []colProp
}

// mapVals is a property map as propVals.
func mapVals(m map[string]any) propVals { return propVals{m: m} }

// get is the value of the property key, nil when it has none.
func (p propVals) get(key string) any {
	if p.names == nil {
		return p.m[key]
	}
	for i, n := range p.names {
		if n == key {
			return p.vals[i]
		}
	}
	return nil
}

func (p propVals) empty() bool { return p.m == nil && p.names == nil }

func (p propVals) str(key string) string {
	s, _ := p.get(key).(string)
	return s
}
