package esco_test

import (
	"archive/zip"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/esco"
)

const (
	occ = "http://data.europa.eu/esco/occupation/"
	sk  = "http://data.europa.eu/esco/skill/"
	isc = "http://data.europa.eu/esco/isco/C"
)

// fixture is a minimal release in ESCO 1.1.1's layout: file name -> lines (CRLF, quoted
// multi-line cells as ESCO writes them).
func fixture() map[string][]string {
	return map[string][]string{
		"ISCOGroups_en.csv": {"conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description",
			"ISCOGroup," + isc + "2,2,Professionals,released,,x,Professionals do things.",
			"ISCOGroup," + isc + "25,25,ICT professionals,released,,x,",
			"ISCOGroup," + isc + "2512,2512,Software developers,released,,x,\"Research, design\nand write.\""},
		"occupations_en.csv": {"conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code",
			"Occupation," + occ + "o1,2512,software developer,\"programmer\nSoftware Developer\ncoder\",\"code monkey\nProgrammer\",released,2016,,,,x,Software developers write software.,2512.4",
			"Occupation," + occ + "o2,2512,software developer,,,released,2016,,,,x,A twin label.,2512.5",
			"Occupation," + occ + "o3,2512,mobile app developer,,,released,2016,,,,x,Apps.,2512.4.1"},
		"skillGroups_en.csv": {"conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,inScheme,description,code",
			"SkillGroup," + sk + "g1,computer use,,,released,,,x,Using computers.,S5",
			"SkillGroup," + sk + "g2,programming,,,released,,,x,,S5.1"},
		"skills_en.csv": {"conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description",
			"KnowledgeSkillCompetence," + sk + "s1,knowledge,sector-specific,PostgreSQL,Postgres,,released,2016,,,x,The computer program PostgreSQL.",
			"KnowledgeSkillCompetence," + sk + "s2,skill/competence,cross-sector,programming,\"write code\nprogramming\",,released,2016,,,x,Write programs.",
			"KnowledgeSkillCompetence," + sk + "s3,skill/competence,transversal,java,,,released,2016,,,x,Reserved elsewhere.",
			"KnowledgeSkillCompetence," + sk + "s4,,,digital literacy,,,released,2016,,,x,Untyped."},
		"digitalSkillsCollection_en.csv":       {"conceptType,conceptUri,preferredLabel", "KnowledgeSkillCompetence," + sk + "s1,PostgreSQL", "KnowledgeSkillCompetence," + sk + "s2,programming"},
		"greenSkillsCollection_en.csv":         {"conceptType,conceptUri,preferredLabel"},
		"languageSkillsCollection_en.csv":      {"conceptType,conceptUri,preferredLabel"},
		"transversalSkillsCollection_en.csv":   {"conceptType,conceptUri,preferredLabel", "KnowledgeSkillCompetence," + sk + "s3,java"},
		"researchOccupationsCollection_en.csv": {"conceptType,conceptUri,preferredLabel", "Occupation," + occ + "o2,software developer"},
		// The relations zip.
		"occupationSkillRelations.csv": {"occupationUri,relationType,skillType,skillUri",
			occ + "o1,essential,knowledge," + sk + "s1", occ + "o1,optional,skill/competence," + sk + "s2", occ + "o3,essential,skill/competence," + sk + "s2"},
		"skillSkillRelations.csv": {"originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri",
			sk + "s2,skill/competence,optional,knowledge," + sk + "s1"},
		"broaderRelationsSkillPillar.csv": {"conceptType,conceptUri,broaderType,broaderUri",
			"SkillGroup," + sk + "g2,SkillGroup," + sk + "g1", "KnowledgeSkillCompetence," + sk + "s2,SkillGroup," + sk + "g2",
			"KnowledgeSkillCompetence," + sk + "s1,KnowledgeSkillCompetence," + sk + "s2"},
		"broaderRelationsOccPillar.csv": {"conceptType,conceptUri,broaderType,broaderUri",
			"ISCOGroup," + isc + "25,ISCOGroup," + isc + "2", "ISCOGroup," + isc + "2512,ISCOGroup," + isc + "25",
			"Occupation," + occ + "o1,ISCOGroup," + isc + "2512", "Occupation," + occ + "o3,Occupation," + occ + "o1"},
	}
}

