// Package esco reads a release of ESCO (European Skills, Competences, Qualifications and
// Occupations) as the ESCO portal distributes it, the CSV zips in one language (or their
// files unpacked), into a validated Dataset ready to write. It writes nothing. The files are
// streamed: a release is read once, row by row, and only what the Dataset keeps is held.
//
// What aborts and what is skipped (nothing should be written unless the whole release read):
//   - abort: a missing file, a missing column, an unreadable zip or file, no version (neither
//     in a zip's or the folder's name nor given), a concept file with no valid row, one file
//     found twice. These mean the input is not an ESCO release of the expected format.
//   - skip the row, with a warning (file, line, reason) and a count in the summary: a row
//     that is not valid CSV or has the wrong number of fields, a concept without URI or
//     preferred label, a repeated URI, an unknown skill type, reuse level, relation type or
//     concept type, an ISCO code that is not 1-4 digits, a row pointing to a concept the
//     release does not have (such as the one occupationSkillRelations row set of 1.1.1 whose
//     occupation is not in occupations_en.csv), a repeated relation.
//
// Ids are slugs of the preferred label, unique per kind: occupations among themselves and
// Options.ReservedOccupationIDs; skills and skill groups together (so either can be a Skill
// node) and with Options.ReservedSkillIDs. A slug already taken goes, for a skill group,
// with "-group", else with a short hash of the URI; slugs are handed out skills first, each
// kind in URI order, so they do not depend on the order of the rows. ISCO groups are
// "isco-" and their code. The URI stays the concept's stable key across releases.
package esco

import (
	"regexp"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/internal/input"
	"github.com/skillgraph/skillgraph/internal/slug"
)

// The files read, by name without language suffix and extension (see source.go).
const (
	OccupationsFile      = "occupations"
	SkillsFile           = "skills"
	SkillGroupsFile      = "skillGroups"
	ISCOGroupsFile       = "ISCOGroups"
	OccupationSkillsFile = "occupationSkillRelations"
	SkillSkillsFile      = "skillSkillRelations"
	SkillHierarchyFile   = "broaderRelationsSkillPillar"
	OccHierarchyFile     = "broaderRelationsOccPillar"
)

// Collections: file -> the name a member skill or occupation records. The first four are
// required, the others read when present.
var Collections = []struct {
	File, Name string
	Required   bool
}{
	{"digitalSkillsCollection", "digital", true},
	{"greenSkillsCollection", "green", true},
	{"languageSkillsCollection", "language", true},
	{"transversalSkillsCollection", "transversal", true},
	{"digCompSkillsCollection", "digcomp", false},
	{"researchSkillsCollection", "research", false},
	{"researchOccupationsCollection", "research", false},
}

const (
	colConceptType = "conceptType"
	colURI         = "conceptUri"
	colLabel       = "preferredLabel"
	colAlt         = "altLabels"
	colHidden      = "hiddenLabels"
	colDesc        = "description"
	colCode        = "code"
	colISCO        = "iscoGroup"
	colSkillType   = "skillType"
	colReuse       = "reuseLevel"
	colBroaderType = "broaderType"
	colBroaderURI  = "broaderUri"
	colOccURI      = "occupationUri"
	colSkillURI    = "skillUri"
	colRelation    = "relationType"
	colOrigURI     = "originalSkillUri"
	colRelatedURI  = "relatedSkillUri"
)

// Skill types: ESCO's "skill/competence" is TypeSkill; ESCO leaves a few concepts untyped ("").
const (
	TypeSkill     = "skill"
	TypeKnowledge = "knowledge"
)

var (
	skillTypes  = map[string]string{"skill/competence": TypeSkill, "knowledge": TypeKnowledge, "": ""}
	reuseLevels = map[string]bool{"transversal": true, "cross-sector": true, "sector-specific": true, "occupation-specific": true, "": true}
	iscoCodeRE  = regexp.MustCompile(`^\d{1,4}$`)
)

// Kinds of concept, as the hierarchy files name them.
const (
	KindOccupation = "Occupation"
	KindISCOGroup  = "ISCOGroup"
	KindSkill      = "KnowledgeSkillCompetence"
	KindSkillGroup = "SkillGroup"
)

// Concept is what every kind shares; labels and descriptions are trimmed of surrounding space.
type Concept struct {
	URI, ID, Label, Description string
	// Aliases: alternative then hidden labels, deduplicated case-insensitively, in file
	// order, without the preferred label.
	Aliases []string
}

