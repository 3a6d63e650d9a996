package store

import (
	"context"
	"strings"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// searchQuery ranks nodes by Lucene relevance over name, aliases and description. The kinds
// filter runs before the limit so that asking for one kind still fills the page.
const searchQuery = `
CALL db.index.fulltext.queryNodes('` + searchIndex + `', $query) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l IN $kinds][0] AS kind
WHERE kind IS NOT NULL
RETURN kind, properties(node) AS n, score
ORDER BY score DESC, node.id
LIMIT $first`

// MaxSearchLength bounds the query text: longer input is rejected, not truncated.
const MaxSearchLength = 200

// Search ranks nodes of the given kinds (all when empty) by full-text relevance.
func (s *Store) Search(ctx context.Context, text string, kinds []domain.Kind, first int) ([]*domain.SearchHit, error) {
	if len(text) > MaxSearchLength {
		return nil, domain.InvalidField("query", "query is longer than %d characters", MaxSearchLength)
	}
	q := luceneQuery(text)
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
	recs, err := s.read(ctx, searchQuery, map[string]any{"query": q, "kinds": kindList, "first": int64(first)})
	if err != nil {
		return nil, err
	}
	hits := make([]*domain.SearchHit, 0, len(recs))
	for _, rec := range recs {
		kind, _, err := neo4j.GetRecordValue[string](rec, "kind")
		if err != nil {
			return nil, err
		}
		m, _, err := neo4j.GetRecordValue[map[string]any](rec, "n")
		if err != nil {
			return nil, err
		}
		score, _, err := neo4j.GetRecordValue[float64](rec, "score")
		if err != nil {
			return nil, err
		}
		k := domain.Kind(kind)
		hits = append(hits, &domain.SearchHit{Kind: k, Node: toKind(k, m), Score: score})
	}
	return hits, nil
}

// luceneQuery turns user text into a Lucene query that cannot be malformed: the text is cut
// into words (letters and digits), each word is matched exactly or as a prefix, and names
// weigh more than aliases, aliases more than descriptions. Several words also match as a
// phrase, strongly: an O*NET occupation has dozens of aliases, which dilutes a single-word
// alias hit, so without it "AngularJS Developer" would rank any "... Developer" role above
// the occupation that has exactly that title. Lucene syntax in the input is never
// interpreted.
func luceneQuery(text string) string {
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
