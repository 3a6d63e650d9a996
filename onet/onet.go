// Package onet reads an O*NET database release (the tab-separated text files) into a
// validated, deduplicated Dataset ready to write, and resolves its technologies against the
// technologies the graph already has. It writes nothing: store.ImportONET does.
//
// What aborts and what is skipped (nothing is written until the whole release has been read):
//   - abort: a missing file, a missing column, an unreadable release name, or a file with
//     no valid row. These mean the input is not an O*NET release of the expected format.
//   - skip the row, with a warning (file, line, reason) and a count in the summary: a row with
//     the wrong number of fields, a code that is not an O*NET-SOC code, a flag that is neither
//     Y nor N, a Job Zone outside 1-5, a bad relatedness tier or index, a row pointing to an
//     occupation that Occupation Data does not have, a repeated occupation.
//
// Skills and knowledge ratings, read when their files are there, follow the same policy;
// skills.go lists their checks and the rule for suppressed and not relevant ratings.
package onet

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/internal/input"
	"github.com/skillgraph/skillgraph/internal/slug"
)

// The files of a release and the columns read from each, by header name.
const (
	OccupationFile = "Occupation Data.txt"
	TechnologyFile = "Technology Skills.txt"
	RelatedFile    = "Related Occupations.txt"
	AlternateFile  = "Alternate Titles.txt"
	ReportedFile   = "Sample of Reported Titles.txt"
	JobZoneFile    = "Job Zones.txt"
	ReadMeFile     = "Read Me.txt"
)

const (
	colCode       = "O*NET-SOC Code"
	colTitle      = "Title"
	colDesc       = "Description"
	colExample    = "Example"
	colCommodity  = "Commodity Code"
	colCommTitle  = "Commodity Title"
	colHot        = "Hot Technology"
	colInDemand   = "In Demand"
	colRelated    = "Related O*NET-SOC Code"
	colTier       = "Relatedness Tier"
	colIndex      = "Index"
	colAltTitle   = "Alternate Title"
	colShortTitle = "Short Title"
	colReported   = "Reported Job Title"
	colJobZone    = "Job Zone"
)

// Occupation becomes a Role whose id is its O*NET-SOC code.
type Occupation struct {
	Code, Title, Description string
	JobZone                  *int
	// Aliases: alternate, short and reported titles, deduplicated case-insensitively, in
	// file order, without the title itself.
	Aliases []string
}

// Technology is one distinct technology example. When it resolves to a technology the
// graph already has (a curated one), CuratedID names it and no new node is written.
type Technology struct {
	ID        string // the node's id: CuratedID, or a slug of Name
	Name      string // O*NET's Example
	CuratedID string
	// Commodity is the UNSPSC commodity the example is filed under; an example filed under
	// several takes the one most of its rows use (ties: the lowest code).
	CommodityCode  string
	CommodityTitle string
}

// Use is one Role USES Technology edge: one per occupation and technology node, so two
// examples that resolve to the same node give one edge, hot or in demand if either is.
type Use struct {
	Code, TechID  string
	Hot, InDemand bool
}

// Related is one Role RELATED_TO Role edge.
type Related struct {
	Code, RelatedCode, Tier string
	Rank                    int
}

// Warning is a skipped row; InputError aborts an import: the input is not a release of the
// expected format.
type (
	Warning    = input.Warning
	InputError = input.Error
)

// Dataset is a release, read and validated.
type Dataset struct {
	Release      string // e.g. "O*NET 29.2": the provenance written on every node and edge
	Occupations  []Occupation
	Technologies []Technology
	Uses         []Use
	Related      []Related
	// Skills and knowledge (see skills.go): empty when the read found no Skills.txt or
	// Knowledge.txt. SkillsRelease is the provenance of the ratings, e.g. "O*NET 29.0".
	SkillsRelease string
	Elements      []Element
	Ratings       []Rating
	RatingCounts  RatingCounts
	// Rows is how many data rows each file had; Warnings lists the skipped ones.
	Rows     map[string]int
	Warnings []Warning
}

// Skipped counts the skipped rows per file.
func (d *Dataset) Skipped() map[string]int { return input.Skipped(d.Warnings) }

// Known is a technology the graph already has, to resolve O*NET examples against.
type Known struct {
	ID      string
	Name    string
	Aliases []string
}

var (
	socCodeRE   = regexp.MustCompile(`^\d{2}-\d{4}\.\d{2}$`)
	releaseRE   = regexp.MustCompile(`^O\*NET (\d+(\.\d+)*) Database`)
	commodityRE = regexp.MustCompile(`^\d{8}$`)
)

