// Command plumbing writes schema/graph.generated.graphqls: the GraphQL plumbing of every
// relationship declared in schema/relationships.graphql (the fields on both kinds with their
// where, orderBy and paging arguments; the connection, edge, where, filter and order types of
// a relationship with properties; the relationship fields of the kinds' where inputs; the
// RelationshipType enum; every relationship property in the types that list them all), with
// the gqlgen bindings as directives. `make generate` runs it
// (go generate in domain) before internal/modelgen and gqlgen.
//
// It reads the schema's files as text and imports nothing of the server's: a declaration
// that the server's model (domain.Model, read from the generated file too) cannot load yet
// must not stop its own generation.
package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// Files: the declarations, read only by this generator (gqlgen and the server load the
// .graphqls files), and the generated file.
const (
	DeclFile      = "relationships.graphql"
	GeneratedFile = "graph.generated.graphqls"
)

// Go types the generated types bind to.
const (
	pageModel = "github.com/skillgraph/skillgraph/domain.Page"
	edgeModel = "github.com/skillgraph/skillgraph/domain.Edge"
)

// decl is one relationship field as declared.
type decl struct {
	parent, child string // kinds
	field         *ast.FieldDefinition
	typ, dir      string
	sortedBy      string          // the default order (@relationship's order)
	props         *ast.Definition // nil: no properties
	name          string          // @relationship's name: the stem of its types, when given
}

// relType is one relationship type: the Neo4j type between two kinds.
type relType struct{ typ, from, to string }

// relType is the relationship type the field is a direction of.
func (d *decl) relType() relType {
	if d.dir == "IN" {
		return relType{d.typ, d.child, d.parent}
	}
	return relType{d.typ, d.parent, d.child}
}

// stem names the types of a field with properties: <Parent><Child> between two kinds
// (RoleSkill), the properties type's name within one kind (OccupationMatch), which both
// directions then share; <Parent><name> when the declaration gives a name, as a second
// relationship type with properties between the same two kinds must (its <Parent><Child> is
// taken): Skill.suggested's SkillSuggestionConnection, Role.suggestedBy's RoleSuggestion....
func (d *decl) stem() string {
	if d.props == nil {
		return ""
	}
	if d.name != "" {
		return d.parent + d.name
	}
	if d.parent != d.child {
		return d.parent + d.child
	}
	return d.props.Name
}

// connection, where, filter and order are the GraphQL types of the field's arguments and
// result: its own (by stem) with properties, the far kind's without.
func (d *decl) connection() string { return cmp.Or(d.stem(), d.child) + "Connection" }
func (d *decl) where() string      { return cmp.Or(d.stem(), d.child) + "Where" }
func (d *decl) filter() string     { return plural(cmp.Or(d.stem(), d.child)) + "Filter" }
func (d *decl) order() string      { return cmp.Or(d.stem(), d.child) + "Order" }

// schemaDocs are the hand-written schema files (not the generated one) and the
// declarations.
type schemaDocs struct {
	schema *ast.SchemaDocument
	decls  *ast.SchemaDocument
}

func readDocs(dir fs.FS) (schemaDocs, error) {
	names, err := fs.Glob(dir, "*.graphqls")
	if err != nil {
		return schemaDocs{}, err
	}
	var sources []*ast.Source
	for _, n := range names {
		if n == GeneratedFile {
			continue
		}
		b, err := fs.ReadFile(dir, n)
		if err != nil {
			return schemaDocs{}, err
		}
		sources = append(sources, &ast.Source{Name: n, Input: string(b)})
	}
	s, err := parser.ParseSchemas(sources...)
	if err != nil {
		return schemaDocs{}, err
	}
	b, err := fs.ReadFile(dir, DeclFile)
	if err != nil {
		return schemaDocs{}, err
	}
	d, err := parser.ParseSchema(&ast.Source{Name: DeclFile, Input: string(b)})
	if err != nil {
		return schemaDocs{}, err
	}
	return schemaDocs{s, d}, nil
}

