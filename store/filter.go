package store

import (
	"fmt"
	"strings"

	"github.com/skillgraph/skillgraph/domain"
)

// The filter and sort compiler: it turns a domain.Filter and []domain.Order into Cypher
// predicates and sort keys. Values always travel as parameters ($w0, $w1, ...); property
// names, labels and relationship types come only from the tables below, so no user text is
// ever spliced into a query.

type propType = domain.PropType

const (
	tString  = domain.PropString
	tInt     = domain.PropInt
	tFloat   = domain.PropFloat
	tBool    = domain.PropBool
	tStrings = domain.PropStrings // a list of strings (aliases): filtered with eq/in/contains on any element
)

// kindProps are the filterable and sortable properties of each kind (domain.Model).
var kindProps = func() map[domain.Kind]map[string]propType {
	out := map[domain.Kind]map[string]propType{}
	for k, n := range domain.Model.Nodes {
		out[k] = map[string]propType{}
		for _, p := range n.Props {
			if p.Filter || p.Sort {
				out[k][p.Name] = p.Type
			}
		}
	}
	return out
}()

type direction = domain.Direction

const (
	out  = domain.Out
	in   = domain.In
	both = domain.Both
)

// relSpec describes one direction of one relationship type: the kinds at both ends, the
// relationship's properties, and the default order of the field's edges (the node id
// always breaks ties).
type relSpec struct {
	parent, child domain.Kind
	typ           string
	dir           direction
	props         map[string]propType
	order         []domain.Order
	read          []domain.Prop // the properties read into an edge (all but source)
}

// relSpecs are the relationship fields of the model (domain.Model).
var relSpecs = func() map[domain.Rel]relSpec {
	out := map[domain.Rel]relSpec{}
	for rel, rm := range domain.Model.Rels {
		props := map[string]propType{}
		var read []domain.Prop
		for _, p := range rm.EdgeProps {
			props[p.Name] = p.Type
			if p.Name != "source" {
				read = append(read, p)
			}
		}
		out[rel] = relSpec{rm.Parent, rm.Child, rm.Type.Type, rm.Dir, props, rm.Order, read}
	}
	return out
}()

// degree is the number of the node p's relationships of this field, as a Cypher
// expression. Every write path (seed, import, API) joins a relationship type only to the
// kinds of its domain.RelType, so the far end's label is implied and left out: Neo4j then
// reads the count from the node's degree store, one db hit, instead of walking every
// relationship to check the label (851 db hits for an occupation with 424 technologies).
func (s relSpec) degree(p string) string {
	switch s.dir {
	case out:
		return fmt.Sprintf("COUNT { (%s)-[:%s]->() }", p, s.typ)
	case in:
		return fmt.Sprintf("COUNT { (%s)<-[:%s]-() }", p, s.typ)
	default:
		return fmt.Sprintf("COUNT { (%s)-[:%s]-() }", p, s.typ)
	}
}

// pattern is the Cypher pattern (p)-[e:TYPE]->(n:Child) with the given variable names ("" for
// anonymous ones).
func (s relSpec) pattern(p, e, n string) string {
	rel := fmt.Sprintf("[%s:%s]", e, s.typ)
	node := fmt.Sprintf("(%s:%s)", n, s.child)
	switch s.dir {
	case out:
		return fmt.Sprintf("(%s)-%s->%s", p, rel, node)
	case in:
		return fmt.Sprintf("(%s)<-%s-%s", p, rel, node)
	default:
		return fmt.Sprintf("(%s)-%s-%s", p, rel, node)
	}
}

// compiler accumulates the parameters of one query (w0, w1, ...: no other parameter starts
// with w) and numbers the variables of its subqueries.
type compiler struct {
	params       map[string]any
	values, vars int
	skip         *domain.RelCond // a condition met otherwise (the list's anchor): left out
}

func newCompiler(params map[string]any) *compiler { return &compiler{params: params} }

func (c *compiler) param(v any) string {
	name := fmt.Sprintf("w%d", c.values)
	c.values++
	c.params[name] = v
	return "$" + name
}

// textOps and numberOps are the Cypher operators of the string and numeric comparisons.
var (
	textOps   = map[domain.Op]string{domain.OpContains: "CONTAINS", domain.OpStartsWith: "STARTS WITH"}
	numberOps = map[domain.Op]string{domain.OpLt: "<", domain.OpLte: "<=", domain.OpGt: ">", domain.OpGte: ">="}
)

