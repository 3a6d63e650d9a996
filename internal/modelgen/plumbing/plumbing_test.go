package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/domain"
)

const schemaDir = "../../../schema"

// TestGeneratedSchemaIsCurrent: the committed schema/graph.generated.graphqls is what the
// declarations generate, so a relationship declared without its plumbing, or plumbing left
// after its declaration is gone, fails here (and `make check`).
func TestGeneratedSchemaIsCurrent(t *testing.T) {
	want, err := Generate(os.DirFS(schemaDir))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(schemaDir + "/" + GeneratedFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schema/%s is stale: run make generate", GeneratedFile)
	}
}

// TestPlumbingMatchesModel: every relationship field of the model the server reads
// (domain.Model) is a declared one, with its type, direction and properties; and the
// RelationshipType enum has exactly the model's names.
func TestPlumbingMatchesModel(t *testing.T) {
	docs, err := readDocs(os.DirFS(schemaDir))
	if err != nil {
		t.Fatal(err)
	}
	g := &gen{docs: docs, kinds: map[string]*ast.Definition{}}
	if err := g.read(); err != nil {
		t.Fatal(err)
	}
	declared := map[domain.Rel]*decl{}
	for _, d := range g.decls {
		declared[domain.Rel(strings.ToLower(d.parent[:1])+d.parent[1:]+"."+d.field.Name)] = d
	}
	if len(declared) != len(domain.Model.Rels) {
		t.Errorf("%d declared relationship fields, the model has %d", len(declared), len(domain.Model.Rels))
	}
	for rel, rm := range domain.Model.Rels {
		d := declared[rel]
		if d == nil {
			t.Errorf("%s is in the model but not declared", rel)
			continue
		}
		dir := map[domain.Direction]string{domain.Out: "OUT", domain.In: "IN", domain.Both: "BOTH"}[rm.Dir]
		if d.typ != rm.Type.Type || d.dir != dir || string(rm.Child) != d.child {
			t.Errorf("%s: model %s %s %s, declared %s %s %s", rel, rm.Type.Type, dir, rm.Child, d.typ, d.dir, d.child)
		}
		var props []string
		if d.props != nil {
			for _, p := range d.props.Fields {
				props = append(props, p.Name)
			}
		}
		var have []string
		for _, p := range rm.EdgeProps {
			have = append(have, p.Name)
		}
		if strings.Join(props, ",") != strings.Join(have, ",") {
			t.Errorf("%s: model properties %v, declared %v", rel, have, props)
		}
	}
	s := loadSchema(t)
	var names []string
	for _, v := range s.Types["RelationshipType"].EnumValues {
		names = append(names, v.Name)
	}
	if len(names) != len(domain.Model.RelTypes) {
		t.Errorf("RelationshipType %v, the model has %d types", names, len(domain.Model.RelTypes))
	}
	for _, rt := range domain.Model.RelTypes {
		if _, ok := domain.Model.RelTypeNamed(domain.Model.RelTypeNames[rt]); !ok || s.Types["RelationshipType"].EnumValues.ForName(domain.Model.RelTypeNames[rt]) == nil {
			t.Errorf("RelationshipType has no %s (%v)", domain.Model.RelTypeNames[rt], rt)
		}
	}
}

