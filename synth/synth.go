// Package synth writes synthetic releases of O*NET and ESCO, and the crosswalk between them,
// at a scale factor of the real ones, in the real releases' own file formats: what measures
// how the import and the queries grow with the data (make bench-scale) is the real importer
// reading files, not a shortcut into the store.
//
// The releases keep the real ones' shape. At a scale s >= 1 every real row is kept as it is
// and s-1 copies of the real population are added (the last one partial for a fractional
// factor): each synthetic occupation copies the profile of one real occupation (its job zone,
// titles, related occupations, technologies with their hot and in-demand flags, skill and
// knowledge ratings, ESCO essential and optional skills), and the technologies and ESCO skills
// are copied the same way, so their numbers grow by the factor too: copy k of a profile uses
// copy k of its technologies and skills, which keeps their degrees. Copies are tied into the
// graph rather than disjoint: one technology or skill in ten of a copied profile is resampled
// from the whole file (degree proportional, so popular technologies stay popular) as any of
// its variants, the real one included; ratings are jittered; related occupations point into
// the same copy or, one in five, to the original. A scale below 1 keeps
// a sample of the real occupations and what they use (small releases for tests).
//
// Names are the real ones with a qualifier per copy ("Chief Executives (Maritime)", "Microsoft
// Excel Atlas"), so they are unique and ids (slugs) stay stable; codes and URIs are derived
// from the real ones and the copy; everything random comes from Options.Seed, so one seed
// gives the same files byte for byte.
package synth

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
)

// Options of Generate. The real releases default to the ones the repository carries.
type Options struct {
	Scale float64 // > 0; at most MaxScale
	Seed  uint64
	// The real releases: O*NET's folder and its Skills and Knowledge folder, ESCO's folder
	// (zips or CSV files) and the crosswalks' folder.
	ONETDir, SkillsDir, ESCOPath, CrosswalkDir string
	Out                                        string // the folder written (created)
}

// Layout is where Generate wrote each release, the arguments of the import commands:
// skillgraph import onet ONET -skills Skills; import esco ESCO -onet ONET -skills Skills
// -crosswalk Crosswalk.
type Layout struct {
	ONET, Skills, ESCO, Crosswalk string
}

// Folder names under Options.Out: the real ones', so that release names and versions read
// from them are the real ones.
const (
	ONETFolder      = "onet-29.2"
	SkillsFolder    = "onet-29.0-skills-knowledge"
	ESCOFolder      = "esco-1.1.1"
	CrosswalkFolder = "crosswalks"
)

// Qualifiers of the copies: copy k of an occupation or skill takes sectors[k-1], of a
// technology codenames[k-1]. Their number bounds the scale.
var (
	sectors   = []string{"Maritime", "Aviation", "Energy", "Retail", "Public Sector", "Healthcare", "Logistics", "Agrifood", "Finance", "Construction", "Education", "Mining", "Textiles", "Tourism", "Defence"}
	codenames = []string{"Atlas", "Borealis", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Helix", "Iris", "Juniper", "Krypton", "Lumen", "Meridian", "Nimbus", "Onyx"}
)

// MaxScale is the largest factor: one copy per qualifier.
var MaxScale = float64(len(sectors) + 1)

// Generate writes the synthetic releases under o.Out.
func Generate(o Options) (*Layout, error) {
	if !(o.Scale > 0) || o.Scale > MaxScale {
		return nil, fmt.Errorf("scale %g: want more than 0 and at most %g", o.Scale, MaxScale)
	}
	if o.Out == "" {
		return nil, errors.New("no output folder")
	}
	l := &Layout{
		ONET: filepath.Join(o.Out, ONETFolder), Skills: filepath.Join(o.Out, SkillsFolder),
		ESCO: filepath.Join(o.Out, ESCOFolder), Crosswalk: filepath.Join(o.Out, CrosswalkFolder),
	}
	for _, d := range []string{l.ONET, l.Skills, l.ESCO, l.Crosswalk} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	g := &gen{o: o, l: l}
	on, err := g.onet()
	if err != nil {
		return nil, fmt.Errorf("O*NET: %w", err)
	}
	es, err := g.esco()
	if err != nil {
		return nil, fmt.Errorf("ESCO: %w", err)
	}
	if err := g.crosswalk(on, es); err != nil {
		return nil, fmt.Errorf("crosswalk: %w", err)
	}
	return l, nil
}

type gen struct {
	o Options
	l *Layout
}

// rng is a random stream of its own per purpose, so that a change in one file's generation
// does not shift another's.
func (g *gen) rng(purpose string) *rand.Rand {
	h := fnv.New64a()
	io.WriteString(h, purpose)
	return rand.New(rand.NewPCG(g.o.Seed, h.Sum64()))
}

// plan says which real items a release keeps and which it copies.
type plan struct {
	keep   map[string]bool   // nil: every real item
	copies [][]string        // copies[k-1]: the real items copy k has, in their real order
	has    []map[string]bool // has[k-1][item]
}

// makePlan scales items (in their real order) by scale: below 1, a sample is kept; above,
// full copies and a partial last one, sampled.
func makePlan(items []string, scale float64, rng *rand.Rand) *plan {
	p := &plan{}
	n := len(items)
	sample := func(m int) map[string]bool {
		set := map[string]bool{}
		for _, i := range rng.Perm(n)[:m] {
			set[items[i]] = true
		}
		return set
	}
	if scale < 1 {
		p.keep = sample(max(1, int(math.Round(scale*float64(n)))))
		return p
	}
	extra := int(math.Round((scale - 1) * float64(n)))
	for k := 1; extra > 0; k++ {
		var set map[string]bool
		if extra < n {
			set = sample(extra)
		}
		var c []string
		has := map[string]bool{}
		for _, it := range items {
			if set == nil || set[it] {
				c = append(c, it)
				has[it] = true
			}
		}
		p.copies = append(p.copies, c)
		p.has = append(p.has, has)
		extra -= len(c)
	}
	return p
}

func (p *plan) kept(item string) bool { return p.keep == nil || p.keep[item] }

// variants are the copies of item there are (0 for the real one).
func (p *plan) variants(item string) []int {
	v := []int{0}
	for k, h := range p.has {
		if h[item] {
			v = append(v, k+1)
		}
	}
	return v
}

// pick draws one of item's variants.
func (p *plan) pick(item string, rng *rand.Rand) int {
	v := p.variants(item)
	return v[rng.IntN(len(v))]
}

// variant is the variant of item copy k of a profile takes: its own copy k, when there is
// one, else a variant drawn.
func (p *plan) variant(item string, k int, rng *rand.Rand) int {
	if p.hasCopy(item, k) {
		return k
	}
	return p.pick(item, rng)
}

// hasCopy says whether copy k (>= 1) of item exists.
func (p *plan) hasCopy(item string, k int) bool { return k >= 1 && k <= len(p.has) && p.has[k-1][item] }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}
