package synth

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/crosswalk"
	"github.com/skillgraph/skillgraph/esco"
	"github.com/skillgraph/skillgraph/onet"
)

// The real releases the repository carries.
var real = Options{
	ONETDir:      filepath.Join("..", "data", "onet-29.2"),
	SkillsDir:    filepath.Join("..", "data", "onet-29.0-skills-knowledge"),
	ESCOPath:     filepath.Join("..", "data", "esco-1.1.1"),
	CrosswalkDir: filepath.Join("..", "data", "crosswalks"),
}

func generate(t *testing.T, scale float64, seed uint64) *Layout {
	t.Helper()
	o := real
	o.Scale, o.Seed, o.Out = scale, seed, t.TempDir()
	l, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// stats are the figures of a release a synthetic one must reproduce: counts, which grow by
// the factor, and degrees and ratios, which must not move.
type stats struct {
	occupations, technologies, uses, ratings                  float64
	hot, inDemand                                             float64 // shares of the uses
	escoOccupations, escoSkills, requirements, essential      float64
	skillBroader, skillRelated, occupationBroader, techUses   float64
	matches, tasks                                            float64
	warnings, escoWarnings, unresolved                        float64
	usesPerTechnology, maxUsesPerTechnology, requiresPerSkill float64
}

func read(t *testing.T, l *Layout) stats {
	t.Helper()
	od, err := onet.ReadWith(l.ONET, onet.Options{SkillsDir: l.Skills})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := esco.Read(l.ESCO, esco.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var known []onet.Known
	for _, tc := range od.Technologies {
		known = append(known, onet.Known{ID: tc.ID, Name: tc.Name})
	}
	ed.ResolveTechnologies(onet.Resolver(known))
	tasks, err := od.ReadTasks(l.ONET)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]string, len(od.Occupations))
	for i, o := range od.Occupations {
		codes[i] = o.Code
	}
	uris := make([]string, len(ed.Occupations))
	for i, o := range ed.Occupations {
		uris[i] = o.URI
	}
	cw, err := crosswalk.Read(l.Crosswalk, crosswalk.Options{Occupations: codes, ESCO: uris})
	if err != nil {
		t.Fatal(err)
	}
	s := stats{
		occupations: float64(len(od.Occupations)), technologies: float64(len(od.Technologies)), uses: float64(len(od.Uses)),
		ratings: float64(len(od.Ratings)), escoOccupations: float64(len(ed.Occupations)), escoSkills: float64(len(ed.Skills)),
		requirements: float64(len(ed.Requirements)), skillBroader: float64(len(ed.SkillHierarchy)), skillRelated: float64(len(ed.Related)),
		techUses: float64(len(ed.TechnologyUses)), matches: float64(len(cw.Matches)),
		warnings: float64(len(od.Warnings)), escoWarnings: float64(len(ed.Warnings)), unresolved: float64(len(cw.Unresolved)),
	}
	for _, b := range ed.OccupationHierarchy {
		if b.Kind == esco.KindOccupation {
			s.occupationBroader++
		}
	}
	perTech := map[string]int{}
	for _, u := range od.Uses {
		if u.Hot {
			s.hot++
		}
		if u.InDemand {
			s.inDemand++
		}
		perTech[u.TechID]++
	}
	for _, n := range perTech {
		s.maxUsesPerTechnology = max(s.maxUsesPerTechnology, float64(n))
	}
	s.hot /= s.uses
	s.inDemand /= s.uses
	s.usesPerTechnology = s.uses / float64(len(perTech))
	perSkill := map[string]bool{}
	for _, r := range ed.Requirements {
		if r.Essential {
			s.essential++
		}
		perSkill[r.Skill] = true
	}
	s.essential /= s.requirements
	for _, ts := range tasks {
		s.tasks += float64(len(ts))
	}
	s.requiresPerSkill = s.requirements / float64(len(perSkill))
	return s
}

// near fails unless got is within tol (a fraction) of want.
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Abs(want) {
		t.Errorf("%s: %.3f, want %.3f (within %.0f %%)", what, got, want, tol*100)
	}
}