// Progress is told how many rows each file had as it is read; nil is fine.
type Progress func(file string, rows int)

// Read reads the release in dir. release overrides the name in Read Me.txt ("" to read it).
func Read(dir, release string, known []Known, progress Progress) (*Dataset, error) {
	return ReadWith(dir, Options{Release: release, Known: known, Progress: progress})
}

// ReadWith reads the release in dir, with its skills and knowledge ratings when there are
// any (see Options).
func ReadWith(dir string, o Options) (*Dataset, error) {
	progress, known := o.Progress, o.Known
	if progress == nil {
		progress = func(string, int) {}
	}
	d := &Dataset{Release: o.Release, Rows: map[string]int{}}
	if d.Release == "" {
		r, err := readRelease(dir)
		if err != nil {
			return nil, err
		}
		d.Release = r
	}

	occ, err := d.readOccupations(dir)
	if err != nil {
		return nil, err
	}
	progress(OccupationFile, d.Rows[OccupationFile])
	steps := []struct {
		file string
		fn   func(string, map[string]*Occupation) error
	}{
		{JobZoneFile, d.readJobZones},
		{AlternateFile, d.readAlternateTitles},
		{ReportedFile, d.readReportedTitles},
		{RelatedFile, d.readRelated},
	}
	for _, s := range steps {
		if err := s.fn(dir, occ); err != nil {
			return nil, err
		}
		progress(s.file, d.Rows[s.file])
	}
	if err := d.readTechnologies(dir, occ, known); err != nil {
		return nil, err
	}
	progress(TechnologyFile, d.Rows[TechnologyFile])
	if err := d.readSkills(dir, o, occ, progress); err != nil {
		return nil, err
	}
	return d, nil
}

// readRelease takes the release name from the first line of Read Me.txt.
func readRelease(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, ReadMeFile))
	if err != nil {
		return "", &InputError{File: ReadMeFile, Reason: "cannot tell the release (" + err.Error() + "); name it with -release"}
	}
	first, _, _ := strings.Cut(string(data), "\n")
	m := releaseRE.FindStringSubmatch(strings.TrimSpace(first))
	if m == nil {
		return "", &InputError{File: ReadMeFile, Line: 1, Reason: fmt.Sprintf("%q does not name an O*NET release; name it with -release", strings.TrimSpace(first))}
	}
	return "O*NET " + m[1], nil
}

// table is one file's rows, addressed by column name.
type table struct {
	file string
	col  map[string]int
	rows []row
}

type row struct {
	line   int
	fields []string
}

func (t *table) get(r row, col string) string { return strings.TrimSpace(r.fields[t.col[col]]) }

// readTable reads a tab-separated file with a header line, requiring the named columns.
// Rows with the wrong number of fields are skipped with a warning.
func (d *Dataset) readTable(dir, file string, cols ...string) (*table, error) {
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return nil, &InputError{File: file, Reason: "cannot read: " + err.Error()}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM, if an editor added one
	lines := strings.Split(string(data), "\n")
	header := strings.Split(strings.TrimRight(lines[0], "\r"), "\t")
	t := &table{file: file, col: map[string]int{}}
	for i, h := range header {
		t.col[strings.TrimSpace(h)] = i
	}
	for _, c := range cols {
		if _, ok := t.col[c]; !ok {
			return nil, &InputError{File: file, Line: 1, Reason: fmt.Sprintf("missing column %q (header: %s)", c, strings.Join(header, ", "))}
		}
	}
	for i, l := range lines[1:] {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		d.Rows[file]++
		f := strings.Split(l, "\t")
		if len(f) != len(header) {
			d.warn(file, i+2, "has %d fields, the header has %d", len(f), len(header))
			continue
		}
		t.rows = append(t.rows, row{line: i + 2, fields: f})
	}
	return t, nil
}

func (d *Dataset) warn(file string, line int, format string, args ...any) {
	d.Warnings = append(d.Warnings, input.Warnf(file, line, format, args...))
}

// code reads and checks an O*NET-SOC code column, warning when it is bad or, with occ,
// when the occupation is unknown.
func (d *Dataset) code(t *table, r row, col string, occ map[string]*Occupation) (string, bool) {
	c := t.get(r, col)
	if !socCodeRE.MatchString(c) {
		d.warn(t.file, r.line, "%s %q is not an O*NET-SOC code", col, c)
		return "", false
	}
	if occ != nil && occ[c] == nil {
		d.warn(t.file, r.line, "%s %s is not in %s", col, c, OccupationFile)
		return "", false
	}
	return c, true
}

