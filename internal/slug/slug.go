// Package slug makes node ids from names: lower-case words joined by single hyphens, the
// format of the curated seed's ids, and hands them out so that two things never share one.
package slug

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
)

// maxBase keeps an id with a suffix within the 100 characters an id may have.
const maxBase = 80

var symbols = strings.NewReplacer("#", " sharp ", "+", " plus ", "&", " and ")

// Make turns a name into a slug: lower case, "#" as "sharp", "+" as "plus", "&" as "and",
// anything else that is not a letter or digit as a single hyphen. A name with no letter or
// digit gives "".
func Make(name string) string {
	s := symbols.Replace(strings.ToLower(name))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Hash is a short, stable hex digest of key, for suffixes.
func Hash(key string) string {
	sum := sha1.Sum([]byte(key))
	return hex.EncodeToString(sum[:4])
}

// Allocator hands out unique ids. Each id is held by a key (what it names: a URI, an element
// id), so asking again for the same key gives the same id.
type Allocator struct {
	holder map[string]string // id -> key; reserved ids are held by ""
	byKey  map[string]string // key -> id
}

// NewAllocator returns an allocator whose ids avoid the reserved ones (ids other sources
// already use).
func NewAllocator(reserved ...string) *Allocator {
	a := &Allocator{holder: map[string]string{}, byKey: map[string]string{}}
	for _, id := range reserved {
		a.holder[id] = ""
	}
	return a
}

// Taken reports whether id is held or reserved.
func (a *Allocator) Taken(id string) bool { _, ok := a.holder[id]; return ok }

// Assign gives key an id made from name: the plain slug if free, else the slug with each of
// the suffixes in turn ("mathematics-knowledge"), else the slug with a hash of key. The
// result depends only on what was assigned before, so callers assign in a stable order.
func (a *Allocator) Assign(key, name string, suffixes ...string) string {
	if id, ok := a.byKey[key]; ok {
		return id
	}
	base := Make(name)
	if len(base) > maxBase {
		base = strings.TrimRight(base[:maxBase], "-")
		if i := strings.LastIndexByte(base, '-'); i > maxBase/2 {
			base = base[:i]
		}
	}
	candidates := []string{base}
	for _, s := range suffixes {
		candidates = append(candidates, join(base, s))
	}
	id := join(base, Hash(key))
	for _, c := range candidates {
		if _, taken := a.holder[c]; c != "" && !taken {
			id = c
			break
		}
	}
	a.holder[id] = key
	a.byKey[key] = id
	return id
}

func join(base, suffix string) string {
	if base == "" {
		return suffix
	}
	return base + "-" + suffix
}
