package seed_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/seed"
)

func TestCuratedSeed(t *testing.T) {
	b, err := seed.Load(seed.Files)
	if err != nil {
		t.Fatal(err)
	}
	count := map[domain.Kind]int{}
	for _, n := range b.Nodes {
		count[n.Kind]++
		if !strings.HasPrefix(n.Source, "seed:00") {
			t.Errorf("%s %s: source %q does not name a seed document", n.Kind, n.ID, n.Source)
		}
	}
	if count[domain.KindRole] < 20 || count[domain.KindSkill] < 50 || count[domain.KindTechnology] < 40 || count[domain.KindIndustry] != 14 {
		t.Errorf("counts %v", count)
	}
	// Every relationship type of the model is present but those the O*NET and ESCO importers
	// write.
	types := map[string]bool{}
	for _, r := range b.Rels {
		types[r.Type.Type] = true
	}
	imported := []domain.RelType{domain.RoleLink, domain.ClosestTo, domain.SkillUnder, domain.RoleUnder, domain.Matches, domain.SameAs, domain.InGroup, domain.GroupUnder}
	for _, rt := range domain.Model.RelTypes {
		if !types[rt.Type] && !slices.Contains(imported, rt) {
			t.Errorf("no %s relationship in the seed", rt.Type)
		}
	}
}

// fixture is a minimal valid seed; each case below breaks one thing in it.
func fixture() fstest.MapFS {
	return fstest.MapFS{
		"roles.yaml": {Data: []byte(`
- id: dev
  name: Developer
  source: doc.txt
  skills: [{id: coding, importance: 5, essential: true}]
  technologies: [{id: go, importance: 4}]
  industries: [saas]
  specializes: []
  leadsTo: [lead]
- id: lead
  name: Lead
  source: doc.txt
`)},
		"skills.yaml": {Data: []byte(`
- id: coding
  name: Coding
  category: technical
  source: doc.txt
  related: [{id: testing, weight: 0.5}]
- id: testing
  name: Testing
  category: technical
  source: doc.txt
`)},
		"technologies.yaml": {Data: []byte(`
- id: go
  name: Go
  category: language
  aliases: [Golang]
  source: doc.txt
  supports: [coding]
`)},
		"industries.yaml": {Data: []byte(`
- id: saas
  name: SaaS
  source: doc.txt
`)},
	}
}

func TestLoadFixture(t *testing.T) {
	b, err := seed.Load(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Nodes) != 6 || len(b.Rels) != 6 {
		t.Fatalf("%d nodes, %d rels", len(b.Nodes), len(b.Rels))
	}
}

