package domain

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/schema"
)

// The graph model: node kinds, their properties, and relationship fields, read once from the
// directives of the GraphQL schema (@node, @relationship, @ranked; schema/schema.graphqls says
// what each means). Every table that loads, filters, sorts, writes or checks the graph is
// derived from Model, so a property or a relationship is declared in one place: the schema.

// PropType is the type of a stored property.
type PropType int

const (
	PropString PropType = iota
	PropInt
	PropFloat
	PropBool
	PropStrings // a list of strings (aliases)
	PropTime
)

// Prop is one stored property of a node or a relationship.
type Prop struct {
	Name string
	Type PropType
	// Filter and Sort: the property is a condition of the where input, a key of the order
	// enum.
	Filter, Sort bool
	// Null: the field is nullable (a missing value reads as null, not as the zero value).
	Null bool
	// Common: every kind has it (a field of the Node interface), in domain.Node's fields;
	// the others are in Node.Props.
	Common bool
}

// Direction is where a relationship points, seen from the node whose field it is.
type Direction int

const (
	Out Direction = iota
	In
	Both
)

// NodeModel is one node kind.
type NodeModel struct {
	Kind Kind
	// Props are the kind's stored properties (its scalar fields), in schema order.
	Props []Prop
	// Rels are its relationship fields by field name, RelFields their names in schema
	// order; Ranked its ranked fields.
	Rels      map[string]*RelModel
	RelFields []string
	Ranked    map[string]bool
	// Orders are the keys of the kind's list order enum (<Kind>OrderField) by value name.
	Orders map[string]Order
	own    []Prop // Props that not every kind has
}

// Prop returns the property called name.
func (n *NodeModel) Prop(name string) (Prop, bool) { return findProp(n.Props, name) }

// Own are the properties of this kind that not every kind has (Node.Props).
func (n *NodeModel) Own() []Prop { return n.own }

// OwnProp returns the property called name among Own.
func (n *NodeModel) OwnProp(name string) (Prop, bool) { return findProp(n.own, name) }

// RelModel is one relationship field: one direction of one relationship type.
type RelModel struct {
	Rel           Rel    // "role.skills"
	Field         string // "skills"
	Parent, Child Kind
	Type          RelType
	Dir           Direction
	// EdgeProps are the relationship's properties (the edge type's scalar fields).
	EdgeProps []Prop
	// EdgeWhere: the field's where input is on the edge (its far node under `node`), not on
	// the far node.
	EdgeWhere bool
	// Order is the default order of the edges (nil: by the far node's id).
	Order []Order
	// Orders are the keys of the field's order enum by value name.
	Orders    map[string]Order
	orderEnum string
}

// EdgeProp returns the relationship property called name.
func (r *RelModel) EdgeProp(name string) (Prop, bool) { return findProp(r.EdgeProps, name) }

// GraphModel is the whole model.
type GraphModel struct {
	Nodes map[Kind]*NodeModel
	Rels  map[Rel]*RelModel
	// RelTypes are the relationship types, each once, in schema order; RelTypeNames their
	// names in the GraphQL RelationshipType enum (the Neo4j type, or FROM_TYPE where
	// several relationship types share it: SKILL_RELATED_TO).
	RelTypes     []RelType
	RelTypeNames map[RelType]string
	// RelTypeProps are the properties each relationship type takes (source aside, which
	// every relationship has).
	RelTypeProps map[RelType][]string
	edgeProps    map[string]Prop
}

// EdgeProp returns the relationship property called name, as every relationship type that
// has it declares it (the model checks they agree).
func (m *GraphModel) EdgeProp(name string) (Prop, bool) {
	p, ok := m.edgeProps[name]
	return p, ok
}

// EdgeProps are every relationship property but source, once each, by name.
func (m *GraphModel) EdgeProps() []Prop {
	var out []Prop
	for _, name := range slices.Sorted(maps.Keys(m.edgeProps)) {
		if name != "source" {
			out = append(out, m.edgeProps[name])
		}
	}
	return out
}

// RelTypeNamed returns the relationship type with a RelationshipType enum name.
func (m *GraphModel) RelTypeNamed(name string) (RelType, bool) {
	for rt, n := range m.RelTypeNames {
		if n == name {
			return rt, true
		}
	}
	return RelType{}, false
}

// Model is the graph model of this build's schema.
var Model = mustLoadModel(schema.Files)

func mustLoadModel(files fs.FS) *GraphModel {
	m, err := LoadModel(files)
	if err != nil {
		panic(err)
	}
	return m
}

