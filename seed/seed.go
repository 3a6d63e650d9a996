// Package seed holds the curated graph, derived from the four source documents about backend
// roles, as reviewable YAML files (one entry per node, relationships listed by id), and turns
// them into a validated domain.Batch. It writes nothing: the store applies the batch.
package seed

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/skillgraph/skillgraph/domain"
)

// Files is the curated seed, compiled into the binary.
//
//go:embed *.yaml
var Files embed.FS

// SourcePrefix marks provenance of seeded nodes and relationships: "seed:" and the document.
const SourcePrefix = "seed:"

// The file names a seed consists of.
const (
	RolesFile        = "roles.yaml"
	SkillsFile       = "skills.yaml"
	TechnologiesFile = "technologies.yaml"
	IndustriesFile   = "industries.yaml"
)

// Entry is what every seed entry has.
type Entry struct {
	ID          string   `yaml:"id"`
	Name        string   `yaml:"name"`
	Aliases     []string `yaml:"aliases"`
	Description string   `yaml:"description"`
	Source      string   `yaml:"source"`
}

type weighted struct {
	ID     string   `yaml:"id"`
	Weight *float64 `yaml:"weight"`
}

type required struct {
	ID         string `yaml:"id"`
	Importance *int   `yaml:"importance"`
	Essential  *bool  `yaml:"essential"`
}

type used struct {
	ID         string `yaml:"id"`
	Importance *int   `yaml:"importance"`
}

type role struct {
	Entry        `yaml:",inline"`
	Skills       []required `yaml:"skills"`
	Technologies []used     `yaml:"technologies"`
	Industries   []string   `yaml:"industries"`
	Specializes  []string   `yaml:"specializes"`
	LeadsTo      []string   `yaml:"leadsTo"`
	Onet         []string   `yaml:"onet"`
}

type skill struct {
	Entry    `yaml:",inline"`
	Category string     `yaml:"category"`
	Related  []weighted `yaml:"related"`
}

type technology struct {
	Entry    `yaml:",inline"`
	Category string   `yaml:"category"`
	Supports []string `yaml:"supports"`
}

type industry struct {
	Entry `yaml:",inline"`
}

// ValidationError lists every problem found in a seed, each naming file, entry and reason.
type ValidationError struct{ Problems []string }

func (e *ValidationError) Error() string {
	return fmt.Sprintf("seed is invalid (%d problem(s)):\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Load reads and validates the four seed files in fsys and returns them as one batch. Any
// problem (unreadable file, unknown field, bad id, repeated id, unknown reference, value out
// of range) fails the whole seed with a *ValidationError, so nothing is written.
func Load(fsys fs.FS) (*domain.Batch, error) {
	v := &validator{ids: map[domain.Kind]map[string]string{}}
	var roles []role
	var skills []skill
	var techs []technology
	var inds []industry
	v.parse(fsys, RolesFile, &roles)
	v.parse(fsys, SkillsFile, &skills)
	v.parse(fsys, TechnologiesFile, &techs)
	v.parse(fsys, IndustriesFile, &inds)
	if len(v.problems) > 0 {
		return nil, &ValidationError{v.problems}
	}

	b := &domain.Batch{}
	// Nodes first, so that every id is known before references are checked.
	for i, r := range roles {
		n := v.node(RolesFile, i, domain.KindRole, r.Entry, "")
		for j, code := range r.Onet {
			if !socCodeRE.MatchString(code) {
				v.fail(v.at(RolesFile, i, r.ID), fmt.Sprintf("onet[%d]: %q is not an O*NET-SOC code (like 15-1252.00)", j, code))
			}
		}
		n.OccupationCodes = r.Onet
		b.Nodes = append(b.Nodes, n)
	}
	for i, s := range skills {
		b.Nodes = append(b.Nodes, v.node(SkillsFile, i, domain.KindSkill, s.Entry, s.Category))
	}
	for i, t := range techs {
		b.Nodes = append(b.Nodes, v.node(TechnologiesFile, i, domain.KindTechnology, t.Entry, t.Category))
	}
	for i, d := range inds {
		b.Nodes = append(b.Nodes, v.node(IndustriesFile, i, domain.KindIndustry, d.Entry, ""))
	}

	for i, r := range roles {
		at := v.at(RolesFile, i, r.ID)
		src := SourcePrefix + r.Source
		for j, s := range r.Skills {
			field := fmt.Sprintf("skills[%d]", j)
			v.ref(at, field, domain.KindSkill, s.ID)
			v.importance(at, field, s.Importance)
			if s.Essential == nil {
				v.fail(at, field+".essential is required (true or false)")
			}
			b.Rels = append(b.Rels, domain.RelInput{Type: domain.Requires, FromID: r.ID, ToID: s.ID,
				Props: domain.PropsOf("importance", s.Importance, "essential", s.Essential), Source: src})
		}
		for j, t := range r.Technologies {
			field := fmt.Sprintf("technologies[%d]", j)
			v.ref(at, field, domain.KindTechnology, t.ID)
			v.importance(at, field, t.Importance)
			b.Rels = append(b.Rels, domain.RelInput{Type: domain.Uses, FromID: r.ID, ToID: t.ID,
				Props: domain.PropsOf("importance", t.Importance), Source: src})
		}
		b.Rels = append(b.Rels, v.links(at, "industries", domain.InIndustry, r.ID, r.Industries, src)...)
		b.Rels = append(b.Rels, v.links(at, "specializes", domain.Specializes, r.ID, r.Specializes, src)...)
		b.Rels = append(b.Rels, v.links(at, "leadsTo", domain.LeadsTo, r.ID, r.LeadsTo, src)...)
	}
	for i, s := range skills {
		at := v.at(SkillsFile, i, s.ID)
		for j, w := range s.Related {
			field := fmt.Sprintf("related[%d]", j)
			v.ref(at, field, domain.KindSkill, w.ID)
			if w.ID == s.ID {
				v.fail(at, field+": a skill cannot be related to itself")
			}
			if w.Weight == nil || *w.Weight < 0 || *w.Weight > 1 || math.IsNaN(*w.Weight) {
				v.fail(at, field+".weight must be a number from 0 to 1")
			}
			b.Rels = append(b.Rels, domain.RelInput{Type: domain.SkillLink, FromID: s.ID, ToID: w.ID,
				Props: domain.PropsOf("weight", w.Weight), Source: SourcePrefix + s.Source})
		}
	}
	for i, t := range techs {
		at := v.at(TechnologiesFile, i, t.ID)
		b.Rels = append(b.Rels, v.links(at, "supports", domain.Supports, t.ID, t.Supports, SourcePrefix+t.Source)...)
	}
	v.duplicateRels(b.Rels)
	if len(v.problems) > 0 {
		return nil, &ValidationError{v.problems}
	}
	return b, nil
}

// socCodeRE is the O*NET-SOC code format.
var socCodeRE = regexp.MustCompile(`^\d{2}-\d{4}\.\d{2}$`)

type validator struct {
	ids      map[domain.Kind]map[string]string // kind -> id -> where it was defined
	problems []string
}

func (v *validator) fail(at, reason string) { v.problems = append(v.problems, at+": "+reason) }

func (v *validator) at(file string, i int, id string) string {
	return fmt.Sprintf("%s: entry %d (id %q)", file, i+1, id)
}

func (v *validator) parse(fsys fs.FS, file string, out any) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		v.problems = append(v.problems, fmt.Sprintf("%s: %v", file, err))
		return
	}
	if err := yaml.UnmarshalWithOptions(data, out, yaml.DisallowUnknownField()); err != nil {
		v.problems = append(v.problems, fmt.Sprintf("%s: %s", file, yaml.FormatError(err, false, false)))
	}
}

