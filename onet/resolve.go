package onet

import (
	"regexp"
	"sort"
	"strings"
)

// Entity resolution: an O*NET example that names a technology the graph already has must
// become that node, not a second one. Names are compared normalised (case, spacing) with the
// known technology's name and each alias, and each example is tried
//   - as it is ("PostgreSQL", "Node.js");
//   - without a trailing "software" ("Microsoft Azure software" is Microsoft Azure);
//   - in O*NET's "Expansion ACRONYM" form ("Amazon Web Services AWS software"), only when
//     the expansion and the acronym both name the same technology. Either half alone is too
//     loose: "Windent SQL" is a product, not SQL; "Career management systems CMS" is not a
//     content management system; "Microsoft Windows XP" is not Windows in general.
// Anything beyond these rules is steered in data, by an alias on the curated technology.

type resolver struct {
	byName map[string]string // normalised name or alias -> id
	ids    map[string]bool
}

func newResolver(known []Known) *resolver {
	r := &resolver{byName: map[string]string{}, ids: map[string]bool{}}
	// Sorted by id so that, should two known technologies share a name, the choice is stable.
	sorted := append([]Known(nil), known...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, k := range sorted {
		r.ids[k.ID] = true
		for _, n := range append([]string{k.Name}, k.Aliases...) {
			if key := normalize(n); key != "" {
				if _, taken := r.byName[key]; !taken {
					r.byName[key] = k.ID
				}
			}
		}
	}
	return r
}

func normalize(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

var acronymRE = regexp.MustCompile(`^\(?([A-Z][A-Z0-9]+)\)?$`)

// resolve returns the id of the known technology the example names, or "".
func (r *resolver) resolve(example string) string {
	words := strings.Fields(example)
	if id, ok := r.byName[normalize(example)]; ok {
		return id
	}
	if n := len(words); n > 1 && strings.EqualFold(words[n-1], "software") {
		words = words[:n-1]
		if id, ok := r.byName[normalize(strings.Join(words, " "))]; ok {
			return id
		}
	}
	if n := len(words); n > 1 {
		if m := acronymRE.FindStringSubmatch(words[n-1]); m != nil {
			byAcronym, ok1 := r.byName[normalize(m[1])]
			byExpansion, ok2 := r.byName[normalize(strings.Join(words[:n-1], " "))]
			if ok1 && ok2 && byAcronym == byExpansion {
				return byAcronym
			}
		}
	}
	return ""
}

// Resolver returns the resolution above as a function: the id of the known technology a name
// names, or "" (for other sources' names, such as ESCO's knowledge concepts).
func Resolver(known []Known) func(name string) string { return newResolver(known).resolve }