// LoadModel reads the model from the .graphqls files of a schema.
func LoadModel(files fs.FS) (*GraphModel, error) {
	names, err := fs.Glob(files, "*.graphqls")
	if err != nil {
		return nil, err
	}
	var sources []*ast.Source
	for _, name := range names {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		sources = append(sources, &ast.Source{Name: name, Input: string(b)})
	}
	s, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		return nil, fmt.Errorf("model: %w", gerr)
	}
	return modelOf(s)
}

func modelOf(s *ast.Schema) (*GraphModel, error) {
	m := &GraphModel{Nodes: map[Kind]*NodeModel{}, Rels: map[Rel]*RelModel{}, RelTypeNames: map[RelType]string{},
		RelTypeProps: map[RelType][]string{}, edgeProps: map[string]Prop{}}
	var types []*ast.Definition // @node types, in schema order
	for _, src := range sortedTypes(s) {
		if src.Directives.ForName("node") != nil {
			types = append(types, src)
		}
	}
	for _, t := range types {
		k := Kind(t.Name)
		if !k.Valid() {
			return nil, fmt.Errorf("model: @node type %s is not a Kind", t.Name)
		}
		m.Nodes[k] = &NodeModel{Kind: k, Rels: map[string]*RelModel{}, Ranked: map[string]bool{}}
	}
	for _, t := range types {
		for _, f := range t.Fields {
			if _, ok := propOf(s, f); !ok && f.Directives.ForName("relationship") == nil && f.Directives.ForName("ranked") == nil {
				return nil, fmt.Errorf("model: %s.%s is neither a stored property (a scalar) nor @relationship nor @ranked", t.Name, f.Name)
			}
		}
	}
	for _, k := range Kinds {
		if m.Nodes[k] == nil {
			return nil, fmt.Errorf("model: kind %s has no @node type", k)
		}
	}
	// Properties and relationship fields.
	for _, t := range types {
		n := m.Nodes[Kind(t.Name)]
		for _, f := range t.Fields {
			switch {
			case f.Directives.ForName("relationship") != nil:
				rm, err := relOf(s, m, n, f)
				if err != nil {
					return nil, err
				}
				n.Rels[f.Name] = rm
				n.RelFields = append(n.RelFields, f.Name)
				m.Rels[rm.Rel] = rm
			case f.Directives.ForName("ranked") != nil:
				n.Ranked[f.Name] = true
			case f.Name == SlugField:
				// The stored key under its own name: the property id, whose GraphQL field
				// shows it as a global id (globalid.go).
			default:
				p, _ := propOf(s, f) // checked above
				p.Common = fieldOf(s.Types["Node"], f.Name) != nil
				n.Props = append(n.Props, p)
			}
		}
		if err := markFilterable(s, t.Name+"Where", n.Props); err != nil {
			return nil, err
		}
	}
	// Orders need every kind's relationship fields (counts).
	for _, t := range types {
		n := m.Nodes[Kind(t.Name)]
		var err error
		if n.Orders, err = ordersOf(s, t.Name+"OrderField", m, n, nil); err != nil {
			return nil, err
		}
		for _, rm := range n.Rels {
			if rm.Orders, err = ordersOf(s, rm.orderEnum, m, m.Nodes[rm.Child], rm); err != nil {
				return nil, err
			}
		}
	}
	for _, n := range m.Nodes { // after the orders marked what sorts
		for _, p := range n.Props {
			if !p.Common {
				n.own = append(n.own, p)
			}
		}
	}
	return m, relTypesOf(m, types)
}