func (v *validator) node(file string, i int, k domain.Kind, n Entry, category string) domain.NodeInput {
	at := v.at(file, i, n.ID)
	if !domain.ValidSlug(n.ID) {
		v.fail(at, "id must be a slug: lower-case letters and digits joined by single hyphens")
	}
	if v.ids[k] == nil {
		v.ids[k] = map[string]string{}
	}
	if first, dup := v.ids[k][n.ID]; dup {
		v.fail(at, "repeats the id of "+first)
	} else {
		v.ids[k][n.ID] = at
	}
	if strings.TrimSpace(n.Name) == "" || len(n.Name) > 200 {
		v.fail(at, "name is required (1 to 200 characters)")
	}
	if n.Source == "" {
		v.fail(at, "source is required: the seed document the entry comes from")
	}
	if (k == domain.KindSkill || k == domain.KindTechnology) && category == "" {
		v.fail(at, "category is required")
	}
	seen := map[string]bool{}
	for _, a := range n.Aliases {
		key := strings.ToLower(strings.TrimSpace(a))
		if key == "" || seen[key] {
			v.fail(at, fmt.Sprintf("alias %q is empty or repeated", a))
		}
		seen[key] = true
	}
	return domain.NodeInput{Kind: k, Node: domain.Node{Props: categoryProp(category),
		ID: n.ID, Name: n.Name, Description: n.Description, Aliases: append([]string{}, n.Aliases...),
		Source: SourcePrefix + n.Source,
	}}
}

func (v *validator) ref(at, field string, k domain.Kind, id string) {
	if _, ok := v.ids[k][id]; !ok {
		v.fail(at, fmt.Sprintf("%s refers to unknown %s %q", field, k, id))
	}
}

func (v *validator) importance(at, field string, imp *int) {
	if imp == nil || *imp < 1 || *imp > 5 {
		v.fail(at, field+".importance must be a whole number from 1 to 5")
	}
}

func (v *validator) links(at, field string, t domain.RelType, from string, to []string, src string) []domain.RelInput {
	out := make([]domain.RelInput, 0, len(to))
	for j, id := range to {
		f := fmt.Sprintf("%s[%d]", field, j)
		v.ref(at, f, t.To, id)
		if t.From == t.To && id == from {
			v.fail(at, f+": a node cannot point to itself")
		}
		out = append(out, domain.RelInput{Type: t, FromID: from, ToID: id, Source: src})
	}
	return out
}

// duplicateRels reports a relationship listed twice (for RELATED_TO, in either direction):
// the second would silently overwrite the first's properties.
func (v *validator) duplicateRels(rels []domain.RelInput) {
	seen := map[string]bool{}
	var dups []string
	for _, r := range rels {
		a, b := r.FromID, r.ToID
		if r.Type == domain.SkillLink && b < a {
			a, b = b, a
		}
		key := r.Type.Type + " " + a + " " + b
		if seen[key] {
			dups = append(dups, fmt.Sprintf("relationship %s from %q to %q is listed more than once", r.Type.Type, r.FromID, r.ToID))
		}
		seen[key] = true
	}
	sort.Strings(dups)
	v.problems = append(v.problems, dups...)
}

// categoryProp is the category property of a skill or technology ("" for none).
func categoryProp(category string) domain.PropValues {
	if category == "" {
		return nil
	}
	return domain.PropsOf("category", category)
}
