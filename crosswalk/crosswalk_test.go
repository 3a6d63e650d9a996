package crosswalk_test

import (
	"encoding/csv"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/crosswalk"
	"github.com/skillgraph/skillgraph/esco"
	"github.com/skillgraph/skillgraph/onet"
)

const e = "http://data.europa.eu/esco/occupation/"

func write(t *testing.T, nesta, codes []string) string {
	t.Helper()
	dir := t.TempDir()
	for name, lines := range map[string][]string{crosswalk.NestaFile: nesta, crosswalk.CodesFile: codes} {
		if lines == nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const nestaHeader = "id,esco_occupation,isco_code,onet_code,onet_occupation,matching_job_titles,semantic_similarity,confidence,concept_uri"

var codes = []string{"O*NET-SOC 2010 Code,O*NET-SOC 2010 Title,O*NET-SOC 2019 Code,O*NET-SOC 2019 Title",
	"15-1132.00,Software Developers,15-1252.00,Software Developers",
	"15-1199.01,Software QA,15-1253.00,Software QA Analysts",
	"15-1199.01,Software QA,15-1299.99,Gone in this release",
	"29-1141.00,Registered Nurses,29-1141.00,Registered Nurses"}

var release = []string{"15-1252.00", "15-1253.00", "29-1141.00", "11-1011.00"}

func TestResolve(t *testing.T) {
	nesta := []string{nestaHeader,
		`1,software developer,2512,15-1132.00,software developers,"['software developer', 'coder']",0.9,2.0,` + e + "a",
		`2,software tester,2519,15-1199.01,software qa,[],0.7,1.0,` + e + "b",
		`3,chief executive,1112,11-1011.00,chief executives,[],0.8,0.5,` + e + "c",
		`4,astronaut,3153,53-2099.00,astronauts,[],0.5,0.5,` + e + "d",
		`5,nurse,2221,29-1141.00,registered nurses,[],0.9,2.0,` + e + "x",
		`6,bad code,2221,29-1141,registered nurses,[],0.9,2.0,` + e + "f",
		`7,bad confidence,2221,29-1141.00,registered nurses,[],0.9,high,` + e + "g",
		`8,too few,2221,29-1141.00`}
	d, err := crosswalk.Read(write(t, nesta, codes), crosswalk.Options{Occupations: release, ESCO: []string{e + "a", e + "b", e + "c", e + "d", e + "f", e + "g"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []crosswalk.Match{
		{ESCO: e + "a", ESCOLabel: "software developer", Code2010: "15-1132.00", Code: "15-1252.00", Confidence: 2, Similarity: 0.9, Line: 2},
		// A split 2010 code: one target is in the release, the other is not.
		{ESCO: e + "b", ESCOLabel: "software tester", Code2010: "15-1199.01", Code: "15-1253.00", Confidence: 1, Similarity: 0.7, Split: true, Line: 3},
		// Not in the code crosswalk, but a code of the release.
		{ESCO: e + "c", ESCOLabel: "chief executive", Code2010: "11-1011.00", Code: "11-1011.00", Confidence: 0.5, Similarity: 0.8, Line: 4},
	}
	if !slices.Equal(d.Matches, want) {
		t.Errorf("matches\n%+v\nwant\n%+v", d.Matches, want)
	}
	wantProblems := []string{
		"esco_onet_crosswalk_Nov2020.csv:5: O*NET-SOC 2010 code 53-2099.00 reaches no occupation",
		"esco_onet_crosswalk_Nov2020.csv:6: ESCO occupation " + e + "x is not in the ESCO release",
		`esco_onet_crosswalk_Nov2020.csv:7: onet_code "29-1141" is not an O*NET-SOC code`,
		`esco_onet_crosswalk_Nov2020.csv:8: confidence "high"`,
		"esco_onet_crosswalk_Nov2020.csv:9: has 4 fields, the header has 9",
	}
	if len(d.Unresolved) != len(wantProblems) {
		t.Fatalf("unresolved %v", d.Unresolved)
	}
	for i, p := range d.Unresolved {
		if !strings.HasPrefix(p.String(), wantProblems[i]) {
			t.Errorf("problem %s, want %s...", p, wantProblems[i])
		}
	}
	if d.Rows != 8 || d.Resolved() != 3 {
		t.Errorf("rows %d, resolved %d", d.Rows, d.Resolved())
	}

	t.Run("Aborts", func(t *testing.T) {
		for name, c := range map[string]struct {
			nesta, codes []string
			opts         crosswalk.Options
			reason       string
		}{
			"NoCodesFile":   {nesta, nil, crosswalk.Options{Occupations: release}, "cannot read"},
			"MissingColumn": {[]string{strings.Replace(nestaHeader, "concept_uri", "uri", 1)}, codes, crosswalk.Options{Occupations: release}, `missing column "concept_uri"`},
			"NoOccupations": {nesta, codes, crosswalk.Options{}, "no O*NET occupations"},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := crosswalk.Read(write(t, c.nesta, c.codes), c.opts)
				var ie *crosswalk.InputError
				if !errors.As(err, &ie) || !strings.Contains(ie.Reason, c.reason) {
					t.Fatalf("err = %v", err)
				}
			})
		}
	})
}

func TestInherit(t *testing.T) {
	matches := []crosswalk.Match{{ESCO: "p", ESCOLabel: "parent", Code: "15-1252.00", Confidence: 2}, {ESCO: "p", Code: "15-1253.00", Confidence: 2}, {ESCO: "own", Code: "29-1141.00"}}
	parent := map[string]string{"child": "p", "grandchild": "child", "own": "p", "orphan": "nowhere", "loop1": "loop2", "loop2": "loop1"}
	got := crosswalk.Inherit(matches, parent)
	want := []crosswalk.Match{
		{ESCO: "child", Code: "15-1252.00", Confidence: 2, InheritedFrom: "p"}, {ESCO: "child", Code: "15-1253.00", Confidence: 2, InheritedFrom: "p"},
		{ESCO: "grandchild", Code: "15-1252.00", Confidence: 2, InheritedFrom: "p"}, {ESCO: "grandchild", Code: "15-1253.00", Confidence: 2, InheritedFrom: "p"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("inherited\n%+v\nwant\n%+v", got, want)
	}
}

// TestCommittedCrosswalk resolves the committed crosswalks against the committed O*NET 29.2
// and ESCO 1.1.1: every Nesta row reaches an occupation of 29.2 or is reported.
func TestCommittedCrosswalk(t *testing.T) {
	od, err := onet.Read(filepath.Join("..", "data", "onet-29.2"), "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := esco.Read(filepath.Join("..", "data", "esco-1.1.1"), esco.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var codes, uris []string
	for _, o := range od.Occupations {
		codes = append(codes, o.Code)
	}
	for _, o := range ed.Occupations {
		uris = append(uris, o.URI)
	}
	dir := filepath.Join("..", "data", "crosswalks")
	d, err := crosswalk.Read(dir, crosswalk.Options{Occupations: codes, ESCO: uris})
	if err != nil {
		t.Fatal(err)
	}

	// The files, read here with encoding/csv: the 2010 -> 2019 targets of each Nesta row.
	rows := func(file string) [][]string {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs[1:]
	}
	targets := map[string][]string{}
	for _, r := range rows(crosswalk.CodesFile) {
		targets[r[0]] = append(targets[r[0]], r[2])
	}
	nesta := rows(crosswalk.NestaFile)
	inESCO := map[string]bool{}
	for _, u := range uris {
		inESCO[u] = true
	}
	wantMatches, wantUnresolved := 0, 0
	for _, r := range nesta {
		if !inESCO[r[8]] {
			wantUnresolved++
			continue
		}
		wantMatches += len(targets[r[3]])
	}
	if len(nesta) != 1680 || d.Rows != 1680 {
		t.Fatalf("%d rows in the file, %d read", len(nesta), d.Rows)
	}
	// Every row resolved or reported. With the committed files every 2010 code reaches 29.2,
	// and one row (an occupation of an earlier ESCO) names an ESCO occupation 1.1.1 lacks.
	lines := map[int]bool{}
	for _, p := range d.Unresolved {
		lines[p.Line] = true
	}
	if d.Resolved()+len(lines) != d.Rows || len(d.Unresolved) != wantUnresolved || wantUnresolved != 1 || len(d.Matches) != wantMatches {
		t.Errorf("%d resolved, %d unresolved (%v), %d matches, want %d", d.Resolved(), len(lines), d.Unresolved, len(d.Matches), wantMatches)
	}
	release := map[string]bool{}
	for _, c := range codes {
		release[c] = true
	}
	byLine := map[int][]crosswalk.Match{}
	for _, m := range d.Matches {
		if !release[m.Code] {
			t.Errorf("match %+v: not an occupation of 29.2", m)
		}
		byLine[m.Line] = append(byLine[m.Line], m)
	}
	rng := rand.New(rand.NewPCG(17, 2020))
	for range 50 {
		i := rng.IntN(len(nesta))
		r, ms := nesta[i], byLine[i+2]
		if !inESCO[r[8]] {
			continue
		}
		conf, _ := strconv.ParseFloat(r[7], 64)
		var got []string
		for _, m := range ms {
			got = append(got, m.Code)
			if m.ESCO != r[8] || m.ESCOLabel != r[1] || m.Code2010 != r[3] || m.Confidence != conf || m.Split != (len(targets[r[3]]) > 1) {
				t.Errorf("row %d %q: match %+v", i+2, r, m)
			}
		}
		if !slices.Equal(got, targets[r[3]]) {
			t.Errorf("row %d %q: codes %v, want %v", i+2, r, got, targets[r[3]])
		}
	}

	// Lower-level ESCO occupations inherit: each occupation without a match of its own gets
	// its nearest matched ancestor's.
	uriOf, parent := map[string]string{}, map[string]string{}
	for _, o := range ed.Occupations {
		uriOf[o.ID] = o.URI
	}
	for _, o := range ed.Occupations {
		if o.Broader != "" {
			parent[o.URI] = uriOf[o.Broader]
		}
	}
	inherited := crosswalk.Inherit(d.Matches, parent)
	matched := map[string]bool{}
	for _, m := range append(d.Matches, inherited...) {
		matched[m.ESCO] = true
	}
	for child := range parent {
		ancestor := false
		for p := parent[child]; p != "" && !ancestor; p = parent[p] {
			ancestor = matched[p]
		}
		if ancestor && !matched[child] {
			t.Errorf("%s has a matched ancestor but no match", child)
		}
	}
	t.Logf("%d rows, %d matches (%d split), %d ESCO occupations matched after %d inherited matches, of %d", d.Rows, len(d.Matches),
		len(slices.DeleteFunc(slices.Clone(d.Matches), func(m crosswalk.Match) bool { return !m.Split })), len(matched), len(inherited), len(ed.Occupations))
}
