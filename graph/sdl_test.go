package graph_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/graph/generated"
	"github.com/skillgraph/skillgraph/httpapi"
)

// TestSchemaSDL: GET /schema.graphql serves the schema as SDL that loads back into the same
// types and fields, with descriptions; it is off with introspection.
func TestSchemaSDL(t *testing.T) {
	get := func(a *api) (*http.Response, string) {
		t.Helper()
		res, err := http.Get(a.URL + "/schema.graphql")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := get(MustAPI(t))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/graphql") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	loaded, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: body})
	if err != nil {
		t.Fatalf("the SDL does not load: %v", err)
	}
	want := generated.NewExecutableSchema(generated.Config{}).Schema()
	for name, def := range want.Types {
		if def.BuiltIn {
			continue
		}
		got := loaded.Types[name]
		if got == nil {
			t.Errorf("type %s missing", name)
			continue
		}
		if len(got.Fields) != len(def.Fields) || len(got.EnumValues) != len(def.EnumValues) || got.Description != def.Description {
			t.Errorf("type %s: %d fields, %d values, %q; want %d, %d, %q", name, len(got.Fields), len(got.EnumValues), got.Description,
				len(def.Fields), len(def.EnumValues), def.Description)
		}
	}
	if strings.Contains(body, "__Schema") || !strings.Contains(body, "type Role implements Node") {
		t.Errorf("SDL:\n%.500s", body)
	}

	closed := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.DisableIntrospection = true })
	if res, _ := get(closed); res.StatusCode != http.StatusNotFound {
		t.Errorf("with introspection off: %d", res.StatusCode)
	}
}
