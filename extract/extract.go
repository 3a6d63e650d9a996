// Package extract finds the skills, technologies and roles a free text (a job ad, a CV)
// mentions, by their names and aliases.
//
// Matching is by tokens, so it respects word boundaries: a token is a run of letters and
// digits, keeping "#" and "+" right after it ("C#", "C++"), a "." between two of them
// ("Node.js", "ASP.NET") and a leading "." before letters (".NET"). Case is ignored, except
// where that is unsafe: a name that is a common English word ("Go", "Rest", "Express") or
// one or two letters long ("C", "R") matches only when written exactly as the graph
// spells it and not as the first word of a sentence, so "go to the office" and "Go ahead"
// do not mention the Go language. The longest name wins where names overlap. A name that
// several nodes of one kind share is ambiguous and skipped, unless one of them is curated.
package extract

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/store"
)

// MaxTextBytes bounds the text; longer text is rejected, not cut.
const MaxTextBytes = 100 << 10

// commonWords are names that are also everyday English words.
var commonWords = map[string]bool{
	"go": true, "rest": true, "express": true, "swift": true, "rust": true, "spring": true, "dart": true,
	"flask": true, "shell": true, "access": true, "word": true, "outlook": true, "teams": true, "box": true,
	"slack": true, "chef": true, "puppet": true, "react": true, "ember": true, "backbone": true, "meteor": true,
	"hive": true, "pig": true, "spark": true, "storm": true, "oracle": true, "visio": true, "project": true,
	"gatsby": true, "jest": true, "mocha": true, "chai": true, "play": true, "unity": true,
	"maya": true, "houdini": true, "nuke": true, "sketch": true, "prism": true, "zoom": true, "notes": true,
	"excel": true, "office": true, "sage": true, "blackboard": true, "canvas": true, "moodle": true, "target": true,
	"ruby": true, "perl": true, "pearl": true, "scheme": true, "logo": true, "basic": true,
	"ada": true, "elm": true, "crystal": true, "julia": true, "nim": true, "pony": true, "red": true, "ring": true,
	"communication": true, "teamwork": true, "creativity": true, "mentoring": true, "coaching": true,
	"integration": true, "orchestration": true, "networking": true, "caching": true, "compliance": true,
	"security": true, "design": true, "testing": true, "leadership": true, "management": true,
}

// Dictionary is a token trie over names.
type Dictionary struct {
	root *trie
}

type trie struct {
	next map[string]*trie
	// entries ending here, by kind preference; nil when none
	hit *entry
}

type entry struct {
	kind      domain.Kind
	node      domain.Entity
	spelling  string // the name as the graph writes it
	sensitive bool   // match only the exact spelling, not at a sentence start
	ambiguous bool
}

// kindRank prefers technologies, then skills, then roles when one name is all three.
var kindRank = map[domain.Kind]int{domain.KindTechnology: 0, domain.KindSkill: 1, domain.KindRole: 2}

// Build makes a dictionary from nodes and their names.
func Build(nodes []store.DictionaryNode) *Dictionary {
	d := &Dictionary{root: &trie{}}
	for _, n := range nodes {
		curated := strings.HasPrefix(sourceOf(n.Node), "seed:")
		for _, name := range n.Names {
			toks := tokens(name)
			if len(toks) == 0 {
				continue
			}
			key := make([]string, len(toks))
			for i, t := range toks {
				key[i] = strings.ToLower(t.text)
			}
			e := &entry{kind: n.Kind, node: n.Node, spelling: name,
				sensitive: len(key) == 1 && (commonWords[key[0]] || shortWord(key[0]))}
			d.add(key, e, curated)
		}
	}
	return d
}

// shortWord: one or two letters ("C", "R", "Go"), which English text is full of. "C#" and
// "C++" are not: the symbol makes them unambiguous.
func shortWord(s string) bool {
	if utf8.RuneCountInString(s) > 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func sourceOf(e domain.Entity) string {
	switch n := e.(type) {
	case *domain.Role:
		return n.Source
	case *domain.Skill:
		return n.Source
	case *domain.Technology:
		return n.Source
	}
	return ""
}

func (d *Dictionary) add(key []string, e *entry, curated bool) {
	t := d.root
	for _, k := range key {
		if t.next == nil {
			t.next = map[string]*trie{}
		}
		if t.next[k] == nil {
			t.next[k] = &trie{}
		}
		t = t.next[k]
	}
	old := t.hit
	switch {
	case old == nil:
		t.hit = e
	case old.node == e.node:
		// another alias of the same node: keep the first spelling
	case kindRank[e.kind] < kindRank[old.kind]:
		t.hit = e
	case kindRank[e.kind] > kindRank[old.kind]:
	case curated && !strings.HasPrefix(sourceOf(old.node), "seed:"):
		t.hit = e // a curated node beats imported ones of the same kind
	case !curated && strings.HasPrefix(sourceOf(old.node), "seed:"):
	default:
		old.ambiguous = true
	}
}

type token struct {
	text       string
	start, end int  // byte offsets
	sentence   bool // first word of a sentence
}

// tokens splits text into tokens (see the package comment).
func tokens(text string) []token {
	var out []token
	sentence := true
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		leadingDot := r == '.' && i+1 < len(text) && isLetterAt(text, i+1) && (i == 0 || !isWordAt(text, i-1))
		if !isWord && !leadingDot {
			if r == '.' || r == '!' || r == '?' || r == '\n' {
				sentence = true
			}
			i += size
			continue
		}
		start := i
		i += size
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				i += size
			case (r == '#' || r == '+') && i > start:
				i += size
			case r == '.' && i+1 < len(text) && isWordAt(text, i+1) && isWordAt(text, i-1):
				i += size
			default:
				goto done
			}
		}
	done:
		out = append(out, token{text: text[start:i], start: start, end: i, sentence: sentence})
		sentence = false
	}
	return out
}

func isWordAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// Find returns the mentions in text, in order, longest match first where they overlap.
func (d *Dictionary) Find(text string) []domain.Mention {
	toks := tokens(text)
	lower := make([]string, len(toks))
	for i, t := range toks {
		lower[i] = strings.ToLower(t.text)
	}
	var out []domain.Mention
	// Offsets are in runes; counted incrementally so a long text is scanned once.
	runeAt, byteAt := 0, 0
	runes := func(b int) int {
		runeAt += utf8.RuneCountInString(text[byteAt:b])
		byteAt = b
		return runeAt
	}
	for i := 0; i < len(toks); {
		t := d.root
		var best *entry
		bestEnd := -1
		for j := i; j < len(toks) && t != nil; j++ {
			t = t.next[lower[j]]
			if t == nil || t.hit == nil || t.hit.ambiguous {
				continue
			}
			if t.hit.sensitive && (toks[i].text != t.hit.spelling || toks[i].sentence) {
				continue
			}
			best, bestEnd = t.hit, j
		}
		if best == nil {
			i++
			continue
		}
		start, end := toks[i].start, toks[bestEnd].end
		out = append(out, domain.Mention{
			Start: runes(start), End: runes(end),
			Text: text[start:end], Kind: best.kind, Node: best.node,
		})
		i = bestEnd + 1
	}
	return out
}

// DefaultRecheck is how long Extractor trusts a graph-version read when Recheck is zero.
const DefaultRecheck = time.Second

// Extractor keeps a dictionary in step with the graph. The store counts its own writes, so a
// write through this process is noticed by the next extraction; writes by other processes
// (an import run from the command line) are noticed by reading the graph version, at most
// Recheck old. A changed version rebuilds the dictionary in the background and swaps it in:
// extractions meanwhile use the one they have (a rebuild reads every name and alias of the
// graph, which took hundreds of milliseconds under writes), so a write is seen as soon as
// its rebuild is done. Reading the version on every call would cost a round trip, a third
// of the time of a 5 KB extraction.
type Extractor struct {
	Store   *store.Store
	Recheck time.Duration

	mu       sync.Mutex
	dict     *Dictionary
	version  int64     // graph version dict was built at
	writes   int64     // Store.Writes() at the last version read
	checked  time.Time // time of the last version read
	building bool      // a check (and rebuild) runs in the background
}

// Extract finds the mentions in text.
func (x *Extractor) Extract(ctx context.Context, text string) ([]domain.Mention, error) {
	if len(text) > MaxTextBytes {
		return nil, domain.InvalidField("text", "text is %d bytes; at most %d are accepted", len(text), MaxTextBytes)
	}
	dict, err := x.dictionary(ctx)
	if err != nil {
		return nil, err
	}
	// A dictionary is never changed once built, so it is searched outside the lock.
	return dict.Find(text), nil
}

// dictionary returns the current dictionary, and starts a check for a newer one when the
// rules of Extractor call for it. Only the first call waits for a build.
func (x *Extractor) dictionary(ctx context.Context) (*Dictionary, error) {
	recheck := x.Recheck
	if recheck <= 0 {
		recheck = DefaultRecheck
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	writes := x.Store.Writes()
	if x.dict == nil { // checked under the lock, so a burst of first requests builds once
		nodes, at, err := x.Store.Dictionary(ctx)
		if err != nil {
			return nil, err
		}
		x.dict, x.version, x.writes, x.checked = Build(nodes), at, writes, time.Now()
		return x.dict, nil
	}
	if !x.building && (writes != x.writes || time.Since(x.checked) >= recheck) {
		x.building = true
		go x.refresh(writes, x.version)
	}
	return x.dict, nil
}

// refresh reads the graph version and, when it is not the dictionary's, builds a new
// dictionary and swaps it in. On an error the next extraction tries again.
func (x *Extractor) refresh(writes, version int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var dict *Dictionary
	v, err := x.Store.GraphVersion(ctx)
	if err == nil && v != version {
		var nodes []store.DictionaryNode
		nodes, v, err = x.Store.Dictionary(ctx)
		if err == nil {
			dict = Build(nodes)
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.building = false
	if err != nil {
		return
	}
	if dict != nil {
		x.dict, x.version = dict, v
	}
	x.writes, x.checked = writes, time.Now()
}
