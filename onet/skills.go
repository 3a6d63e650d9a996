package onet

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/internal/slug"
)

// Skills and Knowledge: O*NET rates each occupation on each skill and knowledge area on two
// scales, importance (IM) and level (LV), one row per occupation, element and scale. A read
// takes them when Skills.txt or Knowledge.txt is in the release's folder, or in
// Options.SkillsDir (the 29.2 text release lacks them; the repository carries 29.0's).
// Content Model Reference.txt names and describes the elements, Scales Reference.txt gives
// each scale's range; both are looked up in the release's folder, then in the skills folder.
//
// The rule for flagged ratings, per row:
//   - Recommend Suppress = Y (O*NET judges the estimate unreliable): that scale's value is
//     dropped, and counted (RatingCounts.SuppressedImportance / SuppressedLevel);
//   - Not Relevant = Y (on a level row: the element is not relevant to the occupation, so the
//     level means nothing): the level is dropped and counted (RatingCounts.NotRelevant); the
//     importance, which then says how unimportant the element is, stays;
//   - an occupation and element left with neither value gives no Rating (RatingCounts.Dropped).
//
// Rows are skipped, with file, line and reason, for a bad or unknown occupation code, an
// element not in the content model or rated in both files, a scale other than IM and LV, a
// value that is not a number within the scale's range, a flag that is not Y, N or empty, or
// a repeated occupation, element and scale.

// The files read for skills and knowledge, and their columns.
const (
	SkillsFile       = "Skills.txt"
	KnowledgeFile    = "Knowledge.txt"
	ContentModelFile = "Content Model Reference.txt"
	ScalesFile       = "Scales Reference.txt"
	// AttributionFile names the release of a skills folder that has no Read Me.txt (its first
	// line, e.g. "# O*NET 29.0 Database: Skills and Knowledge").
	AttributionFile = "ATTRIBUTION.md"
)

const (
	colElementID   = "Element ID"
	colElementName = "Element Name"
	colScaleID     = "Scale ID"
	colDataValue   = "Data Value"
	colSuppress    = "Recommend Suppress"
	colNotRelevant = "Not Relevant"
	colMinimum     = "Minimum"
	colMaximum     = "Maximum"
)

// Element types, and the two scales read.
const (
	TypeSkill       = "skill"
	TypeKnowledge   = "knowledge"
	ScaleImportance = "IM"
	ScaleLevel      = "LV"
)

// Element is an O*NET skill or knowledge area.
type Element struct {
	// ID is a slug of the name ("active-listening"), stable across releases while the name
	// is; a knowledge area whose slug a skill has takes "-knowledge" ("mathematics" is the
	// skill, "mathematics-knowledge" the knowledge area).
	ID        string
	ElementID string // O*NET's content model id, e.g. 2.A.1.a
	Type      string // TypeSkill or TypeKnowledge: the file it is rated in
	// Name and Description are the content model's; Category is the name of the element it
	// sits under in the content model ("Content" for Reading Comprehension).
	Name, Description, Category string
}

// Rating is one occupation's rating of one element; a nil value was dropped by the rule above.
type Rating struct {
	Code       string   // the occupation's O*NET-SOC code
	Element    string   // the Element's ID (the slug)
	Importance *float64 // IM, 1-5
	Level      *float64 // LV, 0-7
}

// RatingCounts says what the rule for flagged ratings did.
type RatingCounts struct {
	Importance, Level                     int // values kept
	SuppressedImportance, SuppressedLevel int // values dropped: Recommend Suppress = Y
	NotRelevant                           int // levels dropped: Not Relevant = Y (and not suppressed)
	Dropped                               int // occupation-element pairs left with no value
}

// Options of ReadWith.
type Options struct {
	Release  string // overrides the name in Read Me.txt ("" to read it)
	Known    []Known
	Progress Progress
	// SkillsDir is the folder of Skills.txt and Knowledge.txt when not the release's own; a
	// folder given here must hold at least one of them.
	SkillsDir string
	// SkillsRelease names the release of the ratings ("" to read it from SkillsDir's
	// Read Me.txt or ATTRIBUTION.md; the release's own name when they are in its folder).
	SkillsRelease string
}

func exists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

