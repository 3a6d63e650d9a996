package graph

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/skillgraph/skillgraph/domain"
)

// The `where` and `orderBy` arguments arrive as maps (gqlgen.yml binds every filter input to
// map[string]any; the schema has already checked their shape and types). This file turns
// them into domain.Filter and []domain.Order from the tables below, one converter for every
// filter type, naming the input path in each error.

// nodeFilterProps are a kind's filterable properties (the where fields that are not
// relationships or AND/OR/NOT).
var nodeFilterProps = map[string][]string{
	"Role":       {"id", "name", "description", "aliases", "source", "jobZone"},
	"Skill":      {"id", "name", "description", "aliases", "source", "category"},
	"Technology": {"id", "name", "description", "aliases", "source", "category"},
	"Industry":   {"id", "name", "description", "aliases", "source"},
}

// edgeFilterProps are the relationship properties of the relationship fields that have an
// edge where input (RoleSkillWhere, ...); the others are filtered by their node only.
var edgeFilterProps = map[domain.Rel][]string{
	domain.RoleSkills:       {"importance", "essential", "source"},
	domain.SkillRoles:       {"importance", "essential", "source"},
	domain.RoleTechnologies: {"importance", "hot", "inDemand", "source"},
	domain.TechnologyRoles:  {"importance", "hot", "inDemand", "source"},
	domain.RoleRelated:      {"tier", "rank", "source"},
	domain.SkillRelated:     {"weight", "source"},
}

// countOrders are the *_COUNT sort fields of each kind.
var countOrders = map[string]map[string]domain.Rel{
	"Role": {"SKILL_COUNT": domain.RoleSkills, "TECHNOLOGY_COUNT": domain.RoleTechnologies, "INDUSTRY_COUNT": domain.RoleIndustries,
		"RELATED_ROLE_COUNT": domain.RoleRelated, "NEXT_ROLE_COUNT": domain.RoleNext, "PREVIOUS_ROLE_COUNT": domain.RolePrevious},
	"Skill":      {"ROLE_COUNT": domain.SkillRoles, "TECHNOLOGY_COUNT": domain.SkillTechnologies, "RELATED_SKILL_COUNT": domain.SkillRelated},
	"Technology": {"ROLE_COUNT": domain.TechnologyRoles, "SKILL_COUNT": domain.TechnologySkills},
	"Industry":   {"ROLE_COUNT": domain.IndustryRoles},
}

// propOrders are the sort fields on a property of the node, or of the edge.
var propOrders = map[string]domain.Order{
	"ID": {Prop: "id"}, "NAME": {Prop: "name"}, "CATEGORY": {Prop: "category"}, "JOB_ZONE": {Prop: "jobZone"},
	"IMPORTANCE": {Prop: "importance", Edge: true}, "RANK": {Prop: "rank", Edge: true}, "WEIGHT": {Prop: "weight", Edge: true},
}

var filterOps = map[string]domain.Op{
	"eq": domain.OpEq, "in": domain.OpIn, "contains": domain.OpContains, "startsWith": domain.OpStartsWith,
	"lt": domain.OpLt, "lte": domain.OpLte, "gt": domain.OpGt, "gte": domain.OpGte, "isNull": domain.OpIsNull,
}

// opNames are the operators in a fixed order, so the same input gives the same filter.
var opNames = []string{"eq", "in", "contains", "startsWith", "lt", "lte", "gt", "gte", "isNull"}

// relFieldNames are the relationship fields of each type, sorted.
var relFieldNames = func() map[string][]string {
	out := map[string][]string{}
	for typ, fields := range relFields {
		for name := range fields {
			out[typ] = append(out[typ], name)
		}
		slices.Sort(out[typ])
	}
	return out
}()

// maxFilterDepth bounds how deeply where inputs nest (AND/OR/NOT and relationship filters).
const maxFilterDepth = 10

// listArgs converts the arguments of a list of GraphQL type typ, or, with rel set, of the
// relationship field rel.
func (r *Resolver) listArgs(typ string, rel domain.Rel, where map[string]any, orderBy []map[string]any, first *int, after *string) (domain.ListArgs, error) {
	pa, err := r.pageArgs(first, after)
	if err != nil {
		return domain.ListArgs{}, err
	}
	args := domain.ListArgs{PageArgs: pa}
	where, _ = plain(where).(map[string]any)
	orderBy = plainList(orderBy)
	if rel != "" {
		typ = relChild[rel]
		args.Where, err = relWhere(where, rel, typ, "where", 0)
	} else {
		args.Where, err = nodeWhere(where, typ, "where", 0)
	}
	if err != nil {
		return args, err
	}
	args.OrderBy, err = orders(orderBy, typ, rel != "")
	return args, err
}

