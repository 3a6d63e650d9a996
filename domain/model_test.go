package domain_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/schema"
)

// The model read from the schema's directives: spot checks of what each directive and
// convention gives.
func TestModel(t *testing.T) {
	m := domain.Model
	rs := m.Rels[domain.RoleSkills]
	if rs == nil || rs.Type != domain.Requires || rs.Parent != domain.KindRole || rs.Child != domain.KindSkill || rs.Dir != domain.Out {
		t.Fatalf("role.skills = %+v", rs)
	}
	if !rs.EdgeWhere || len(rs.Order) != 1 || rs.Order[0] != (domain.Order{Prop: "importance", Edge: true, Desc: true}) {
		t.Errorf("role.skills where/order = %v %+v", rs.EdgeWhere, rs.Order)
	}
	if p, ok := rs.EdgeProp("essential"); !ok || p.Type != domain.PropBool || !p.Filter || p.Sort {
		t.Errorf("role.skills essential = %+v, %v", p, ok)
	}
	if p, ok := rs.EdgeProp("importance"); !ok || !p.Sort {
		t.Errorf("role.skills importance = %+v, %v", p, ok)
	}
	if sr := m.Rels[domain.SkillRoles]; sr == nil || sr.Type != domain.Requires || sr.Dir != domain.In || sr.Child != domain.KindRole {
		t.Errorf("skill.roles = %+v", sr)
	}
	if sk := m.Rels[domain.SkillRelated]; sk == nil || sk.Dir != domain.Both || sk.Type != domain.SkillLink {
		t.Errorf("skill.relatedSkills = %+v", sk)
	}
	if ri := m.Rels[domain.RoleIndustries]; ri == nil || ri.EdgeWhere || ri.Order != nil {
		t.Errorf("role.industries = %+v", ri)
	}
	role := m.Nodes[domain.KindRole]
	if p, ok := role.Prop("jobZone"); !ok || p.Type != domain.PropInt || !p.Filter || !p.Sort {
		t.Errorf("Role.jobZone = %+v, %v", p, ok)
	}
	if p, ok := role.Prop("updatedAt"); !ok || p.Type != domain.PropTime || p.Filter || p.Sort {
		t.Errorf("Role.updatedAt = %+v, %v", p, ok)
	}
	if p, ok := role.Prop("aliases"); !ok || p.Type != domain.PropStrings {
		t.Errorf("Role.aliases = %+v, %v", p, ok)
	}
	if o := role.Orders["RELATED_ROLE_COUNT"]; o.Count != domain.RoleRelated {
		t.Errorf("RELATED_ROLE_COUNT = %+v", o)
	}
	if o := m.Rels[domain.SkillRoles].Orders["JOB_ZONE"]; o != (domain.Order{Prop: "jobZone"}) {
		t.Errorf("SkillRoleOrderField.JOB_ZONE = %+v", o)
	}
	if !role.Ranked["similarRoles"] || !m.Nodes[domain.KindSkill].Ranked["adjacentSkills"] {
		t.Error("ranked fields missing")
	}
	if m.RelTypeNames[domain.SkillLink] != "SKILL_RELATED_TO" || m.RelTypeNames[domain.Uses] != "USES" {
		t.Errorf("relationship type names = %v", m.RelTypeNames)
	}
	if got := m.RelTypeProps[domain.Uses]; !slices.Equal(got, []string{"importance", "hot", "inDemand", "essential"}) {
		t.Errorf("USES props = %v", got)
	}
	// Every Rel constant of the package is a declared relationship field.
	for _, r := range []domain.Rel{domain.RoleSkills, domain.SkillRoles, domain.RoleTechnologies, domain.TechnologyRoles,
		domain.RoleIndustries, domain.IndustryRoles, domain.TechnologySkills, domain.SkillTechnologies, domain.SkillRelated,
		domain.RoleSpecializes, domain.RoleSpecializations, domain.RoleNext, domain.RolePrevious, domain.RoleRelated,
		domain.RoleOccupations, domain.RoleCuratedRoles, domain.RoleBroader, domain.RoleNarrower, domain.SkillBroader, domain.SkillNarrower, domain.RoleONETMatches, domain.RoleESCOMatches, domain.SkillEquivalents,
		domain.RoleOccupationGroups, domain.OccupationGroupRoles, domain.OccupationGroupBroader, domain.OccupationGroupNarrower} {
		if m.Rels[r] == nil {
			t.Errorf("%s is not declared in the schema", r)
		}
	}
	for _, rt := range []domain.RelType{domain.Requires, domain.Uses, domain.InIndustry, domain.Supports, domain.SkillLink,
		domain.Specializes, domain.LeadsTo, domain.RoleLink, domain.ClosestTo, domain.SkillUnder, domain.RoleUnder, domain.Matches, domain.SameAs, domain.InGroup, domain.GroupUnder} {
		if _, ok := m.RelTypeNames[rt]; !ok {
			t.Errorf("%v is not a declared relationship type", rt)
		}
	}
	if len(m.RelTypes) != 15 {
		t.Errorf("%d relationship types, want 15: %v", len(m.RelTypes), m.RelTypes)
	}
	// A kind of two words: its enum name, the name of a relationship type it shares, its
	// own properties and order keys.
	if m.RelTypeNames[domain.GroupUnder] != "OCCUPATION_GROUP_BROADER" || m.RelTypeNames[domain.InGroup] != "IN_GROUP" ||
		m.RelTypeNames[domain.RoleUnder] != "ROLE_BROADER" || domain.KindOccupationGroup.EnumName() != "OCCUPATION_GROUP" {
		t.Errorf("relationship type names = %v", m.RelTypeNames)
	}
	g := m.Nodes[domain.KindOccupationGroup]
	if p, ok := g.OwnProp("level"); !ok || p.Type != domain.PropInt || !p.Filter || !p.Sort || p.Null {
		t.Errorf("OccupationGroup.level = %+v, %v", p, ok)
	}
	if o := g.Orders["NARROWER_COUNT"]; o.Count != domain.OccupationGroupNarrower {
		t.Errorf("NARROWER_COUNT = %+v", o)
	}
	if rg := m.Rels[domain.RoleOccupationGroups]; rg == nil || rg.Type != domain.InGroup || rg.Child != domain.KindOccupationGroup || rg.Dir != domain.Out {
		t.Errorf("role.occupationGroups = %+v", rg)
	}
}

