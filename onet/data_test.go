package onet_test

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/onet"
)

// The releases the repository carries (data/README.md).
var (
	releaseDir = filepath.Join("..", "data", "onet-29.2")
	skillsDir  = filepath.Join("..", "data", "onet-29.0-skills-knowledge")
)

// rawLines reads a tab-separated file line by line, without the package's reader: the
// header's columns by name, and each data row's fields.
func rawLines(t *testing.T, path string) (map[string]int, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	col := map[string]int{}
	var rows [][]string
	for sc.Scan() {
		fields := strings.Split(strings.TrimSuffix(sc.Text(), "\r"), "\t")
		if len(col) == 0 {
			for i, h := range fields {
				col[h] = i
			}
			continue
		}
		rows = append(rows, fields)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return col, rows
}

// TestCommittedSkillsAndKnowledge reads the committed 29.2 release with the 29.0 ratings and
// checks every count against the files, counted here row by row, and a random sample of
// ratings and elements field by field against their raw rows.
func TestCommittedSkillsAndKnowledge(t *testing.T) {
	d, err := onet.ReadWith(releaseDir, onet.Options{SkillsDir: skillsDir})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 0 {
		t.Fatalf("%d warnings, first %s", len(d.Warnings), d.Warnings[0])
	}
	if d.Release != "O*NET 29.2" || d.SkillsRelease != "O*NET 29.0" {
		t.Errorf("release %q, skills release %q", d.Release, d.SkillsRelease)
	}

	// What the files hold, counted from the raw rows with the rule of skills.go.
	type pair struct{ code, el string }
	type raw struct {
		im, lv         []string // the row's fields
		imGone, lvGone bool
	}
	var want onet.RatingCounts
	pairs := map[pair]*raw{}
	elements := map[string]map[string]bool{} // type -> element ids
	occupations := map[string]bool{}
	wantRows := map[string]int{onet.SkillsFile: 61530, onet.KnowledgeFile: 58014} // ATTRIBUTION.md
	var sample [][]string
	rng := rand.New(rand.NewPCG(17, 29))
	for file, typ := range map[string]string{onet.SkillsFile: onet.TypeSkill, onet.KnowledgeFile: onet.TypeKnowledge} {
		col, rows := rawLines(t, filepath.Join(skillsDir, file))
		if len(rows) != wantRows[file] || d.Rows[file] != len(rows) {
			t.Errorf("%s: %d rows in the file, %d read, want %d", file, len(rows), d.Rows[file], wantRows[file])
		}
		elements[typ] = map[string]bool{}
		for _, f := range rows {
			code, el, scale := f[col["O*NET-SOC Code"]], f[col["Element ID"]], f[col["Scale ID"]]
			sup, nr := f[col["Recommend Suppress"]] == "Y", f[col["Not Relevant"]] == "Y"
			occupations[code] = true
			elements[typ][el] = true
			p := pairs[pair{code, el}]
			if p == nil {
				p = &raw{}
				pairs[pair{code, el}] = p
			}
			switch {
			case scale == "IM" && sup:
				want.SuppressedImportance++
				p.im, p.imGone = f, true
			case scale == "IM":
				want.Importance++
				p.im = f
			case scale == "LV" && sup:
				want.SuppressedLevel++
				p.lv, p.lvGone = f, true
			case scale == "LV" && nr:
				want.NotRelevant++
				p.lv, p.lvGone = f, true
			case scale == "LV":
				want.Level++
				p.lv = f
			default:
				t.Fatalf("%s: scale %q", file, scale)
			}
			if rng.IntN(1000) == 0 {
				sample = append(sample, f)
			}
		}
	}
	for _, p := range pairs {
		if (p.im == nil || p.imGone) && (p.lv == nil || p.lvGone) {
			want.Dropped++
		}
	}
	if len(elements[onet.TypeSkill]) != 35 || len(elements[onet.TypeKnowledge]) != 33 || len(occupations) != 879 {
		t.Fatalf("the files rate %d skills, %d knowledge areas, %d occupations: not the committed release", len(elements[onet.TypeSkill]), len(elements[onet.TypeKnowledge]), len(occupations))
	}
	if d.RatingCounts != want {
		t.Errorf("rating counts %+v, want %+v", d.RatingCounts, want)
	}
	if len(d.Ratings) != len(pairs)-want.Dropped || len(pairs) != 879*(35+33) {
		t.Errorf("%d ratings of %d rated pairs, %d dropped", len(d.Ratings), len(pairs), want.Dropped)
	}

	byElementID := map[string]onet.Element{}
	ids := map[string]bool{}
	types := map[string]int{}
	for _, e := range d.Elements {
		byElementID[e.ElementID] = e
		types[e.Type]++
		if ids[e.ID] || e.ID != onet.Slug(e.Name) && e.ID != onet.Slug(e.Name)+"-"+e.Type {
			t.Errorf("element %+v: id repeated or not the slug of its name", e)
		}
		ids[e.ID] = true
	}
	if types[onet.TypeSkill] != 35 || types[onet.TypeKnowledge] != 33 || len(d.Elements) != 68 {
		t.Errorf("element types %v", types)
	}
	if byElementID["2.A.1.e"].ID != "mathematics" || byElementID["2.C.4.a"].ID != "mathematics-knowledge" || byElementID["2.B.1.b"].ID != "coordination" {
		t.Errorf("ids: %+v %+v %+v", byElementID["2.A.1.e"], byElementID["2.C.4.a"], byElementID["2.B.1.b"])
	}
	rated := map[string]bool{}
	ratings := map[pair]onet.Rating{}
	for _, r := range d.Ratings {
		rated[r.Code] = true
		ratings[pair{r.Code, r.Element}] = r
	}
	if len(rated) != 879 {
		t.Errorf("%d occupations rated", len(rated))
	}

	// A random sample of rows: each rating as the rule says.
	if len(sample) < 50 {
		t.Fatalf("sample of %d rows", len(sample))
	}
	col, _ := rawLines(t, filepath.Join(skillsDir, onet.SkillsFile))
	for _, f := range sample {
		code, el, scale, value := f[col["O*NET-SOC Code"]], f[col["Element ID"]], f[col["Scale ID"]], f[col["Data Value"]]
		e, ok := byElementID[el]
		if !ok || e.Name != f[col["Element Name"]] {
			t.Errorf("row %v: element %+v", f, e)
			continue
		}
		r, ok := ratings[pair{code, e.ID}]
		p := pairs[pair{code, el}]
		got, gone := r.Importance, p.imGone
		if scale == "LV" {
			got, gone = r.Level, p.lvGone
		}
		v, _ := strconv.ParseFloat(value, 64)
		switch {
		case gone && got != nil:
			t.Errorf("row %v: kept %v although flagged", f, *got)
		case !gone && (!ok || got == nil || *got != v):
			t.Errorf("row %v: rating %+v", f, r)
		}
	}

	// Every element's name and description as its row in the content model.
	col, rows := rawLines(t, filepath.Join(releaseDir, onet.ContentModelFile))
	model := map[string][]string{}
	for _, f := range rows {
		model[f[col["Element ID"]]] = f
	}
	for _, e := range d.Elements {
		f := model[e.ElementID]
		parent := model[e.ElementID[:strings.LastIndexByte(e.ElementID, '.')]]
		if f == nil || e.Name != f[col["Element Name"]] || e.Description != f[col["Description"]] || e.Category != parent[col["Element Name"]] {
			t.Errorf("element %+v, content model row %q", e, f)
		}
	}
}