// A declaration the generator cannot use is an error that names it.
func TestDeclarationErrors(t *testing.T) {
	base := `type Role @node { id: ID! }
type Skill @node { id: ID! }
enum RoleOrderField { ID }
enum SkillOrderField { ID }
`
	ok := `extend type Role { "Its skills." skills: [Skill!]! @relationship(type: "REQUIRES", direction: OUT, properties: "Requires") }
"Role REQUIRES Skill."
type Requires @relationshipProperties { "How much." importance: Int @sortable }
`
	// A second relationship type with properties between Skill and Role: its types cannot be
	// named <Parent><Child> (REQUIRES has them), so it says its own name.
	suggests := `extend type Skill { "Roles it suggests." suggested: [Role!]! @relationship(type: "SUGGESTS", direction: OUT, properties: "Suggests", name: "Suggestion") }
"Skill SUGGESTS Role."
type Suggests @relationshipProperties { "How well." score: Float @sortable }
`
	suggestsBack := `extend type Role { "Skills suggesting it." suggestedBy: [Skill!]! @relationship(type: "SUGGESTS", direction: IN, properties: "Suggests", name: "Suggestion") }
`
	gen := func(schema, decls string) error {
		_, err := Generate(fstest.MapFS{"s.graphqls": {Data: []byte(schema)}, DeclFile: {Data: []byte(decls)}})
		return err
	}
	if err := gen(base, ok); err != nil {
		t.Fatalf("a valid declaration: %v", err)
	}
	named := ok + suggests + suggestsBack
	out, err := Generate(fstest.MapFS{"s.graphqls": {Data: []byte(base)}, DeclFile: {Data: []byte(named)}})
	if err != nil {
		t.Fatalf("a second relationship type between two kinds, named: %v", err)
	}
	// Requires declares no source: it gets the provenance with its usual description.
	for _, want := range []string{"type SkillSuggestionConnection", "input SkillSuggestionWhere", "type RoleSuggestionConnection", "type RoleSkillConnection", sourceDescription} {
		if !strings.Contains(string(out), want) {
			t.Errorf("named relationship: the generated schema has no %q", want)
		}
	}
	for name, c := range map[string]struct{ schema, decls, want string }{
		"unknown properties":                       {base, strings.Replace(ok, `properties: "Requires"`, `properties: "Needs"`, 1), "no type Needs"},
		"unused properties":                        {base, ok + "\"X.\"\ntype Other @relationshipProperties { \"A.\" a: Int }\n", "Other"},
		"not a kind":                               {base, strings.Replace(ok, "[Skill!]!", "[Thing!]!", 1), "Role.skills"},
		"arguments given":                          {base, strings.Replace(ok, "skills:", "skills(first: Int):", 1), "generated"},
		"no description":                           {base, strings.Replace(ok, `"Its skills." `, "", 1), "Role.skills has no description"},
		"both ways, two kinds":                     {base, strings.Replace(ok, "OUT", "BOTH", 1), "one kind"},
		"a non-null property":                      {base, strings.Replace(ok, "importance: Int", "importance: Int!", 1), "Requires.importance"},
		"hand-written field":                       {base + `extend type Skill { x: Int @relationship(type: "X", direction: OUT) }`, ok, "declare"},
		"no order enum":                            {strings.Replace(base, "enum SkillOrderField { ID }", "", 1), ok, "SkillOrderField"},
		"two sets of properties":                   {base, ok + `extend type Skill { "Its roles." roles: [Role!]! @relationship(type: "REQUIRES", direction: IN) }`, "two sets"},
		"a second type between two kinds, unnamed": {base, ok + strings.ReplaceAll(suggests+suggestsBack, `, name: "Suggestion"`, ""), "a name of its own"},
		"named both ways differently":              {base, ok + strings.Replace(suggests, `properties: "Suggests", name: "Suggestion"`, `properties: "Suggests", name: "Other"`, 1) + suggestsBack, "two names"},
		"a name without properties":                {base, ok + `extend type Role { "Its industries." wards: [Skill!]! @relationship(type: "X", direction: OUT, name: "RoleWard") }`, "name"},
		"a name that is no type name":              {base, ok + strings.Replace(suggests, `name: "Suggestion"`, `name: "suggestion"`, 1), "suggestion"},
	} {
		err := gen(c.schema, c.decls)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming %q", name, err, c.want)
		}
	}
}

func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	entries, err := os.ReadDir(schemaDir)
	if err != nil {
		t.Fatal(err)
	}
	var sources []*ast.Source
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".graphqls") {
			b, err := os.ReadFile(schemaDir + "/" + e.Name())
			if err != nil {
				t.Fatal(err)
			}
			sources = append(sources, &ast.Source{Name: e.Name(), Input: string(b)})
		}
	}
	s, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEverythingDescribed: every type, field, argument, input field and enum value of the
// whole schema has a description. graphql-schema-linter (graph/schemalint_test.go) checks
// the files, but not the fields an extension adds, as the generated file's are.
func TestEverythingDescribed(t *testing.T) {
	s := loadSchema(t)
	for _, def := range s.Types {
		if def.BuiltIn {
			continue
		}
		if def.Description == "" {
			t.Errorf("type %s has no description", def.Name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") { // introspection's
				continue
			}
			if f.Description == "" {
				t.Errorf("%s.%s has no description", def.Name, f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					t.Errorf("%s.%s(%s) has no description", def.Name, f.Name, a.Name)
				}
			}
		}
		for _, v := range def.EnumValues {
			if v.Description == "" {
				t.Errorf("%s.%s has no description", def.Name, v.Name)
			}
		}
	}
}
