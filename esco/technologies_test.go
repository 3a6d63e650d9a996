package esco_test

import (
	"reflect"
	"testing"

	"github.com/skillgraph/skillgraph/esco"
)

func TestResolveTechnologies(t *testing.T) {
	skill := func(id, label, typ string) esco.Skill {
		return esco.Skill{Concept: esco.Concept{ID: id, URI: "u:" + id, Label: label}, Type: typ}
	}
	d := &esco.Dataset{
		Skills: []esco.Skill{skill("python", "Python (computer programming)", esco.TypeKnowledge),
			skill("python-2", "Python", esco.TypeKnowledge), // a second concept naming it
			skill("dbms", "database management systems", esco.TypeKnowledge),
			skill("use-python", "Python", esco.TypeSkill)}, // a skill, not knowledge: kept
		Requirements: []esco.Requirement{{Occupation: "dev", Skill: "python", Essential: false}, {Occupation: "dev", Skill: "python-2", Essential: true},
			{Occupation: "dev", Skill: "dbms", Essential: true}, {Occupation: "ops", Skill: "python", Essential: false}},
		SkillHierarchy: []esco.Broader{{ID: "python", BroaderID: "dbms"}, {ID: "use-python", BroaderID: "dbms"}},
		Related:        []esco.SkillRelation{{Skill: "use-python", Related: "python"}},
	}
	d.ResolveTechnologies(func(name string) string {
		switch name {
		case "Python":
			return "python-tech"
		case "database management systems": // a field of knowledge, in lower case: kept
			return "dbms-tech"
		}
		return ""
	})
	var kept []string
	for _, s := range d.Skills {
		kept = append(kept, s.ID)
	}
	if !reflect.DeepEqual(kept, []string{"dbms", "use-python"}) || len(d.Technologies) != 2 || d.Technologies[0].Technology != "python-tech" {
		t.Errorf("skills %v, technologies %+v", kept, d.Technologies)
	}
	wantUses := []esco.TechnologyUse{{Occupation: "dev", Technology: "python-tech", Essential: true}, {Occupation: "ops", Technology: "python-tech"}}
	if !reflect.DeepEqual(d.TechnologyUses, wantUses) {
		t.Errorf("uses %+v, want %+v", d.TechnologyUses, wantUses)
	}
	if len(d.Requirements) != 1 || d.Requirements[0].Skill != "dbms" || len(d.SkillHierarchy) != 1 || len(d.Related) != 0 || d.DroppedForTechnologies != 2 {
		t.Errorf("requirements %+v, hierarchy %+v, related %+v, dropped %d", d.Requirements, d.SkillHierarchy, d.Related, d.DroppedForTechnologies)
	}
}
