package synth

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/onet"
)

// tsv is an O*NET text file: a header and tab-separated rows.
type tsv struct {
	header []string
	rows   [][]string
}

func readTSV(path string) (*tsv, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimPrefix(string(data), "\xef\xbb\xbf"), "\n")
	t := &tsv{header: strings.Split(strings.TrimRight(lines[0], "\r"), "\t")}
	for _, l := range lines[1:] {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			t.rows = append(t.rows, strings.Split(l, "\t"))
		}
	}
	return t, nil
}

func (t *tsv) col(name string) int {
	for i, h := range t.header {
		if strings.TrimSpace(h) == name {
			return i
		}
	}
	panic(fmt.Sprintf("no column %q in %v", name, t.header)) // the real release has it: checked by the importer's own reads
}

// byCode groups the rows by their first column (the O*NET-SOC code), in file order.
func (t *tsv) byCode() map[string][][]string {
	m := map[string][][]string{}
	for _, r := range t.rows {
		m[r[0]] = append(m[r[0]], r)
	}
	return m
}

// tsvWriter writes one O*NET text file.
type tsvWriter struct {
	f *os.File
	w *bufio.Writer
}

func createTSV(path string, header []string) (*tsvWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := &tsvWriter{f: f, w: bufio.NewWriterSize(f, 1<<16)}
	w.row(header)
	return w, nil
}

func (w *tsvWriter) row(fields []string) {
	w.w.WriteString(strings.Join(fields, "\t"))
	w.w.WriteString("\r\n")
}

func (w *tsvWriter) close() error {
	if err := w.w.Flush(); err != nil {
		w.f.Close()
		return err
	}
	return w.f.Close()
}

// onetOut is what the crosswalk needs of the O*NET release written.
type onetOut struct {
	real   []string // the real occupations' codes kept
	occ    *plan
	codeOf map[copyKey]string // copy -> its code
}

type copyKey struct {
	real string
	k    int
}

// code is copy k's code of a real occupation, "" when that copy does not exist (k 0: the real
// code, if kept).
func (o *onetOut) code(real string, k int) string {
	if k == 0 {
		if o.occ.kept(real) {
			return real
		}
		return ""
	}
	return o.codeOf[copyKey{real, k}]
}

