package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph/generated"
	"github.com/skillgraph/skillgraph/graph/model"
)

// The `where` and `orderBy` arguments arrive as the Go structs gqlgen generates from the
// schema (graph/model): as a resolver's arguments, or, where the operation is read directly
// (direct execution, the relationship fields), through gqlgen's own unmarshalers
// (generated.UnmarshalListArg), so both paths see the same values. The readers that
// internal/modelgen generates from the schema (filters.generated.go) hand each input's fields,
// in name order, to the one converter here, which makes domain.Filter and []domain.Order,
// naming the input path in each error.

var filterOps = map[string]domain.Op{
	"eq": domain.OpEq, "in": domain.OpIn, "contains": domain.OpContains, "startsWith": domain.OpStartsWith,
	"lt": domain.OpLt, "lte": domain.OpLte, "gt": domain.OpGt, "gte": domain.OpGte, "isNull": domain.OpIsNull,
}

// maxFilterDepth bounds how deeply where inputs nest (AND/OR/NOT and relationship filters).
const maxFilterDepth = 10

// listArgs converts the arguments of a list of GraphQL type typ, or, with rel set, of the
// relationship field rel. where and orderBy are typed as gqlgen's resolvers receive them.
func (r *Resolver) listArgs(typ string, rel domain.Rel, where, orderBy any, in pageIn) (domain.ListArgs, error) {
	pa, err := r.pageOf(in)
	if err != nil {
		return domain.ListArgs{}, err
	}
	args := domain.ListArgs{PageArgs: pa}
	args.Where, err = whereFilter(where, "where")
	if err != nil {
		return args, err
	}
	if rel != "" {
		typ = string(domain.Model.Rels[rel].Child)
		args.Where = relWhere(rel, args.Where)
	}
	if args.Where.Empty() { // so that an omitted and an empty where give the same batch key
		args.Where = nil
	}
	keys, err := orderKeys(orderBy)
	if err != nil {
		return args, err
	}
	args.OrderBy, err = orders(keys, typ, rel)
	return args, err
}

// unknownInput is the error for a where or orderBy value no generated reader takes (nil
// takes none: the argument is omitted).
func unknownInput(v any) error {
	if v == nil {
		return nil
	}
	return fmt.Errorf("graph: no reader for the list argument %T (make generate)", v)
}

// opListArgs is listArgs of a list field f read from the operation: its arguments args
// (ArgumentMap) unmarshalled as gqlgen's resolvers receive them.
func (r *Resolver) opListArgs(ctx context.Context, typ string, rel domain.Rel, f *ast.FieldDefinition, args map[string]any) (domain.ListArgs, error) {
	var typed [2]any
	for i, name := range [...]string{"where", "orderBy"} {
		if a := f.Arguments.ForName(name); a != nil && args[name] != nil {
			var err error
			if typed[i], err = generated.UnmarshalListArg(ctx, a.Type, args[name]); err != nil {
				return domain.ListArgs{}, err
			}
		}
	}
	return r.listArgs(typ, rel, typed[0], typed[1], pageInOf(args))
}

// opValue is one operator an operator filter (StringFilter, ...) sets and its value.
type opValue struct {
	op    string
	value any
}

// orderKey is one item of an orderBy list: the name of its key and its direction.
type orderKey struct {
	field string
	dir   *model.SortDirection
}

// whereB builds the filter of one where input: its generated reader calls it field by
// field, in name order; the first error is the one reported.
type whereB struct {
	f    domain.Filter
	path string
	err  error
}

// newWhere starts the filter of a where input at path, nested depth levels deep; nil (and
// no error) when the input is null.
func newWhere(null bool, path string, depth int) (*whereB, error) {
	if null {
		return nil, nil
	}
	if depth > maxFilterDepth {
		return nil, domain.InvalidField(path, "filters nest more than %d levels deep", maxFilterDepth)
	}
	return &whereB{path: path}, nil
}

func (b *whereB) done() (*domain.Filter, error) {
	if b.err != nil {
		return nil, b.err
	}
	return &b.f, nil
}

// ok records err and reports whether the builder goes on.
func (b *whereB) ok(err error) bool {
	if b.err == nil {
		b.err = err
	}
	return b.err == nil
}

func (b *whereB) and(gs []*domain.Filter, err error) {
	if b.ok(err) {
		b.f.And = append(b.f.And, gs...)
	}
}

func (b *whereB) or(gs []*domain.Filter, err error) {
	if b.ok(err) {
		b.f.Or = append(b.f.Or, gs...)
	}
}

func (b *whereB) not(g *domain.Filter, err error) {
	if b.ok(err) && g != nil {
		b.f.Not = g
	}
}

// node sets an edge filter's condition on the node at its far end.
func (b *whereB) node(g *domain.Filter, err error) {
	if b.ok(err) && g != nil {
		b.f.Node = g
	}
}

// rel adds the condition that quant of the node's rel relationships match g (a where on the
// edges, or on the far nodes when the field's where input is the far kind's).
func (b *whereB) rel(rel domain.Rel, quant domain.Quant, g *domain.Filter, err error) {
	if b.ok(err) {
		b.f.Rels = append(b.f.Rels, domain.RelCond{Rel: rel, Quant: quant, Where: relWhere(rel, g)})
	}
}