func (c *compiler) fresh() (string, string) {
	c.vars++
	return fmt.Sprintf("e%d", c.vars), fmt.Sprintf("n%d", c.vars)
}

// nodeFilter compiles f as a condition on the node variable v of kind k ("" when f is empty).
func (c *compiler) nodeFilter(f *domain.Filter, k domain.Kind, v string) (string, error) {
	return c.filter(f, k, v, nil, "", "")
}

// edgeFilter compiles f as a condition on the relationship variable e of rel and its far
// node n.
func (c *compiler) edgeFilter(f *domain.Filter, rel domain.Rel, e, n string) (string, error) {
	spec := relSpecs[rel]
	return c.filter(f, spec.child, n, &spec, e, n)
}

// filter compiles f. In an edge filter (spec != nil) the conditions are on the relationship
// variable e and f.Node on n; in a node filter they are on v.
func (c *compiler) filter(f *domain.Filter, k domain.Kind, v string, spec *relSpec, e, n string) (string, error) {
	if f.Empty() {
		return "", nil
	}
	var parts []string
	add := func(s string, err error) error {
		if err == nil && s != "" {
			parts = append(parts, "("+s+")")
		}
		return err
	}
	props, target := kindProps[k], v
	if spec != nil {
		props, target = spec.props, e
	}
	for _, cond := range f.Conds {
		if err := add(c.cond(cond, props, target)); err != nil {
			return "", err
		}
	}
	if f.Node != nil {
		if spec == nil {
			return "", fmt.Errorf("store: node condition outside an edge filter")
		}
		if err := add(c.nodeFilter(f.Node, spec.child, n)); err != nil {
			return "", err
		}
	}
	for i := range f.Rels {
		rc := f.Rels[i]
		if spec != nil {
			return "", fmt.Errorf("store: relationship condition in an edge filter")
		}
		if &f.Rels[i] == c.skip {
			continue
		}
		if err := add(c.relCond(rc, k, v)); err != nil {
			return "", err
		}
	}
	sub := func(g *domain.Filter) (string, error) { return c.filter(g, k, v, spec, e, n) }
	for _, g := range f.And {
		if err := add(sub(g)); err != nil {
			return "", err
		}
	}
	if len(f.Or) > 0 {
		var alts []string
		for _, g := range f.Or {
			s, err := sub(g)
			if err != nil {
				return "", err
			}
			if s == "" { // an empty alternative holds for everything
				alts = nil
				break
			}
			alts = append(alts, "("+s+")")
		}
		if len(alts) > 0 {
			parts = append(parts, "("+strings.Join(alts, " OR ")+")")
		}
	}
	if f.Not != nil {
		s, err := sub(f.Not)
		if err != nil {
			return "", err
		}
		if s == "" {
			s = "true"
		}
		// A comparison with a missing property is null; NOT of it must still be false.
		parts = append(parts, "(NOT coalesce(("+s+"), false))")
	}
	return strings.Join(parts, " AND "), nil
}

// relCond compiles "some/none/all of v's rc.Rel relationships match rc.Where".
func (c *compiler) relCond(rc domain.RelCond, k domain.Kind, v string) (string, error) {
	spec, ok := relSpecs[rc.Rel]
	if !ok || spec.parent != k {
		return "", fmt.Errorf("store: relationship %q is not a field of %s", rc.Rel, k)
	}
	e, n := c.fresh()
	where, err := c.edgeFilter(rc.Where, rc.Rel, e, n)
	if err != nil {
		return "", err
	}
	pat := spec.pattern(v, e, n)
	switch {
	case rc.Quant == domain.All && where == "":
		return "true", nil
	case rc.Quant == domain.All:
		return fmt.Sprintf("NOT EXISTS { MATCH %s WHERE NOT coalesce((%s), false) }", pat, where), nil
	case where == "":
		where = "true"
	}
	exists := fmt.Sprintf("EXISTS { MATCH %s WHERE %s }", pat, where)
	switch rc.Quant {
	case domain.Some:
		return exists, nil
	case domain.None:
		return "NOT " + exists, nil
	}
	return "", fmt.Errorf("store: unknown quantifier %q", rc.Quant)
}

