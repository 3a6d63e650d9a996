package esco

import (
	"regexp"
	"strings"
)

// Technologies: an ESCO knowledge concept that names a technology the graph knows (Python,
// PostgreSQL) must become that Technology, not a Skill twin. Only the preferred label is
// tried, without a trailing qualifier in parentheses ("Java (computer programming)"), by the
// resolver given (package onet's rules), and only a label with a capital letter: ESCO writes
// products and languages as names ("MySQL", "R") and general knowledge in lower case
// ("database management systems", "audio editing software"), which O*NET also lists as
// technologies but which are fields of knowledge, not one technology. Alternative labels are
// too loose ("database management systems" is an alternative label of SQL's concept family).

// TechnologyMatch is a knowledge concept resolved to a technology.
type TechnologyMatch struct {
	Skill
	Technology string // the technology's id
}

// TechnologyUse is a requirement of a resolved concept: the occupation uses the technology.
type TechnologyUse struct {
	Occupation, Technology string // IDs
	Essential              bool
}

var qualifierRE = regexp.MustCompile(`\s*\([^()]*\)\s*$`)

// ResolveTechnologies moves the knowledge concepts resolve names a technology for out of the
// skills: their requirements become TechnologyUses; their hierarchy and skill-skill relations
// are dropped and counted (DroppedForTechnologies).
func (d *Dataset) ResolveTechnologies(resolve func(name string) string) {
	tech := map[string]string{} // skill ID -> technology ID
	kept := d.Skills[:0]
	for _, s := range d.Skills {
		if s.Type == TypeKnowledge && strings.ToLower(s.Label) != s.Label {
			if id := resolve(strings.TrimSpace(qualifierRE.ReplaceAllString(s.Label, ""))); id != "" {
				tech[s.ID] = id
				d.Technologies = append(d.Technologies, TechnologyMatch{Skill: s, Technology: id})
				continue
			}
		}
		kept = append(kept, s)
	}
	d.Skills = kept
	if len(tech) == 0 {
		return
	}
	reqs := d.Requirements[:0]
	for _, r := range d.Requirements {
		if id, ok := tech[r.Skill]; ok {
			d.TechnologyUses = append(d.TechnologyUses, TechnologyUse{Occupation: r.Occupation, Technology: id, Essential: r.Essential})
			continue
		}
		reqs = append(reqs, r)
	}
	d.Requirements = reqs
	// Two concepts of one occupation resolving to one technology give one use, essential if
	// either is.
	uses := map[[2]string]int{}
	merged := d.TechnologyUses[:0]
	for _, u := range d.TechnologyUses {
		k := [2]string{u.Occupation, u.Technology}
		if i, ok := uses[k]; ok {
			merged[i].Essential = merged[i].Essential || u.Essential
			continue
		}
		uses[k] = len(merged)
		merged = append(merged, u)
	}
	d.TechnologyUses = merged
	hier := d.SkillHierarchy[:0]
	for _, b := range d.SkillHierarchy {
		if _, a := tech[b.ID]; a {
			d.DroppedForTechnologies++
			continue
		}
		if _, c := tech[b.BroaderID]; c {
			d.DroppedForTechnologies++
			continue
		}
		hier = append(hier, b)
	}
	d.SkillHierarchy = hier
	rel := d.Related[:0]
	for _, r := range d.Related {
		_, a := tech[r.Skill]
		_, b := tech[r.Related]
		if a || b {
			d.DroppedForTechnologies++
			continue
		}
		rel = append(rel, r)
	}
	d.Related = rel
}