// relWhere is a where on the relationship rel as the store takes it: a where on the edges as
// it is; a where on the far nodes (the field's where input is the far kind's) as the edges'
// node condition.
func relWhere(rel domain.Rel, g *domain.Filter) *domain.Filter {
	if g == nil || domain.Model.Rels[rel].EdgeWhere {
		return g
	}
	return &domain.Filter{Node: g}
}

// conds adds the conditions of the operator filter on the property prop.
func (b *whereB) conds(prop string, ops []opValue) {
	for _, o := range ops {
		op, known := filterOps[o.op]
		if !known {
			b.ok(domain.InvalidField(b.path+"."+prop+"."+o.op, "unknown operator %q", o.op))
			return
		}
		if b.err == nil {
			b.f.Conds = append(b.f.Conds, domain.Cond{Prop: prop, Op: op, Value: o.value})
		}
	}
}

// ids adds the conditions of an IDFilter on nodes of kind k, whose values may be global ids
// or slugs, as conditions on the stored key (see domain.SlugOf).
func (b *whereB) ids(k domain.Kind, ops []opValue) {
	for i, o := range ops {
		var err error
		path := b.path + ".id." + o.op
		switch v := o.value.(type) {
		case string:
			ops[i].value, err = domain.SlugOf(k, path, v)
		case []any:
			for j, id := range v {
				if v[j], err = domain.SlugOf(k, fmt.Sprintf("%s[%d]", path, j), id.(string)); err != nil {
					break
				}
			}
		}
		if !b.ok(err) {
			return
		}
	}
	b.conds("id", ops)
}

// each converts the items of an AND or OR list (at path) of where inputs read by read.
func each[W any](items []*W, path string, depth int, read func(*W, string, int) (*domain.Filter, error)) ([]*domain.Filter, error) {
	out := make([]*domain.Filter, len(items))
	for i, w := range items {
		var err error
		if out[i], err = read(w, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

var quants = [...]domain.Quant{domain.Some, domain.None, domain.All}

// rels adds the conditions of a relationship filter on rel (at path): its some, none and all.
func rels[W any](b *whereB, rel domain.Rel, path string, depth int, read func(*W, string, int) (*domain.Filter, error), some, none, all *W) {
	for i, w := range [...]*W{some, none, all} {
		if w != nil {
			g, err := read(w, path+"."+string(quants[i]), depth+1)
			b.rel(rel, quants[i], g, err)
		}
	}
}

// strs, ints and floats are an operator's list as the store takes it.
func strs(xs []string) []any { return anys(xs, func(x string) any { return x }) }

func ints(xs []int) []any { return anys(xs, func(x int) any { return int64(x) }) }

func floats(xs []float64) []any { return anys(xs, func(x float64) any { return x }) }

func anys[T any](xs []T, conv func(T) any) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = conv(x)
	}
	return out
}

// keysOf reads an orderBy list of one order input type.
func keysOf[O any](items []*O, key func(*O) orderKey) []orderKey {
	out := make([]orderKey, len(items))
	for i, o := range items {
		out[i] = key(o)
	}
	return out
}

// orders converts an orderBy list for nodes of type typ, or for the relationship field rel:
// the keys of its order enum (domain.Model).
func orders(list []orderKey, typ string, rel domain.Rel) ([]domain.Order, error) {
	keys := domain.Model.Nodes[domain.Kind(typ)].Orders
	if rel != "" {
		keys = domain.Model.Rels[rel].Orders
	}
	if len(list) == 0 {
		return nil, nil
	}
	out := make([]domain.Order, 0, len(list))
	for i, item := range list {
		desc := item.dir != nil && *item.dir == model.SortDirectionDesc
		o, ok := keys[item.field]
		if !ok {
			return nil, domain.InvalidField(fmt.Sprintf("orderBy[%d].field", i), "cannot sort %s by %q", typ, item.field)
		}
		if o.Prop == "id" && desc {
			return nil, domain.InvalidField(fmt.Sprintf("orderBy[%d].direction", i), "ID sorts ascending only (it breaks ties)")
		}
		o.Desc = desc
		out = append(out, o)
	}
	return out, nil
}

// queryKey is a canonical text of a list's filter, order and properties read: pages asked with
// the same arguments share a key, and so a batch, however the arguments were written.
// Every page of a request makes one, so the common parts are written by hand (properties
// and order keys are identifiers); only a filter, rarer and nested, is JSON.
func queryKey(args domain.ListArgs) string {
	if args.Where.Empty() && len(args.OrderBy) == 0 && args.Props == nil && args.EdgeProps == nil && !args.NoCursors && !args.NoTotal {
		return ""
	}
	var b strings.Builder
	if args.NoCursors {
		b.WriteString("nc ") // the same page without cursors: another load
	}
	if args.NoTotal {
		b.WriteString("nt ")
	}
	b.WriteString("p:")
	b.WriteString(strings.Join(args.Props, ","))
	if args.Props == nil {
		b.WriteString("*") // all properties, unlike an empty list
	}
	b.WriteString(" e:")
	b.WriteString(strings.Join(args.EdgeProps, ","))
	if args.EdgeProps == nil {
		b.WriteString("*")
	}
	for _, o := range args.OrderBy {
		b.WriteString(" o:")
		b.WriteString(o.Prop)
		b.WriteString("/")
		b.WriteString(string(o.Count))
		if o.Edge {
			b.WriteString("/edge")
		}
		if o.Desc {
			b.WriteString("/desc")
		}
	}
	if !args.Where.Empty() {
		w, _ := json.Marshal(args.Where)
		b.WriteString(" w:")
		b.Write(w)
	}
	return b.String()
}