// readSkills reads Skills.txt and Knowledge.txt, if there are any to read.
func (d *Dataset) readSkills(dir string, o Options, occ map[string]*Occupation, progress Progress) error {
	sdir := o.SkillsDir
	if sdir == "" {
		sdir = dir
	}
	var files []string
	for _, f := range []string{SkillsFile, KnowledgeFile} {
		if exists(filepath.Join(sdir, f)) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		if o.SkillsDir != "" {
			return &InputError{File: SkillsFile, Reason: fmt.Sprintf("neither %s nor %s is in %s", SkillsFile, KnowledgeFile, sdir)}
		}
		return nil
	}
	d.SkillsRelease = o.SkillsRelease
	if d.SkillsRelease == "" {
		d.SkillsRelease = d.Release
		if o.SkillsDir != "" && filepath.Clean(o.SkillsDir) != filepath.Clean(dir) {
			r, err := releaseOfFolder(sdir)
			if err != nil {
				return err
			}
			d.SkillsRelease = r
		}
	}
	scales, err := d.readScales(dir, sdir)
	if err != nil {
		return err
	}
	model, err := d.readContentModel(dir, sdir)
	if err != nil {
		return err
	}

	type pending struct {
		im, lv        *float64
		imSup, lvSup  bool
		lvNotRelevant bool
		code, element string
	}
	var pairs []*pending
	byPair := map[[2]string]*pending{}
	typeOf := map[string]string{} // element id -> type
	seen := map[[3]string]bool{}
	for _, file := range files {
		typ := map[string]string{SkillsFile: TypeSkill, KnowledgeFile: TypeKnowledge}[file]
		t, err := d.readTable(sdir, file, colCode, colElementID, colScaleID, colDataValue, colSuppress, colNotRelevant)
		if err != nil {
			return err
		}
		valid := 0
		for _, r := range t.rows {
			c, ok := d.code(t, r, colCode, occ)
			if !ok {
				continue
			}
			el := t.get(r, colElementID)
			if _, ok := model[el]; !ok {
				d.warn(file, r.line, "Element ID %q is not in %s", el, ContentModelFile)
				continue
			}
			if other, ok := typeOf[el]; ok && other != typ {
				d.warn(file, r.line, "element %s is rated as %s in another file", el, other)
				continue
			}
			scale := t.get(r, colScaleID)
			if scale != ScaleImportance && scale != ScaleLevel {
				d.warn(file, r.line, "Scale ID %q is not %s or %s", scale, ScaleImportance, ScaleLevel)
				continue
			}
			v, err := strconv.ParseFloat(t.get(r, colDataValue), 64)
			if rng := scales[scale]; err != nil || v < rng[0] || v > rng[1] {
				d.warn(file, r.line, "Data Value %q is not a number from %g to %g", t.get(r, colDataValue), rng[0], rng[1])
				continue
			}
			sup, ok1 := flag(t.get(r, colSuppress))
			notRel, ok2 := flag(t.get(r, colNotRelevant))
			if !ok1 || !ok2 {
				d.warn(file, r.line, "Recommend Suppress %q / Not Relevant %q: each must be Y, N or empty", t.get(r, colSuppress), t.get(r, colNotRelevant))
				continue
			}
			if k := [3]string{c, el, scale}; seen[k] {
				d.warn(file, r.line, "rating of %s on %s (%s) repeats an earlier row", c, el, scale)
				continue
			} else {
				seen[k] = true
			}
			typeOf[el] = typ
			valid++
			p := byPair[[2]string{c, el}]
			if p == nil {
				p = &pending{code: c, element: el}
				byPair[[2]string{c, el}] = p
				pairs = append(pairs, p)
			}
			if scale == ScaleImportance {
				p.im, p.imSup = &v, sup
			} else {
				p.lv, p.lvSup, p.lvNotRelevant = &v, sup, notRel
			}
		}
		if valid == 0 {
			return &InputError{File: file, Reason: "no valid rating"}
		}
		progress(file, d.Rows[file])
	}

	// Slugs are handed out skills first, each type in element id order, so an element's id
	// does not depend on the order of the rows.
	els := make([]string, 0, len(typeOf))
	for el := range typeOf {
		els = append(els, el)
	}
	sort.Slice(els, func(i, j int) bool {
		if typeOf[els[i]] != typeOf[els[j]] {
			return typeOf[els[i]] == TypeSkill
		}
		return els[i] < els[j]
	})
	ids := slug.NewAllocator()
	idOf := map[string]string{}
	for _, el := range els {
		m := model[el]
		id := ids.Assign(el, m.name, typeOf[el])
		idOf[el] = id
		d.Elements = append(d.Elements, Element{ID: id, ElementID: el, Type: typeOf[el], Name: m.name, Description: m.description, Category: model[parentElement(el)].name})
	}

	rc := &d.RatingCounts
	for _, p := range pairs {
		rt := Rating{Code: p.code, Element: idOf[p.element]}
		switch {
		case p.im == nil:
		case p.imSup:
			rc.SuppressedImportance++
		default:
			rt.Importance = p.im
			rc.Importance++
		}
		switch {
		case p.lv == nil:
		case p.lvSup:
			rc.SuppressedLevel++
		case p.lvNotRelevant:
			rc.NotRelevant++
		default:
			rt.Level = p.lv
			rc.Level++
		}
		if rt.Importance == nil && rt.Level == nil {
			rc.Dropped++
			continue
		}
		d.Ratings = append(d.Ratings, rt)
	}
	return nil
}