// A declaration the model cannot read is an error at load, naming the field.
func TestModelRefusesUndeclaredFields(t *testing.T) {
	base := `directive @node on OBJECT
directive @relationship(type: String!, direction: RelationshipDirection!, order: String) on FIELD_DEFINITION
directive @ranked on FIELD_DEFINITION
enum RelationshipDirection { OUT IN BOTH }
type Query { x: Int }
type Thing { a: Int }
`
	for name, extra := range map[string]string{
		"object field without directive": "type Role @node { id: ID! other: Thing }",
		"missing kinds":                  "type Role @node { id: ID! }",
	} {
		_, err := domain.LoadModel(fstest.MapFS{"s.graphqls": {Data: []byte(base + extra)}})
		if err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	_, err := domain.LoadModel(fstest.MapFS{"s.graphqls": {Data: []byte(base + "type Role @node { id: ID! other: Thing }")}})
	if err == nil || !strings.Contains(err.Error(), "Role.other") {
		t.Errorf("error does not name the field: %v", err)
	}
}

// TestRelationshipPropertiesType: the types that list every relationship property (a
// neighbourhood edge's RelationshipProperties, a mutation's Relationship and
// RelationshipInput) have each one the model declares, so a property added to an edge type
// is not missing there.
func TestRelationshipPropertiesType(t *testing.T) {
	s, err := gqlparser.LoadSchema(schemaSources(t)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"RelationshipProperties", "Relationship", "RelationshipInput"} {
		d := s.Types[typ]
		if d == nil {
			t.Fatalf("no type %s", typ)
		}
		for _, p := range append(domain.Model.EdgeProps(), domain.Prop{Name: "source"}) {
			if p.Name == "source" && typ == "RelationshipInput" {
				continue // the API sets it
			}
			if d.Fields.ForName(p.Name) == nil {
				t.Errorf("%s has no field %s", typ, p.Name)
			}
		}
	}
}

func schemaSources(t *testing.T) []*ast.Source {
	t.Helper()
	names, _ := fs.Glob(schema.Files, "*.graphqls")
	var out []*ast.Source
	for _, n := range names {
		b, err := fs.ReadFile(schema.Files, n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &ast.Source{Name: n, Input: string(b)})
	}
	return out
}
