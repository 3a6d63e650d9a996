// Package extract finds the skills, technologies and roles a free text (a job ad, a CV)
// mentions, by their names and aliases.
//
// Matching is by tokens, so it respects word boundaries: a token is a run of letters and
// digits, keeping "#" and "+" right after it ("C#", "C++"), a "." between two of them
// ("Node.js", "ASP.NET") and a leading "." before letters (".NET"). Case is ignored, except
// where that is unsafe: a name that is a common English word ("Go", "Rest", "Express") or
// one or two letters long ("C", "R") matches only when written exactly as the graph
// spells it and not as the first word of a sentence, so "go to the office" and "Go ahead"
// do not mention the Go language. A one-word role title ("Electrician", "Models") must be
// capitalised: "data models" names no occupation. The longest name wins where names
// overlap. A name that several skills or technologies share is ambiguous and skipped,
// unless one of them is curated; a title several roles share goes to the curated one, else
// to the occupation it names (O*NET names are plural, and match in the singular too:
// "Registered Nurse" is Registered Nurses), else to the first by id.
//
// Besides the graph's names, the dictionary derives short forms, used only where no node
// has that name: an O*NET technology without its vendor ("IBM Terraform": Terraform,
// "Apache Kafka": Kafka) or a trailing "software" or "CI" after a capitalised name
// ("Jenkins CI": Jenkins, but not "Help desk software": Help desk); a
// curated role in the plural, and with Engineer for Developer ("Senior Backend Engineer": Senior Backend Developer). A one-word short form
// must be capitalised and, unless its spelling is distinctive (JIRA, AutoCAD), not start
// a sentence: "Oracle Database" must not make every "database" a mention.
package extract

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graphversion"
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
	// Soft skills (communication, teamwork, mentoring) and "caching" are not here: written in
	// lower case in a job ad they mean the skill.
	"integration": true, "networking": true, "compliance": true,
	"security": true, "design": true, "testing": true, "management": true,
}

// vendors are the prefixes an O*NET technology example carries that job ads leave out.
var vendors = []string{"Apache", "IBM", "Microsoft", "Autodesk", "Intuit", "Atlassian", "Google", "Red Hat",
	"HashiCorp", "Oracle", "Amazon", "Adobe", "Apple", "Cisco Systems", "Cisco", "SAP", "Salesforce", "VMware"}

// suffixes are trailing words of O*NET technology examples that job ads leave out.
var suffixes = []string{" software", " CI"}

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
	capital   bool   // match only a capitalised word (one-word role titles and short forms)
	ambiguous bool
	// derived: a short form of a name (see the package comment), 1 vendor, 2 suffix, 3 a
	// role's variant; 0 for the graph's own names. A lower rank wins a shared short form.
	derived int
	// isName: a role title that is the role's name or its singular.
	isName bool
}

// kindRank prefers technologies, then skills, then roles when one name is all three.
var kindRank = map[domain.Kind]int{domain.KindTechnology: 0, domain.KindSkill: 1, domain.KindRole: 2}

// Build makes a dictionary from nodes and their names.
func Build(nodes []store.DictionaryNode) *Dictionary {
	d := &Dictionary{root: &trie{}}
	type short struct {
		n       store.DictionaryNode
		name    string
		derived int
	}
	var shorts []short
	for _, n := range nodes {
		curated := strings.HasPrefix(sourceOf(n.Node), "seed:")
		roleName := ""
		if r, ok := n.Node.(*domain.Role); ok {
			roleName = r.Name
		}
		names := n.Names
		if rest, ok := strings.CutSuffix(roleName, "s"); ok && !curated && !strings.HasSuffix(rest, "s") {
			names = append(names[:len(names):len(names)], rest) // the occupation's name in the singular
		}
		for _, name := range names {
			key := keyOf(name)
			if key == nil {
				continue
			}
			e := &entry{kind: n.Kind, node: n.Node, spelling: name,
				sensitive: len(key) == 1 && (commonWords[key[0]] || shortWord(key[0])),
				capital:   len(key) == 1 && n.Kind == domain.KindRole,
				isName:    roleName != "" && (name == roleName || name+"s" == roleName && !curated)}
			d.add(key, e, curated)
			for _, v := range variants(n.Kind, curated, name) {
				shorts = append(shorts, short{n, v.name, v.derived})
			}
		}
	}
	// Short forms after every real name, so a real name always wins.
	for _, sf := range shorts {
		key := keyOf(sf.name)
		if key == nil || d.has(key) {
			continue
		}
		e := &entry{kind: sf.n.Kind, node: sf.n.Node, spelling: sf.name, derived: sf.derived,
			sensitive: len(key) == 1 && (commonWords[key[0]] || shortWord(key[0])),
			capital:   len(key) == 1, isName: sf.n.Kind == domain.KindRole && sf.derived == 3}
		d.addShort(key, e)
	}
	return d
}

