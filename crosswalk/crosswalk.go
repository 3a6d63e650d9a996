// Package crosswalk links ESCO occupations to the occupations of an O*NET release: Nesta's
// ESCO -> O*NET crosswalk ("Mapping Career Causeways", whose O*NET codes are O*NET-SOC
// 2010 codes) chained through O*NET's own O*NET-SOC 2010 -> 2019 crosswalk. It writes
// nothing.
//
// A Nesta row resolves to every 2019 code its 2010 code becomes (a 2010 occupation that
// O*NET split gives several matches, each marked Split), or, for a 2010 code the code
// crosswalk lacks, to the same code when the release has it. Every match is an occupation of
// the release. A row that reaches none, or whose ESCO occupation is not among the known ones,
// is reported in Unresolved with file, line and reason; a malformed row is skipped the same
// way (the policy of packages onet and esco). A missing file or column aborts.
//
// A lower-level ESCO occupation the crosswalk does not name inherits the matches of the
// nearest occupation above it that has some (Inherit).
package crosswalk

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"

	"github.com/skillgraph/skillgraph/internal/input"
)

// The files, in the folder given to Read.
const (
	NestaFile = "esco_onet_crosswalk_Nov2020.csv"
	CodesFile = "2010_to_2019_Crosswalk.csv"
	// Source is the provenance of a match.
	Source = "Nesta ESCO-O*NET crosswalk (Nov 2020) + O*NET-SOC 2010-2019 crosswalk"
)

const (
	colURI        = "concept_uri"
	colLabel      = "esco_occupation"
	colONET       = "onet_code"
	colConfidence = "confidence"
	colSimilarity = "semantic_similarity"
	col2010       = "O*NET-SOC 2010 Code"
	col2019       = "O*NET-SOC 2019 Code"
)

var socCodeRE = regexp.MustCompile(`^\d{2}-\d{4}\.\d{2}$`)

// Match links one ESCO occupation to one O*NET occupation of the release.
type Match struct {
	ESCO       string  // the ESCO occupation's URI
	ESCOLabel  string  // its label, as the crosswalk gives it ("" when inherited)
	Code2010   string  // the O*NET-SOC 2010 code Nesta matched
	Code       string  // the release's O*NET-SOC code it resolves to
	Confidence float64 // Nesta's confidence: 0.5, 1 or 2 (highest)
	Similarity float64 // Nesta's semantic similarity of the titles
	Split      bool    // the 2010 occupation became several; this is one of them
	// InheritedFrom is the URI of the ESCO occupation above whose match this is ("" for a
	// match the crosswalk names).
	InheritedFrom string
	Line          int // of the Nesta row
}

// Problem is a row that gave no match, or was skipped; InputError aborts a read.
type (
	Problem    = input.Warning
	InputError = input.Error
)

// Dataset is the resolved crosswalk.
type Dataset struct {
	Matches    []Match
	Unresolved []Problem
	Rows       int // data rows of the Nesta file
}

// Resolved counts the Nesta rows that gave at least one match.
func (d *Dataset) Resolved() int {
	lines := map[int]bool{}
	for _, m := range d.Matches {
		if m.InheritedFrom == "" {
			lines[m.Line] = true
		}
	}
	return len(lines)
}

// Options of Read.
type Options struct {
	// Occupations are the O*NET-SOC codes of the release matches must reach (required).
	Occupations []string
	// ESCO are the URIs of the ESCO occupations read; a row naming another is unresolved.
	// Empty: not checked.
	ESCO []string
}