// Generate returns the generated file's content for the schema directory dir.
func Generate(dir fs.FS) ([]byte, error) {
	docs, err := readDocs(dir)
	if err != nil {
		return nil, err
	}
	g := &gen{docs: docs, kinds: map[string]*ast.Definition{}}
	if err := g.read(); err != nil {
		return nil, err
	}
	return g.write()
}

type gen struct {
	docs      schemaDocs
	kinds     map[string]*ast.Definition // @node types by name
	kindOrder []string
	decls     []*decl // in declaration order
}

func (g *gen) errorf(pos *ast.Position, format string, args ...any) error {
	where := DeclFile
	if pos != nil {
		where = fmt.Sprintf("%s:%d", pos.Src.Name, pos.Line)
	}
	return fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...))
}

// read collects the kinds from the schema and the declarations, and checks them.
func (g *gen) read() error {
	for _, d := range append(slices.Clone(g.docs.schema.Definitions), g.docs.schema.Extensions...) {
		if d.Kind == ast.Object && d.Directives.ForName("node") != nil {
			g.kinds[d.Name] = d
			g.kindOrder = append(g.kindOrder, d.Name)
		}
		for _, f := range d.Fields {
			if f.Directives.ForName("relationship") != nil {
				return g.errorf(f.Position, "%s.%s: declare a relationship in %s (its plumbing is generated)", d.Name, f.Name, DeclFile)
			}
		}
	}
	props := map[string]*ast.Definition{}
	for _, d := range g.docs.decls.Definitions {
		if d.Kind != ast.Object || d.Directives.ForName("relationshipProperties") == nil {
			return g.errorf(d.Position, "%s: only `extend type <Kind>` with relationship fields and `type <Name> @relationshipProperties` belong here", d.Name)
		}
		if len(d.Fields) == 0 {
			return g.errorf(d.Position, "%s has no properties", d.Name)
		}
		if d.Fields.ForName("source") == nil { // every relationship has its provenance
			d.Fields = append(d.Fields, &ast.FieldDefinition{Description: sourceDescription, Name: "source",
				Type: ast.NamedType("String", nil), Position: d.Position})
		}
		for _, f := range d.Fields {
			if !slices.Contains([]string{"String", "Int", "Float", "Boolean"}, f.Type.Name()) || f.Type.Elem != nil || f.Type.NonNull {
				return g.errorf(f.Position, "%s.%s: a relationship property is a nullable String, Int, Float or Boolean", d.Name, f.Name)
			}
			if f.Description == "" {
				return g.errorf(f.Position, "%s.%s has no description", d.Name, f.Name)
			}
		}
		props[d.Name] = d
	}
	used := map[string]bool{}
	for _, ext := range g.docs.decls.Extensions {
		kind := g.kinds[ext.Name]
		if ext.Kind != ast.Object || kind == nil {
			return g.errorf(ext.Position, "extend type %s: not a @node type", ext.Name)
		}
		for _, f := range ext.Fields {
			d, err := g.declOf(ext.Name, f, props)
			if err != nil {
				return err
			}
			if d.props != nil {
				used[d.props.Name] = true
			}
			if kind.Fields.ForName(f.Name) != nil || slices.ContainsFunc(g.decls, func(o *decl) bool { return o.parent == d.parent && o.field.Name == f.Name }) {
				return g.errorf(f.Position, "%s.%s is declared twice", ext.Name, f.Name)
			}
			g.decls = append(g.decls, d)
		}
	}
	for name, p := range props {
		if !used[name] {
			return g.errorf(p.Position, "%s: no relationship field names these properties", name)
		}
	}
	// Types two fields share must agree (same stem: the two directions of one type), and so
	// must the two directions of one relationship type.
	byStem := map[string]*decl{}
	byType := map[relType]*decl{}
	for _, d := range g.decls {
		if o := byType[d.relType()]; o != nil && o.props != d.props {
			return g.errorf(d.field.Position, "%s.%s and %s.%s are one relationship type with two sets of properties", d.parent, d.field.Name, o.parent, o.field.Name)
		}
		if o := byType[d.relType()]; o != nil && o.name != d.name {
			return g.errorf(d.field.Position, "%s.%s and %s.%s are one relationship type with two names (name: %q and %q)", d.parent, d.field.Name, o.parent, o.field.Name, d.name, o.name)
		}
		byType[d.relType()] = d
		if s := d.stem(); s != "" {
			if o := byStem[s]; o != nil && (o.typ != d.typ || o.props != d.props || o.child != d.child) {
				return g.errorf(d.field.Position, "%s.%s and %s.%s would share the types %sConnection, ... but are not one relationship type with one set of properties: give one of them (both its directions) a name of its own, @relationship(..., name: \"...\")", d.parent, d.field.Name, o.parent, o.field.Name, s)
			}
			byStem[s] = d
		}
	}
	return nil
}