// Occupation becomes a Role.
type Occupation struct {
	Concept
	Code      string // ESCO's code, e.g. 2654.1.7 (its ISCO group, then its place below)
	ISCOGroup string // the ISCO-08 unit group's code, e.g. 2654
	// Broader is the ID of the occupation it sits under, "" when directly under its ISCO group.
	Broader     string
	Collections []string
}

// Skill is a skill, competence or knowledge concept.
type Skill struct {
	Concept
	Type        string // TypeSkill, TypeKnowledge, or "" when ESCO gives none
	ReuseLevel  string // transversal, cross-sector, sector-specific, occupation-specific, or ""
	Collections []string
}

// SkillGroup is a node of the skill hierarchy's upper levels (ESCO's own groups and ISCED-F
// fields of education).
type SkillGroup struct {
	Concept
	Code string // e.g. S1.2.3, T, 0613
}

// ISCOGroup is an ISCO-08 group; its ID is "isco-" and its code.
type ISCOGroup struct {
	Concept
	Code    string // 1 to 4 digits
	Broader string // the code of the group above, "" for a major group
}

// Requirement is one occupation-skill relation.
type Requirement struct {
	Occupation, Skill string // IDs
	Essential         bool   // essential, else optional
}

// SkillRelation is one skill-skill relation: Skill needs Related, essentially or optionally.
type SkillRelation struct {
	Skill, Related string // IDs
	Essential      bool
}

// Broader is one hierarchy edge: the concept ID sits under BroaderID.
type Broader struct {
	Kind, ID, BroaderKind, BroaderID string
}

// Warning is a skipped row; InputError aborts a read: the input is not an ESCO release of
// the expected format.
type (
	Warning    = input.Warning
	InputError = input.Error
)

// Dataset is a release, read and validated.
type Dataset struct {
	Release      string // e.g. "ESCO 1.1.1": the provenance of every node and edge
	Occupations  []Occupation
	Skills       []Skill
	SkillGroups  []SkillGroup
	ISCOGroups   []ISCOGroup
	Requirements []Requirement
	Related      []SkillRelation
	// SkillHierarchy: skill -> skill, skill -> group, group -> group; OccupationHierarchy:
	// occupation -> occupation, occupation -> ISCO group, ISCO group -> ISCO group.
	SkillHierarchy      []Broader
	OccupationHierarchy []Broader
	// Technologies and TechnologyUses: the knowledge concepts ResolveTechnologies resolved,
	// and their requirements; DroppedForTechnologies counts their hierarchy and relation
	// edges it dropped.
	Technologies           []TechnologyMatch
	TechnologyUses         []TechnologyUse
	DroppedForTechnologies int
	// Rows is how many data rows each file had; Warnings lists the skipped ones.
	Rows     map[string]int
	Warnings []Warning
}

// Skipped counts the skipped rows per file.
func (d *Dataset) Skipped() map[string]int { return input.Skipped(d.Warnings) }

func (d *Dataset) warn(file string, line int, format string, args ...any) {
	d.Warnings = append(d.Warnings, input.Warnf(file, line, format, args...))
}

// Options of Read.
type Options struct {
	Release string // e.g. "ESCO 1.1.1"; "" to take the version from the zips' or folder's name
	// Ids other sources already use in the kinds ESCO's concepts become (curated and O*NET
	// roles; curated skills and O*NET elements), which ESCO's ids must not take.
	ReservedOccupationIDs, ReservedSkillIDs []string
}