func (d *Dataset) readOccupations(dir string) (map[string]*Occupation, error) {
	t, err := d.readTable(dir, OccupationFile, colCode, colTitle, colDesc)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range t.rows {
		c, ok := d.code(t, r, colCode, nil)
		if !ok {
			continue
		}
		if seen[c] {
			d.warn(t.file, r.line, "occupation %s repeats an earlier row", c)
			continue
		}
		title := t.get(r, colTitle)
		if title == "" {
			d.warn(t.file, r.line, "occupation %s has no title", c)
			continue
		}
		seen[c] = true
		d.Occupations = append(d.Occupations, Occupation{Code: c, Title: title, Description: t.get(r, colDesc)})
	}
	if len(d.Occupations) == 0 {
		return nil, &InputError{File: OccupationFile, Reason: "no valid occupation"}
	}
	// The slice is complete, so pointers into it stay valid.
	occ := make(map[string]*Occupation, len(d.Occupations))
	for i := range d.Occupations {
		occ[d.Occupations[i].Code] = &d.Occupations[i]
	}
	return occ, nil
}

func (d *Dataset) readJobZones(dir string, occ map[string]*Occupation) error {
	t, err := d.readTable(dir, JobZoneFile, colCode, colJobZone)
	if err != nil {
		return err
	}
	for _, r := range t.rows {
		c, ok := d.code(t, r, colCode, occ)
		if !ok {
			continue
		}
		z, err := strconv.Atoi(t.get(r, colJobZone))
		if err != nil || z < 1 || z > 5 {
			d.warn(t.file, r.line, "Job Zone %q is not 1 to 5", t.get(r, colJobZone))
			continue
		}
		occ[c].JobZone = &z
	}
	return nil
}

// addAlias adds a title as an alias unless it is empty, "n/a", the occupation's title or an
// alias it has already (case-insensitively).
func addAlias(o *Occupation, seen map[string]map[string]bool, title string) {
	key := strings.ToLower(title)
	if title == "" || key == "n/a" || key == strings.ToLower(o.Title) {
		return
	}
	if seen[o.Code] == nil {
		seen[o.Code] = map[string]bool{}
	}
	if !seen[o.Code][key] {
		seen[o.Code][key] = true
		o.Aliases = append(o.Aliases, title)
	}
}

func (d *Dataset) readAlternateTitles(dir string, occ map[string]*Occupation) error {
	return d.readTitles(dir, AlternateFile, occ, colAltTitle, colShortTitle)
}

func (d *Dataset) readReportedTitles(dir string, occ map[string]*Occupation) error {
	return d.readTitles(dir, ReportedFile, occ, colReported)
}

// readTitles adds the titles in the given columns of file as aliases of their occupation.
func (d *Dataset) readTitles(dir, file string, occ map[string]*Occupation, cols ...string) error {
	t, err := d.readTable(dir, file, append([]string{colCode}, cols...)...)
	if err != nil {
		return err
	}
	seen := d.aliasIndex()
	for _, r := range t.rows {
		c, ok := d.code(t, r, colCode, occ)
		if !ok {
			continue
		}
		for _, col := range cols {
			addAlias(occ[c], seen, t.get(r, col))
		}
	}
	return nil
}

// aliasIndex is the set of aliases each occupation has so far, lower-cased.
func (d *Dataset) aliasIndex() map[string]map[string]bool {
	seen := map[string]map[string]bool{}
	for _, o := range d.Occupations {
		seen[o.Code] = map[string]bool{}
		for _, a := range o.Aliases {
			seen[o.Code][strings.ToLower(a)] = true
		}
	}
	return seen
}

var tiers = map[string]bool{"Primary-Short": true, "Primary-Long": true, "Supplemental": true}