func (g *gen) declOf(parent string, f *ast.FieldDefinition, props map[string]*ast.Definition) (*decl, error) {
	where := fmt.Sprintf("%s.%s", parent, f.Name)
	rel := f.Directives.ForName("relationship")
	if rel == nil {
		return nil, g.errorf(f.Position, "%s has no @relationship", where)
	}
	if f.Description == "" {
		return nil, g.errorf(f.Position, "%s has no description", where)
	}
	if len(f.Arguments) > 0 {
		return nil, g.errorf(f.Position, "%s: the arguments (where, orderBy, first, after, last, before) are generated", where)
	}
	t := f.Type
	if t.Elem == nil || !t.NonNull || !t.Elem.NonNull || g.kinds[t.Elem.Name()] == nil {
		return nil, g.errorf(f.Position, "%s: the type is [Kind!]! of a @node kind", where)
	}
	d := &decl{parent: parent, child: t.Elem.Name(), field: f}
	arg := func(name string) string {
		if a := rel.Arguments.ForName(name); a != nil {
			return a.Value.Raw
		}
		return ""
	}
	d.typ, d.dir, d.sortedBy, d.name = arg("type"), arg("direction"), arg("order"), arg("name")
	if d.typ == "" || !slices.Contains([]string{"OUT", "IN", "BOTH"}, d.dir) {
		return nil, g.errorf(f.Position, "%s: @relationship needs type and direction (OUT, IN or BOTH)", where)
	}
	if d.dir == "BOTH" && d.parent != d.child {
		return nil, g.errorf(f.Position, "%s: a relationship in both directions joins one kind", where)
	}
	if p := arg("properties"); p != "" {
		if d.props = props[p]; d.props == nil {
			return nil, g.errorf(f.Position, "%s: no type %s @relationshipProperties", where, p)
		}
	}
	for _, a := range rel.Arguments {
		if !slices.Contains([]string{"type", "direction", "order", "properties", "name"}, a.Name) {
			return nil, g.errorf(f.Position, "%s: @relationship takes type, direction, properties, order and name, not %s", where, a.Name)
		}
	}
	if d.name != "" && (d.props == nil || !typeName.MatchString(d.name)) {
		return nil, g.errorf(f.Position, "%s: name %q: a relationship with properties is named by a GraphQL type name (without properties it uses the far kind's types)", where, d.name)
	}
	return d, nil
}

// sourceDescription describes the provenance of a relationship whose properties type does
// not declare `source` itself (one that does says where its own comes from).
const sourceDescription = "Provenance of the relationship: the seed document (`seed:<file>`), the dataset (O*NET, ESCO, the crosswalk) or `api`."

// typeName is what a declaration's name may be: a GraphQL type name in the schema's style.
var typeName = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)

