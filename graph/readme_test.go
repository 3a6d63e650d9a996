package graph_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/graph/generated"
)

// TestREADMEExamples runs every graphql block of the README as pasted, on the seed: each is
// one valid document, answers without errors, and every root field has something in it
// (blocks that say they need `make import-onet` may be empty on the seed).
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) < 5 {
		t.Fatalf("only %d graphql blocks in the README", len(blocks))
	}
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	a := MustAPI(t)
	for i, b := range blocks {
		query := string(b[1])
		doc, errs := gqlparser.LoadQuery(schema, query)
		if errs != nil {
			t.Errorf("block %d does not run as pasted: %v\n%s", i+1, errs, query)
			continue
		}
		if len(doc.Operations) != 1 || doc.Operations[0].Operation != ast.Query {
			t.Errorf("block %d: %d operations, want one query", i+1, len(doc.Operations))
			continue
		}
		r := a.Do(t, query, nil)
		if len(r.Errors) > 0 {
			t.Errorf("block %d: %+v\n%s", i+1, r.Errors, query)
			continue
		}
		if strings.Contains(query, "import-onet") {
			continue
		}
		for field, v := range r.Data {
			if empty(v) {
				t.Errorf("block %d: %s is empty on the seed: %v\n%s", i+1, field, v, query)
			}
		}
	}
}

// empty: null, an empty list, or a connection without edges.
func empty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case []any:
		return len(v) == 0
	case map[string]any:
		if edges, ok := v["edges"]; ok {
			return empty(edges)
		}
		for _, f := range v {
			if !empty(f) {
				return false
			}
		}
		return len(v) == 0
	}
	return false
}
