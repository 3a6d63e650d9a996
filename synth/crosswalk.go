package synth

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"

	"github.com/skillgraph/skillgraph/crosswalk"
)

// crosswalk writes the crosswalks: O*NET's code crosswalk as it is; Nesta's rows whose ESCO
// occupation is kept, then, for each ESCO copy, a row per match of its real occupation (as
// package crosswalk resolves them) to the same copy of the O*NET occupation, or to the real
// one when that copy does not exist. A copy's code is not in the code crosswalk, so it
// resolves to itself.
func (g *gen) crosswalk(on *onetOut, es *escoOut) error {
	src := g.o.CrosswalkDir
	if err := copyFile(filepath.Join(src, crosswalk.CodesFile), filepath.Join(g.l.Crosswalk, crosswalk.CodesFile)); err != nil {
		return err
	}
	// The reviewed skill mapping names real O*NET elements and ESCO URIs, which every
	// synthetic release keeps.
	for _, f := range []string{"ATTRIBUTION.md", crosswalk.SkillsFile} {
		if err := copyFile(filepath.Join(src, f), filepath.Join(g.l.Crosswalk, f)); err != nil {
			return err
		}
	}
	cw, err := crosswalk.Read(src, crosswalk.Options{Occupations: on.real})
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(src, crosswalk.NestaFile))
	if err != nil {
		return err
	}
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	f.Close()
	if err != nil {
		return err
	}
	header := recs[0]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	out, err := os.Create(filepath.Join(g.l.Crosswalk, crosswalk.NestaFile))
	if err != nil {
		return err
	}
	w := csv.NewWriter(out)
	w.Write(header)
	id := 0
	for _, rec := range recs[1:] {
		if len(rec) == len(header) && es.occ.kept(rec[col["concept_uri"]]) {
			w.Write(rec)
			id++
		}
	}
	for k := range es.occ.copies {
		seen := map[[2]string]bool{}
		for _, m := range cw.Matches {
			if !es.occ.hasCopy(m.ESCO, k+1) {
				continue
			}
			code := on.code(m.Code, k+1)
			if code == "" {
				code = m.Code
			}
			uri := es.uri(m.ESCO, k+1)
			if seen[[2]string{uri, code}] {
				continue
			}
			seen[[2]string{uri, code}] = true
			id++
			row := make([]string, len(header))
			row[col["id"]] = strconv.Itoa(id)
			row[col["esco_occupation"]] = es.label[m.ESCO] + " (" + sectorLower(k+1) + ")"
			row[col["onet_code"]] = code
			row[col["semantic_similarity"]] = strconv.FormatFloat(m.Similarity, 'f', -1, 64)
			row[col["confidence"]] = strconv.FormatFloat(m.Confidence, 'f', 1, 64)
			row[col["concept_uri"]] = uri
			w.Write(row)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