// write builds the generated document and formats it.
func (g *gen) write() ([]byte, error) {
	doc := &ast.SchemaDocument{}
	doc.Directives = append(doc.Directives, goDirectives()...)
	// The kinds' relationship fields and their where inputs' relationship conditions, one
	// extension per kind, in the kinds' schema order.
	for _, k := range g.kindOrder {
		fields := &ast.Definition{Kind: ast.Object, Name: k}
		conds := &ast.Definition{Kind: ast.InputObject, Name: k + "Where"}
		for _, d := range g.decls {
			if d.parent != k {
				continue
			}
			fields.Fields = append(fields.Fields, g.field(d))
			conds.Fields = append(conds.Fields, &ast.FieldDefinition{
				Description: fmt.Sprintf("Conditions on %s (some, none or all of them must match): %s", d.field.Name, d.field.Description),
				Name:        d.field.Name, Type: ast.NamedType(d.filter(), nil),
			})
		}
		conds.Fields = append(conds.Fields, combinators(conds.Name)...)
		if len(fields.Fields) > 0 {
			doc.Extensions = append(doc.Extensions, fields)
		}
		doc.Extensions = append(doc.Extensions, conds)
	}
	// The types of each relationship with properties, once per stem.
	done := map[string]bool{}
	for _, d := range g.decls {
		if s := d.stem(); s != "" && !done[s] {
			done[s] = true
			defs, err := g.types(d)
			if err != nil {
				return nil, err
			}
			doc.Definitions = append(doc.Definitions, defs...)
		}
	}
	types, names := g.relationshipTypes()
	doc.Definitions = append(doc.Definitions, types)
	props, err := g.propertyFields(names)
	if err != nil {
		return nil, err
	}
	// The types that take any relationship's properties: a neighbourhood's edge, a
	// relationship written, a relationship to write (whose source the API sets).
	for _, t := range []struct {
		kind ast.DefinitionKind
		name string
	}{{ast.Object, "RelationshipProperties"}, {ast.Object, "Relationship"}, {ast.InputObject, "RelationshipInput"}} {
		doc.Extensions = append(doc.Extensions, &ast.Definition{Kind: t.kind, Name: t.name, Fields: props})
	}
	var b bytes.Buffer
	b.WriteString("# Code generated by internal/modelgen/plumbing from schema/relationships.graphql; DO NOT EDIT.\n")
	for _, d := range doc.Directives {
		printDirectiveDefinition(&b, d)
	}
	for _, d := range doc.Definitions {
		printDefinition(&b, d, false)
	}
	for _, d := range doc.Extensions {
		printDefinition(&b, d, true)
	}
	return b.Bytes(), nil
}

// field is a relationship field with its arguments.
func (g *gen) field(d *decl) *ast.FieldDefinition {
	dir := &ast.Directive{Name: "relationship", Arguments: ast.ArgumentList{
		{Name: "type", Value: str(d.typ)},
		{Name: "direction", Value: &ast.Value{Kind: ast.EnumValue, Raw: d.dir}},
	}}
	if d.sortedBy != "" {
		dir.Arguments = append(dir.Arguments, &ast.Argument{Name: "order", Value: str(d.sortedBy)})
	}
	return &ast.FieldDefinition{
		Description: d.field.Description,
		Name:        d.field.Name,
		Arguments:   listArguments(d.where(), d.order()),
		Type:        ast.NonNullNamedType(d.connection(), nil),
		Directives:  ast.DirectiveList{dir},
	}
}

// combinators are the fields of a where input that combine whole where inputs.
func combinators(where string) ast.FieldList {
	return ast.FieldList{
		{Description: "Every one of these conditions holds.", Name: "AND", Type: ast.ListType(ast.NonNullNamedType(where, nil), nil)},
		{Description: "At least one of these conditions holds.", Name: "OR", Type: ast.ListType(ast.NonNullNamedType(where, nil), nil)},
		{Description: "This condition does not hold.", Name: "NOT", Type: ast.NamedType(where, nil)},
	}
}