func (d *Dataset) readRelated(dir string, occ map[string]*Occupation) error {
	t, err := d.readTable(dir, RelatedFile, colCode, colRelated, colTier, colIndex)
	if err != nil {
		return err
	}
	seen := map[[2]string]bool{}
	for _, r := range t.rows {
		from, ok := d.code(t, r, colCode, occ)
		if !ok {
			continue
		}
		to, ok := d.code(t, r, colRelated, occ)
		if !ok {
			continue
		}
		tier := t.get(r, colTier)
		if !tiers[tier] {
			d.warn(t.file, r.line, "Relatedness Tier %q is not Primary-Short, Primary-Long or Supplemental", tier)
			continue
		}
		rank, err := strconv.Atoi(t.get(r, colIndex))
		if err != nil || rank < 1 {
			d.warn(t.file, r.line, "Index %q is not a positive whole number", t.get(r, colIndex))
			continue
		}
		if from == to || seen[[2]string{from, to}] {
			d.warn(t.file, r.line, "relation %s -> %s is to itself or repeated", from, to)
			continue
		}
		seen[[2]string{from, to}] = true
		d.Related = append(d.Related, Related{Code: from, RelatedCode: to, Tier: tier, Rank: rank})
	}
	return nil
}

func yesNo(s string) (bool, bool) {
	switch s {
	case "Y":
		return true, true
	case "N":
		return false, true
	}
	return false, false
}

func (d *Dataset) readTechnologies(dir string, occ map[string]*Occupation, known []Known) error {
	t, err := d.readTable(dir, TechnologyFile, colCode, colExample, colCommodity, colCommTitle, colHot, colInDemand)
	if err != nil {
		return err
	}
	type commodity struct{ code, title string }
	commodities := map[string]map[commodity]int{} // example -> commodity -> rows
	type use struct {
		code, example string
		hot, demand   bool
	}
	var uses []use
	for _, r := range t.rows {
		c, ok := d.code(t, r, colCode, occ)
		if !ok {
			continue
		}
		ex := strings.Join(strings.Fields(t.get(r, colExample)), " ")
		if ex == "" {
			d.warn(t.file, r.line, "Example is empty")
			continue
		}
		hot, ok1 := yesNo(t.get(r, colHot))
		demand, ok2 := yesNo(t.get(r, colInDemand))
		if !ok1 || !ok2 {
			d.warn(t.file, r.line, "Hot Technology %q / In Demand %q: each must be Y or N", t.get(r, colHot), t.get(r, colInDemand))
			continue
		}
		cc := t.get(r, colCommodity)
		if !commodityRE.MatchString(cc) {
			d.warn(t.file, r.line, "Commodity Code %q is not an 8-digit code", cc)
			continue
		}
		if commodities[ex] == nil {
			commodities[ex] = map[commodity]int{}
		}
		commodities[ex][commodity{cc, t.get(r, colCommTitle)}]++
		uses = append(uses, use{c, ex, hot, demand})
	}
	if len(uses) == 0 {
		return &InputError{File: TechnologyFile, Reason: "no valid technology row"}
	}

	// Each distinct example becomes a technology, in name order so ids are deterministic.
	examples := make([]string, 0, len(commodities))
	for ex := range commodities {
		examples = append(examples, ex)
	}
	sort.Strings(examples)
	r := newResolver(known)
	usedIDs := map[string]string{} // new id -> example
	idOf := map[string]string{}
	for _, ex := range examples {
		best, bestN := commodity{}, -1
		for c, n := range commodities[ex] {
			if n > bestN || (n == bestN && c.code < best.code) {
				best, bestN = c, n
			}
		}
		tech := Technology{Name: ex, CommodityCode: best.code, CommodityTitle: best.title}
		if id := r.resolve(ex); id != "" {
			tech.ID, tech.CuratedID = id, id
		} else {
			id := Slug(ex)
			// A slug taken by another example or by a known technology of another name gets
			// a suffix from the example's hash, so ids never collide and never depend on order.
			if other, taken := usedIDs[id]; (taken && other != ex) || r.ids[id] {
				id += "-" + slug.Hash(ex)
			}
			usedIDs[id] = ex
			tech.ID = id
		}
		idOf[ex] = tech.ID
		d.Technologies = append(d.Technologies, tech)
	}

	index := map[[2]string]int{}
	for _, u := range uses {
		k := [2]string{u.code, idOf[u.example]}
		if i, ok := index[k]; ok {
			d.Uses[i].Hot = d.Uses[i].Hot || u.hot
			d.Uses[i].InDemand = d.Uses[i].InDemand || u.demand
			continue
		}
		index[k] = len(d.Uses)
		d.Uses = append(d.Uses, Use{Code: u.code, TechID: k[1], Hot: u.hot, InDemand: u.demand})
	}
	return nil
}

// Slug turns a technology name into an id (see slug.Make); a name with no letter or digit
// gets "technology-" and a hash of the name.
func Slug(name string) string {
	if s := slug.Make(name); s != "" {
		return s
	}
	return "technology-" + slug.Hash(name)
}