// relOf reads the relationship field f of the node n.
func relOf(s *ast.Schema, m *GraphModel, n *NodeModel, f *ast.FieldDefinition) (*RelModel, error) {
	d := f.Directives.ForName("relationship")
	where := fmt.Sprintf("model: %s.%s", n.Kind, f.Name)
	rm := &RelModel{Rel: Rel(lowerFirst(string(n.Kind)) + "." + f.Name), Field: f.Name, Parent: n.Kind}
	typ := d.Arguments.ForName("type")
	dir := d.Arguments.ForName("direction")
	if typ == nil || dir == nil {
		return nil, fmt.Errorf("%s: @relationship needs type and direction", where)
	}
	switch dir.Value.Raw {
	case "OUT":
		rm.Dir = Out
	case "IN":
		rm.Dir = In
	default:
		rm.Dir = Both
	}
	conn := s.Types[f.Type.Name()]
	edges := fieldOf(conn, "edges")
	if edges == nil {
		return nil, fmt.Errorf("%s: %s is not a connection (no edges)", where, f.Type.Name())
	}
	edge := s.Types[edges.Type.Name()]
	node := fieldOf(edge, "node")
	if node == nil || m.Nodes[Kind(node.Type.Name())] == nil {
		return nil, fmt.Errorf("%s: the edges of %s have no node of a @node type", where, conn.Name)
	}
	rm.Child = Kind(node.Type.Name())
	rm.orderEnum = orderEnumOf(s, f)
	for _, ef := range edge.Fields {
		if ef.Name == "cursor" || ef.Name == "node" || strings.HasPrefix(ef.Name, "__") {
			continue
		}
		p, ok := propOf(s, ef)
		if !ok {
			return nil, fmt.Errorf("model: %s.%s is not a relationship property (a scalar)", edge.Name, ef.Name)
		}
		rm.EdgeProps = append(rm.EdgeProps, p)
	}
	switch rm.Dir {
	case Out:
		rm.Type = RelType{typ.Value.Raw, rm.Parent, rm.Child}
	case In:
		rm.Type = RelType{typ.Value.Raw, rm.Child, rm.Parent}
	default:
		if rm.Parent != rm.Child {
			return nil, fmt.Errorf("%s: a relationship in both directions joins one kind", where)
		}
		rm.Type = RelType{typ.Value.Raw, rm.Parent, rm.Child}
	}
	if wa := f.Arguments.ForName("where"); wa != nil {
		rm.EdgeWhere = fieldOf(s.Types[wa.Type.Name()], "node") != nil
		if rm.EdgeWhere {
			if err := markFilterable(s, wa.Type.Name(), rm.EdgeProps); err != nil {
				return nil, err
			}
		}
	}
	if o := d.Arguments.ForName("order"); o != nil {
		for _, key := range strings.Split(o.Value.Raw, ",") {
			parts := strings.Fields(key)
			if len(parts) == 0 {
				return nil, fmt.Errorf("%s: order %q has an empty key", where, o.Value.Raw)
			}
			p, ok := rm.EdgeProp(parts[0])
			if !ok || (p.Type != PropInt && p.Type != PropFloat && p.Type != PropBool) || len(parts) > 2 || (len(parts) == 2 && parts[1] != "DESC" && parts[1] != "ASC") {
				return nil, fmt.Errorf("%s: order %q: each key must be a number or boolean edge property, optionally followed by ASC or DESC", where, o.Value.Raw)
			}
			rm.Order = append(rm.Order, Order{Prop: p.Name, Edge: true, Desc: len(parts) == 2 && parts[1] == "DESC"})
		}
	}
	return rm, nil
}

// propOf reads a scalar field as a stored property.
func propOf(s *ast.Schema, f *ast.FieldDefinition) (Prop, bool) {
	t := f.Type
	list := t.Elem != nil
	if list {
		t = t.Elem
	}
	if s.Types[t.Name()] == nil || s.Types[t.Name()].Kind != ast.Scalar {
		return Prop{}, false
	}
	p := Prop{Name: f.Name, Null: !f.Type.NonNull}
	switch name := t.Name(); {
	case list && (name == "String" || name == "ID"):
		p.Type = PropStrings
	case list:
		return Prop{}, false
	case name == "String" || name == "ID":
		p.Type = PropString
	case name == "Int":
		p.Type = PropInt
	case name == "Float":
		p.Type = PropFloat
	case name == "Boolean":
		p.Type = PropBool
	case name == "Time":
		p.Type = PropTime
	default:
		return Prop{}, false
	}
	return p, true
}

// markFilterable sets Filter on the properties that the where input (an input type) has.
func markFilterable(s *ast.Schema, input string, props []Prop) error {
	in := s.Types[input]
	if in == nil {
		return fmt.Errorf("model: no where input %s", input)
	}
	for i := range props {
		props[i].Filter = fieldOf(in, props[i].Name) != nil
	}
	return nil
}

// orderEnumOf is the enum of the `field` of the orderBy input of a field.
func orderEnumOf(s *ast.Schema, f *ast.FieldDefinition) string {
	if oa := f.Arguments.ForName("orderBy"); oa != nil {
		if ff := fieldOf(s.Types[oa.Type.Name()], "field"); ff != nil {
			return ff.Type.Name()
		}
	}
	return ""
}

