package httpapi

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/skillgraph/skillgraph/domain"
)

// TestScanDocument checks the pre-pass's counts on documents whose shape is known, written
// in every way the grammar allows (strings and comments holding brackets, aliases, inline
// fragments, spreads, variable definitions, directives).
func TestScanDocument(t *testing.T) {
	limits := QueryLimits{MaxDepth: 3, MaxFields: 6, MaxAliases: 1, MaxTokens: 60, MaxInputDepth: 2, MaxDirectives: 2, MaxFragments: 2}
	for _, c := range []struct {
		name, doc string
		code      string // "" passes
	}{
		{"Plain", `{ a { b { c } } }`, ""},
		{"Deep", `{ a { b { c { d } } } }`, domain.EDEPTH},
		{"InlineFragmentsAddNoDepth", `{ a { ... on T { b { ... @include(if: true) { c } } } } }`, ""},
		{"SpreadDepth", `{ a { ...F } } fragment F on T { b { c } }`, ""},
		{"SpreadTooDeep", `{ a { b { ...F } } } fragment F on T { c { d } }`, domain.EDEPTH},
		{"FieldsThroughSpreads", `{ ...F ...F } fragment F on T { a b c }`, ""},
		{"TooManyThroughSpreads", `{ ...F ...F x } fragment F on T { a b c }`, domain.EFIELDS},
		{"FieldsOfAllOperations", `query A { a b c } query B { d e f g }`, domain.EFIELDS},
		{"Alias", `{ x: a a: a }`, ""},
		{"Aliases", `{ x: a y: b }`, domain.EALIASES},
		{"AliasesThroughSpreads", `{ ...F ...F } fragment F on T { x: a }`, domain.EALIASES},
		{"BracketsInStringsAndComments", "{ a(s: \"{{{[[[\", t: \"\"\"{{{ \\\"\"\" [[[\"\"\") # {{{{ [[[[\n { b } }", ""},
		{"InputDepth", `{ a(x: [{ y: [1] }]) }`, domain.EINPUTDEPTH},
		{"InputDepthOK", `query($v: [Int] = [1]) { a(x: { y: [1] }) }`, ""},
		{"VariableTypeDepth", `query($v: [[[Int]]]) { a }`, domain.EINPUTDEPTH},
		{"Directives", `query @a { b @c @d }`, domain.EDIRECTIVES},
		{"Fragments", `{ ...A ...B ...C } fragment A on T { a } fragment B on T { b } fragment C on T { c }`, domain.EFRAGMENTS},
		{"Cycle", `{ ...A } fragment A on T { ...B } fragment B on T { ...A }`, "GRAPHQL_VALIDATION_FAILED"},
		{"Unused", `{ a } fragment A on T { b }`, "GRAPHQL_VALIDATION_FAILED"},
		{"UnknownSpreadLeftToValidation", `{ ...Nope }`, ""},
		{"Tokens", "{ a(" + strings.Repeat("x: 1 ", 20) + ") }", domain.ETOKENS},
		{"CommentsAreTokens", "{ a\n" + strings.Repeat("# c\n", 60) + " }", domain.ETOKENS},
		{"SyntaxErrorLeftToParser", `{ a ] { b { c { d { e } } } } }`, ""},
		{"KeywordsAsNames", `query fragment { fragment on: on query }`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := scanDocument(c.doc, limits, false)
			switch {
			case c.code == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.code != "" && (err == nil || err.Extensions["code"] != c.code):
				t.Errorf("want %s, got %v", c.code, err)
			}
		})
	}
	t.Run("Introspection", func(t *testing.T) {
		for doc, refused := range map[string]bool{
			`{ __schema { types { name } } }`:      true,
			`{ t: __type(name: "Role") { name } }`: true,
			`{ __typename }`:                       false,
			`{ __schema: __typename }`:             false,
		} {
			if err := scanDocument(doc, QueryLimits{}, true); (err != nil) != refused || err != nil && err.Extensions["code"] != domain.EINTROSPECTION {
				t.Errorf("%s: %v", doc, err)
			}
			if err := scanDocument(doc, QueryLimits{}, false); err != nil {
				t.Errorf("%s with introspection on: %v", doc, err)
			}
		}
	})
}

// TestParserTokenLimitIsABackstop: a document the pre-pass lets through at exactly
// MAX_TOKENS is not refused by the parser's own limit, which the handler sets one higher.
func TestParserTokenLimitIsABackstop(t *testing.T) {
	for _, doc := range []string{
		`{ a }`,
		"# comment\n{ a(x: [1, 2], y: {z: \"\"\"s\"\"\"}) @d { ...F ... on T { b } } } # end",
		`query Q($v: [Int!] = [1]) { a(v: $v) ...F } fragment F on T { c }`,
	} {
		n := 1 // the fewest tokens the pre-pass accepts the document with
		for ; n < 100; n++ {
			if err := scanDocument(doc, QueryLimits{MaxTokens: n}, false); err == nil || err.Extensions["code"] != domain.ETOKENS {
				break
			}
		}
		if _, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: doc}, n+1); err != nil {
			t.Errorf("%s (%d tokens): %v", doc, n, err)
		}
	}
}