// listArguments are a connection field's arguments.
func listArguments(where, order string) ast.ArgumentDefinitionList {
	return ast.ArgumentDefinitionList{
		{Description: fmt.Sprintf("Conditions the items must meet (see %s); omitted: every item.", where), Name: "where", Type: ast.NamedType(where, nil)},
		{Description: "Sort keys, the first most significant; ties are broken by id. Omitted: the order the field's description gives.", Name: "orderBy", Type: ast.ListType(ast.NonNullNamedType(order, nil), nil)},
		{Description: "Page forward: at most this many items (0 to 100; 20 when neither first nor last is given), from the start of the list or after `after`.", Name: "first", Type: ast.NamedType("Int", nil)},
		{Description: "Page forward from this cursor, exclusive: the `endCursor` of the previous page, or any edge's `cursor`. Not with `last` or `before`.", Name: "after", Type: ast.NamedType("String", nil)},
		{Description: "Page backward: at most this many items (0 to 100), the end of the list or those just before `before`, in the list's order. Not with `first`.", Name: "last", Type: ast.NamedType("Int", nil)},
		{Description: "Page backward up to this cursor, exclusive: the `startCursor` of the page after, or any edge's `cursor`. Not with `first` or `after`.", Name: "before", Type: ast.NamedType("String", nil)},
	}
}

// types are the connection, edge, where, filter, order enum and order input of a
// relationship with properties.
func (g *gen) types(d *decl) ([]*ast.Definition, error) {
	s, child := d.stem(), words(d.child)
	about := strings.TrimSuffix(d.props.Description, ".")
	connDesc := about + "."
	if d.parent != d.child {
		connDesc = fmt.Sprintf("%s, seen from the %s.", about, words(d.parent))
	}
	conn := &ast.Definition{Kind: ast.Object, Name: s + "Connection", Description: connDesc,
		Directives: ast.DirectiveList{goModel(pageModel)},
		Fields: ast.FieldList{
			{Description: "The page's items, in the list's order.", Name: "edges", Type: ast.NonNullListType(ast.NonNullNamedType(s+"Edge", nil), nil)},
			{Description: "Where the page sits: whether items come before and after it, and the cursors to page on from its ends.", Name: "pageInfo", Type: ast.NonNullNamedType("PageInfo", nil)},
			{Description: "How many items the whole list has (those that match `where`), whatever the page.", Name: "totalCount", Type: ast.NonNullNamedType("Int", nil)},
		}}
	edge := &ast.Definition{Kind: ast.Object, Name: s + "Edge",
		Description: fmt.Sprintf("One relationship in a page of %sConnection: the node at its far end, its properties and its cursor.", s),
		Directives:  ast.DirectiveList{goModel(edgeModel)},
		Fields: ast.FieldList{
			{Description: "Where this edge sits in its list: pass it as `after` (or `before`) to page on from here. Opaque.", Name: "cursor", Type: ast.NonNullNamedType("String", nil)},
			{Description: fmt.Sprintf("The %s at the far end of the relationship.", child), Name: "node", Type: ast.NonNullNamedType(d.child, nil),
				Directives: ast.DirectiveList{{Name: "goField", Arguments: ast.ArgumentList{{Name: "name", Value: str(d.child + "Node")}}}}},
		}}
	where := &ast.Definition{Kind: ast.InputObject, Name: d.where(), Description: fmt.Sprintf("%s: conditions on the edge and on the %s.", strings.TrimSuffix(connDesc, "."), child),
		Fields: ast.FieldList{{Description: fmt.Sprintf("Conditions on the %s at the far end of the relationship.", child), Name: "node", Type: ast.NamedType(d.child+"Where", nil)}}}
	enum := &ast.Definition{Kind: ast.Enum, Name: d.order() + "Field",
		Description: fmt.Sprintf("The keys %s edges sort by: the relationship's properties, then the %s's.", s, child)}
	for _, p := range d.props.Fields {
		edge.Fields = append(edge.Fields, &ast.FieldDefinition{Description: p.Description, Name: p.Name, Type: ast.NamedType(p.Type.Name(), nil)})
		where.Fields = append(where.Fields, &ast.FieldDefinition{Description: fmt.Sprintf("Conditions on the relationship's %s: %s", p.Name, p.Description),
			Name: p.Name, Type: ast.NamedType(scalarFilter(p.Type.Name()), nil)})
		if p.Directives.ForName("sortable") != nil {
			enum.EnumValues = append(enum.EnumValues, &ast.EnumValueDefinition{Name: upperSnake(p.Name),
				Description: fmt.Sprintf("By the relationship's %s (missing values sort lowest): %s", p.Name, p.Description)})
		}
	}
	where.Fields = append(where.Fields, combinators(where.Name)...)
	// The far kind's own sort keys follow.
	var farKeys *ast.Definition
	for _, def := range g.docs.schema.Definitions {
		if def.Kind == ast.Enum && def.Name == d.child+"OrderField" {
			farKeys = def
		}
	}
	if farKeys == nil {
		return nil, g.errorf(nil, "no enum %sOrderField (the sort keys of %s)", d.child, d.child)
	}
	for _, v := range farKeys.EnumValues {
		if slices.ContainsFunc(enum.EnumValues, func(e *ast.EnumValueDefinition) bool { return e.Name == v.Name }) {
			return nil, g.errorf(v.Position, "%s.%s is also a property of %s", farKeys.Name, v.Name, d.props.Name)
		}
		enum.EnumValues = append(enum.EnumValues, &ast.EnumValueDefinition{Description: v.Description, Name: v.Name})
	}
	filter := &ast.Definition{Kind: ast.InputObject, Name: d.filter(), Description: "Conditions on a relationship field's items: some, none or all of them match.",
		Fields: ast.FieldList{
			{Description: "At least one related item matches.", Name: "some", Type: ast.NamedType(where.Name, nil)},
			{Description: "No related item matches.", Name: "none", Type: ast.NamedType(where.Name, nil)},
			{Description: "Every related item matches (true for a node with none).", Name: "all", Type: ast.NamedType(where.Name, nil)},
		}}
	order := &ast.Definition{Kind: ast.InputObject, Name: d.order(), Description: "One sort key of a list and its direction.",
		Fields: ast.FieldList{
			{Description: "The key to sort by.", Name: "field", Type: ast.NonNullNamedType(enum.Name, nil)},
			{Description: "ASC (the default) or DESC. Missing values sort as the lowest.", Name: "direction", Type: ast.NamedType("SortDirection", nil),
				DefaultValue: &ast.Value{Kind: ast.EnumValue, Raw: "ASC"}},
		}}
	return []*ast.Definition{conn, edge, where, filter, enum, order}, nil
}

