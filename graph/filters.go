package graph

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/domain"
)

// The `where` and `orderBy` arguments arrive as maps (gqlgen.yml binds every filter input to
// map[string]any; the schema has already checked their shape and types). This file turns
// them into domain.Filter and []domain.Order, one converter for every filter type, naming the
// input path in each error. Which properties exist is the store's table (store/filter.go);
// here a where field is AND/OR/NOT, `node`, a relationship field, or else a property.

var filterOps = map[string]domain.Op{
	"eq": domain.OpEq, "in": domain.OpIn, "contains": domain.OpContains, "startsWith": domain.OpStartsWith,
	"lt": domain.OpLt, "lte": domain.OpLte, "gt": domain.OpGt, "gte": domain.OpGte, "isNull": domain.OpIsNull,
}

// maxFilterDepth bounds how deeply where inputs nest (AND/OR/NOT and relationship filters).
const maxFilterDepth = 10

// listArgs converts the arguments of a list of GraphQL type typ, or, with rel set, of the
// relationship field rel. where and orderBy are as gqlgen or the selection walk hand them over.
func (r *Resolver) listArgs(typ string, rel domain.Rel, where, orderBy any, in pageIn) (domain.ListArgs, error) {
	pa, err := r.pageOf(in)
	if err != nil {
		return domain.ListArgs{}, err
	}
	args := domain.ListArgs{PageArgs: pa}
	w, _ := plain(where).(map[string]any)
	if rel != "" {
		typ = string(domain.Model.Rels[rel].Child)
		args.Where, err = relWhere(w, rel, typ, "where", 0)
	} else {
		args.Where, err = whereOf(w, typ, "", "where", 0)
	}
	if err != nil {
		return args, err
	}
	if args.Where.Empty() { // so that an omitted and an empty where give the same batch key
		args.Where = nil
	}
	args.OrderBy, err = orders(plain(orderBy), typ, rel)
	return args, err
}

// relWhere converts the where input of the relationship field rel (whose far end is of type
// child): an edge where, or a where on the node wrapped as the edge's node condition.
func relWhere(m map[string]any, rel domain.Rel, child, path string, depth int) (*domain.Filter, error) {
	if domain.Model.Rels[rel].EdgeWhere {
		return whereOf(m, child, rel, path, depth)
	}
	n, err := whereOf(m, child, "", path, depth)
	if err != nil || n == nil {
		return nil, err
	}
	return &domain.Filter{Node: n}, nil
}

// whereOf converts a where input on nodes of GraphQL type typ or, with edge set, on the edges
// of that relationship field (whose far end is of type typ). Fields are read in sorted order,
// so the same input always gives the same filter.
func whereOf(m map[string]any, typ string, edge domain.Rel, path string, depth int) (*domain.Filter, error) {
	if m == nil {
		return nil, nil
	}
	if depth > maxFilterDepth {
		return nil, domain.InvalidField(path, "filters nest more than %d levels deep", maxFilterDepth)
	}
	f := &domain.Filter{}
	for _, field := range slices.Sorted(maps.Keys(m)) {
		v, p := m[field], path+"."+field
		sub, _ := v.(map[string]any)
		rf, isRel := relFields[typ][field]
		var err error
		switch {
		case v == nil: // an explicit null sets no condition
		case field == "AND" || field == "OR":
			list, _ := v.([]any)
			for i, item := range list {
				item, _ := item.(map[string]any)
				g, err := whereOf(item, typ, edge, fmt.Sprintf("%s[%d]", p, i), depth+1)
				if err != nil {
					return nil, err
				}
				if g == nil {
					g = &domain.Filter{}
				}
				if field == "AND" {
					f.And = append(f.And, g)
				} else {
					f.Or = append(f.Or, g)
				}
			}
		case field == "NOT":
			if f.Not, err = whereOf(sub, typ, edge, p, depth+1); f.Not == nil {
				f.Not = &domain.Filter{}
			}
		case field == "node" && edge != "":
			f.Node, err = whereOf(sub, typ, "", p, depth+1)
		case isRel && edge == "":
			for _, quant := range []domain.Quant{domain.Some, domain.None, domain.All} {
				q, ok := sub[string(quant)].(map[string]any)
				if !ok {
					continue
				}
				w, err := relWhere(q, rf.rel, rf.child, p+"."+string(quant), depth+1)
				if err != nil {
					return nil, err
				}
				f.Rels = append(f.Rels, domain.RelCond{Rel: rf.rel, Quant: quant, Where: w})
			}
		case field == "id" && edge == "":
			if sub, err = slugConds(typ, sub, p); err == nil {
				err = propConds(f, sub, field, p)
			}
		default:
			err = propConds(f, sub, field, p)
		}
		if err != nil {
			return nil, err
		}
	}
	return f, nil
}