func keyOf(name string) []string {
	toks := tokens(name)
	if len(toks) == 0 {
		return nil
	}
	key := make([]string, len(toks))
	for i, t := range toks {
		key[i] = strings.ToLower(t.text)
	}
	return key
}

type variant struct {
	name    string
	derived int
}

// variants derives the short forms of a name (see the package comment).
func variants(k domain.Kind, curated bool, name string) []variant {
	var out []variant
	switch {
	case k == domain.KindTechnology && !curated:
		base := name
		for _, v := range vendors {
			if rest, ok := strings.CutPrefix(base, v+" "); ok && rest != "" {
				out = append(out, variant{rest, 1})
				base = rest
				break
			}
		}
		for _, sf := range suffixes {
			// "Ansible software" is the product Ansible; "Help desk software" a category.
			if rest, ok := strings.CutSuffix(base, sf); ok && rest != "" && capitalised(rest) {
				out = append(out, variant{rest, 2})
			}
		}
	case k == domain.KindRole && curated:
		forms := []string{name, name + "s"}
		if strings.Contains(name, "Developer") {
			e := strings.ReplaceAll(name, "Developer", "Engineer")
			forms = append(forms, e, e+"s")
		}
		for _, f := range forms[1:] {
			out = append(out, variant{f, 3})
		}
	}
	return out
}

// capitalised: every word starts with a capital or a digit.
func capitalised(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// distinctive: a spelling no English word has (an inner capital or a digit: JIRA, AutoCAD).
func distinctive(s string) bool {
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// has reports whether a real name ends at key.
func (d *Dictionary) has(key []string) bool {
	t := d.root
	for _, k := range key {
		if t = t.next[k]; t == nil {
			return false
		}
	}
	return t.hit != nil && t.hit.derived == 0
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

// at returns the trie node of key, made on the way.
func (d *Dictionary) at(key []string) *trie {
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
	return t
}

func (d *Dictionary) add(key []string, e *entry, curated bool) {
	t := d.at(key)
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
	case e.kind == domain.KindRole:
		// A title several occupations share: the one it names, else the first by id.
		if e.beats(old) {
			t.hit = e
		}
	default:
		old.ambiguous = true
	}
}

// beats: of two roles with one title, the one it names, else the first by id.
func (e *entry) beats(old *entry) bool {
	return e.isName && !old.isName || e.isName == old.isName && domain.IDOf(e.node) < domain.IDOf(old.node)
}

// addShort adds a short form where no real name ends (see Build): of two nodes deriving
// the same, the better derivation wins, and for roles the rules of add.
func (d *Dictionary) addShort(key []string, e *entry) {
	t := d.at(key)
	old := t.hit
	switch {
	case old == nil || e.derived < old.derived:
		t.hit = e
	case old.node == e.node || e.derived > old.derived:
	case e.kind == domain.KindRole && old.kind == domain.KindRole:
		if strings.HasPrefix(sourceOf(e.node), "seed:") || e.beats(old) {
			t.hit = e
		}
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

func isUpperAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
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
			if t.hit.capital && (!isUpperAt(toks[i].text, 0) ||
				t.hit.derived > 0 && t.hit.kind != domain.KindRole && toks[i].sentence && !distinctive(t.hit.spelling)) {
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

// Extractor keeps a dictionary in step with the graph: when Version says the graph changed
// (a write through this process at once, another process's within its Recheck), the next
// extraction starts a rebuild in the background and the new dictionary is swapped in once
// built. Extractions meanwhile use the one they have (a rebuild reads every name and alias
// of the graph, which took hundreds of milliseconds under writes), so a write is seen as
// soon as its rebuild is done. With no Version, the first dictionary is kept.
type Extractor struct {
	Store   *store.Store
	Version *graphversion.Watcher

	mu       sync.Mutex
	dict     *Dictionary
	version  int64 // graph version dict was built at
	building bool  // a rebuild runs in the background
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

// dictionary returns the current dictionary, and starts a rebuild when the graph has moved
// past it. Only the first call waits for a build.
func (x *Extractor) dictionary(ctx context.Context) (*Dictionary, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.dict == nil { // checked under the lock, so a burst of first requests builds once
		nodes, at, err := x.Store.Dictionary(ctx)
		if err != nil {
			return nil, err
		}
		x.dict, x.version = Build(nodes), at
		return x.dict, nil
	}
	if x.Version != nil && !x.building {
		if v, ok := x.Version.Current(); ok && v > x.version {
			x.building = true
			go x.rebuild()
		}
	}
	return x.dict, nil
}

// rebuild builds a new dictionary and swaps it in. On an error the next extraction tries
// again.
func (x *Extractor) rebuild() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	nodes, v, err := x.Store.Dictionary(ctx)
	var dict *Dictionary
	if err == nil {
		dict = Build(nodes)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.building = false
	if err == nil && v > x.version {
		x.dict, x.version = dict, v
	}
}
