package esco_test

import (
	"archive/zip"
	"io"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/esco"
)

var escoDir = filepath.Join("..", "data", "esco-1.1.1")

// records splits CSV text into records by hand (quotes, doubled quotes, CRLF), independently
// of encoding/csv, which the package uses; each record is a map from header to value.
func records(t *testing.T, text string) []map[string]string {
	t.Helper()
	var rows [][]string
	var field strings.Builder
	var rec []string
	quoted := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quoted && c == '"' && i+1 < len(text) && text[i+1] == '"':
			field.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
			field.WriteByte(c)
		case c == ',':
			rec = append(rec, field.String())
			field.Reset()
		case c == '\r':
		case c == '\n':
			rows = append(rows, append(rec, field.String()))
			rec = nil
			field.Reset()
		default:
			field.WriteByte(c)
		}
	}
	if quoted || len(rec) > 0 || field.Len() > 0 {
		t.Fatal("the text does not end with a complete record")
	}
	out := make([]map[string]string, 0, len(rows)-1)
	for _, r := range rows[1:] {
		if len(r) != len(rows[0]) {
			t.Fatalf("a record of %d fields, the header has %d", len(r), len(rows[0]))
		}
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// rawFiles reads every CSV file of the committed zips, by file name.
func rawFiles(t *testing.T) map[string][]map[string]string {
	t.Helper()
	zips, _ := filepath.Glob(filepath.Join(escoDir, "*.zip"))
	if len(zips) != 2 {
		t.Fatalf("zips %v", zips)
	}
	out := map[string][]map[string]string{}
	for _, path := range zips {
		z, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range z.File {
			if f.Name == "skillsHierarchy_en.csv" || f.Name == "conceptSchemes_en.csv" {
				continue // not read (and their rows have fewer fields than their header)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			out[f.Name] = records(t, string(data))
		}
		z.Close()
	}
	return out
}

// wantAliases is the rule: alternative then hidden labels, one a line, spacing collapsed,
// first of each case-insensitively, without the preferred label.
func wantAliases(label string, lists ...string) []string {
	seen := map[string]bool{strings.ToLower(label): true}
	var out []string
	for _, l := range lists {
		for _, a := range strings.Split(l, "\n") {
			a = strings.Join(strings.Fields(a), " ")
			if a != "" && !seen[strings.ToLower(a)] {
				seen[strings.ToLower(a)] = true
				out = append(out, a)
			}
		}
	}
	return out
}

func count[T any](items []T, keep func(T) bool) int {
	n := 0
	for _, it := range items {
		if keep(it) {
			n++
		}
	}
	return n
}

// TestCommittedRelease reads the committed ESCO 1.1.1 zips and checks every count against
// the files, counted here with a CSV splitter of the test's own, and a random sample of
// occupations and skills field by field against their raw rows.
func TestCommittedRelease(t *testing.T) {
	d, err := esco.Read(escoDir, esco.Options{})
	if err != nil {
		t.Fatal(err)
	}
	raw := rawFiles(t)
	if d.Release != "ESCO 1.1.1" {
		t.Errorf("release %q", d.Release)
	}

	// The files, as ATTRIBUTION.md describes them.
	skills, occs := raw["skills_en.csv"], raw["occupations_en.csv"]
	rels, skillRels := raw["occupationSkillRelations.csv"], raw["skillSkillRelations.csv"]
	typeOf := func(r map[string]string) string { return r["skillType"] }
	relType := func(r map[string]string) string { return r["relationType"] }
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"skills", len(skills), 13896},
		{"skill/competence", count(skills, func(r map[string]string) bool { return typeOf(r) == "skill/competence" }), 10831},
		{"knowledge", count(skills, func(r map[string]string) bool { return typeOf(r) == "knowledge" }), 3059},
		{"occupations", len(occs), 3007},
		{"occupation-skill relations", len(rels), 123855},
		{"essential", count(rels, func(r map[string]string) bool { return relType(r) == "essential" }), 64946},
		{"optional", count(rels, func(r map[string]string) bool { return relType(r) == "optional" }), 58909},
		{"skill-skill relations", len(skillRels), 5899},
		{"ISCO groups", len(raw["ISCOGroups_en.csv"]), 619},
		{"skill groups", len(raw["skillGroups_en.csv"]), 640},
	} {
		if c.got != c.want {
			t.Fatalf("%s: %d in the files, want %d: not the committed release", c.what, c.got, c.want)
		}
	}

	// Concepts: every row read, types and collections as the files say.
	if len(d.Skills) != len(skills) || len(d.Occupations) != len(occs) || len(d.ISCOGroups) != 619 || len(d.SkillGroups) != 640 {
		t.Errorf("%d skills, %d occupations, %d ISCO groups, %d skill groups", len(d.Skills), len(d.Occupations), len(d.ISCOGroups), len(d.SkillGroups))
	}
	for typ, want := range map[string]int{esco.TypeSkill: 10831, esco.TypeKnowledge: 3059, "": 6} {
		if got := count(d.Skills, func(s esco.Skill) bool { return s.Type == typ }); got != want {
			t.Errorf("%d skills of type %q, want %d", got, typ, want)
		}
	}
	for file, name := range map[string]string{"digitalSkillsCollection_en.csv": "digital", "greenSkillsCollection_en.csv": "green", "languageSkillsCollection_en.csv": "language", "transversalSkillsCollection_en.csv": "transversal"} {
		if got := count(d.Skills, func(s esco.Skill) bool { return slices.Contains(s.Collections, name) }); got != len(raw[file]) || got == 0 {
			t.Errorf("%d skills in the %s collection, %d rows in %s", got, name, len(raw[file]), file)
		}
	}
	ids := map[string]map[string]bool{"skill": {}, "occupation": {}}
	for _, s := range d.Skills {
		ids["skill"][s.ID] = true
	}
	for _, g := range d.SkillGroups {
		ids["skill"][g.ID] = true
	}
	for _, o := range d.Occupations {
		ids["occupation"][o.ID] = true
	}
	if len(ids["skill"]) != 13896+640 || len(ids["occupation"]) != 3007 {
		t.Errorf("ids not unique: %d skill and group ids, %d occupation ids", len(ids["skill"]), len(ids["occupation"]))
	}
	for kind, set := range ids {
		for id := range set {
			if !domain.ValidSlug(id) {
				t.Errorf("%s id %q is not a slug", kind, id)
			}
		}
	}

	// Relations: each row kept unless it points to a concept the release lacks or to itself.
	occURI, skillURI, groupURI, iscoURI := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range occs {
		occURI[r["conceptUri"]] = true
	}
	for _, r := range skills {
		skillURI[r["conceptUri"]] = true
	}
	for _, r := range raw["skillGroups_en.csv"] {
		groupURI[r["conceptUri"]] = true
	}
	for _, r := range raw["ISCOGroups_en.csv"] {
		iscoURI[r["conceptUri"]] = true
	}
	known := func(r map[string]string) bool { return occURI[r["occupationUri"]] && skillURI[r["skillUri"]] }
	wantEssential := count(rels, func(r map[string]string) bool { return known(r) && relType(r) == "essential" })
	wantOptional := count(rels, func(r map[string]string) bool { return known(r) && relType(r) == "optional" })
	gotEssential := count(d.Requirements, func(r esco.Requirement) bool { return r.Essential })
	if gotEssential != wantEssential || len(d.Requirements)-gotEssential != wantOptional {
		t.Errorf("requirements: %d essential, %d optional; want %d, %d", gotEssential, len(d.Requirements)-gotEssential, wantEssential, wantOptional)
	}
	selfless := count(skillRels, func(r map[string]string) bool { return r["originalSkillUri"] != r["relatedSkillUri"] })
	if len(d.Related) != selfless || count(d.Related, func(r esco.SkillRelation) bool { return r.Essential }) != count(skillRels, func(r map[string]string) bool {
		return relType(r) == "essential" && r["originalSkillUri"] != r["relatedSkillUri"]
	}) {
		t.Errorf("%d skill relations, want %d", len(d.Related), selfless)
	}
	in := map[string]map[string]bool{"Occupation": occURI, "KnowledgeSkillCompetence": skillURI, "SkillGroup": groupURI, "ISCOGroup": iscoURI}
	for file, got := range map[string]int{"broaderRelationsSkillPillar.csv": len(d.SkillHierarchy), "broaderRelationsOccPillar.csv": len(d.OccupationHierarchy)} {
		want := count(raw[file], func(r map[string]string) bool {
			return in[r["conceptType"]][r["conceptUri"]] && in[r["broaderType"]][r["broaderUri"]]
		})
		if got != want {
			t.Errorf("%s: %d edges, want %d", file, got, want)
		}
	}
	// Every row is read, and each one not kept is reported with its file.
	kept := map[string]int{"occupationSkillRelations.csv": len(d.Requirements), "skillSkillRelations.csv": len(d.Related),
		"broaderRelationsSkillPillar.csv": len(d.SkillHierarchy), "broaderRelationsOccPillar.csv": len(d.OccupationHierarchy)}
	skipped := d.Skipped()
	for file, n := range kept {
		if d.Rows[file] != len(raw[file]) || n+skipped[file] != len(raw[file]) {
			t.Errorf("%s: %d rows, %d read, %d kept, %d skipped", file, len(raw[file]), d.Rows[file], n, skipped[file])
		}
	}
	if want := map[string]int{"occupationSkillRelations.csv": 67, "skillSkillRelations.csv": 1, "broaderRelationsSkillPillar.csv": 7, "broaderRelationsOccPillar.csv": 1}; !maps.Equal(skipped, want) {
		t.Errorf("skipped %v, want %v (ESCO 1.1.1's own dangling references and one self-relation)", skipped, want)
	}

	// A random sample of occupations and skills, field by field.
	rng := rand.New(rand.NewPCG(17, 111))
	occByURI := map[string]esco.Occupation{}
	for _, o := range d.Occupations {
		occByURI[o.URI] = o
	}
	broader := map[string]string{}
	for _, r := range raw["broaderRelationsOccPillar.csv"] {
		if r["conceptType"] == "Occupation" && r["broaderType"] == "Occupation" {
			broader[r["conceptUri"]] = occByURI[r["broaderUri"]].ID
		}
	}
	for range 100 {
		r := occs[rng.IntN(len(occs))]
		o := occByURI[r["conceptUri"]]
		if o.Label != strings.TrimSpace(r["preferredLabel"]) || o.Description != strings.TrimSpace(r["description"]) || o.ISCOGroup != r["iscoGroup"] || o.Code != r["code"] ||
			o.Broader != broader[r["conceptUri"]] || !slices.Equal(o.Aliases, wantAliases(strings.TrimSpace(r["preferredLabel"]), r["altLabels"], r["hiddenLabels"])) {
			t.Errorf("occupation %+v\nraw row %q", o, r)
		}
	}
	skillByURI := map[string]esco.Skill{}
	for _, s := range d.Skills {
		skillByURI[s.URI] = s
	}
	types := map[string]string{"skill/competence": "skill", "knowledge": "knowledge", "": ""}
	for range 100 {
		r := skills[rng.IntN(len(skills))]
		s := skillByURI[r["conceptUri"]]
		if s.Label != strings.TrimSpace(r["preferredLabel"]) || s.Description != strings.TrimSpace(r["description"]) || s.Type != types[r["skillType"]] || s.ReuseLevel != r["reuseLevel"] ||
			!slices.Equal(s.Aliases, wantAliases(strings.TrimSpace(r["preferredLabel"]), r["altLabels"], r["hiddenLabels"])) {
			t.Errorf("skill %+v\nraw row %q", s, r)
		}
	}
}
