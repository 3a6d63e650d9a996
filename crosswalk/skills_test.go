package crosswalk_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/crosswalk"
)

// TestReadSkillsCommitted reads the reviewed mapping the repository carries: every row is
// well formed, and the O*NET and curated sides name each concept one way.
func TestReadSkillsCommitted(t *testing.T) {
	m, err := crosswalk.ReadSkills(filepath.Join("..", "data", "crosswalks"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Skipped) > 0 {
		t.Errorf("malformed rows: %v", m.Skipped)
	}
	kinds := map[string]int{}
	for _, x := range m.Matches {
		kinds[x.Match]++
	}
	if kinds[crosswalk.MatchExact] == 0 || kinds[crosswalk.MatchClose] == 0 || kinds[crosswalk.MatchNone] == 0 {
		t.Errorf("matches per kind %v: want exact, close and refused rows", kinds)
	}
}

func writeMapping(t *testing.T, rows ...string) string {
	t.Helper()
	dir := t.TempDir()
	body := "from,from_name,esco_uri,esco_label,match,note\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, crosswalk.SkillsFile), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const uriA, uriB = "http://data.europa.eu/esco/skill/a", "http://data.europa.eu/esco/skill/b"

func TestReadSkillsSkipsMalformedRows(t *testing.T) {
	dir := writeMapping(t,
		"onet:2.A.1.b,Active Listening,"+uriA+",listen actively,exact,",
		"onet:2.A.1.b,Active Listening,"+uriA+",listen actively,close,", // the pair again
		"esco:x,X,"+uriA+",a,exact,",                                    // unknown scheme
		"curated:communication,Communication,https://example.org/x,x,close,",
		"curated:communication,Communication,"+uriB+",b,maybe,",
		"curated:teamwork,Teamwork,"+uriB+",b,none,\"reviewed, refused\"",
		"curated:x,too,few,fields",
	)
	m, err := crosswalk.ReadSkills(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []crosswalk.SkillMatch{
		{Scheme: "onet", Key: "2.A.1.b", URI: uriA, Match: "exact", Line: 2},
		{Scheme: "curated", Key: "teamwork", URI: uriB, Match: "none", Note: "reviewed, refused", Line: 7},
	}
	if !reflect.DeepEqual(m.Matches, want) {
		t.Errorf("matches %+v, want %+v", m.Matches, want)
	}
	var lines []int
	for _, p := range m.Skipped {
		lines = append(lines, p.Line)
		if p.File != crosswalk.SkillsFile || p.Reason == "" {
			t.Errorf("problem %+v", p)
		}
	}
	if !reflect.DeepEqual(lines, []int{3, 4, 5, 6, 8}) {
		t.Errorf("skipped lines %v (%v), want 3 4 5 6 8", lines, m.Skipped)
	}
	if _, err := crosswalk.ReadSkills(t.TempDir()); err == nil {
		t.Error("a missing file read without error")
	}
}

// TestSkillCandidates: a shared name (case and punctuation folded, aliases included) is a
// candidate unless a row reviews the pair, whatever its verdict.
func TestSkillCandidates(t *testing.T) {
	m, err := crosswalk.ReadSkills(writeMapping(t, "onet:2.B.1.b,Coordination,"+uriA+",logistics,none,an alias only"))
	if err != nil {
		t.Fatal(err)
	}
	from := []crosswalk.Concept{
		{Scheme: "onet", Key: "2.B.1.b", Names: []string{"Coordination"}},
		{Scheme: "curated", Key: "problem-solving", Names: []string{"Problem-solving", "Solving problems"}},
		{Scheme: "onet", Key: "2.A.1.a", Names: []string{"Reading Comprehension"}},
	}
	esco := []crosswalk.Concept{
		{Key: uriA, Names: []string{"logistics", "coordination"}},
		{Key: uriB, Names: []string{"solve problems", "problem solving", "solving problems"}},
	}
	got := crosswalk.SkillCandidates(m, from, esco)
	if len(got) != 1 || got[0].From.Key != "problem-solving" || got[0].ESCO.Key != uriB || got[0].Name != "problem solving" {
		t.Errorf("candidates %+v, want problem-solving -> %s once, by %q", got, uriB, "problem solving")
	}
}
