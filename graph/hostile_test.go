package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// defaultLimits are the defaults of config.go's settings.
var defaultLimits = httpapi.QueryLimits{MaxDepth: 15, MaxComplexity: 250000, MaxFields: 500, MaxAliases: 30,
	MaxTokens: 15000, MaxInputDepth: 32, MaxDirectives: 50, MaxFragments: 100, MaxFilterConditions: 20}

// repeat joins n copies of f(i).
func repeat(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
	}
	return b.String()
}

// TestHostileInput sends small documents that cost seconds of CPU, gigabytes of memory or
// seconds of Neo4j planning when their guard is missing (each measured so without it). Each
// is refused with its code by a server with only that guard, and by one with the defaults;
// the refusal is short (no echo of the input). One time limit covers the whole test: with
// any guard missing it is exceeded (or the answer is wrong).
func TestHostileInput(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	post := func(t *testing.T, a *api, query string) (int, response, []byte) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("the whole test ran out of time (a guard is missing?): %v", err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var r response
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("status %d, body %.200s: %v", res.StatusCode, raw, err)
		}
		return res.StatusCode, r, raw
	}
	cycle := repeat(1000, func(i int) string {
		return " fragment F" + strconv.Itoa(i) + " on Query { ...F" + strconv.Itoa((i+1)%1000) + " }"
	})
	conds := repeat(1000, func(i int) string { return `{name: {contains: "x` + strconv.Itoa(i) + `"}}, ` })
	for _, c := range []struct {
		name, query string
		guard       httpapi.QueryLimits // the one limit that refuses it
		code        string
	}{
		// Validation compares every pair of fields with one response name: quadratic.
		{"RepeatedField", "{" + strings.Repeat(" __typename", 10000) + " }", httpapi.QueryLimits{MaxFields: 500}, "FIELD_LIMIT_EXCEEDED"},
		{"Aliases", "{" + repeat(5000, func(i int) string { return " a" + strconv.Itoa(i) + ": __typename" }) + " }",
			httpapi.QueryLimits{MaxAliases: 30}, "ALIAS_LIMIT_EXCEEDED"},
		// The parser recurses once per level.
		{"DeepSelection", strings.Repeat("{a", 300000) + strings.Repeat("}", 300000), httpapi.QueryLimits{MaxDepth: 15}, "DEPTH_LIMIT_EXCEEDED"},
		{"DeepList", `{ role(id: ` + strings.Repeat("[", 300000) + strings.Repeat("]", 300000) + `) { id: slug } }`,
			httpapi.QueryLimits{MaxInputDepth: 32}, "INPUT_DEPTH_LIMIT_EXCEEDED"},
		{"DeepObject", `{ roles(where: ` + strings.Repeat("{NOT: ", 100000) + "{}" + strings.Repeat("}", 100000) + `) { totalCount } }`,
			httpapi.QueryLimits{MaxInputDepth: 32}, "INPUT_DEPTH_LIMIT_EXCEEDED"},
		{"WideList", `{ roles(where: {id: {in: [` + strings.Repeat(`7, `, 250000) + `]}}) { totalCount } }`,
			httpapi.QueryLimits{MaxTokens: 15000}, "TOKEN_LIMIT_EXCEEDED"},
		{"Directives", "{ __typename" + strings.Repeat(" @include(if: true)", 10000) + " }", httpapi.QueryLimits{MaxDirectives: 50}, "DIRECTIVE_LIMIT_EXCEEDED"},
		{"FragmentCycle", "{ ...F0 }" + cycle, httpapi.QueryLimits{}, "GRAPHQL_VALIDATION_FAILED"},
		{"Fragments", "{ ...F0 }" + repeat(1000, func(i int) string {
			return " fragment F" + strconv.Itoa(i) + " on Query { __typename" + map[bool]string{true: " ...F" + strconv.Itoa(i+1)}[i < 999] + " }"
		}), httpapi.QueryLimits{MaxFragments: 100}, "FRAGMENT_LIMIT_EXCEEDED"},
		// Neo4j plans a conjunction of N predicates in time that grows faster than N.
		{"WideFilter", `{ roles(where: {AND: [` + conds + `]}) { totalCount } }`, httpapi.QueryLimits{MaxFilterConditions: 20}, "FILTER_LIMIT_EXCEEDED"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, limits := range []httpapi.QueryLimits{c.guard, defaultLimits} {
				a := serve(t, st, func(cfg *httpapi.HandlerConfig) { cfg.QueryLimits = limits })
				status, r, raw := post(t, a, c.query)
				if len(r.Errors) == 0 {
					t.Fatalf("limits %+v: answered, status %d", limits, status)
				}
				if code := r.Errors[0].Extensions["code"]; limits == c.guard && code != c.code {
					t.Errorf("limits %+v: want %s, got %v: %.300s", limits, c.code, code, r.Errors[0].Message)
				}
				if len(raw) > 2000 || r.Data != nil {
					t.Errorf("limits %+v: a refusal of %d bytes (data %v): %.300s", limits, len(raw), r.Data, raw)
				}
			}
		})
	}
}