// nodeWhere converts a where input on nodes of GraphQL type typ.
func nodeWhere(m map[string]any, typ, path string, depth int) (*domain.Filter, error) {
	if m == nil {
		return nil, nil
	}
	if depth > maxFilterDepth {
		return nil, domain.InvalidField(path, "filters nest more than %d levels deep", maxFilterDepth)
	}
	f := &domain.Filter{}
	for _, prop := range nodeFilterProps[typ] {
		if err := propConds(f, m[prop], prop, path+"."+prop); err != nil {
			return nil, err
		}
	}
	for _, field := range relFieldNames[typ] {
		rf := relFields[typ][field]
		q, ok := m[field].(map[string]any)
		if !ok {
			continue
		}
		for _, quant := range []domain.Quant{domain.Some, domain.None, domain.All} {
			sub, ok := q[string(quant)].(map[string]any)
			if !ok {
				continue
			}
			w, err := relWhere(sub, rf.rel, rf.child, path+"."+field+"."+string(quant), depth+1)
			if err != nil {
				return nil, err
			}
			f.Rels = append(f.Rels, domain.RelCond{Rel: rf.rel, Quant: quant, Where: w})
		}
	}
	err := logic(f, m, path, func(sub map[string]any, p string) (*domain.Filter, error) {
		return nodeWhere(sub, typ, p, depth+1)
	})
	return f, err
}

// relWhere converts the where input of the relationship field rel (whose far end is of type
// child): an edge where when the relationship has properties, else a where on the node.
func relWhere(m map[string]any, rel domain.Rel, child, path string, depth int) (*domain.Filter, error) {
	if m == nil {
		return nil, nil
	}
	props, hasEdge := edgeFilterProps[rel]
	if !hasEdge {
		n, err := nodeWhere(m, child, path, depth)
		if err != nil || n == nil {
			return nil, err
		}
		return &domain.Filter{Node: n}, nil
	}
	if depth > maxFilterDepth {
		return nil, domain.InvalidField(path, "filters nest more than %d levels deep", maxFilterDepth)
	}
	f := &domain.Filter{}
	for _, prop := range props {
		if err := propConds(f, m[prop], prop, path+"."+prop); err != nil {
			return nil, err
		}
	}
	if n, ok := m["node"].(map[string]any); ok {
		w, err := nodeWhere(n, child, path+".node", depth+1)
		if err != nil {
			return nil, err
		}
		f.Node = w
	}
	err := logic(f, m, path, func(sub map[string]any, p string) (*domain.Filter, error) {
		return relWhere(sub, rel, child, p, depth+1)
	})
	return f, err
}

// logic converts the AND, OR and NOT fields of a where input with conv.
func logic(f *domain.Filter, m map[string]any, path string, conv func(map[string]any, string) (*domain.Filter, error)) error {
	for _, op := range []string{"AND", "OR"} {
		list, _ := m[op].([]any)
		for i, item := range list {
			sub, _ := item.(map[string]any)
			g, err := conv(sub, fmt.Sprintf("%s.%s[%d]", path, op, i))
			if err != nil {
				return err
			}
			if g == nil {
				g = &domain.Filter{}
			}
			if op == "AND" {
				f.And = append(f.And, g)
			} else {
				f.Or = append(f.Or, g)
			}
		}
	}
	if sub, ok := m["NOT"].(map[string]any); ok {
		g, err := conv(sub, path+".NOT")
		if err != nil {
			return err
		}
		f.Not = g
		if f.Not == nil {
			f.Not = &domain.Filter{}
		}
	}
	return nil
}

// propConds adds the conditions of one property filter input (StringFilter, IntFilter, ...).
func propConds(f *domain.Filter, v any, prop, path string) error {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	for name := range m {
		if _, ok := filterOps[name]; !ok {
			return domain.InvalidField(path+"."+name, "unknown operator %q", name)
		}
	}
	for _, name := range opNames {
		op, val := filterOps[name], m[name]
		if val == nil {
			continue // an explicit null sets no condition
		}
		if op == domain.OpIn {
			if _, ok := val.([]any); !ok {
				val = []any{val} // GraphQL input coercion: a single value is a list of one
			}
		}
		f.Conds = append(f.Conds, domain.Cond{Prop: prop, Op: op, Value: val})
	}
	return nil
}

// orders converts an orderBy list for nodes of type typ (edge says whether edge properties
// are allowed: the list is a relationship field).
func orders(list []map[string]any, typ string, edge bool) ([]domain.Order, error) {
	var out []domain.Order
	for i, m := range list {
		path := fmt.Sprintf("orderBy[%d]", i)
		field, _ := m["field"].(string)
		desc := m["direction"] == "DESC"
		o, ok := propOrders[field]
		switch {
		case ok && o.Edge && !edge:
			return nil, domain.InvalidField(path+".field", "%s sorts relationship fields only", field)
		case ok:
		case countOrders[typ][field] != "":
			o = domain.Order{Count: countOrders[typ][field]}
		default:
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

// queryKey is a canonical text of a list's filter and order: relationship pages asked with
// the same arguments share a key, and so a batch, however the arguments were written.
func queryKey(args domain.ListArgs) string {
	if args.Where.Empty() && len(args.OrderBy) == 0 {
		return ""
	}
	b, _ := json.Marshal([]any{args.Where, args.OrderBy})
	return string(b)
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

// plainList is plain for a list of input objects (orderBy).
func plainList(list []map[string]any) []map[string]any {
	if list == nil {
		return nil
	}
	out := make([]map[string]any, 0, len(list))
	for _, m := range list {
		if p, ok := plain(m).(map[string]any); ok {
			out = append(out, p)
		}
	}
	return out
}

// relChild is the GraphQL type at the far end of each relationship field.
var relChild = func() map[domain.Rel]string {
	m := map[domain.Rel]string{}
	for _, fields := range relFields {
		for _, rf := range fields {
			m[rf.rel] = rf.child
		}
	}
	return m
}()