// TestScale generates releases at twice the real size, reads them with the importer's
// own readers, and checks them against the real ones: every count grows by the factor,
// degrees and ratios stay, no row is skipped that the real release does not skip, and the
// copies are tied into the graph (they share technologies with the real occupations).
func TestScale(t *testing.T) {
	const scale = 2
	r := read(t, &Layout{ONET: real.ONETDir, Skills: real.SkillsDir, ESCO: real.ESCOPath, Crosswalk: real.CrosswalkDir})
	l := generate(t, scale, 1)
	s := read(t, l)
	for _, c := range []struct {
		what      string
		got, want float64
		tol       float64
	}{
		{"occupations", s.occupations, scale * r.occupations, 0.001},
		{"ESCO occupations", s.escoOccupations, scale * r.escoOccupations, 0.001},
		// A technology only one occupation uses is lost to a copy when resampling replaces it.
		{"technologies", s.technologies, scale * r.technologies, 0.05},
		{"ESCO skills", s.escoSkills, scale * r.escoSkills, 0.03},
		{"USES", s.uses, scale * r.uses, 0.03},
		{"ratings", s.ratings, scale * r.ratings, 0.01},
		{"ESCO requirements", s.requirements, scale * r.requirements, 0.03},
		{"ESCO technology uses", s.techUses, scale * r.techUses, 0.15},
		{"skill hierarchy", s.skillBroader, scale * r.skillBroader, 0.05},
		{"skill relations", s.skillRelated, scale * r.skillRelated, 0.05},
		{"occupation hierarchy", s.occupationBroader, scale * r.occupationBroader, 0.05},
		{"crosswalk matches", s.matches, scale * r.matches, 0.1},
		{"task statements", s.tasks, scale * r.tasks, 0.001},
		{"hot share of USES", s.hot, r.hot, 0.05},
		{"in-demand share of USES", s.inDemand, r.inDemand, 0.05},
		{"essential share of requirements", s.essential, r.essential, 0.03},
		{"USES per technology", s.usesPerTechnology, r.usesPerTechnology, 0.1},
		{"requirements per required skill", s.requiresPerSkill, r.requiresPerSkill, 0.1},
	} {
		near(t, c.what, c.got, c.want, c.tol)
	}
	// The most used technology keeps a degree of its real order (the original and its copies
	// share its uses).
	if s.maxUsesPerTechnology < r.maxUsesPerTechnology/2 {
		t.Errorf("the most used technology has %v uses, the real one %v", s.maxUsesPerTechnology, r.maxUsesPerTechnology)
	}
	// The copies of the few rows the real releases skip are skipped too, nothing else.
	if s.warnings > scale*r.warnings || s.escoWarnings > scale*r.escoWarnings {
		t.Errorf("skipped rows: O*NET %v, ESCO %v; the real releases skip %v and %v", s.warnings, s.escoWarnings, r.warnings, r.escoWarnings)
	}
	if s.unresolved > r.unresolved {
		t.Errorf("%v crosswalk rows unresolved, the real crosswalk has %v", s.unresolved, r.unresolved)
	}

	// Ids are unique and plain (no hash suffix for a clash of names).
	od, err := onet.ReadWith(l.ONET, onet.Options{SkillsDir: l.Skills})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, o := range od.Occupations {
		if titles[o.Title] {
			t.Errorf("two occupations are titled %q", o.Title)
		}
		titles[o.Title] = true
	}
	if !titles["Chief Executives"] || !titles["Chief Executives (Maritime)"] {
		t.Error("no real occupation with its first copy (Chief Executives, Chief Executives (Maritime))")
	}
	// Copies share technologies with real occupations: a copy uses some technology a real
	// occupation uses, and some of its own copies' technologies.
	realCodes := map[string]bool{}
	for _, c := range readCodes(t, real.ONETDir) {
		realCodes[c] = true
	}
	realTech, shared, own := map[string]bool{}, 0, 0
	for _, u := range od.Uses {
		if realCodes[u.Code] {
			realTech[u.TechID] = true
		}
	}
	for _, u := range od.Uses {
		if !realCodes[u.Code] {
			if realTech[u.TechID] {
				shared++
			} else {
				own++
			}
		}
	}
	if shared == 0 || own == 0 {
		t.Errorf("uses of the copies: %d of real technologies, %d of copied ones: want both", shared, own)
	}
}

func readCodes(t *testing.T, dir string) []string {
	t.Helper()
	tb, err := readTSV(filepath.Join(dir, onet.OccupationFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range tb.rows {
		out = append(out, r[0])
	}
	return out
}

// TestDeterministic: one seed gives the same files byte for byte, another seed other files.
func TestDeterministic(t *testing.T) {
	a, b, c := generate(t, 1.2, 7), generate(t, 1.2, 7), generate(t, 1.2, 8)
	same, differ := true, false
	for _, f := range []string{
		filepath.Join(ONETFolder, onet.TechnologyFile), filepath.Join(SkillsFolder, onet.SkillsFile),
		filepath.Join(ESCOFolder, "occupationSkillRelations.csv"), filepath.Join(ESCOFolder, "skills_en.csv"),
		filepath.Join(CrosswalkFolder, crosswalk.NestaFile),
	} {
		fa := mustRead(t, filepath.Join(filepath.Dir(a.ONET), f))
		same = same && bytes.Equal(fa, mustRead(t, filepath.Join(filepath.Dir(b.ONET), f)))
		differ = differ || !bytes.Equal(fa, mustRead(t, filepath.Join(filepath.Dir(c.ONET), f)))
	}
	if !same {
		t.Error("seed 7 twice gave different files")
	}
	if !differ {
		t.Error("seeds 7 and 8 gave the same files")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSample: a scale below 1 keeps that share of the occupations, only what they use, and
// no row pointing outside the sample.
func TestSample(t *testing.T) {
	r := read(t, &Layout{ONET: real.ONETDir, Skills: real.SkillsDir, ESCO: real.ESCOPath, Crosswalk: real.CrosswalkDir})
	s := read(t, generate(t, 0.1, 1))
	near(t, "occupations", s.occupations, 0.1*r.occupations, 0.01)
	near(t, "ESCO occupations", s.escoOccupations, 0.1*r.escoOccupations, 0.01)
	if s.escoSkills >= r.escoSkills/2 || s.technologies >= r.technologies/2 {
		t.Errorf("%v ESCO skills and %v technologies kept of %v and %v", s.escoSkills, s.technologies, r.escoSkills, r.technologies)
	}
	if s.warnings > r.warnings || s.escoWarnings > r.escoWarnings {
		t.Errorf("skipped rows: O*NET %v, ESCO %v; the real releases skip %v and %v", s.warnings, s.escoWarnings, r.warnings, r.escoWarnings)
	}
}

func TestOptions(t *testing.T) {
	for _, scale := range []float64{0, -1, MaxScale + 1, math.NaN()} {
		o := real
		o.Scale, o.Out = scale, t.TempDir()
		if _, err := Generate(o); err == nil || !strings.Contains(err.Error(), "scale") {
			t.Errorf("scale %v: %v, want an error about the scale", scale, err)
		}
	}
}