// relationshipTypes is the RelationshipType enum: each relationship type once, named as
// domain.Model names it (the Neo4j type, or FROM_KIND_TYPE when several share it); and the
// declaration of each name.
func (g *gen) relationshipTypes() (*ast.Definition, []namedType) {
	var types []relType
	desc := map[relType]string{}
	declOf := map[relType]*decl{}
	count := map[string]int{}
	for _, d := range g.decls {
		rt := d.relType()
		if slices.Contains(types, rt) {
			continue
		}
		types = append(types, rt)
		declOf[rt] = d
		count[d.typ]++
		arrow := " -> "
		if d.dir == "BOTH" {
			arrow = " - "
		}
		s := rt.from + arrow + rt.to
		if d.dir == "BOTH" {
			s += ", symmetric"
		}
		if d.props != nil {
			var names []string
			for _, p := range d.props.Fields {
				if p.Name != "source" {
					names = append(names, p.Name)
				}
			}
			if len(names) > 0 {
				s += "; takes " + andList(names)
			}
		}
		desc[rt] = s + "."
	}
	e := &ast.Definition{Kind: ast.Enum, Name: "RelationshipType", Description: "The relationship types, with the kinds at their ends."}
	var named []namedType
	for _, rt := range types {
		name := rt.typ
		if count[rt.typ] > 1 {
			name = upperSnake(rt.from) + "_" + rt.typ
		}
		e.EnumValues = append(e.EnumValues, &ast.EnumValueDefinition{Description: desc[rt], Name: name})
		named = append(named, namedType{name, declOf[rt]})
	}
	return e, named
}

// namedType is a relationship type's RelationshipType name and a field declaring it.
type namedType struct {
	name string
	decl *decl
}

