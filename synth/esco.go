package synth

import (
	"crypto/sha1"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/esco"
)

// table is an ESCO CSV file.
type table struct {
	file   string // its name in the release, e.g. skills_en.csv
	header []string
	rows   [][]string
	index  map[string]bool // of the URIs, built by isGroup
}

func (t *table) col(name string) int {
	for i, h := range t.header {
		if strings.TrimSpace(h) == name {
			return i
		}
	}
	return -1
}

// readTable reads the file named name (see esco.RawFiles); nil for an optional one the
// release lacks.
func readTable(raw *esco.RawFiles, name string, optional bool) (*table, error) {
	rc, file, err := raw.Open(name)
	if errors.Is(err, fs.ErrNotExist) && optional {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	r := csv.NewReader(rc)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", file)
	}
	return &table{file: file, header: recs[0], rows: recs[1:]}, nil
}

func (g *gen) writeTable(t *table, rows func(emit func([]string))) error {
	f, err := os.Create(filepath.Join(g.l.ESCO, t.file))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(t.header)
	rows(func(r []string) { w.Write(r) })
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// escoOut is what the crosswalk needs of the ESCO release written.
type escoOut struct {
	occ   *plan
	label map[string]string // real occupation URI -> preferred label
	uri   func(real string, k int) string
}

// Column names of the files rewritten.
const (
	colURI        = "conceptUri"
	colType       = "conceptType"
	colLabel      = "preferredLabel"
	colAlt        = "altLabels"
	colHidden     = "hiddenLabels"
	colCode       = "code"
	colBroaderURI = "broaderUri"
	colOccURI     = "occupationUri"
	colSkillURI   = "skillUri"
	colSkillType  = "skillType"
	colOrigURI    = "originalSkillUri"
	colRelatedURI = "relatedSkillUri"
)

func (g *gen) esco() (*escoOut, error) {
	raw, err := esco.OpenRaw(g.o.ESCOPath)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	tables := map[string]*table{}
	names := []string{esco.ISCOGroupsFile, esco.SkillGroupsFile, esco.OccupationsFile, esco.SkillsFile, esco.OccupationSkillsFile,
		esco.SkillSkillsFile, esco.SkillHierarchyFile, esco.OccHierarchyFile}
	for _, c := range esco.Collections {
		names = append(names, c.File)
	}
	for _, n := range names {
		if tables[n], err = readTable(raw, n, true); err != nil {
			return nil, err
		}
	}
	for _, n := range names[:8] {
		if tables[n] == nil {
			return nil, fmt.Errorf("%s: not in %s", n, g.o.ESCOPath)
		}
	}

	occT, skillT, reqT := tables[esco.OccupationsFile], tables[esco.SkillsFile], tables[esco.OccupationSkillsFile]
	out := &escoOut{label: map[string]string{}}
	var occURIs, skillURIs []string
	for _, r := range occT.rows {
		occURIs = append(occURIs, r[occT.col(colURI)])
		out.label[r[occT.col(colURI)]] = r[occT.col(colLabel)]
	}
	for _, r := range skillT.rows {
		skillURIs = append(skillURIs, r[skillT.col(colURI)])
	}
	out.occ = makePlan(occURIs, g.o.Scale, g.rng("esco occupations"))
	skills := &plan{}
	if g.o.Scale < 1 {
		// The skills the sampled occupations require.
		skills.keep = map[string]bool{}
		for _, r := range reqT.rows {
			if out.occ.kept(r[reqT.col(colOccURI)]) {
				skills.keep[r[reqT.col(colSkillURI)]] = true
			}
		}
	} else {
		skills = makePlan(skillURIs, g.o.Scale, g.rng("esco skills"))
	}
	out.uri = func(real string, k int) string {
		if k == 0 {
			return real
		}
		i := strings.LastIndexByte(real, '/')
		return real[:i+1] + uuid(fmt.Sprintf("%d %s %d", g.o.Seed, real, k))
	}
	// concepts: by URI, the plan of the kind the URI is (occupations and skills); ISCO groups
	// and skill groups are neither, kept and never copied.
	planOf := func(uri string) *plan {
		switch {
		case strings.Contains(uri, "/occupation/"):
			return out.occ
		case strings.Contains(uri, "/skill/") && !isGroup(tables[esco.SkillGroupsFile], uri):
			return skills
		}
		return nil
	}
	kept := func(uri string) bool {
		p := planOf(uri)
		return p == nil || p.kept(uri)
	}
	// copyOf is copy k's URI of uri when that copy exists, else uri itself (a group, or a
	// concept whose partial copy lacks it).
	copyOf := func(uri string, k int) string {
		if p := planOf(uri); p != nil && p.hasCopy(uri, k) {
			return out.uri(uri, k)
		}
		return uri
	}
	qualified := func(t *table, row []string, k int) {
		q := sectorLower(k)
		for _, c := range []string{colLabel, colAlt, colHidden} {
			if i := t.col(c); i >= 0 && row[i] != "" {
				lines := strings.Split(row[i], "\n")
				for j, l := range lines {
					if l = strings.TrimSpace(l); l != "" {
						lines[j] = l + " (" + q + ")"
					}
				}
				row[i] = strings.Join(lines, "\n")
			}
		}
	}

	// Concept files: kept rows, then each copy.
	concepts := func(t *table, p *plan) error {
		byURI := map[string][]string{}
		for _, r := range t.rows {
			byURI[r[t.col(colURI)]] = r
		}
		return g.writeTable(t, func(emit func([]string)) {
			for _, r := range t.rows {
				if kept(r[t.col(colURI)]) {
					emit(r)
				}
			}
			for k, c := range p.copies {
				for _, u := range c {
					row := append([]string(nil), byURI[u]...)
					row[t.col(colURI)] = out.uri(u, k+1)
					qualified(t, row, k+1)
					if i := t.col(colCode); i >= 0 {
						row[i] += "." + strconv.Itoa(90+k+1)
					}
					emit(row)
				}
			}
		})
	}
	if err := concepts(occT, out.occ); err != nil {
		return nil, err
	}
	if err := concepts(skillT, skills); err != nil {
		return nil, err
	}
	for _, n := range []string{esco.ISCOGroupsFile, esco.SkillGroupsFile} {
		if err := g.writeTable(tables[n], func(emit func([]string)) {
			for _, r := range tables[n].rows {
				emit(r)
			}
		}); err != nil {
			return nil, err
		}
	}
	// Collections and hierarchies: each row of a copied concept again for each copy, its other
	// end in the same copy when there is one.
	edges := func(t *table, from, to string) error {
		f, tc := t.col(from), -1
		if to != "" {
			tc = t.col(to)
		}
		byFrom := map[string][][]string{}
		for _, r := range t.rows {
			byFrom[r[f]] = append(byFrom[r[f]], r)
		}
		return g.writeTable(t, func(emit func([]string)) {
			for _, r := range t.rows {
				if kept(r[f]) && (tc < 0 || kept(r[tc])) {
					emit(r)
				}
			}
			for _, p := range []*plan{out.occ, skills} {
				for k, c := range p.copies {
					for _, u := range c {
						for _, r := range byFrom[u] {
							row := append([]string(nil), r...)
							row[f] = out.uri(u, k+1)
							if tc >= 0 {
								row[tc] = copyOf(row[tc], k+1)
							} else {
								qualified(t, row, k+1)
							}
							emit(row)
						}
					}
				}
			}
		})
	}
	for _, c := range esco.Collections {
		if t := tables[c.File]; t != nil {
			if err := edges(t, colURI, ""); err != nil {
				return nil, err
			}
		}
	}
	for _, e := range []struct{ file, from, to string }{
		{esco.OccHierarchyFile, colURI, colBroaderURI},
		{esco.SkillHierarchyFile, colURI, colBroaderURI},
		{esco.SkillSkillsFile, colOrigURI, colRelatedURI},
	} {
		if err := edges(tables[e.file], e.from, e.to); err != nil {
			return nil, err
		}
	}
	if err := g.requirements(reqT, out, skills); err != nil {
		return nil, err
	}
	return out, nil
}

// requirements writes occupationSkillRelations: the kept occupations' rows, then each copied
// occupation's profile: its real occupation's rows with essential and optional kept, each
// skill the same copy of the real one or, one in ten, any variant of a skill resampled from
// any row (as technologyEdit does).
func (g *gen) requirements(t *table, out *escoOut, skills *plan) error {
	oc, sc, tc := t.col(colOccURI), t.col(colSkillURI), t.col(colSkillType)
	byOcc := map[string][][]string{}
	for _, r := range t.rows {
		byOcc[r[oc]] = append(byOcc[r[oc]], r)
	}
	rng := g.rng("esco requirements")
	return g.writeTable(t, func(emit func([]string)) {
		for _, r := range t.rows {
			if out.occ.kept(r[oc]) {
				emit(r)
			}
		}
		for k, c := range out.occ.copies {
			for _, u := range c {
				has := map[string]bool{}
				for _, r := range byOcc[u] {
					row := append([]string(nil), r...)
					row[oc] = out.uri(u, k+1)
					if rng.Float64() < 0.1 {
						other := t.rows[rng.IntN(len(t.rows))]
						row[sc], row[tc] = other[sc], other[tc]
						row[sc] = out.uri(row[sc], skills.pick(row[sc], rng))
					} else {
						row[sc] = out.uri(row[sc], skills.variant(row[sc], k+1, rng))
					}
					if !has[row[sc]] {
						has[row[sc]] = true
						emit(row)
					}
				}
			}
		}
	})
}

func isGroup(groups *table, uri string) bool {
	if groups.index == nil {
		groups.index = map[string]bool{}
		for _, r := range groups.rows {
			groups.index[r[groups.col(colURI)]] = true
		}
	}
	return groups.index[uri]
}

// sectorLower is copy k's qualifier in ESCO's lower-case style.
func sectorLower(k int) string { return strings.ToLower(sectors[k-1]) }

// uuid is a name-based UUID (version 5 layout) of key.
func uuid(key string) string {
	h := sha1.Sum([]byte(key))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