// slugConds reads an IDFilter on nodes of type typ, whose values may be global ids or slugs,
// as conditions on the stored key (see domain.SlugOf).
func slugConds(typ string, m map[string]any, path string) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for op, v := range m {
		switch x := v.(type) {
		case string:
			s, err := domain.SlugOf(domain.Kind(typ), path+"."+op, x)
			if err != nil {
				return nil, err
			}
			out[op] = s
		case []any:
			list := make([]any, len(x))
			for i, e := range x {
				id, _ := e.(string)
				s, err := domain.SlugOf(domain.Kind(typ), fmt.Sprintf("%s.%s[%d]", path, op, i), id)
				if err != nil {
					return nil, err
				}
				list[i] = s
			}
			out[op] = list
		default:
			out[op] = v
		}
	}
	return out, nil
}

// propConds adds the conditions of one property filter input (StringFilter, IntFilter, ...).
func propConds(f *domain.Filter, m map[string]any, prop, path string) error {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		op, ok := filterOps[name]
		if !ok {
			return domain.InvalidField(path+"."+name, "unknown operator %q", name)
		}
		val := m[name]
		if val == nil {
			continue // an explicit null sets no condition
		}
		if _, isList := val.([]any); op == domain.OpIn && !isList {
			val = []any{val} // GraphQL input coercion: a single value is a list of one
		}
		f.Conds = append(f.Conds, domain.Cond{Prop: prop, Op: op, Value: val})
	}
	return nil
}

// orders converts an orderBy list (plain) for nodes of type typ, or for the relationship
// field rel: the keys of its order enum (domain.Model).
func orders(v any, typ string, rel domain.Rel) ([]domain.Order, error) {
	keys := domain.Model.Nodes[domain.Kind(typ)].Orders
	if rel != "" {
		keys = domain.Model.Rels[rel].Orders
	}
	list, _ := v.([]any)
	if m, ok := v.(map[string]any); ok { // input coercion: one item is a list of one
		list = []any{m}
	}
	var out []domain.Order
	for i, item := range list {
		m, _ := item.(map[string]any)
		path := fmt.Sprintf("orderBy[%d]", i)
		field, _ := m["field"].(string)
		desc := m["direction"] == "DESC"
		o, ok := keys[field]
		if !ok {
			return nil, domain.InvalidField(path+".field", "cannot sort %s by %q", typ, field)
		}
		if o.Prop == "id" && desc {
			return nil, domain.InvalidField(path+".direction", "ID sorts ascending only (it breaks ties)")
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

// plain turns an argument value into plain JSON-like values (map[string]any, []any,
// string, int64, float64, bool, nil): gqlgen hands filter inputs over with typed pointers,
// enums and slices inside, while the selection walk of prefetch sees raw values.
func plain(v any) any {
	if v == nil {
		return nil
	}
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			out[k] = plain(item)
		}
		return out
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return plain(rv.Elem().Interface())
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = plain(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		out := make(map[string]any, rv.Len())
		for _, k := range rv.MapKeys() {
			out[fmt.Sprint(k.Interface())] = plain(rv.MapIndex(k).Interface())
		}
		return out
	case reflect.String:
		return rv.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Bool:
		return rv.Bool()
	}
	return v
}