// Read reads the release at path: a folder holding the zips (or their files unpacked), or a
// zip holding every file.
func Read(path string, o Options) (*Dataset, error) {
	s, err := openSource(path)
	if err != nil {
		return nil, err
	}
	defer s.close()
	d := &Dataset{Release: o.Release, Rows: map[string]int{}}
	if d.Release == "" {
		if s.release == "" {
			return nil, &InputError{File: path, Reason: "cannot tell the ESCO version from the zips' or folder's name; name the release"}
		}
		d.Release = "ESCO " + s.release
	}
	r := &reader{Dataset: d, src: s, occ: map[string]*Occupation{}, skill: map[string]*Skill{}, group: map[string]*SkillGroup{}, isco: map[string]*ISCOGroup{}}
	steps := []func() error{r.readISCOGroups, r.readOccupations, r.readSkillGroups, r.readSkills}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	r.assignIDs(o)
	for _, step := range []func() error{r.readCollections, r.readOccHierarchy, r.readSkillHierarchy, r.readRequirements, r.readSkillRelations} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// reader holds the URI indexes while a release is read.
type reader struct {
	*Dataset
	src   *source
	occ   map[string]*Occupation // by URI
	skill map[string]*Skill
	group map[string]*SkillGroup
	isco  map[string]*ISCOGroup // by URI
}

// concept reads the columns every concept file has, skipping a row without URI or label or
// repeating a URI already in seen.
func (r *reader) concept(t *input.Row, seen func(string) bool, hidden bool) (Concept, bool) {
	c := Concept{URI: t.Get(colURI), Label: t.Get(colLabel), Description: strings.TrimSpace(t.Get(colDesc))}
	if c.URI == "" || c.Label == "" {
		r.warn(t.File, t.Line, "conceptUri or preferredLabel is empty")
		return c, false
	}
	if seen(c.URI) {
		r.warn(t.File, t.Line, "concept %s repeats an earlier row", c.URI)
		return c, false
	}
	lists := []string{t.Raw(colAlt)}
	if hidden {
		lists = append(lists, t.Raw(colHidden))
	}
	c.Aliases = aliases(c.Label, lists...)
	return c, true
}

// aliases splits label lists (one label a line) into distinct labels other than the preferred one.
func aliases(label string, lists ...string) []string {
	seen := map[string]bool{strings.ToLower(label): true}
	var out []string
	for _, l := range lists {
		for _, a := range strings.Split(l, "\n") {
			a = strings.Join(strings.Fields(a), " ")
			if k := strings.ToLower(a); a != "" && !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
		}
	}
	return out
}

func noRows(file string) error {
	return &InputError{File: file, Reason: "no valid row"}
}

func (r *reader) readISCOGroups() error {
	seen := map[string]bool{}
	err := r.each(r.src, ISCOGroupsFile, false, []string{colURI, colCode, colLabel, colAlt, colDesc}, func(t *input.Row) {
		c, ok := r.concept(t, func(u string) bool { return seen[u] }, false)
		if !ok {
			return
		}
		code := t.Get(colCode)
		if !iscoCodeRE.MatchString(code) {
			r.warn(t.File, t.Line, "ISCO code %q is not 1 to 4 digits", code)
			return
		}
		if seen[code] {
			r.warn(t.File, t.Line, "ISCO code %s repeats an earlier row", code)
			return
		}
		seen[c.URI], seen[code] = true, true
		c.ID = "isco-" + code
		r.ISCOGroups = append(r.ISCOGroups, ISCOGroup{Concept: c, Code: code})
	})
	if err == nil && len(r.ISCOGroups) == 0 {
		err = noRows(ISCOGroupsFile)
	}
	reindex(r.ISCOGroups, r.isco, func(g *ISCOGroup) string { return g.URI })
	return err
}

// reindex points the URI index into the final slice (appends may have moved it).
func reindex[T any](items []T, index map[string]*T, uri func(*T) string) {
	for i := range items {
		index[uri(&items[i])] = &items[i]
	}
}

func (r *reader) readOccupations() error {
	codes := map[string]bool{}
	for _, g := range r.ISCOGroups {
		codes[g.Code] = true
	}
	seen := map[string]bool{}
	err := r.each(r.src, OccupationsFile, false, []string{colURI, colISCO, colLabel, colAlt, colHidden, colDesc, colCode}, func(t *input.Row) {
		c, ok := r.concept(t, func(u string) bool { return seen[u] }, true)
		if !ok {
			return
		}
		isco := t.Get(colISCO)
		if !codes[isco] {
			r.warn(t.File, t.Line, "iscoGroup %q is not in %s", isco, ISCOGroupsFile)
			return
		}
		seen[c.URI] = true
		r.Occupations = append(r.Occupations, Occupation{Concept: c, Code: t.Get(colCode), ISCOGroup: isco})
	})
	if err == nil && len(r.Occupations) == 0 {
		err = noRows(OccupationsFile)
	}
	reindex(r.Occupations, r.occ, func(o *Occupation) string { return o.URI })
	return err
}

func (r *reader) readSkillGroups() error {
	seen := map[string]bool{}
	err := r.each(r.src, SkillGroupsFile, false, []string{colURI, colLabel, colAlt, colHidden, colDesc, colCode}, func(t *input.Row) {
		c, ok := r.concept(t, func(u string) bool { return seen[u] }, true)
		if !ok {
			return
		}
		seen[c.URI] = true
		r.SkillGroups = append(r.SkillGroups, SkillGroup{Concept: c, Code: t.Get(colCode)})
	})
	if err == nil && len(r.SkillGroups) == 0 {
		err = noRows(SkillGroupsFile)
	}
	reindex(r.SkillGroups, r.group, func(g *SkillGroup) string { return g.URI })
	return err
}

func (r *reader) readSkills() error {
	seen := map[string]bool{}
	err := r.each(r.src, SkillsFile, false, []string{colURI, colSkillType, colReuse, colLabel, colAlt, colHidden, colDesc}, func(t *input.Row) {
		c, ok := r.concept(t, func(u string) bool { return seen[u] || r.group[u] != nil }, true)
		if !ok {
			return
		}
		typ, ok := skillTypes[t.Get(colSkillType)]
		if !ok {
			r.warn(t.File, t.Line, "skillType %q is not skill/competence, knowledge or empty", t.Get(colSkillType))
			return
		}
		reuse := t.Get(colReuse)
		if !reuseLevels[reuse] {
			r.warn(t.File, t.Line, "reuseLevel %q is not transversal, cross-sector, sector-specific, occupation-specific or empty", reuse)
			return
		}
		seen[c.URI] = true
		r.Skills = append(r.Skills, Skill{Concept: c, Type: typ, ReuseLevel: reuse})
	})
	if err == nil && len(r.Skills) == 0 {
		err = noRows(SkillsFile)
	}
	reindex(r.Skills, r.skill, func(s *Skill) string { return s.URI })
	return err
}

// assignIDs hands out the slugs (see the package comment).
func (r *reader) assignIDs(o Options) {
	byURI := func(c []*Concept) {
		sort.Slice(c, func(i, j int) bool { return c[i].URI < c[j].URI })
	}
	var occ, skills, groups []*Concept
	for i := range r.Occupations {
		occ = append(occ, &r.Occupations[i].Concept)
	}
	for i := range r.Skills {
		skills = append(skills, &r.Skills[i].Concept)
	}
	for i := range r.SkillGroups {
		groups = append(groups, &r.SkillGroups[i].Concept)
	}
	byURI(occ)
	byURI(skills)
	byURI(groups)
	ids := slug.NewAllocator(o.ReservedOccupationIDs...)
	for _, c := range occ {
		c.ID = ids.Assign(c.URI, c.Label)
	}
	ids = slug.NewAllocator(o.ReservedSkillIDs...)
	for _, c := range skills {
		c.ID = ids.Assign(c.URI, c.Label)
	}
	for _, c := range groups {
		c.ID = ids.Assign(c.URI, c.Label, "group")
	}
}

func (r *reader) readCollections() error {
	for _, c := range Collections {
		err := r.each(r.src, c.File, !c.Required, []string{colURI}, func(t *input.Row) {
			u := t.Get(colURI)
			switch {
			case r.skill[u] != nil:
				r.skill[u].Collections = append(r.skill[u].Collections, c.Name)
			case r.occ[u] != nil:
				r.occ[u].Collections = append(r.occ[u].Collections, c.Name)
			default:
				r.warn(t.File, t.Line, "concept %q is not in %s or %s", u, SkillsFile, OccupationsFile)
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// node finds a concept of a hierarchy file by kind and URI: its ID, or "".
func (r *reader) node(kind, uri string) string {
	switch kind {
	case KindOccupation:
		if o := r.occ[uri]; o != nil {
			return o.ID
		}
	case KindISCOGroup:
		if g := r.isco[uri]; g != nil {
			return g.ID
		}
	case KindSkill:
		if s := r.skill[uri]; s != nil {
			return s.ID
		}
	case KindSkillGroup:
		if g := r.group[uri]; g != nil {
			return g.ID
		}
	}
	return ""
}

// readHierarchy reads a broaderRelations file whose (kind, broader kind) pairs are allowed.
func (r *reader) readHierarchy(file string, allowed map[[2]string]bool, add func(t *input.Row, b Broader)) error {
	seen := map[[2]string]bool{}
	return r.each(r.src, file, false, []string{colConceptType, colURI, colBroaderType, colBroaderURI}, func(t *input.Row) {
		kind, bkind := t.Get(colConceptType), t.Get(colBroaderType)
		if !allowed[[2]string{kind, bkind}] {
			r.warn(t.File, t.Line, "a %s under a %s is not part of this hierarchy", kind, bkind)
			return
		}
		id, bid := r.node(kind, t.Get(colURI)), r.node(bkind, t.Get(colBroaderURI))
		if id == "" || bid == "" {
			r.warn(t.File, t.Line, "%s %s or %s %s is not in the release", kind, t.Get(colURI), bkind, t.Get(colBroaderURI))
			return
		}
		k := [2]string{kind + " " + id, bkind + " " + bid}
		if id == bid || seen[k] {
			r.warn(t.File, t.Line, "%s is under itself or this relation repeats", id)
			return
		}
		seen[k] = true
		add(t, Broader{Kind: kind, ID: id, BroaderKind: bkind, BroaderID: bid})
	})
}

func (r *reader) readOccHierarchy() error {
	allowed := map[[2]string]bool{{KindOccupation, KindOccupation}: true, {KindOccupation, KindISCOGroup}: true, {KindISCOGroup, KindISCOGroup}: true}
	iscoByID := map[string]*ISCOGroup{}
	for i := range r.ISCOGroups {
		iscoByID[r.ISCOGroups[i].ID] = &r.ISCOGroups[i]
	}
	occByID := map[string]*Occupation{}
	for i := range r.Occupations {
		occByID[r.Occupations[i].ID] = &r.Occupations[i]
	}
	return r.readHierarchy(OccHierarchyFile, allowed, func(t *input.Row, b Broader) {
		switch {
		case b.Kind == KindISCOGroup:
			iscoByID[b.ID].Broader = iscoByID[b.BroaderID].Code
		case b.BroaderKind == KindOccupation:
			if o := occByID[b.ID]; o.Broader != "" {
				r.warn(t.File, t.Line, "occupation %s is under %s already", b.ID, o.Broader)
				return
			}
			occByID[b.ID].Broader = b.BroaderID
		}
		r.OccupationHierarchy = append(r.OccupationHierarchy, b)
	})
}

func (r *reader) readSkillHierarchy() error {
	allowed := map[[2]string]bool{{KindSkill, KindSkill}: true, {KindSkill, KindSkillGroup}: true, {KindSkillGroup, KindSkillGroup}: true}
	return r.readHierarchy(SkillHierarchyFile, allowed, func(_ *input.Row, b Broader) {
		r.SkillHierarchy = append(r.SkillHierarchy, b)
	})
}

// relationType reads essential/optional.
func relationType(t *input.Row) (essential, ok bool) {
	switch t.Get(colRelation) {
	case "essential":
		return true, true
	case "optional":
		return false, true
	}
	return false, false
}

func (r *reader) readRequirements() error {
	type pair struct {
		o *Occupation
		s *Skill
	}
	seen := map[pair]bool{}
	return r.each(r.src, OccupationSkillsFile, false, []string{colOccURI, colRelation, colSkillURI}, func(t *input.Row) {
		o, s := r.occ[t.Get(colOccURI)], r.skill[t.Get(colSkillURI)]
		if o == nil || s == nil {
			r.warn(t.File, t.Line, "occupation %s or skill %s is not in the release", t.Get(colOccURI), t.Get(colSkillURI))
			return
		}
		essential, ok := relationType(t)
		if !ok {
			r.warn(t.File, t.Line, "relationType %q is not essential or optional", t.Get(colRelation))
			return
		}
		if k := (pair{o, s}); seen[k] {
			r.warn(t.File, t.Line, "relation %s -> %s repeats an earlier row", o.ID, s.ID)
			return
		} else {
			seen[k] = true
		}
		r.Requirements = append(r.Requirements, Requirement{Occupation: o.ID, Skill: s.ID, Essential: essential})
	})
}

func (r *reader) readSkillRelations() error {
	seen := map[[2]string]bool{}
	return r.each(r.src, SkillSkillsFile, false, []string{colOrigURI, colRelation, colRelatedURI}, func(t *input.Row) {
		a, b := r.skill[t.Get(colOrigURI)], r.skill[t.Get(colRelatedURI)]
		if a == nil || b == nil {
			r.warn(t.File, t.Line, "skill %s or %s is not in the release", t.Get(colOrigURI), t.Get(colRelatedURI))
			return
		}
		essential, ok := relationType(t)
		if !ok {
			r.warn(t.File, t.Line, "relationType %q is not essential or optional", t.Get(colRelation))
			return
		}
		if k := [2]string{a.ID, b.ID}; a == b || seen[k] {
			r.warn(t.File, t.Line, "relation %s -> %s is to itself or repeats an earlier row", a.ID, b.ID)
			return
		} else {
			seen[k] = true
		}
		r.Related = append(r.Related, SkillRelation{Skill: a.ID, Related: b.ID, Essential: essential})
	})
}
