package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/skillgraph/skillgraph/domain"
)

// searchQuery ranks nodes by Lucene relevance over name, aliases and description, after
// those named exactly as the query ($exact: lowercased, spaces collapsed, as searchKey),
// then those with that exact alias: Lucene scores "Senior Backend Developer" above "Backend
// Developer" for "backend developer", and an O*NET occupation's dozens of aliases dilute an
// exact alias. The exact ones are an index lookup of the keys every writer keeps
// (n.nameKey, n.aliasKeys: searchKeysSet) in the keyword index keyIndex, so no hit's
// aliases are read. Lucene returns only its $limit best hits: a common word ("software")
// matches thousands of nodes, and handing all of them to Cypher cost 10 ms. Search checks
// that the cut cannot change the page and asks again with a larger $limit when it could.
const searchQuery = `
CALL {
  CALL db.index.fulltext.queryNodes('` + keyIndex + `', $keys, {limit: $limit}) YIELD node
  WITH node, [l IN labels(node) WHERE l IN $kinds][0] AS kind
  WHERE kind IS NOT NULL
  RETURN collect({node: node, kind: kind, exact: CASE WHEN node.nameKey = $exact THEN 2 ELSE 1 END}) AS exacts
}
CALL {
  CALL db.index.fulltext.queryNodes('` + searchIndex + `', $query, {limit: $limit}) YIELD node, score
  WITH node, score, [l IN labels(node) WHERE l IN $kinds][0] AS kind
  ORDER BY score DESC, node.id
  RETURN collect({node: node, score: score, kind: kind}) AS rows, min(score) AS lowest
}
WITH rows, lowest,
     [e IN exacts | e {.*, score: coalesce(head([r IN rows WHERE r.node = e.node | r.score]), 0.0)}] AS exacts
CALL (rows, exacts) {
  UNWIND exacts AS e
  WITH e ORDER BY e.exact DESC, e.score DESC, e.node.id
  RETURN collect(e) AS exact
}
// Properties (an O*NET occupation has dozens of aliases) only for the page, and only those
// the selection shows (the projection of n, filled in by Search).
CALL (rows, exact) {
  UNWIND (exact + [r IN rows WHERE r.kind IS NOT NULL AND NOT r.node IN [e IN exact | e.node]])[..$first] AS r
  WITH r, r.node AS n
  RETURN collect({kind: r.kind, n: %s, score: r.score, exact: coalesce(r.exact, 0)}) AS hits
}
RETURN size(rows) AS fetched, lowest, hits`