// TestHostileResponses: however many errors a request makes, and whatever they quote of
// the input, the answer stays small.
func TestHostileResponses(t *testing.T) {
	a := mustAPIWith(t, func(c *httpapi.HandlerConfig) {}) // no document limits
	r := a.Do(t, "{ __typename"+strings.Repeat(" @include(if: true)", 200)+" }", nil)
	if len(r.Errors) != 11 || r.Errors[10].Extensions["code"] != "TOO_MANY_ERRORS" || r.Errors[10].Extensions["omitted"] != float64(189) {
		t.Errorf("%d errors, the last %+v", len(r.Errors), r.Errors[len(r.Errors)-1])
	}
	// Validation quotes the value of the wrong type.
	r = a.Do(t, `{ role(id: [`+strings.Repeat(`"secret", `, 5000)+`]) { id: slug } }`, nil)
	if len(r.Errors) != 1 || len(r.Errors[0].Message) > 320 || strings.Count(r.Errors[0].Message, "secret") > 40 {
		t.Errorf("%d errors, the first of %d bytes: %.400s", len(r.Errors), len(r.Errors[0].Message), r.Errors[0].Message)
	}
	// Variables are bounded like literals, and their filter conditions count.
	b := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.QueryLimits = defaultLimits })
	deep := any("x")
	for range 40 {
		deep = []any{deep}
	}
	r = b.Do(t, `query($id: ID!) { role(id: $id) { id: slug } }`, map[string]any{"id": deep})
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INPUT_DEPTH_LIMIT_EXCEEDED" {
		t.Errorf("deep variables: %+v", r.Errors)
	}
	var and []any
	for i := range 21 {
		and = append(and, map[string]any{"name": map[string]any{"contains": strconv.Itoa(i)}})
	}
	r = b.Do(t, `query($w: RoleWhere) { roles(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"AND": and}})
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "FILTER_LIMIT_EXCEEDED" {
		t.Errorf("wide filter in variables: %+v", r.Errors)
	}
	r = b.Do(t, `query($w: RoleWhere) { roles(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"AND": and[:20]}})
	if len(r.Errors) != 0 {
		t.Errorf("20 conditions: %+v", r.Errors)
	}
	// A body of undeclared length (chunked) over the limit is a 413 like a declared one.
	req, _ := http.NewRequest(http.MethodPost, b.URL+"/graphql", io.MultiReader(strings.NewReader(`{"query": "{ __typename }", "x": "`),
		strings.NewReader(strings.Repeat("x", 2<<20)), strings.NewReader(`"}`)))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || req.ContentLength != 0 {
		t.Errorf("chunked body: status %d (content length %d)", res.StatusCode, req.ContentLength)
	}
	req, _ = http.NewRequest(http.MethodPost, b.URL+"/graphql", io.MultiReader(strings.NewReader(`{"query": "{ __typename }"}`)))
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("small chunked body: %v %v", res, err)
	}
}

// TestPrivateSchema: with introspection off, nothing names the schema: no suggestions in
// validation errors, introspection refused with its own code (not INTERNAL, not logged as
// an error); with AUTH_READS a caller without a token gets nothing past UNAUTHENTICATED.
func TestPrivateSchema(t *testing.T) {
	var logs syncBuffer
	a := mustAPIWith(t, func(c *httpapi.HandlerConfig) {
		c.DisableIntrospection = true
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	for _, q := range []string{
		`{ role(id: "backend-developer") { nam } }`,                  // field
		`{ role(idd: "backend-developer") { name } }`,                // argument
		`{ roles(orderBy: [{field: NAM}]) { totalCount } }`,          // enum value
		`{ roles(where: {nam: {eq: "x"}}) { totalCount } }`,          // input field
		`query($w: RoleWher) { roles(where: $w) { totalCount } }`,    // type
		`{ role(id: "backend-developer") { skills } }`,               // leaf
		`mutation { creatRole(input: {id: "x", name: "x"}) { id } }`, // mutation
	} {
		r := a.Do(t, q, nil)
		if len(r.Errors) == 0 {
			t.Errorf("%s: answered", q)
		}
		for _, e := range r.Errors {
			if strings.Contains(e.Message, "Did you mean") {
				t.Errorf("%s: %s", q, e.Message)
			}
		}
	}
	for _, q := range []string{`{ __schema { queryType { name } } }`, `{ t: __type(name: "Role") { name } }`} {
		r := a.Do(t, q, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INTROSPECTION_DISABLED" || r.Data != nil {
			t.Errorf("%s: %+v", q, r)
		}
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("logged as errors: %s", logs.String())
	}
	if d := a.MustData(t, `{ __typename }`, nil); d["__typename"] != "Query" {
		t.Errorf("__typename: %v", d)
	}
	b := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.Auth.RequireRead = true })
	for _, q := range []string{`{ role(id: "backend-developer") { nam } }`, `{ __schema { queryType { name } } }`} {
		r := b.Do(t, q, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
			t.Errorf("%s without a token: %+v", q, r.Errors)
		}
		if r = b.DoAs(t, "not-a-token", q, nil); len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
			t.Errorf("%s with a bad token: %+v", q, r.Errors)
		}
	}
	if d := b.DoAs(t, viewerToken, `{ role(id: "backend-developer") { name } }`, nil); len(d.Errors) != 0 {
		t.Errorf("with a token: %+v", d.Errors)
	}
}