var relationFiles = map[string]bool{"occupationSkillRelations.csv": true, "skillSkillRelations.csv": true, "broaderRelationsSkillPillar.csv": true, "broaderRelationsOccPillar.csv": true}

func content(lines []string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }

func writeZip(t *testing.T, path string, files map[string][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content(files[name]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// zips writes the release as the portal ships it: two zips in a folder.
func zips(t *testing.T, files map[string][]string) string {
	t.Helper()
	dir := t.TempDir()
	classification, relations := map[string][]string{}, map[string][]string{}
	for name, lines := range files {
		if lines == nil {
			continue
		}
		if relationFiles[name] {
			relations[name] = lines
		} else {
			classification[name] = lines
		}
	}
	writeZip(t, filepath.Join(dir, "ESCO dataset - v9.9.9 - classification - en - csv.zip"), classification)
	writeZip(t, filepath.Join(dir, "ESCO dataset - v9.9.9 - classification -  - csv.zip"), relations)
	return dir
}

func mustRead(t *testing.T, path string, o esco.Options) *esco.Dataset {
	t.Helper()
	d, err := esco.Read(path, o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReadFixture(t *testing.T) {
	d := mustRead(t, zips(t, fixture()), esco.Options{ReservedSkillIDs: []string{"java"}, ReservedOccupationIDs: []string{"mobile-app-developer"}})
	if len(d.Warnings) != 0 || d.Release != "ESCO 9.9.9" {
		t.Fatalf("release %q, warnings %v", d.Release, d.Warnings)
	}
	o1 := esco.Occupation{Concept: esco.Concept{URI: occ + "o1", ID: "software-developer", Label: "software developer", Description: "Software developers write software.",
		Aliases: []string{"programmer", "coder", "code monkey"}}, Code: "2512.4", ISCOGroup: "2512"}
	if !reflect.DeepEqual(d.Occupations[0], o1) {
		t.Errorf("occupation\n%+v, want\n%+v", d.Occupations[0], o1)
	}
	// Twin labels: the first URI keeps the plain slug; a reserved id is not taken.
	if id := d.Occupations[1].ID; id == "software-developer" || !strings.HasPrefix(id, "software-developer-") || !slices.Equal(d.Occupations[1].Collections, []string{"research"}) {
		t.Errorf("twin %+v", d.Occupations[1])
	}
	o3 := d.Occupations[2]
	if strings.HasPrefix(o3.ID, "mobile-app-developer-") == false || o3.Broader != "software-developer" {
		t.Errorf("o3 %+v", o3)
	}
	wantSkills := map[string]struct{ id, typ, reuse string }{
		"s1": {"postgresql", "knowledge", "sector-specific"}, "s2": {"programming", "skill", "cross-sector"}, "s4": {"digital-literacy", "", ""}}
	for _, s := range d.Skills {
		w, ok := wantSkills[strings.TrimPrefix(s.URI, sk)]
		if ok && (s.ID != w.id || s.Type != w.typ || s.ReuseLevel != w.reuse) {
			t.Errorf("skill %+v, want %+v", s, w)
		}
	}
	if s := d.Skills[1]; !slices.Equal(s.Aliases, []string{"write code"}) || !slices.Equal(s.Collections, []string{"digital"}) {
		t.Errorf("programming %+v", s)
	}
	if s := d.Skills[2]; !strings.HasPrefix(s.ID, "java-") || !slices.Equal(s.Collections, []string{"transversal"}) {
		t.Errorf("java takes a reserved id: %+v", s)
	}
	// The skill group named like a skill is "-group".
	if g := d.SkillGroups[1]; g.ID != "programming-group" || g.Code != "S5.1" {
		t.Errorf("group %+v", g)
	}
	if g := d.ISCOGroups[2]; g.ID != "isco-2512" || g.Broader != "25" || g.Description != "Research, design\nand write." || d.ISCOGroups[0].Broader != "" {
		t.Errorf("ISCO %+v", d.ISCOGroups)
	}
	wantReq := []esco.Requirement{{"software-developer", "postgresql", true}, {"software-developer", "programming", false}, {o3.ID, "programming", true}}
	if !slices.Equal(d.Requirements, wantReq) {
		t.Errorf("requirements %+v", d.Requirements)
	}
	if want := []esco.SkillRelation{{"programming", "postgresql", false}}; !slices.Equal(d.Related, want) {
		t.Errorf("related %+v", d.Related)
	}
	wantSkillH := []esco.Broader{{"SkillGroup", "programming-group", "SkillGroup", "computer-use"},
		{"KnowledgeSkillCompetence", "programming", "SkillGroup", "programming-group"},
		{"KnowledgeSkillCompetence", "postgresql", "KnowledgeSkillCompetence", "programming"}}
	if !slices.Equal(d.SkillHierarchy, wantSkillH) || len(d.OccupationHierarchy) != 4 {
		t.Errorf("hierarchies %+v %+v", d.SkillHierarchy, d.OccupationHierarchy)
	}

	t.Run("UnpackedFolderReadsTheSame", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "esco-9.9.9")
		for name, lines := range fixture() {
			sub := "classification"
			if relationFiles[name] {
				sub = "relations"
			}
			os.MkdirAll(filepath.Join(dir, sub), 0o755)
			if err := os.WriteFile(filepath.Join(dir, sub, name), content(lines), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		u := mustRead(t, dir, esco.Options{ReservedSkillIDs: []string{"java"}, ReservedOccupationIDs: []string{"mobile-app-developer"}})
		if !reflect.DeepEqual(u, d) {
			t.Errorf("unpacked:\n%+v\nzips:\n%+v", u, d)
		}
	})
	t.Run("OneZipWithEverything", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "esco.zip")
		writeZip(t, path, fixture())
		u := mustRead(t, path, esco.Options{Release: "ESCO 1.0", ReservedSkillIDs: []string{"java"}, ReservedOccupationIDs: []string{"mobile-app-developer"}})
		if u.Release != "ESCO 1.0" || !reflect.DeepEqual(u.Skills, d.Skills) || !slices.Equal(u.Requirements, d.Requirements) {
			t.Errorf("one zip: %+v", u)
		}
	})
}

func TestAbortingProblems(t *testing.T) {
	cases := []struct {
		name   string
		change func(map[string][]string)
		file   string
		reason string
	}{
		{"MissingFile", func(f map[string][]string) { f["skillSkillRelations.csv"] = nil }, "skillSkillRelations", "not found in the release"},
		{"MissingCollection", func(f map[string][]string) { f["greenSkillsCollection_en.csv"] = nil }, "greenSkillsCollection", "not found"},
		{"MissingColumn", func(f map[string][]string) {
			f["skills_en.csv"][0] = strings.Replace(f["skills_en.csv"][0], "reuseLevel", "reuse", 1)
		}, "skills_en.csv", `missing column "reuseLevel"`},
		{"NoValidOccupation", func(f map[string][]string) { f["occupations_en.csv"] = f["occupations_en.csv"][:1] }, "occupations", "no valid row"},
		{"FoundTwice", func(f map[string][]string) { f["skills_fr.csv"] = f["skills_en.csv"] }, "skills_fr.csv", "found twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := fixture()
			c.change(files)
			_, err := esco.Read(zips(t, files), esco.Options{})
			var ie *esco.InputError
			if !errors.As(err, &ie) || !strings.HasPrefix(ie.File, c.file) || !strings.Contains(ie.Reason, c.reason) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	t.Run("NoVersion", func(t *testing.T) {
		dir := t.TempDir()
		writeZip(t, filepath.Join(dir, "download.zip"), fixture())
		_, err := esco.Read(dir, esco.Options{})
		var ie *esco.InputError
		if !errors.As(err, &ie) || !strings.Contains(ie.Reason, "cannot tell the ESCO version") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("NotAZip", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "esco-v1.1.1.zip")
		os.WriteFile(path, []byte("not a zip"), 0o644)
		_, err := esco.Read(path, esco.Options{})
		var ie *esco.InputError
		if !errors.As(err, &ie) || !strings.Contains(ie.Reason, "not a readable zip") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestSkippedRows(t *testing.T) {
	cases := []struct {
		name, file, line, reason string
	}{
		{"WrongFieldCount", "occupationSkillRelations.csv", occ + "o1,essential," + sk + "s1", "has 3 fields, the header has 4"},
		{"NotCSV", "occupationSkillRelations.csv", occ + "o1,ess\"ential,knowledge," + sk + "s1", "not valid CSV"},
		{"UnknownOccupation", "occupationSkillRelations.csv", occ + "o9,essential,knowledge," + sk + "s1", "occupation " + occ + "o9 or skill " + sk + "s1 is not in the release"},
		{"BadRelationType", "occupationSkillRelations.csv", occ + "o3,required,knowledge," + sk + "s1", `relationType "required" is not essential or optional`},
		{"RepeatedRequirement", "occupationSkillRelations.csv", occ + "o1,optional,knowledge," + sk + "s1", "relation software-developer -> postgresql repeats an earlier row"},
		{"SelfRelation", "skillSkillRelations.csv", sk + "s1,knowledge,optional,knowledge," + sk + "s1", "relation postgresql -> postgresql is to itself"},
		{"BadSkillType", "skills_en.csv", "KnowledgeSkillCompetence," + sk + "s9,competence,,x,,,released,2016,,,x,", `skillType "competence"`},
		{"BadReuseLevel", "skills_en.csv", "KnowledgeSkillCompetence," + sk + "s9,knowledge,global,x,,,released,2016,,,x,", `reuseLevel "global"`},
		{"RepeatedSkill", "skills_en.csv", "KnowledgeSkillCompetence," + sk + "s1,knowledge,,again,,,released,2016,,,x,", "concept " + sk + "s1 repeats an earlier row"},
		{"NoLabel", "occupations_en.csv", "Occupation," + occ + "o9,2512,,,,released,2016,,,,x,,2512.9", "preferredLabel is empty"},
		{"UnknownISCOGroup", "occupations_en.csv", "Occupation," + occ + "o9,9999,x,,,released,2016,,,,x,,9999.1", `iscoGroup "9999" is not in ISCOGroups`},
		{"BadISCOCode", "ISCOGroups_en.csv", "ISCOGroup," + isc + "X,2X,Odd,released,,x,", `ISCO code "2X" is not 1 to 4 digits`},
		{"UnknownBroader", "broaderRelationsSkillPillar.csv", "SkillGroup," + sk + "g1,SkillGroup," + sk + "g9", "SkillGroup " + sk + "g1 or SkillGroup " + sk + "g9 is not in the release"},
		{"WrongHierarchy", "broaderRelationsOccPillar.csv", "Occupation," + occ + "o2,SkillGroup," + sk + "g1", "a Occupation under a SkillGroup is not part of this hierarchy"},
		{"SecondBroaderOccupation", "broaderRelationsOccPillar.csv", "Occupation," + occ + "o3,Occupation," + occ + "o2", "is under software-developer already"},
		{"UnknownCollectionMember", "digitalSkillsCollection_en.csv", "KnowledgeSkillCompetence," + sk + "s9,gone", "concept \"" + sk + "s9\" is not in"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := fixture()
			files[c.file] = append(files[c.file], c.line)
			d := mustRead(t, zips(t, files), esco.Options{})
			if len(d.Warnings) != 1 {
				t.Fatalf("warnings %v", d.Warnings)
			}
			// The physical line: cells of earlier rows may span lines.
			lines := files[c.file]
			w, line := d.Warnings[0], strings.Count(strings.Join(lines[:len(lines)-1], "\n"), "\n")+2
			if w.File != c.file || w.Line != line || !strings.Contains(w.Reason, c.reason) {
				t.Errorf("warning %s, want %s:%d: ...%s", w, c.file, line, c.reason)
			}
			if d.Skipped()[c.file] != 1 || d.Rows[c.file] != len(files[c.file])-1 {
				t.Errorf("skipped %v, rows %v", d.Skipped(), d.Rows)
			}
		})
	}
}