// propertyFields are the fields of every relationship property but source, once each, in
// declaration order, each described for the relationship types that take it.
func (g *gen) propertyFields(types []namedType) (ast.FieldList, error) {
	var out ast.FieldList
	typeOf := map[string]string{}
	descs := map[string][][2]string{} // property -> (type names, description), by description
	for _, t := range types {
		if t.decl.props == nil {
			continue
		}
		for _, p := range t.decl.props.Fields {
			if p.Name == "source" {
				continue
			}
			if have, ok := typeOf[p.Name]; !ok {
				typeOf[p.Name] = p.Type.Name()
				out = append(out, &ast.FieldDefinition{Name: p.Name, Type: ast.NamedType(p.Type.Name(), nil)})
			} else if have != p.Type.Name() {
				return nil, g.errorf(p.Position, "relationship property %s is a %s here, a %s elsewhere", p.Name, p.Type.Name(), have)
			}
			i := slices.IndexFunc(descs[p.Name], func(d [2]string) bool { return d[1] == p.Description })
			if i < 0 {
				descs[p.Name] = append(descs[p.Name], [2]string{t.name, p.Description})
			} else {
				descs[p.Name][i][0] += " and " + t.name
			}
		}
	}
	for _, f := range out {
		var parts []string
		for _, d := range descs[f.Name] {
			parts = append(parts, d[0]+": "+d[1])
		}
		f.Description = strings.Join(parts, " ")
	}
	return out, nil
}

// goDirectives declare gqlgen's binding directives, which the generated types use.
func goDirectives() ast.DirectiveDefinitionList {
	arg := func(name, desc, typ string) *ast.ArgumentDefinition {
		return &ast.ArgumentDefinition{Name: name, Description: desc, Type: ast.NamedType(typ, nil)}
	}
	return ast.DirectiveDefinitionList{
		{Name: "goModel", Description: "gqlgen: the Go type a GraphQL type binds to (read at generate time; hidden from the published schema).",
			Arguments: ast.ArgumentDefinitionList{arg("model", "The Go type.", "String")},
			Locations: []ast.DirectiveLocation{ast.LocationObject, ast.LocationInputObject, ast.LocationScalar, ast.LocationEnum, ast.LocationInterface, ast.LocationUnion}},
		{Name: "goField", Description: "gqlgen: the Go field or method a GraphQL field binds to (read at generate time; hidden from the published schema).",
			Arguments: ast.ArgumentDefinitionList{arg("name", "The Go name.", "String"), arg("forceResolver", "Resolve the field with a resolver method.", "Boolean")},
			Locations: []ast.DirectiveLocation{ast.LocationInputFieldDefinition, ast.LocationFieldDefinition}},
	}
}

func goModel(model string) *ast.Directive {
	return &ast.Directive{Name: "goModel", Arguments: ast.ArgumentList{{Name: "model", Value: str(model)}}}
}

func str(s string) *ast.Value { return &ast.Value{Kind: ast.StringValue, Raw: s} }

// scalarFilter is the filter input of a property's type (String, Int, Float or Boolean).
func scalarFilter(typ string) string { return typ + "Filter" }

// words is a kind's name in lower-case words: OccupationGroup -> occupation group.
func words(kind string) string { return strings.ToLower(strings.Join(camelWords(kind), " ")) }

// upperSnake is a name in upper snake case: inDemand -> IN_DEMAND, OccupationGroup ->
// OCCUPATION_GROUP.
func upperSnake(name string) string { return strings.ToUpper(strings.Join(camelWords(name), "_")) }

// camelWords splits a camel-case name before each upper-case letter: inDemand -> in, Demand.
func camelWords(name string) []string {
	var out []string
	start := 0
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) {
			out = append(out, name[start:i])
			start = i
		}
	}
	return append(out, name[start:])
}

// plural is an English plural of a type name: Role -> Roles, Technology -> Technologies,
// OccupationMatch -> OccupationMatches.
func plural(s string) string {
	switch {
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"), strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"):
		return s + "es"
	}
	return s + "s"
}

// andList joins names: a, b and c.
func andList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