// Read resolves the crosswalk files in dir.
func Read(dir string, o Options) (*Dataset, error) {
	if len(o.Occupations) == 0 {
		return nil, &InputError{File: NestaFile, Reason: "no O*NET occupations to resolve to"}
	}
	release := set(o.Occupations)
	escoURIs := set(o.ESCO)
	d := &Dataset{}
	to2019 := map[string][]string{}
	err := readCSV(filepath.Join(dir, CodesFile), []string{col2010, col2019}, func(r *input.Row) {
		from, to := r.Get(col2010), r.Get(col2019)
		if !socCodeRE.MatchString(from) || !socCodeRE.MatchString(to) {
			d.problem(CodesFile, r.Line, "%q -> %q: not O*NET-SOC codes", from, to)
			return
		}
		to2019[from] = append(to2019[from], to)
	}, func(line int, reason string) { d.problem(CodesFile, line, "%s", reason) })
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, NestaFile), []string{colURI, colLabel, colONET, colConfidence, colSimilarity}, func(r *input.Row) {
		d.Rows++
		uri, code := r.Get(colURI), r.Get(colONET)
		conf, err1 := strconv.ParseFloat(r.Get(colConfidence), 64)
		sim, err2 := strconv.ParseFloat(r.Get(colSimilarity), 64)
		switch {
		case uri == "":
			d.problem(NestaFile, r.Line, "concept_uri is empty")
			return
		case len(escoURIs) > 0 && !escoURIs[uri]:
			d.problem(NestaFile, r.Line, "ESCO occupation %s is not in the ESCO release", uri)
			return
		case !socCodeRE.MatchString(code):
			d.problem(NestaFile, r.Line, "onet_code %q is not an O*NET-SOC code", code)
			return
		case err1 != nil || conf <= 0 || err2 != nil:
			d.problem(NestaFile, r.Line, "confidence %q or semantic_similarity %q is not a number", r.Get(colConfidence), r.Get(colSimilarity))
			return
		}
		targets := to2019[code]
		if len(targets) == 0 && release[code] {
			targets = []string{code}
		}
		n := 0
		for _, t := range targets {
			if release[t] {
				d.Matches = append(d.Matches, Match{ESCO: uri, ESCOLabel: r.Get(colLabel), Code2010: code, Code: t, Confidence: conf, Similarity: sim, Split: len(targets) > 1, Line: r.Line})
				n++
			}
		}
		if n == 0 {
			d.problem(NestaFile, r.Line, "O*NET-SOC 2010 code %s reaches no occupation of the release (through %s: %v)", code, CodesFile, targets)
		}
	}, func(line int, reason string) {
		d.Rows++
		d.problem(NestaFile, line, "%s", reason)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func set(items []string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}

func (d *Dataset) problem(file string, line int, format string, args ...any) {
	d.Unresolved = append(d.Unresolved, input.Warnf(file, line, format, args...))
}

// readCSV streams a CSV file with a header, calling fn with each row and bad with each row
// that is not CSV or has the wrong number of fields.
func readCSV(path string, cols []string, fn func(*input.Row), bad func(line int, reason string)) error {
	f, err := os.Open(path)
	if err != nil {
		return &InputError{File: filepath.Base(path), Reason: "cannot read: " + err.Error()}
	}
	defer f.Close()
	return input.ReadCSV(f, filepath.Base(path), cols, fn, bad)
}

// Inherit gives each ESCO occupation that has no match of its own the matches of the nearest
// occupation above it that has some (parent: ESCO occupation URI -> the URI of the one above
// it). It returns the inherited matches, by the inheriting occupation's URI, each with
// InheritedFrom set.
func Inherit(matches []Match, parent map[string]string) []Match {
	own := map[string][]Match{}
	for _, m := range matches {
		if m.InheritedFrom == "" {
			own[m.ESCO] = append(own[m.ESCO], m)
		}
	}
	children := make([]string, 0, len(parent))
	for c := range parent {
		children = append(children, c)
	}
	sort.Strings(children)
	var out []Match
	for _, c := range children {
		if len(own[c]) > 0 {
			continue
		}
		seen := map[string]bool{c: true}
		for p := parent[c]; p != "" && !seen[p]; p = parent[p] {
			seen[p] = true
			if ms := own[p]; len(ms) > 0 {
				for _, m := range ms {
					m.ESCO, m.ESCOLabel, m.InheritedFrom = c, "", p
					out = append(out, m)
				}
				break
			}
		}
	}
	return out
}
