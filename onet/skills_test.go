package onet_test

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/onet"
)

const ratingHeader = "O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\tN\tStandard Error\tLower CI Bound\tUpper CI Bound\tRecommend Suppress\tNot Relevant\tDate\tDomain Source"

// skillsFixture adds the reference files (LF, as O*NET's newer copies) and ratings to fixture().
func skillsFixture() map[string][]string {
	f := fixture()
	f[onet.ContentModelFile] = []string{"Element ID\tElement Name\tDescription",
		"2.A\tBasic Skills\tDeveloped capacities.", "2.A.1\tContent\tBackground structures.",
		"2.A.1.a\tReading Comprehension\tUnderstanding written sentences.",
		"2.A.1.e\tMathematics\tUsing mathematics to solve problems.",
		"2.C.4\tMathematics and Science\tKnowledge of sciences.",
		"2.C.4.a\tMathematics\tKnowledge of arithmetic, algebra, geometry."}
	f[onet.ScalesFile] = []string{"Scale ID\tScale Name\tMinimum\tMaximum", "IM\tImportance\t1\t5", "LV\tLevel\t0\t7"}
	row := func(code, el, name, scale, v, sup, nr string) string {
		return strings.Join([]string{code, el, name, scale, v, "8", "0.1", "1", "2", sup, nr, "08/2023", "Analyst"}, "\t")
	}
	f[onet.SkillsFile] = []string{ratingHeader,
		row("15-1252.00", "2.A.1.a", "Reading Comprehension", "IM", "4.12", "N", ""),
		row("15-1252.00", "2.A.1.a", "Reading Comprehension", "LV", "4.62", "N", "N"),
		row("15-1252.00", "2.A.1.e", "Mathematics", "IM", "1.00", "N", ""),
		row("15-1252.00", "2.A.1.e", "Mathematics", "LV", "0.00", "N", "Y"),           // not relevant: level dropped
		row("15-1254.00", "2.A.1.a", "Reading Comprehension", "IM", "3.50", "Y", ""),  // suppressed importance
		row("15-1254.00", "2.A.1.a", "Reading Comprehension", "LV", "3.00", "Y", "N"), // suppressed level: nothing left
		row("15-1254.00", "2.A.1.e", "Mathematics", "IM", "2.00", "N", ""),
		row("15-1254.00", "2.A.1.e", "Mathematics", "LV", "1.50", "Y", "Y")} // suppressed wins over not relevant
	f[onet.KnowledgeFile] = []string{ratingHeader,
		row("15-1252.00", "2.C.4.a", "Mathematics", "IM", "3.00", "", ""),
		row("15-1252.00", "2.C.4.a", "Mathematics", "LV", "3.50", "", "N")}
	return f
}