// ordersOf reads an order enum: each value sorts by a property of the node n (JOB_ZONE:
// jobZone), an edge property of rm (when it is a relationship field's), or, ending in
// _COUNT, by the number of the relationship field of n it names (RELATED_ROLE_COUNT:
// relatedRoles). It marks the properties sortable.
func ordersOf(s *ast.Schema, enum string, m *GraphModel, n *NodeModel, rm *RelModel) (map[string]Order, error) {
	e := s.Types[enum]
	if e == nil || e.Kind != ast.Enum {
		return nil, fmt.Errorf("model: no order enum %s", enum)
	}
	out := map[string]Order{}
	for _, v := range e.EnumValues {
		name := v.Name
		if base, ok := strings.CutSuffix(name, "_COUNT"); ok {
			rel := countedRel(n, camel(base))
			if rel == nil {
				return nil, fmt.Errorf("model: %s.%s names no relationship field of %s", enum, name, n.Kind)
			}
			out[name] = Order{Count: rel.Rel}
			continue
		}
		prop := camel(name)
		if i := slices.IndexFunc(n.Props, func(p Prop) bool { return p.Name == prop }); i >= 0 {
			if rm == nil { // a relationship field's enum repeats the far kind's keys
				n.Props[i].Sort = true
			}
			out[name] = Order{Prop: prop}
			continue
		}
		if rm != nil {
			if i := slices.IndexFunc(rm.EdgeProps, func(p Prop) bool { return p.Name == prop }); i >= 0 {
				rm.EdgeProps[i].Sort = true
				out[name] = Order{Prop: prop, Edge: true}
				continue
			}
		}
		return nil, fmt.Errorf("model: %s.%s is no property of %s", enum, name, n.Kind)
	}
	return out, nil
}

// countedRel is the relationship field of n whose singular is base (relatedRole:
// relatedRoles, technology: technologies).
func countedRel(n *NodeModel, base string) *RelModel {
	for field, rm := range n.Rels {
		if singular(field) == base {
			return rm
		}
	}
	return nil
}

// relTypesOf collects the relationship types, checks that both directions of one agree on
// its properties, and names them for the RelationshipType enum.
func relTypesOf(m *GraphModel, types []*ast.Definition) error {
	byType := map[string]int{}
	for _, t := range types {
		for _, f := range t.Fields {
			rm := m.Nodes[Kind(t.Name)].Rels[f.Name]
			if rm == nil {
				continue
			}
			for _, p := range rm.EdgeProps {
				have, ok := m.edgeProps[p.Name]
				if ok && have.Type != p.Type {
					return fmt.Errorf("model: relationship property %s has two types", p.Name)
				}
				if !ok || p.Null {
					m.edgeProps[p.Name] = Prop{Name: p.Name, Type: p.Type, Null: p.Null || have.Null}
				}
			}
			props := propNames(rm.EdgeProps)
			if have, ok := m.RelTypeProps[rm.Type]; ok {
				if !slices.Equal(sortedCopy(have), sortedCopy(props)) {
					return fmt.Errorf("model: the two directions of %s %s-%s have different properties (%v, %v)", rm.Type.Type, rm.Type.From, rm.Type.To, have, props)
				}
				continue
			}
			m.RelTypes = append(m.RelTypes, rm.Type)
			m.RelTypeProps[rm.Type] = props
			byType[rm.Type.Type]++
		}
	}
	for _, rt := range m.RelTypes {
		name := rt.Type
		if byType[rt.Type] > 1 {
			name = rt.From.EnumName() + "_" + rt.Type
		}
		m.RelTypeNames[rt] = name
	}
	return nil
}

// propNames are the names of props other than source (which every relationship has).
func propNames(props []Prop) []string {
	var out []string
	for _, p := range props {
		if p.Name != "source" {
			out = append(out, p.Name)
		}
	}
	return out
}

func findProp(props []Prop, name string) (Prop, bool) {
	for _, p := range props {
		if p.Name == name {
			return p, true
		}
	}
	return Prop{}, false
}

func fieldOf(d *ast.Definition, name string) *ast.FieldDefinition {
	if d == nil {
		return nil
	}
	return d.Fields.ForName(name)
}

// sortedTypes are the schema's object types in the order of their position in the sources.
func sortedTypes(s *ast.Schema) []*ast.Definition {
	var out []*ast.Definition
	for _, d := range s.Types {
		if d.Kind == ast.Object && d.Position != nil {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b *ast.Definition) int {
		if c := strings.Compare(a.Position.Src.Name, b.Position.Src.Name); c != 0 {
			return c
		}
		return a.Position.Start - b.Position.Start
	})
	return out
}

func sortedCopy(s []string) []string { return slices.Sorted(slices.Values(s)) }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// camel turns an enum value's words into a property name: JOB_ZONE -> jobZone.
func camel(s string) string {
	var b strings.Builder
	for i, w := range strings.Split(strings.ToLower(s), "_") {
		if i > 0 && w != "" {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// singular is a field name's singular: technologies -> technology, relatedRoles ->
// relatedRole.
func singular(s string) string {
	if t, ok := strings.CutSuffix(s, "ies"); ok {
		return t + "y"
	}
	return strings.TrimSuffix(s, "s")
}

//go:generate go run ../internal/modelgen/plumbing
//go:generate go run ../internal/modelgen