func (g *gen) onet() (*onetOut, error) {
	src, skillsSrc := g.o.ONETDir, g.o.SkillsDir
	read := func(dir, file string) (*tsv, error) { return readTSV(filepath.Join(dir, file)) }
	occ, err := read(src, onet.OccupationFile)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, r := range occ.rows {
		codes = append(codes, r[0])
	}
	out := &onetOut{occ: makePlan(codes, g.o.Scale, g.rng("onet occupations")), codeOf: map[copyKey]string{}}
	for _, c := range codes {
		if out.occ.kept(c) {
			out.real = append(out.real, c)
		}
	}
	out.allocateCodes(codes)

	// Files copied as they are: the release name, the content model, the scales.
	for _, f := range []string{onet.ReadMeFile, onet.ContentModelFile, onet.ScalesFile, "ATTRIBUTION.md"} {
		if err := copyFile(filepath.Join(src, f), filepath.Join(g.l.ONET, f)); err != nil {
			return nil, err
		}
	}
	if err := copyFile(filepath.Join(skillsSrc, onet.AttributionFile), filepath.Join(g.l.Skills, onet.AttributionFile)); err != nil {
		return nil, err
	}

	// Each file: the real rows kept, then copy k's rows, made from its real occupation's by
	// edit (which sets the code and may change the rest; false drops the row).
	type fileSpec struct {
		dir, outDir, name string
		edit              func(t *tsv, row []string, k int, rng *rand.Rand) bool
	}
	qualify := func(cols ...string) func(t *tsv, row []string, k int, _ *rand.Rand) bool {
		return func(t *tsv, row []string, k int, _ *rand.Rand) bool {
			for _, c := range cols {
				if i := t.col(c); row[i] != "n/a" && row[i] != "" {
					row[i] = occupationName(row[i], k)
				}
			}
			return true
		}
	}
	tech, err := read(src, onet.TechnologyFile)
	if err != nil {
		return nil, err
	}
	techEdit := g.technologyEdit(tech, out)
	files := []fileSpec{
		{src, g.l.ONET, onet.OccupationFile, qualify("Title")},
		{src, g.l.ONET, onet.JobZoneFile, nil},
		{src, g.l.ONET, onet.AlternateFile, qualify("Alternate Title", "Short Title")},
		{src, g.l.ONET, onet.ReportedFile, qualify("Reported Job Title")},
		{src, g.l.ONET, onet.RelatedFile, func(t *tsv, row []string, k int, rng *rand.Rand) bool {
			// Into the same copy when it has the related occupation, one in five to the real one.
			i := t.col("Related O*NET-SOC Code")
			if c := out.code(row[i], k); c != "" && rng.Float64() >= 0.2 {
				row[i] = c
			}
			return true
		}},
		{src, g.l.ONET, onet.TechnologyFile, techEdit},
		// Task statements as they are: the text the ESCO bridge matches skills against
		// (package bridge), so its cost grows with the copies as the real texts' would.
		{src, g.l.ONET, onet.TaskFile, nil},
		{skillsSrc, g.l.Skills, onet.SkillsFile, jitterRating},
		{skillsSrc, g.l.Skills, onet.KnowledgeFile, jitterRating},
	}
	for _, f := range files {
		t := tech
		if f.name != onet.TechnologyFile {
			if t, err = read(f.dir, f.name); err != nil {
				return nil, err
			}
		}
		if err := g.writeONETFile(t, filepath.Join(f.outDir, f.name), out, f.edit); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// allocateCodes gives each copy an O*NET-SOC code of its own: the real major groups are odd
// (11 to 55), so copies take the even group above theirs, the same detailed code, and the
// first free two-digit suffix from one the copy determines.
func (o *onetOut) allocateCodes(real []string) {
	taken := map[string]bool{}
	for _, c := range real {
		taken[c] = true
	}
	for k, c := range o.occ.copies {
		for _, r := range c {
			major, _ := strconv.Atoi(r[:2])
			detail, _ := strconv.Atoi(r[3:7])
			suffix, _ := strconv.Atoi(r[8:])
		search:
			for _, off := range []int{0, 5000, 2500, 7500} {
				for s := 0; s < 100; s++ {
					code := fmt.Sprintf("%02d-%04d.%02d", (major+1)%100, (detail+off)%10000, (suffix+12*k+s)%100)
					if !taken[code] {
						taken[code] = true
						o.codeOf[copyKey{r, k + 1}] = code
						break search
					}
				}
			}
		}
	}
}

// writeONETFile writes the real rows of t whose occupation is kept, then each copy's rows.
func (g *gen) writeONETFile(t *tsv, path string, out *onetOut, edit func(*tsv, []string, int, *rand.Rand) bool) error {
	w, err := createTSV(path, t.header)
	if err != nil {
		return err
	}
	rng := g.rng("onet " + filepath.Base(path))
	byCode := t.byCode()
	related := -1
	for i, h := range t.header {
		if h == "Related O*NET-SOC Code" {
			related = i
		}
	}
	for _, r := range t.rows {
		if out.occ.kept(r[0]) && (related < 0 || out.occ.kept(r[related])) {
			w.row(r)
		}
	}
	for k, c := range out.occ.copies {
		for _, real := range c {
			for _, r := range byCode[real] {
				row := append([]string(nil), r...)
				row[0] = out.codeOf[copyKey{real, k + 1}]
				if edit == nil || edit(t, row, k+1, rng) {
					w.row(row)
				}
			}
		}
	}
	return w.close()
}

// occupationName is copy k's name of an occupation's title.
func occupationName(title string, k int) string { return title + " (" + sectors[k-1] + ")" }

// technologyName is copy k's name of a technology example.
func technologyName(example string, k int) string { return example + " " + codenames[k-1] }

// technologyEdit draws the technologies of copied profiles: copy k of the example (so the
// technologies' number and degrees grow as the occupations'), or one in ten resampled from
// any row of the file (with that row's commodity and flags) as any of its variants, the real
// one included, which ties the copies to the real graph; an example a copy has already is
// dropped.
func (g *gen) technologyEdit(t *tsv, out *onetOut) func(*tsv, []string, int, *rand.Rand) bool {
	ex := t.col("Example")
	has := map[[2]string]bool{} // copy code, example
	return func(t *tsv, row []string, k int, rng *rand.Rand) bool {
		v := k
		if rng.Float64() < 0.1 {
			other := t.rows[rng.IntN(len(t.rows))]
			copy(row[1:], other[1:])
			v = rng.IntN(len(out.occ.copies) + 1)
		}
		if v > 0 {
			row[ex] = technologyName(row[ex], v)
		}
		key := [2]string{row[0], row[ex]}
		if has[key] {
			return false
		}
		has[key] = true
		return true
	}
}

// jitterRating moves a copied rating's value by up to a quarter point, within its scale.
func jitterRating(t *tsv, row []string, _ int, rng *rand.Rand) bool {
	i := t.col("Data Value")
	v, err := strconv.ParseFloat(row[i], 64)
	if err != nil {
		return true
	}
	hi := 5.0
	lo := 1.0
	if row[t.col("Scale ID")] == onet.ScaleLevel {
		lo, hi = 0, 7
	}
	v = min(hi, max(lo, v+(rng.Float64()-0.5)/2))
	row[i] = strconv.FormatFloat(v, 'f', 2, 64)
	return true
}