// flag reads a Y/N column that may also be empty (or "n/a") where it does not apply.
func flag(s string) (bool, bool) {
	if s == "" || strings.EqualFold(s, "n/a") {
		return false, true
	}
	return yesNo(s)
}

// parentElement is the content model element above el ("2.A.1" for "2.A.1.a").
func parentElement(el string) string {
	i := strings.LastIndexByte(el, '.')
	if i < 0 {
		return ""
	}
	return el[:i]
}

// findDir is the first of dirs that has file (the first when none has).
func findDir(file string, dirs ...string) string {
	for _, d := range dirs {
		if exists(filepath.Join(d, file)) {
			return d
		}
	}
	return dirs[0]
}

type modelElement struct{ name, description string }

func (d *Dataset) readContentModel(dirs ...string) (map[string]modelElement, error) {
	t, err := d.readTable(findDir(ContentModelFile, dirs...), ContentModelFile, colElementID, colElementName, colDesc)
	if err != nil {
		return nil, err
	}
	model := map[string]modelElement{}
	for _, r := range t.rows {
		el, name := t.get(r, colElementID), t.get(r, colElementName)
		if el == "" || name == "" {
			d.warn(t.file, r.line, "Element ID or Element Name is empty")
			continue
		}
		if _, dup := model[el]; dup {
			d.warn(t.file, r.line, "element %s repeats an earlier row", el)
			continue
		}
		model[el] = modelElement{name: name, description: t.get(r, colDesc)}
	}
	return model, nil
}

// readScales reads the ranges of the IM and LV scales; without either the ratings cannot be
// checked, so that aborts.
func (d *Dataset) readScales(dirs ...string) (map[string][2]float64, error) {
	t, err := d.readTable(findDir(ScalesFile, dirs...), ScalesFile, colScaleID, colMinimum, colMaximum)
	if err != nil {
		return nil, err
	}
	scales := map[string][2]float64{}
	for _, r := range t.rows {
		lo, err1 := strconv.ParseFloat(t.get(r, colMinimum), 64)
		hi, err2 := strconv.ParseFloat(t.get(r, colMaximum), 64)
		if err1 != nil || err2 != nil || lo > hi {
			d.warn(t.file, r.line, "Minimum %q / Maximum %q is not a range", t.get(r, colMinimum), t.get(r, colMaximum))
			continue
		}
		scales[t.get(r, colScaleID)] = [2]float64{lo, hi}
	}
	for _, s := range []string{ScaleImportance, ScaleLevel} {
		if _, ok := scales[s]; !ok {
			return nil, &InputError{File: ScalesFile, Reason: "no valid row for scale " + s}
		}
	}
	return scales, nil
}

// releaseOfFolder names the release of a skills folder from the first line of its
// Read Me.txt or, failing that, of its ATTRIBUTION.md.
func releaseOfFolder(dir string) (string, error) {
	for _, f := range []string{ReadMeFile, AttributionFile} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue
		}
		first, _, _ := strings.Cut(string(data), "\n")
		if m := releaseRE.FindStringSubmatch(strings.TrimSpace(strings.TrimLeft(first, "# "))); m != nil {
			return "O*NET " + m[1], nil
		}
	}
	return "", &InputError{File: ReadMeFile, Reason: fmt.Sprintf("cannot tell the release of the ratings in %s (no %s or %s naming it); name it with the skills release option", dir, ReadMeFile, AttributionFile)}
}
