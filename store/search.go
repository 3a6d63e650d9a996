package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/skillgraph/skillgraph/domain"
)

// searchQuery ranks nodes by Lucene relevance over name, aliases and description, after
// those named exactly as the query ($exact: lowercased, spaces collapsed), then those with
// that exact alias: Lucene scores "Senior Backend Developer" above "Backend Developer" for
// "backend developer", and an O*NET occupation's dozens of aliases dilute an exact alias.
// Lucene returns only its $limit best hits: a common word ("software") matches thousands of
// nodes, and handing all of them to Cypher cost 10 ms. Search checks that the cut cannot
// change the page and asks again with a larger $limit when it could.
const searchQuery = `
CALL db.index.fulltext.queryNodes('` + searchIndex + `', $query, {limit: $limit}) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l IN $kinds][0] AS kind
WITH node, score, kind, CASE WHEN kind IS NULL THEN 0
  WHEN toLower(node.name) = $exact THEN 2
  WHEN any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $exact) THEN 1 ELSE 0 END AS exact
ORDER BY exact DESC, score DESC, node.id
WITH collect({node: node, score: score, kind: kind, exact: exact}) AS rows, min(score) AS lowest
// Properties (an O*NET occupation has dozens of aliases) only for the page, and only those
// the selection shows (the projection of n, filled in by Search).
CALL (rows) {
  UNWIND [r IN rows WHERE r.kind IS NOT NULL][..$first] AS r
  WITH r, r.node AS n
  RETURN collect({kind: r.kind, n: %s, score: r.score, exact: r.exact}) AS hits
}
RETURN size(rows) AS fetched, lowest, hits`

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
		kinds = domain.Kinds
	}
	kindList := make([]any, 0, len(kinds))
	for _, k := range kinds {
		if !k.Valid() {
			return nil, domain.InvalidField("kinds", "unknown kind %q", k)
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
	exact := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	for {
		recs, err := s.read(ctx, cypher, map[string]any{"query": q, "exact": exact, "kinds": kindList, "limit": int64(limit), "first": int64(first)})
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
