package onet_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/onet"
)

// fixture is a minimal release in the O*NET format (tabs, CRLF, header first line).
func fixture() map[string][]string {
	return map[string][]string{
		onet.ReadMeFile:     {"O*NET 99.1 Database", "Test Release"},
		onet.OccupationFile: {"O*NET-SOC Code\tTitle\tDescription", "15-1252.00\tSoftware Developers\tWrite software.", "15-1254.00\tWeb Developers\tBuild websites."},
		onet.JobZoneFile:    {"O*NET-SOC Code\tJob Zone\tDate\tDomain Source", "15-1252.00\t4\t11/2021\tAnalyst"},
		onet.AlternateFile: {"O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)",
			"15-1252.00\tApplication Developer\tn/a\t08", "15-1252.00\tapplication developer\tApp Dev\t10", "15-1254.00\tWebmaster\tn/a\t08"},
		onet.ReportedFile: {"O*NET-SOC Code\tReported Job Title\tShown in My Next Move", "15-1252.00\tSoftware Engineer\tY", "15-1252.00\tSoftware Developers\tN"},
		onet.RelatedFile: {"O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex",
			"15-1252.00\t15-1254.00\tPrimary-Short\t1", "15-1254.00\t15-1252.00\tPrimary-Short\t1"},
		onet.TechnologyFile: {"O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand",
			"15-1252.00\tPostgreSQL\t43232311\tData base management software\tY\tN",
			"15-1252.00\tOracle Java\t43232405\tDevelopment software\tN\tN",
			"15-1252.00\tSun Microsystems Java\t43232405\tDevelopment software\tY\tY",
			"15-1254.00\tWindent SQL\t43232311\tData base management software\tN\tN",
			"15-1254.00\tPostgreSQL\t43232305\tOther database software\tN\tN",
			"15-1254.00\tPostgreSQL\t43232305\tOther database software\tN\tN"},
	}
}

