package crosswalk

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/internal/input"
)

// SkillsFile is the project's reviewed mapping of skills between sources: O*NET's skills and
// knowledge areas and the curated seed's skills on one side, ESCO concepts (skills, knowledge,
// skill groups and ISCED-F fields) on the other. A person wrote each row after reading both
// definitions; a name match alone never links two skills (ESCO lists "coordination" as an
// alias of logistics). Rows whose match is "none" record a candidate reviewed and refused, so
// that it is not listed for review again.
const (
	SkillsFile = "skills_reviewed.csv"
	// SkillsSource is the provenance of an equivalence link.
	SkillsSource = "skillgraph reviewed skill mapping (data/crosswalks/" + SkillsFile + ")"
)

// Kinds of match, after SKOS: exact is the same concept; close is near enough to be used
// interchangeably when ranking (ESCO's "mathematics" knowledge and ISCED-F field for O*NET's
// Mathematics knowledge area are exact; its Economics and Accounting area is close to ESCO's
// economics and to accounting).
const (
	MatchExact = "exact"
	MatchClose = "close"
	MatchNone  = "none"
)

// Schemes of the "from" column: onet:<content model element id>, curated:<skill id>.
const (
	SchemeONET    = "onet"
	SchemeCurated = "curated"
)

const (
	colFrom  = "from"
	colURIs  = "esco_uri"
	colMatch = "match"
	colNote  = "note"
)

var fromRE = regexp.MustCompile(`^(onet|curated):(\S+)$`)

// SkillMatch is one reviewed row.
type SkillMatch struct {
	Scheme, Key string // SchemeONET and an element id (2.C.4.a), or SchemeCurated and a skill id
	URI         string // the ESCO concept's URI
	Match       string // MatchExact, MatchClose or MatchNone
	Note        string
	Line        int
}

// SkillMapping is the reviewed mapping, read and validated.
type SkillMapping struct {
	Matches []SkillMatch
	// Skipped lists the malformed rows (file, line, reason), which are not used.
	Skipped []Problem
}

// ReadSkills reads SkillsFile in dir. A missing file or column aborts; a malformed row (an
// unknown scheme or match, no URI, a pair given twice) is skipped and reported.
func ReadSkills(dir string) (*SkillMapping, error) {
	m := &SkillMapping{}
	seen := map[[3]string]int{}
	err := readCSV(filepath.Join(dir, SkillsFile), []string{colFrom, colURIs, colMatch, colNote}, func(r *input.Row) {
		from, uri, match := r.Get(colFrom), r.Get(colURIs), r.Get(colMatch)
		parts := fromRE.FindStringSubmatch(from)
		switch {
		case parts == nil:
			m.skip(r.Line, "from %q is not onet:<element id> or curated:<skill id>", from)
			return
		case !strings.HasPrefix(uri, "http://data.europa.eu/esco/"):
			m.skip(r.Line, "esco_uri %q is not an ESCO URI", uri)
			return
		case match != MatchExact && match != MatchClose && match != MatchNone:
			m.skip(r.Line, "match %q is not exact, close or none", match)
			return
		}
		key := [3]string{parts[1], parts[2], uri}
		if first, ok := seen[key]; ok {
			m.skip(r.Line, "%s -> %s repeats line %d", from, uri, first)
			return
		}
		seen[key] = r.Line
		m.Matches = append(m.Matches, SkillMatch{Scheme: parts[1], Key: parts[2], URI: uri, Match: match, Note: r.Get(colNote), Line: r.Line})
	}, func(line int, reason string) { m.skip(line, "%s", reason) })
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (m *SkillMapping) skip(line int, format string, args ...any) {
	m.Skipped = append(m.Skipped, input.Warnf(SkillsFile, line, format, args...))
}

// Concept is a skill as candidates are looked for: the key the mapping names it by (an O*NET
// element id, a curated id or an ESCO URI) and its names.
type Concept struct {
	Scheme, Key string
	Names       []string // the preferred name first, then aliases
}

// Candidate is a pair that shares a name and that the mapping does not review: a person
// should look at it and add a row (exact, close, or none).
type Candidate struct {
	From Concept
	ESCO Concept
	Name string // the normalised name they share
}

// SkillCandidates lists the pairs of a from-concept (O*NET or curated) and an ESCO concept
// whose preferred name or an alias is the same once normalised, and that m has no row for.
// They are the importer's review list; the mapping alone decides what is linked. Sorted by
// scheme, key and URI.
func SkillCandidates(m *SkillMapping, from, esco []Concept) []Candidate {
	reviewed := map[[3]string]bool{}
	for _, x := range m.Matches {
		reviewed[[3]string{x.Scheme, x.Key, x.URI}] = true
	}
	byName := map[string][]int{}
	for i, e := range esco {
		for _, n := range uniqueNames(e.Names) {
			byName[n] = append(byName[n], i)
		}
	}
	var out []Candidate
	for _, f := range from {
		found := map[int]bool{}
		for _, n := range uniqueNames(f.Names) {
			for _, i := range byName[n] {
				if found[i] || reviewed[[3]string{f.Scheme, f.Key, esco[i].Key}] {
					continue
				}
				found[i] = true
				out = append(out, Candidate{From: f, ESCO: esco[i], Name: n})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.From.Scheme != b.From.Scheme {
			return a.From.Scheme < b.From.Scheme
		}
		if a.From.Key != b.From.Key {
			return a.From.Key < b.From.Key
		}
		return a.ESCO.Key < b.ESCO.Key
	})
	return out
}

var nonWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// normName folds case and punctuation: "Problem-solving" and "problem solving" are one name.
func normName(s string) string {
	return strings.TrimSpace(nonWord.ReplaceAllString(strings.ToLower(s), " "))
}

func uniqueNames(names []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if k := normName(n); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