// searchKey is the key of a name or alias that exact search matches: lowercased, split at
// spaces, empty words dropped (searchKeyOf is the same in Cypher).
func searchKey(s string) string {
	var words []string
	for _, w := range strings.Split(strings.ToLower(s), " ") {
		if w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// searchKeyOf is searchKey in Cypher, of the expression x.
func searchKeyOf(x string) string {
	return `reduce(k = '', w IN split(toLower(` + x + `), ' ') | CASE WHEN w = '' THEN k WHEN k = '' THEN w ELSE k + ' ' + w END)`
}

// searchKeysSet keeps the exact-search keys of node v from its name and aliases: every
// writer of a name or aliases ends with it (Apply, CreateNode, UpdateNode, the imports).
func searchKeysSet(v string) string {
	return "\nSET " + v + ".nameKey = " + searchKeyOf(v+".name") + ", " + v + ".aliasKeys = [a IN coalesce(" + v + ".aliases, []) | " + searchKeyOf("a") + "]"
}

// keysQuery writes the exact-search keys of every node: for a graph written before they
// were kept (RefreshStats).
var keysQuery = `
MATCH (n) WHERE n:Role OR n:Skill OR n:Technology OR n:Industry
CALL { WITH n` + searchKeysSet("n") + ` } IN TRANSACTIONS OF 10000 ROWS`

// keyQuery is the keyword index's query for the exact key k: a phrase, which the keyword
// analyzer keeps whole, with Lucene's phrase specials escaped.
func keyQuery(k string) string {
	k = strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(k)
	return `nameKey:"` + k + `" OR aliasKeys:"` + k + `"`
}

// exactLimit is the fewest hits Lucene hands over: enough that an occupation whose
// alternate title is the query, outscored by longer names containing it, is among them.
const exactLimit = 100

// MaxSearchLength bounds the query text: longer input is rejected, not truncated.
const MaxSearchLength = 200

// Search ranks nodes of the given kinds (all when empty) by full-text relevance, reading
// props of each hit (nil: all).
func (s *Store) Search(ctx context.Context, text string, kinds []domain.Kind, first int, props []string) ([]*domain.SearchHit, error) {
	if len(text) > MaxSearchLength {
		return nil, domain.InvalidField("query", "query is longer than %d characters", MaxSearchLength)
	}
	q := LuceneQuery(text)
	if q == "" {
		return nil, domain.InvalidField("query", "query has no words to search for")
	}
	if len(kinds) == 0 {
		kinds = domain.SearchKinds
	}
	kindList := make([]any, 0, len(kinds))
	for _, k := range kinds {
		if !k.Valid() {
			return nil, domain.InvalidField("kinds", "unknown kind %q", k)
		}
		if !slices.Contains(domain.SearchKinds, k) {
			return nil, domain.InvalidField("kinds", "%s is not searched: filter its list by name instead", k.EnumName())
		}
		kindList = append(kindList, string(k))
	}
	if first <= 0 {
		return nil, nil
	}
	// Enough for the page, some ties and exact matches in the common case; grown when not
	// enough.
	limit := max(2*first+10, exactLimit)
	cypher := fmt.Sprintf(searchQuery, projection("n", props))
	exact := searchKey(text)
	for {
		recs, err := s.read(ctx, cypher, map[string]any{"query": q, "exact": exact, "keys": keyQuery(exact), "kinds": kindList,
			"limit": int64(limit), "first": int64(first)})
		if err != nil {
			return nil, err
		}
		m := recs[0].AsMap()
		hits := make([]*domain.SearchHit, 0, first)
		lastExact := false
		for _, x := range m["hits"].([]any) {
			h := x.(map[string]any)
			k := domain.Kind(h["kind"].(string))
			hits = append(hits, &domain.SearchHit{Kind: k, Node: toKind(k, h["n"].(map[string]any)), Score: toFloat(h["score"])})
			lastExact = h["exact"].(int64) > 0
		}
		// Complete unless Lucene may have left out a hit that belongs on the page: when all
		// limit came back and either fewer than first were of the wanted kinds, or the last
		// returned ties with the last on the page (Lucene breaks ties its own way). A page
		// that ends with an exact match is complete: exact matches beyond Lucene's best
		// limit hits are not looked for.
		if int(m["fetched"].(int64)) < limit || (len(hits) == first && (lastExact || toFloat(m["lowest"]) < hits[first-1].Score)) {
			return hits, nil
		}
		limit *= 4
	}
}

// LuceneQuery turns user text into a Lucene query that cannot be malformed: the text is cut
// into words (letters and digits), each word is matched exactly or as a prefix, and names
// weigh more than aliases, aliases more than descriptions. Several words also match as a
// phrase, strongly: an O*NET occupation has dozens of aliases, which dilutes a single-word
// alias hit, so without it "AngularJS Developer" would rank any "... Developer" role above
// the occupation that has exactly that title. Lucene syntax in the input is never
// interpreted.
func LuceneQuery(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > 16 { // enough for any real query; bounds the Lucene clause count
		words = words[:16]
	}
	var b strings.Builder
	for _, w := range words {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		// Words hold only letters and digits, so they need no escaping.
		b.WriteString("name:" + w + "^4 aliases:" + w + "^3 description:" + w + " name:" + w + "*^2 aliases:" + w + "*")
	}
	if len(words) > 1 {
		phrase := `"` + strings.Join(words, " ") + `"`
		b.WriteString(" name:" + phrase + "^20 aliases:" + phrase + "^15")
	}
	return b.String()
}