// cond compiles one property comparison on the variable v.
func (c *compiler) cond(cond domain.Cond, props map[string]propType, v string) (string, error) {
	t, ok := props[cond.Prop]
	if !ok {
		return "", fmt.Errorf("store: unknown property %q", cond.Prop)
	}
	x := v + "." + cond.Prop
	if cond.Op == domain.OpIsNull {
		if b, _ := cond.Value.(bool); b {
			return x + " IS NULL", nil
		}
		return x + " IS NOT NULL", nil
	}
	p := c.param(cond.Value)
	if t == tStrings { // any alias
		a := "a" + p[1:]
		switch cond.Op {
		case domain.OpEq:
			return fmt.Sprintf("%s IN coalesce(%s, [])", p, x), nil
		case domain.OpIn:
			return fmt.Sprintf("any(%s IN coalesce(%s, []) WHERE %s IN %s)", a, x, a, p), nil
		case domain.OpContains, domain.OpStartsWith:
			return fmt.Sprintf("any(%s IN coalesce(%s, []) WHERE toLower(%s) %s toLower(%s))", a, x, a, textOps[cond.Op], p), nil
		}
		return "", fmt.Errorf("store: %s does not apply to %s", cond.Op, cond.Prop)
	}
	switch cond.Op {
	case domain.OpEq:
		return x + " = " + p, nil
	case domain.OpIn:
		return x + " IN " + p, nil
	case domain.OpContains, domain.OpStartsWith:
		if t != tString {
			return "", fmt.Errorf("store: %s does not apply to %s", cond.Op, cond.Prop)
		}
		return fmt.Sprintf("toLower(%s) %s toLower(%s)", x, textOps[cond.Op], p), nil
	case domain.OpLt, domain.OpLte, domain.OpGt, domain.OpGte:
		if t != tInt && t != tFloat {
			return "", fmt.Errorf("store: %s does not apply to %s", cond.Op, cond.Prop)
		}
		return x + " " + numberOps[cond.Op] + " " + p, nil
	}
	return "", fmt.Errorf("store: unknown operator %q", cond.Op)
}

// sortKey is one compiled sort key: a Cypher expression that is never null (missing values
// sort as the lowest), and whether it is a string.
type sortKey struct {
	expr   string
	desc   bool
	str    bool
	signed string // the key's name in cursors
}