// writeRelease writes files into a new folder; a nil slice leaves that file out.
func writeRelease(t *testing.T, files map[string][]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, lines := range files {
		if lines == nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var known = []onet.Known{
	{ID: "postgresql", Name: "PostgreSQL", Aliases: []string{"Postgres"}},
	{ID: "java", Name: "Java", Aliases: []string{"Oracle Java", "Sun Microsystems Java"}},
	{ID: "sql", Name: "SQL", Aliases: []string{"Structured Query Language"}},
	{ID: "aws", Name: "AWS", Aliases: []string{"Amazon Web Services"}},
	{ID: "windows", Name: "Windows", Aliases: []string{"Microsoft Windows"}},
	{ID: "azure", Name: "Microsoft Azure", Aliases: []string{"Azure"}},
	{ID: "cms", Name: "Content management system", Aliases: []string{"CMS", "Content management systems"}},
}

func MustRead(t *testing.T, files map[string][]string) *onet.Dataset {
	t.Helper()
	d, err := onet.Read(writeRelease(t, files), "", known, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReadFixture(t *testing.T) {
	d := MustRead(t, fixture())
	if d.Release != "O*NET 99.1" {
		t.Errorf("release %q", d.Release)
	}
	if len(d.Occupations) != 2 || len(d.Warnings) != 0 {
		t.Fatalf("%d occupations, warnings %v", len(d.Occupations), d.Warnings)
	}
	sd := d.Occupations[0]
	if sd.Code != "15-1252.00" || *sd.JobZone != 4 || d.Occupations[1].JobZone != nil {
		t.Errorf("occupation %+v", sd)
	}
	// Case-insensitive dedup, short titles included, n/a and the title itself left out.
	if want := []string{"Application Developer", "App Dev", "Software Engineer"}; !slices.Equal(sd.Aliases, want) {
		t.Errorf("aliases %q, want %q", sd.Aliases, want)
	}
	if len(d.Related) != 2 || d.Related[0].Tier != "Primary-Short" || d.Related[0].Rank != 1 {
		t.Errorf("related %+v", d.Related)
	}

	byName := map[string]onet.Technology{}
	for _, tech := range d.Technologies {
		byName[tech.Name] = tech
	}
	if len(d.Technologies) != 4 {
		t.Fatalf("technologies %+v", d.Technologies)
	}
	if pg := byName["PostgreSQL"]; pg.CuratedID != "postgresql" || pg.CommodityCode != "43232305" {
		// Two rows file PostgreSQL under 43232305, one under 43232311: the majority wins.
		t.Errorf("PostgreSQL %+v", pg)
	}
	if w := byName["Windent SQL"]; w.CuratedID != "" || w.ID != "windent-sql" || w.CommodityTitle != "Data base management software" {
		t.Errorf("Windent SQL %+v", w)
	}
	// Two examples resolving to one node give one edge per occupation, hot if either is.
	var javaUses []onet.Use
	for _, u := range d.Uses {
		if u.TechID == "java" {
			javaUses = append(javaUses, u)
		}
	}
	if len(javaUses) != 1 || !javaUses[0].Hot || !javaUses[0].InDemand {
		t.Errorf("java uses %+v", javaUses)
	}
	// The repeated 15-1254.00/PostgreSQL row is one edge too.
	if len(d.Uses) != 4 {
		t.Errorf("uses %+v", d.Uses)
	}
}

func TestAbortingProblems(t *testing.T) {
	cases := []struct {
		name   string
		change func(map[string][]string)
		file   string
		reason string
	}{
		{"MissingFile", func(f map[string][]string) { f[onet.RelatedFile] = nil }, onet.RelatedFile, "cannot read"},
		{"MissingColumn", func(f map[string][]string) {
			f[onet.TechnologyFile][0] = strings.Replace(f[onet.TechnologyFile][0], "Hot Technology", "Hot", 1)
		}, onet.TechnologyFile, `missing column "Hot Technology"`},
		{"NoValidOccupation", func(f map[string][]string) { f[onet.OccupationFile] = f[onet.OccupationFile][:1] }, onet.OccupationFile, "no valid occupation"},
		{"NotARelease", func(f map[string][]string) { f[onet.ReadMeFile] = []string{"Hello"} }, onet.ReadMeFile, "does not name an O*NET release"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := fixture()
			c.change(files)
			_, err := onet.Read(writeRelease(t, files), "", known, nil)
			var ie *onet.InputError
			if !errors.As(err, &ie) || ie.File != c.file || !strings.Contains(ie.Reason, c.reason) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	t.Run("ReleaseFlagReplacesReadMe", func(t *testing.T) {
		files := fixture()
		files[onet.ReadMeFile] = nil
		d, err := onet.Read(writeRelease(t, files), "O*NET 30.0", known, nil)
		if err != nil || d.Release != "O*NET 30.0" {
			t.Fatalf("%v %v", d, err)
		}
	})
}

func TestSkippedRows(t *testing.T) {
	cases := []struct {
		name   string
		file   string
		line   string // replaces line 2 (the first data row)
		reason string
	}{
		{"WrongFieldCount", onet.TechnologyFile, "15-1252.00\tPostgreSQL\t43232311\tY\tN", "has 5 fields, the header has 6"},
		{"NotASOCCode", onet.TechnologyFile, "15-125\tPostgreSQL\t43232311\tDB\tY\tN", `"15-125" is not an O*NET-SOC code`},
		{"FlagNotYN", onet.TechnologyFile, "15-1252.00\tPostgreSQL\t43232311\tDB\tYes\tN", `"Yes" / In Demand "N": each must be Y or N`},
		{"UnknownOccupation", onet.TechnologyFile, "15-9999.00\tPostgreSQL\t43232311\tDB\tY\tN", "15-9999.00 is not in Occupation Data.txt"},
		{"UnknownRelatedOccupation", onet.RelatedFile, "15-1252.00\t15-9999.00\tPrimary-Short\t1", "15-9999.00 is not in Occupation Data.txt"},
		{"BadTier", onet.RelatedFile, "15-1252.00\t15-1254.00\tPrimary\t1", `Relatedness Tier "Primary"`},
		{"BadIndex", onet.RelatedFile, "15-1252.00\t15-1254.00\tPrimary-Short\tfirst", `Index "first"`},
		{"BadJobZone", onet.JobZoneFile, "15-1252.00\t7\t11/2021\tAnalyst", `Job Zone "7" is not 1 to 5`},
		{"RepeatedOccupation", onet.OccupationFile, "15-1254.00\tWeb Developers again\tx", "repeats an earlier row"},
		{"UnknownAlternateTitleOccupation", onet.AlternateFile, "11-1011.00\tBoss\tn/a\t08", "11-1011.00 is not in Occupation Data.txt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := fixture()
			files[c.file][1] = c.line
			if c.name == "RepeatedOccupation" { // the repeat must come after the original
				files[c.file] = append(files[c.file], c.line)
				files[c.file][1] = "15-1252.00\tSoftware Developers\tWrite software."
			}
			d := MustRead(t, files)
			if len(d.Warnings) != 1 {
				t.Fatalf("warnings %v", d.Warnings)
			}
			w := d.Warnings[0]
			wantLine := 2
			if c.name == "RepeatedOccupation" {
				wantLine = 4
			}
			if w.File != c.file || w.Line != wantLine || !strings.Contains(w.Reason, c.reason) {
				t.Errorf("warning %s, want %s:%d: ...%s", w, c.file, wantLine, c.reason)
			}
			if d.Skipped()[c.file] != 1 || d.Rows[c.file] != len(files[c.file])-1 {
				t.Errorf("skipped %v, rows %v", d.Skipped(), d.Rows)
			}
		})
	}
}

func TestResolution(t *testing.T) {
	files := fixture()
	examples := map[string]string{ // example -> id it must get
		"Amazon Web Services AWS software": "aws",
		"Microsoft Azure software":         "azure",
		"Microsoft Windows":                "windows",
		"Structured query language SQL":    "sql",
		"Content management systems CMS":   "cms",
		"postgres":                         "postgresql", // case-insensitive
		// Not resolved: either half of "Expansion ACRONYM" alone is not enough.
		"Windent SQL":                    "windent-sql",
		"Career management systems CMS":  "career-management-systems-cms",
		"Microsoft Windows XP":           "microsoft-windows-xp",
		"Amazon Web Services AWS Lambda": "amazon-web-services-aws-lambda",
		"C#":                             "c-sharp",
		"C++":                            "c-plus-plus",
		"C":                              "c",
	}
	for ex := range examples {
		files[onet.TechnologyFile] = append(files[onet.TechnologyFile], "15-1252.00\t"+ex+"\t43232311\tSoftware\tN\tN")
	}
	d := MustRead(t, files)
	got := map[string]string{}
	for _, tech := range d.Technologies {
		got[tech.Name] = tech.ID
	}
	for ex, want := range examples {
		if got[ex] != want {
			t.Errorf("%q -> %q, want %q", ex, got[ex], want)
		}
	}
}

func TestSlugCollisions(t *testing.T) {
	files := fixture()
	// "Node.js" and "Node JS" slug alike; "Windent SQL" takes the plain slug of a known id.
	files[onet.TechnologyFile] = append(files[onet.TechnologyFile],
		"15-1252.00\tNode.js\t43232311\tSoftware\tN\tN",
		"15-1252.00\tNode JS\t43232311\tSoftware\tN\tN",
		"15-1252.00\tJava!\t43232311\tSoftware\tN\tN")
	d := MustRead(t, files)
	ids := map[string]string{} // of new technologies; resolved ones share their node's id
	for _, tech := range d.Technologies {
		if tech.CuratedID != "" {
			continue
		}
		if other, dup := ids[tech.ID]; dup {
			t.Errorf("%q and %q share id %q", other, tech.Name, tech.ID)
		}
		ids[tech.ID] = tech.Name
	}
	// Sorted by name, "Node JS" comes first and keeps the plain slug.
	if ids["node-js"] != "Node JS" {
		t.Errorf("ids %v", ids)
	}
	// "Java!" slugs to "java", the id of a known technology it did not resolve to.
	if ids["java"] != "" {
		t.Errorf("java taken by %q", ids["java"])
	}
	if got := onet.Slug("Microsoft Visual C# .NET"); got != "microsoft-visual-c-sharp-net" {
		t.Errorf("slug %q", got)
	}
}