// writeLF writes files into dir with LF line ends.
func writeLF(t *testing.T, dir string, files map[string][]string) {
	t.Helper()
	for name, lines := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// release writes the skills fixture: the ratings in CRLF, the reference files in LF.
func release(t *testing.T, files map[string][]string) string {
	t.Helper()
	crlf, lf := maps.Clone(files), map[string][]string{}
	for _, name := range []string{onet.ContentModelFile, onet.ScalesFile} {
		lf[name], crlf[name] = files[name], nil
	}
	dir := writeRelease(t, crlf)
	writeLF(t, dir, lf)
	return dir
}

func ptr(v float64) *float64 { return &v }

func eq(a, b *float64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func TestReadSkillsFixture(t *testing.T) {
	d, err := onet.ReadWith(release(t, skillsFixture()), onet.Options{Known: known})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 0 || d.SkillsRelease != "O*NET 99.1" {
		t.Fatalf("warnings %v, skills release %q", d.Warnings, d.SkillsRelease)
	}
	want := []onet.Element{
		{ID: "reading-comprehension", ElementID: "2.A.1.a", Type: "skill", Name: "Reading Comprehension", Description: "Understanding written sentences.", Category: "Content"},
		{ID: "mathematics", ElementID: "2.A.1.e", Type: "skill", Name: "Mathematics", Description: "Using mathematics to solve problems.", Category: "Content"},
		{ID: "mathematics-knowledge", ElementID: "2.C.4.a", Type: "knowledge", Name: "Mathematics", Description: "Knowledge of arithmetic, algebra, geometry.", Category: "Mathematics and Science"},
	}
	if len(d.Elements) != len(want) {
		t.Fatalf("elements %+v", d.Elements)
	}
	for i := range want {
		if d.Elements[i] != want[i] {
			t.Errorf("element %d: %+v, want %+v", i, d.Elements[i], want[i])
		}
	}
	wantRatings := []onet.Rating{
		{Code: "15-1252.00", Element: "reading-comprehension", Importance: ptr(4.12), Level: ptr(4.62)},
		{Code: "15-1252.00", Element: "mathematics", Importance: ptr(1)},
		{Code: "15-1254.00", Element: "mathematics", Importance: ptr(2)},
		{Code: "15-1252.00", Element: "mathematics-knowledge", Importance: ptr(3), Level: ptr(3.5)},
	}
	if len(d.Ratings) != len(wantRatings) {
		t.Fatalf("ratings %+v", d.Ratings)
	}
	for i, w := range wantRatings {
		g := d.Ratings[i]
		if g.Code != w.Code || g.Element != w.Element || !eq(g.Importance, w.Importance) || !eq(g.Level, w.Level) {
			t.Errorf("rating %d: %s %s %v %v, want %+v", i, g.Code, g.Element, g.Importance, g.Level, w)
		}
	}
	wantCounts := onet.RatingCounts{Importance: 4, Level: 2, SuppressedImportance: 1, SuppressedLevel: 2, NotRelevant: 1, Dropped: 1}
	if d.RatingCounts != wantCounts {
		t.Errorf("counts %+v, want %+v", d.RatingCounts, wantCounts)
	}
}

func TestReadSkillsFolder(t *testing.T) {
	files := skillsFixture()
	ratings := map[string][]string{onet.SkillsFile: files[onet.SkillsFile], onet.KnowledgeFile: files[onet.KnowledgeFile]}
	files[onet.SkillsFile], files[onet.KnowledgeFile] = nil, nil
	dir := release(t, files)

	t.Run("ReleaseFromAttribution", func(t *testing.T) {
		sdir := t.TempDir()
		writeLF(t, sdir, ratings)
		writeLF(t, sdir, map[string][]string{onet.AttributionFile: {"# O*NET 29.0 Database: Skills and Knowledge", "", "text"}})
		d, err := onet.ReadWith(dir, onet.Options{SkillsDir: sdir})
		if err != nil {
			t.Fatal(err)
		}
		if d.Release != "O*NET 99.1" || d.SkillsRelease != "O*NET 29.0" || len(d.Ratings) != 4 || len(d.Elements) != 3 {
			t.Errorf("release %q, skills release %q, %d ratings, %d elements", d.Release, d.SkillsRelease, len(d.Ratings), len(d.Elements))
		}
	})
	t.Run("ReleaseNamed", func(t *testing.T) {
		sdir := t.TempDir()
		writeLF(t, sdir, map[string][]string{onet.KnowledgeFile: ratings[onet.KnowledgeFile]})
		d, err := onet.ReadWith(dir, onet.Options{SkillsDir: sdir, SkillsRelease: "O*NET 28.3"})
		if err != nil {
			t.Fatal(err)
		}
		if d.SkillsRelease != "O*NET 28.3" || len(d.Elements) != 1 || d.Elements[0].ID != "mathematics" {
			t.Errorf("skills release %q, elements %+v", d.SkillsRelease, d.Elements)
		}
	})
	t.Run("NoneInTheReleaseFolder", func(t *testing.T) {
		d, err := onet.ReadWith(dir, onet.Options{})
		if err != nil || len(d.Elements) != 0 || len(d.Ratings) != 0 || d.SkillsRelease != "" {
			t.Errorf("%v %+v", err, d)
		}
	})
	aborts := []struct {
		name, file, reason string
		setup              func(sdir string)
	}{
		{"NoneInTheSkillsFolder", onet.SkillsFile, "neither Skills.txt nor Knowledge.txt", func(string) {}},
		{"NoReleaseName", onet.ReadMeFile, "cannot tell the release of the ratings", func(sdir string) { writeLF(t, sdir, ratings) }},
	}
	for _, c := range aborts {
		t.Run(c.name, func(t *testing.T) {
			sdir := t.TempDir()
			c.setup(sdir)
			_, err := onet.ReadWith(dir, onet.Options{SkillsDir: sdir})
			var ie *onet.InputError
			if !errors.As(err, &ie) || ie.File != c.file || !strings.Contains(ie.Reason, c.reason) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestSkillsAbortingProblems(t *testing.T) {
	cases := []struct {
		name   string
		change func(map[string][]string)
		file   string
		reason string
	}{
		{"NoContentModel", func(f map[string][]string) { f[onet.ContentModelFile] = nil }, onet.ContentModelFile, "cannot read"},
		{"NoLevelScale", func(f map[string][]string) { f[onet.ScalesFile] = f[onet.ScalesFile][:2] }, onet.ScalesFile, "no valid row for scale LV"},
		{"MissingColumn", func(f map[string][]string) {
			f[onet.KnowledgeFile][0] = strings.Replace(ratingHeader, "Not Relevant", "Relevant", 1)
		}, onet.KnowledgeFile, `missing column "Not Relevant"`},
		{"NoValidRating", func(f map[string][]string) { f[onet.SkillsFile] = f[onet.SkillsFile][:1] }, onet.SkillsFile, "no valid rating"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := skillsFixture()
			c.change(files)
			dir := writeRelease(t, files)
			_, err := onet.ReadWith(dir, onet.Options{})
			var ie *onet.InputError
			if !errors.As(err, &ie) || ie.File != c.file || !strings.Contains(ie.Reason, c.reason) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestSkillsSkippedRows(t *testing.T) {
	cases := []struct {
		name, file, line, reason string
	}{
		{"UnknownElement", onet.SkillsFile, "15-1252.00\t2.A.9.z\tNothing\tIM\t4.12\t8\t0.1\t1\t2\tN\t\t08/2023\tAnalyst", `Element ID "2.A.9.z" is not in Content Model Reference.txt`},
		{"UnknownOccupation", onet.SkillsFile, "15-9999.00\t2.A.1.a\tReading Comprehension\tIM\t4.12\t8\t0.1\t1\t2\tN\t\t08/2023\tAnalyst", "15-9999.00 is not in Occupation Data.txt"},
		{"OtherScale", onet.SkillsFile, "15-1252.00\t2.A.1.a\tReading Comprehension\tIJ\t4.12\t8\t0.1\t1\t2\tN\t\t08/2023\tAnalyst", `Scale ID "IJ" is not IM or LV`},
		{"ImportanceOutOfRange", onet.SkillsFile, "15-1252.00\t2.A.1.a\tReading Comprehension\tIM\t0.50\t8\t0.1\t1\t2\tN\t\t08/2023\tAnalyst", `Data Value "0.50" is not a number from 1 to 5`},
		{"LevelNotANumber", onet.SkillsFile, "15-1252.00\t2.A.1.a\tReading Comprehension\tLV\thigh\t8\t0.1\t1\t2\tN\tN\t08/2023\tAnalyst", `Data Value "high" is not a number from 0 to 7`},
		{"BadFlag", onet.SkillsFile, "15-1252.00\t2.A.1.a\tReading Comprehension\tIM\t4.12\t8\t0.1\t1\t2\tYes\t\t08/2023\tAnalyst", `Recommend Suppress "Yes" / Not Relevant "": each must be Y, N or empty`},
		{"RepeatedRating", onet.SkillsFile, "15-1252.00\t2.A.1.a\tReading Comprehension\tLV\t4.62\t8\t0.1\t1\t2\tN\tN\t08/2023\tAnalyst", "rating of 15-1252.00 on 2.A.1.a (LV) repeats an earlier row"},
		{"ElementInBothFiles", onet.KnowledgeFile, "15-1252.00\t2.A.1.a\tReading Comprehension\tIM\t3.00\t8\t0.1\t1\t2\tN\t\t08/2023\tAnalyst", "element 2.A.1.a is rated as skill in another file"},
		{"WrongFieldCount", onet.KnowledgeFile, "15-1252.00\t2.C.4.a\tMathematics\tIM\t3.00", "has 5 fields, the header has 13"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := skillsFixture()
			files[c.file] = append(files[c.file], c.line) // after the valid rows
			d, err := onet.ReadWith(release(t, files), onet.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Warnings) != 1 {
				t.Fatalf("warnings %v", d.Warnings)
			}
			w, line := d.Warnings[0], len(files[c.file])
			if w.File != c.file || w.Line != line || !strings.Contains(w.Reason, c.reason) {
				t.Errorf("warning %s, want %s:%d: ...%s", w, c.file, line, c.reason)
			}
			if d.Skipped()[c.file] != 1 || len(d.Ratings) != 4 {
				t.Errorf("skipped %v, %d ratings", d.Skipped(), len(d.Ratings))
			}
		})
	}
}