// sortKeys compiles orders on the node variable n of kind k (and, for a relationship field,
// the relationship variable e of spec).
func sortKeys(orders []domain.Order, k domain.Kind, n string, spec *relSpec, e string) ([]sortKey, error) {
	var keys []sortKey
	for _, o := range orders {
		var key sortKey
		switch {
		case o.Count != "":
			cs, ok := relSpecs[o.Count]
			if !ok || cs.parent != k {
				return nil, fmt.Errorf("store: cannot count %q on %s", o.Count, k)
			}
			key = sortKey{expr: cs.degree(n), signed: "#" + string(o.Count)}
		case o.Edge:
			if spec == nil {
				return nil, fmt.Errorf("store: edge order outside a relationship field")
			}
			t, ok := spec.props[o.Prop]
			switch {
			case ok && t == tBool: // true after false ascending; unset is false
				key = sortKey{expr: fmt.Sprintf("CASE WHEN %s.%s THEN 1 ELSE 0 END", e, o.Prop), signed: "e." + o.Prop}
			case ok && (t == tInt || t == tFloat):
				key = sortKey{expr: fmt.Sprintf("coalesce(%s.%s, -1)", e, o.Prop), signed: "e." + o.Prop}
			default:
				return nil, fmt.Errorf("store: cannot sort by edge property %q", o.Prop)
			}
		default:
			t, ok := kindProps[k][o.Prop]
			switch {
			case !ok || t == tBool || t == tStrings:
				return nil, fmt.Errorf("store: cannot sort by %q", o.Prop)
			case t == tString:
				key = sortKey{expr: fmt.Sprintf("coalesce(%s.%s, '')", n, o.Prop), str: true, signed: o.Prop}
			default:
				key = sortKey{expr: fmt.Sprintf("coalesce(%s.%s, -1)", n, o.Prop), signed: o.Prop}
			}
		}
		key.desc = o.Desc
		if key.desc {
			key.signed += "-"
		}
		if o.Prop == "id" && !o.Edge && o.Count == "" {
			if o.Desc {
				return nil, fmt.Errorf("store: id sorts ascending only")
			}
			break // the id is the final key anyway
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// orderSignature names a sort order; a cursor carries it, so a cursor from one order is
// refused under another.
func orderSignature(keys []sortKey) string {
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = k.signed
	}
	return strings.Join(s, ",")
}

// pageClauses returns, for sort keys bound as k0, k1, ... and the id as kid, the keyset
// condition "strictly after the cursor" (parameters a0, a1, ..., aid, after prefix) and the
// ORDER BY list. Backward, the list is read from its end: every key in the other direction
// and the condition "strictly before the cursor".
func pageClauses(keys []sortKey, after *cursor, backward bool, params map[string]any, prefix string) (where, orderBy string) {
	order := make([]string, 0, len(keys)+1)
	for i, k := range keys {
		o := fmt.Sprintf("k%d", i)
		if k.desc != backward {
			o += " DESC"
		}
		order = append(order, o)
	}
	idOrder, idOp := "kid", ">"
	if backward {
		idOrder, idOp = "kid DESC", "<"
	}
	order = append(order, idOrder)
	if after == nil {
		return "", strings.Join(order, ", ")
	}
	params[prefix+"aid"] = after.ID
	cond := fmt.Sprintf("kid %s $%said", idOp, prefix)
	for i := len(keys) - 1; i >= 0; i-- {
		op := ">"
		if keys[i].desc != backward {
			op = "<"
		}
		params[fmt.Sprintf("%sa%d", prefix, i)] = after.Keys[i]
		cond = fmt.Sprintf("k%[1]d %[2]s $%[4]sa%[1]d OR (k%[1]d = $%[4]sa%[1]d AND (%[3]s))", i, op, cond, prefix)
	}
	return cond, strings.Join(order, ", ")
}

// keyBindings is the WITH list that binds the sort keys as k0, k1, ... and the id as kid.
func keyBindings(keys []sortKey, n string) string {
	var b strings.Builder
	for i, k := range keys {
		fmt.Fprintf(&b, "%s AS k%d, ", k.expr, i)
	}
	fmt.Fprintf(&b, "%s.id AS kid", n)
	return b.String()
}

// rowKeys is the list expression [k0, k1, ...] returned with each row for its cursor: null
// when no cursor is shown (ListArgs.NoCursors; a null costs the driver nothing to decode).
func rowKeys(keys []sortKey, noCursors bool) string {
	if noCursors {
		return "null"
	}
	s := make([]string, len(keys))
	for i := range keys {
		s[i] = fmt.Sprintf("k%d", i)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// anchor finds, among the conditions every match of f must meet (its own relationship
// conditions and those of its AND list), "some relationship to the node with this id". Every
// node the filter accepts is then a neighbour of that one node, so a list can start from it
// (an index seek and one expansion) instead of testing every node of its label. It returns
// the condition (in f) and the id.
func anchor(f *domain.Filter, k domain.Kind) (*domain.RelCond, any, bool) {
	if f == nil {
		return nil, nil, false
	}
	for i, rc := range f.Rels {
		spec, ok := relSpecs[rc.Rel]
		if !ok || spec.parent != k || rc.Quant != domain.Some || rc.Where == nil {
			continue
		}
		if id, ok := nodeID(rc.Where); ok {
			return &f.Rels[i], id, true
		}
	}
	for _, sub := range f.And {
		if rc, id, ok := anchor(sub, k); ok {
			return rc, id, true
		}
	}
	return nil, nil, false
}

// nodeID finds an "id eq" the far node of an edge filter must meet.
func nodeID(edge *domain.Filter) (any, bool) {
	for _, node := range []*domain.Filter{edge.Node} {
		if node == nil {
			continue
		}
		for _, c := range node.Conds {
			if c.Prop == "id" && c.Op == domain.OpEq {
				if id, ok := c.Value.(string); ok {
					return id, true
				}
			}
		}
		for _, sub := range node.And {
			if id, ok := nodeID(&domain.Filter{Node: sub}); ok {
				return id, true
			}
		}
	}
	for _, sub := range edge.And {
		if id, ok := nodeID(sub); ok {
			return id, true
		}
	}
	return nil, false
}