func TestRejectsBadSeeds(t *testing.T) {
	cases := []struct {
		name, file, from, to string
		want                 []string // all must appear in the error
	}{
		{"UnknownReference", "roles.yaml", "{id: go, importance: 4}", "{id: rust, importance: 4}",
			[]string{"roles.yaml", "entry 1", `"dev"`, `technologies[0] refers to unknown Technology "rust"`}},
		{"RepeatedID", "skills.yaml", "- id: testing", "- id: coding",
			[]string{"skills.yaml", "entry 2", "repeats the id of skills.yaml: entry 1"}},
		{"BadSlug", "industries.yaml", "id: saas", "id: Software_As_A_Service",
			[]string{"industries.yaml", "entry 1", "id must be a slug"}},
		{"ImportanceOutOfRange", "roles.yaml", "importance: 5", "importance: 9",
			[]string{"roles.yaml", "skills[0].importance must be a whole number from 1 to 5"}},
		{"MissingEssential", "roles.yaml", ", essential: true", "",
			[]string{"skills[0].essential is required"}},
		{"WeightOutOfRange", "skills.yaml", "weight: 0.5", "weight: 1.5",
			[]string{"skills.yaml", "related[0].weight must be a number from 0 to 1"}},
		{"UnknownField", "technologies.yaml", "supports:", "suports:",
			[]string{"technologies.yaml", "suports"}},
		{"MissingName", "roles.yaml", "name: Lead", "name: ''",
			[]string{"roles.yaml", "entry 2", "name is required"}},
		{"SelfReference", "roles.yaml", "leadsTo: [lead]", "leadsTo: [dev]",
			[]string{"leadsTo[0]: a node cannot point to itself"}},
		{"NotYAML", "industries.yaml", "- id: saas", "- id: [saas",
			[]string{"industries.yaml"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fixture()
			data := string(fsys[c.file].Data)
			if !strings.Contains(data, c.from) {
				t.Fatalf("fixture has no %q", c.from)
			}
			fsys[c.file] = &fstest.MapFile{Data: []byte(strings.Replace(data, c.from, c.to, 1))}
			b, err := seed.Load(fsys)
			if err == nil {
				t.Fatalf("accepted: %d nodes", len(b.Nodes))
			}
			if _, ok := err.(*seed.ValidationError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}

	t.Run("MissingFile", func(t *testing.T) {
		fsys := fixture()
		delete(fsys, "industries.yaml")
		_, err := seed.Load(fsys)
		if err == nil || !strings.Contains(err.Error(), "industries.yaml") {
			t.Fatalf("%v", err)
		}
	})
	t.Run("DuplicateRelationship", func(t *testing.T) {
		fsys := fixture()
		fsys["skills.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["skills.yaml"].Data),
			"name: Testing\n  category: technical\n  source: doc.txt\n", "name: Testing\n  category: technical\n  source: doc.txt\n  related: [{id: coding, weight: 0.2}]\n", 1))}
		_, err := seed.Load(fsys)
		if err == nil || !strings.Contains(err.Error(), "RELATED_TO") || !strings.Contains(err.Error(), "more than once") {
			t.Fatalf("%v", err)
		}
	})
}

// Relations the seed documents state, and only those (issue 18): no career step from
// Frontend Developer (the documents name Full Stack Developer only as a specialisation), and
// DevOps Engineer's CI/CD, Docker and Kubernetes are implied by "streamline deployment and
// infrastructure" (importance 3), not named as core requirements (5), nor are Security
// Developer's OAuth, TLS and JWT named; Backend Developer
// works where document 003 says backend developers do.
func TestSeedStatesOnlyWhatDocumentsSay(t *testing.T) {
	b, err := seed.Load(seed.Files)
	if err != nil {
		t.Fatal(err)
	}
	// "Python, Java, Ruby, or PHP", "Python, Ruby, or Node.js": alternatives, one weight.
	languages := map[string]int{}
	industries := map[string]bool{}
	for _, r := range b.Rels {
		if r.Type == domain.Uses && r.FromID == "backend-developer" && r.Importance() != nil &&
			(r.ToID == "python" || r.ToID == "java" || r.ToID == "ruby" || r.ToID == "php" || r.ToID == "nodejs") {
			languages[r.ToID] = *r.Importance()
		}
		if r.Type == domain.InIndustry && r.FromID == "backend-developer" {
			industries[r.ToID] = true
		}
		if r.Type == domain.LeadsTo && r.FromID == "frontend-developer" {
			t.Errorf("frontend-developer LEADS_TO %s: no document says so", r.ToID)
		}
		if r.Type == domain.Uses && r.FromID == "devops-engineer" && (r.ToID == "ci-cd" || r.ToID == "docker" || r.ToID == "kubernetes") &&
			(r.Importance() == nil || *r.Importance() != 3) {
			t.Errorf("devops-engineer USES %s not at importance 3", r.ToID)
		}
		// The document names authentication, authorization and encryption, not OAuth, TLS or
		// JWT: implied (3) at most, JWT one way among others (2).
		if want, ok := map[string]int{"oauth": 3, "tls": 3, "jwt": 2}[r.ToID]; ok && r.Type == domain.Uses && r.FromID == "security-developer" &&
			(r.Importance() == nil || *r.Importance() != want) {
			t.Errorf("security-developer USES %s not at importance %d", r.ToID, want)
		}
	}
	if len(languages) != 5 || languages["python"] != languages["java"] || languages["java"] != languages["ruby"] ||
		languages["ruby"] != languages["php"] || languages["php"] != languages["nodejs"] {
		t.Errorf("backend-developer languages listed as alternatives weigh %v", languages)
	}
	// "from social media feeds to financial transactions", "large enterprise environments"
	if !industries["financial-institutions"] || !industries["large-enterprises"] {
		t.Errorf("backend-developer industries %v, want financial-institutions and large-enterprises", industries)
	}
}
