package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/store"
)

// skillsDir is the O*NET 29.0 Skills and Knowledge the repository carries.
var skillsDir = filepath.Join("data", "onet-29.0-skills-knowledge")

// mustImportSkills runs `skillgraph import onet DIR -skills SKILLS` and returns what it printed.
func mustImportSkills(tb testing.TB, dir string) string {
	tb.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "onet", dir, "-skills", skillsDir, "-progress", "off"}, testEnv(tb), &out, io.Discard); err != nil {
		tb.Fatal(err)
	}
	return out.String()
}

// TestImportONETSkillsAndKnowledge imports the committed release with its skills and
// knowledge ratings and checks the graph against what package onet reads from the files:
// the counts, randomly chosen ratings field by field through the API, the rankings' rule
// (only ratings of importance 3 or more count) and an idempotent re-import.
func TestImportONETSkillsAndKnowledge(t *testing.T) {
	dir := neo4jtest.MustONetDir(t)
	st := neo4jtest.MustSeed(t)
	known, err := st.KnownTechnologies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d, err := onet.ReadWith(dir, onet.Options{Known: known, SkillsDir: skillsDir})
	if err != nil {
		t.Fatal(err)
	}
	if d.SkillsRelease != "O*NET 29.0" || len(d.Elements) == 0 || len(d.Ratings) == 0 {
		t.Fatalf("the reader found no ratings: %q %d %d", d.SkillsRelease, len(d.Elements), len(d.Ratings))
	}
	out := mustImportSkills(t, dir)
	if want := fmt.Sprintf("imported O*NET 29.0 skills and knowledge: %d elements, %d ratings as REQUIRES", len(d.Elements), len(d.Ratings)); !strings.Contains(out, want) {
		t.Errorf("summary lacks %q: %s", want, out)
	}
	counts := neo4jtest.Counts(t)

	t.Run("ExactCounts", func(t *testing.T) {
		types := map[string]int64{}
		for _, e := range d.Elements {
			types[e.Type]++
		}
		rows := neo4jtest.MustQuery(t, `MATCH (s:Skill {source: $src}) RETURN s.type AS type, count(s) AS n ORDER BY type`, map[string]any{"src": d.SkillsRelease})
		got := map[string]int64{}
		for _, r := range rows {
			got[fmt.Sprint(r["type"])] = r["n"].(int64)
		}
		if len(got) != 2 || got[onet.TypeSkill] != types[onet.TypeSkill] || got[onet.TypeKnowledge] != types[onet.TypeKnowledge] {
			t.Errorf("O*NET skills per type %v, want %v", got, types)
		}
		if counts["Skill"] != 65+int64(len(d.Elements)) {
			t.Errorf("%d skills, want the 65 curated and %d O*NET", counts["Skill"], len(d.Elements))
		}
		var important int64
		for _, r := range d.Ratings {
			if r.Importance != nil && *r.Importance >= 3 {
				important++
			}
		}
		r := neo4jtest.MustQuery(t, `MATCH (:Role)-[e:REQUIRES]->(:Skill) WHERE e.source = $src
			RETURN count(e) AS n, count(e.importanceScore) AS im, count(e.level) AS lv, count(e.importance) AS rounded,
			       count(CASE WHEN e.w > 0 THEN 1 END) AS counted`, map[string]any{"src": d.SkillsRelease})[0]
		c := d.RatingCounts
		if r["n"] != int64(len(d.Ratings)) || r["im"] != int64(c.Importance) || r["lv"] != int64(c.Level) || r["rounded"] != int64(c.Importance) || r["counted"] != important {
			t.Errorf("REQUIRES from O*NET %v, want %d ratings, %d importance and %d level values, %d of importance 3 or more",
				r, len(d.Ratings), c.Importance, c.Level, important)
		}
		if counts["REQUIRES"] != 159+int64(len(d.Ratings)) {
			t.Errorf("REQUIRES %d, want the 159 curated and %d ratings", counts["REQUIRES"], len(d.Ratings))
		}
		neo4jtest.MustRelEndsMatchKinds(t)
		neo4jtest.MustKeptNeedWeights(t)
	})

	a := MustAPIOn(t, st)
	t.Run("RandomRatingsFieldByField", func(t *testing.T) {
		rng := rand.New(rand.NewSource(17))
		elements := map[string]onet.Element{}
		for _, e := range d.Elements {
			elements[e.ID] = e
		}
		for i := 0; i < 8; i++ {
			r := d.Ratings[rng.Intn(len(d.Ratings))]
			e := elements[r.Element]
			data := a.MustData(t, `query($role: ID!, $skill: ID!) { role(id: $role) {
				skills(where: {node: {id: {eq: $skill}}}) { totalCount edges { importance importanceScore level essential source
					node { id: slug name description category type elementId source } } } } }`, map[string]any{"role": r.Code, "skill": r.Element})
			page := get(data, "role", "skills").(map[string]any)
			if page["totalCount"] != 1.0 {
				t.Fatalf("%s %s: %v", r.Code, r.Element, page)
			}
			edge := page["edges"].([]any)[0].(map[string]any)
			var importance any
			if r.Importance != nil {
				importance = math.Round(*r.Importance)
			}
			want := map[string]any{"importance": importance, "importanceScore": floatOrNil(r.Importance), "level": floatOrNil(r.Level),
				"essential": nil, "source": d.SkillsRelease}
			for k, v := range want {
				if edge[k] != v {
					t.Errorf("%s %s: edge %s = %v, want %v", r.Code, r.Element, k, edge[k], v)
				}
			}
			node := edge["node"].(map[string]any)
			wantNode := map[string]any{"id": e.ID, "name": e.Name, "description": e.Description, "category": e.Category, "type": e.Type,
				"elementId": e.ElementID, "source": d.SkillsRelease}
			for k, v := range wantNode {
				if node[k] != v {
					t.Errorf("%s: %s = %v, want %v", e.ID, k, node[k], v)
				}
			}
		}
	})

	t.Run("FiltersAndOrders", func(t *testing.T) {
		// An occupation's knowledge areas of importance 4 or more, by level: as in the file.
		code := d.Ratings[len(d.Ratings)/2].Code
		var want []string
		type lv struct {
			id    string
			level float64
		}
		var rated []lv
		types := map[string]string{}
		for _, e := range d.Elements {
			types[e.ID] = e.Type
		}
		for _, r := range d.Ratings {
			if r.Code == code && types[r.Element] == onet.TypeKnowledge && r.Importance != nil && *r.Importance >= 4 && r.Level != nil {
				rated = append(rated, lv{r.Element, *r.Level})
			}
		}
		sort.Slice(rated, func(i, j int) bool {
			if rated[i].level != rated[j].level {
				return rated[i].level > rated[j].level
			}
			return rated[i].id < rated[j].id
		})
		for _, r := range rated {
			want = append(want, r.id)
		}
		data := a.MustData(t, `query($role: ID!) { role(id: $role) {
			skills(first: 100, where: {importanceScore: {gte: 4}, level: {isNull: false}, node: {type: {eq: "knowledge"}}}, orderBy: [{field: LEVEL, direction: DESC}]) {
				edges { node { id: slug } } } } }`, map[string]any{"role": code})
		var got []string
		for _, e := range get(data, "role", "skills", "edges").([]any) {
			got = append(got, e.(map[string]any)["node"].(map[string]any)["id"].(string))
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s knowledge of importance >= 4 by level: %v, want %v", code, got, want)
		}
	})

	t.Run("RankingsCountImportantRatingsOnly", func(t *testing.T) {
		// Every occupation is rated on every element: a rating below 3 weighs 0, so an
		// element is required (roleCount) only by the occupations rating it important.
		r := neo4jtest.MustQuery(t, `MATCH (s:Skill {id: 'programming'})
			RETURN s.roleCount AS n, COUNT { (s)<-[e:REQUIRES]-(:Role) WHERE e.importanceScore >= 3 } AS important,
			       COUNT { (s)<-[:REQUIRES]-(:Role) } AS all`, nil)[0]
		if r["n"] != r["important"] || r["all"].(int64) <= r["important"].(int64) {
			t.Errorf("programming: %v", r)
		}
		data := a.MustData(t, `{ roleMatches(skills: ["programming", "computers-and-electronics"], first: 5) { coverage role { id: slug } } }`, nil)
		matches := data["roleMatches"].([]any)
		if len(matches) != 5 {
			t.Fatalf("%v", matches)
		}
		for _, m := range matches {
			if c := m.(map[string]any)["coverage"].(float64); c <= 0 {
				t.Errorf("a match of coverage %v", c)
			}
		}
		data = a.MustData(t, `{ role(id: "29-1141.00") { similarRoles(first: 5) { role { id: slug name } } } }`, nil)
		similar := get(data, "role", "similarRoles").([]any)
		if len(similar) != 5 {
			t.Fatalf("similar to Registered Nurses: %v", similar)
		}
		for _, s := range similar {
			// Registered Nurses: the most similar are health care occupations (29-, 31-, 11-9111).
			id := s.(map[string]any)["role"].(map[string]any)["id"].(string)
			if !strings.HasPrefix(id, "29-") && !strings.HasPrefix(id, "31-") && !strings.HasPrefix(id, "11-9111") {
				t.Errorf("similar to Registered Nurses: %v", s)
			}
		}
	})

	t.Run("StatisticsAgreeWithAFullRefresh", func(t *testing.T) {
		before := statistics(t)
		if err := st.RefreshStats(context.Background()); err != nil {
			t.Fatal(err)
		}
		compareStatistics(t, before, statistics(t))
		neo4jtest.MustKeptNeedWeights(t)
	})

	t.Run("ReimportChangesNothing", func(t *testing.T) {
		mustImportSkills(t, dir)
		mustBeUnchanged(t, st, counts)
	})
}

// mustBeUnchanged fails unless the graph has the counts given, and statistics that a full
// refresh leaves as they are.
func mustBeUnchanged(t *testing.T, st *store.Store, counts map[string]int64) {
	t.Helper()
	if again := neo4jtest.Counts(t); !neo4jtest.SameCounts(counts, again) {
		t.Errorf("counts changed: %v -> %v", counts, again)
	}
	before := statistics(t)
	if err := st.RefreshStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	compareStatistics(t, before, statistics(t))
}

func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
