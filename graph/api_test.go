package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/jsonpath"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/store"
)

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
	status int
	header http.Header
}

// api is a test server over a seeded store.
type api struct {
	*httptest.Server
	st *store.Store
}

// Test tokens: the server keeps only their hashes.
const (
	editorToken = "editor-secret-0123456789"
	viewerToken = "viewer-secret-0123456789"
)

func MustTokens(tb testing.TB) []httpapi.Token {
	tb.Helper()
	tokens, err := httpapi.ParseTokens("editor:read+write:" + httpapi.HashToken(editorToken) + ",viewer:read:" + httpapi.HashToken(viewerToken))
	if err != nil {
		tb.Fatal(err)
	}
	return tokens
}

func MustAPI(tb testing.TB) *api {
	tb.Helper()
	return mustAPI(tb, false)
}

// mustAPI serves the seeded graph with the test tokens; authReads makes reads need one.
func mustAPI(tb testing.TB, authReads bool) *api {
	tb.Helper()
	return mustAPIWith(tb, func(c *httpapi.HandlerConfig) { c.Auth.RequireRead = authReads })
}

// mustAPIWith serves the seeded graph with the test configuration, changed by edit.
func mustAPIWith(tb testing.TB, edit func(*httpapi.HandlerConfig)) *api {
	tb.Helper()
	return serve(tb, neo4jtest.MustSeed(tb), edit)
}

// serve serves st with the test configuration, changed by edit.
func serve(tb testing.TB, st *store.Store, edit func(*httpapi.HandlerConfig)) *api {
	tb.Helper()
	cfg := httpapi.HandlerConfig{
		Graph:          st,
		Insights:       st,
		Extractor:      &extract.Extractor{Store: st, Version: neo4jtest.MustWatch(tb, st, 0)},
		Writer:         st,
		Auth:           httpapi.Auth{Tokens: MustTokens(tb)},
		Limits:         graph.Limits{DefaultFirst: 20, MaxFirst: 100},
		AllowedOrigins: []string{"https://dashboard.example"},
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		MaxBodyBytes:   1 << 20,
	}
	edit(&cfg)
	srv := httptest.NewServer(httpapi.NewHandler(cfg))
	tb.Cleanup(srv.Close)
	return &api{srv, st}
}

// Do posts a GraphQL request and decodes the response, whatever its status.
func (a *api) Do(tb testing.TB, query string, vars map[string]any) response {
	tb.Helper()
	return a.DoAs(tb, "", query, vars)
}

// DoAs is Do with a bearer token ("" for none).
func (a *api) DoAs(tb testing.TB, token, query string, vars map[string]any) response {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var out response
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("status %d, body %s: %v", res.StatusCode, raw, err)
	}
	out.status, out.header = res.StatusCode, res.Header
	return out
}

// MustData posts a query that must succeed and returns its data.
func (a *api) MustData(tb testing.TB, query string, vars map[string]any) map[string]any {
	tb.Helper()
	r := a.Do(tb, query, vars)
	if len(r.Errors) > 0 || r.status != http.StatusOK {
		tb.Fatalf("status %d, errors %+v", r.status, r.Errors)
	}
	return r.Data
}

// get walks a decoded JSON value: get(v, "role", "skills", "edges", 0, "node", "id").
func get(v any, path ...any) any { return jsonpath.Get(v, path...) }

func edgeIDs(conn any) []string {
	var out []string
	for _, e := range get(conn, "edges").([]any) {
		out = append(out, get(e, "node", "id").(string))
	}
	return out
}

func TestQueries(t *testing.T) {
	a := MustAPI(t)

	t.Run("RoleWithEveryRelationship", func(t *testing.T) {
		d := a.MustData(t, `query($id: ID!) { role(id: $id) {
			id: slug name description aliases source
			skills(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
				edges { cursor importance essential source node { id: slug name category } } }
			technologies { totalCount edges { importance node { id: slug name category } } }
			industries { totalCount edges { node { id: slug name } } }
			specializes { edges { node { id: slug } } }
			specializations { totalCount }
			nextRoles { totalCount }
			previousRoles { totalCount }
		} }`, map[string]any{"id": "api-developer"})
		role := d["role"]
		if get(role, "name") != "API Developer" || get(role, "source") != "seed:000_d28c1e976b714264.txt" ||
			get(role, "description") == "" || len(strSlice(get(role, "aliases"))) == 0 {
			t.Errorf("role %v", role)
		}
		skills := get(role, "skills")
		if get(skills, "totalCount") != 8.0 || get(skills, "pageInfo", "hasNextPage") != true || len(get(skills, "edges").([]any)) != 2 {
			t.Errorf("skills %v", skills)
		}
		if e := get(skills, "edges", 0); get(e, "importance") != 5.0 || get(e, "essential") != true || get(e, "node", "id") != "api-development" {
			t.Errorf("first skill edge %v", e)
		}
		if get(skills, "pageInfo", "endCursor") != get(skills, "edges", 1, "cursor") {
			t.Errorf("endCursor is not the last edge's cursor")
		}
		if get(role, "technologies", "totalCount") != 7.0 || get(role, "technologies", "edges", 0, "node", "id") != "rest" {
			t.Errorf("technologies %v", get(role, "technologies"))
		}
		if got := strings.Join(edgeIDs(get(role, "industries")), ","); got != "cloud-service-providers,financial-institutions,tech-companies" {
			t.Errorf("industries %s", got)
		}
		if got := edgeIDs(get(role, "specializes")); len(got) != 1 || got[0] != "backend-developer" {
			t.Errorf("specializes %v", got)
		}
	})

	t.Run("ReverseDirections", func(t *testing.T) {
		d := a.MustData(t, `{
			skill(id: "containerization") { roles(first: 50) { totalCount edges { importance essential node { id: slug } } }
				technologies { edges { node { id: slug } } } relatedSkills { edges { weight node { id: slug } } } }
			technology(id: "docker") { roles(first: 50) { edges { importance node { id: slug } } } skills { edges { node { id: slug } } } }
			industry(id: "saas") { roles { edges { node { id: slug } } } }
			senior: role(id: "senior-backend-developer") { nextRoles { edges { node { id: slug } } } previousRoles { edges { node { id: slug } } } }
			backend: role(id: "backend-developer") { specializations(first: 100) { totalCount } }
		}`, nil)
		if ids := edgeIDs(get(d, "skill", "roles")); !contains(ids, "backend-systems-architect") || !contains(ids, "devops-engineer") {
			t.Errorf("containerization roles %v", ids)
		}
		if ids := edgeIDs(get(d, "skill", "technologies")); !contains(ids, "docker") {
			t.Errorf("containerization technologies %v", ids)
		}
		rel := get(d, "skill", "relatedSkills", "edges", 0)
		if get(rel, "node", "id") != "container-orchestration" || get(rel, "weight") != 0.9 {
			t.Errorf("related %v", rel)
		}
		// Most important first: Backend Systems Architect names Docker (4); DevOps Engineer implies it (3).
		if ids := edgeIDs(get(d, "technology", "roles")); ids[0] != "backend-systems-architect" || !contains(ids, "devops-engineer") || !contains(ids, "backend-developer") {
			t.Errorf("docker roles %v", ids)
		}
		if ids := edgeIDs(get(d, "industry", "roles")); len(ids) != 1 || ids[0] != "backend-developer-ux-focus" {
			t.Errorf("saas roles %v", ids)
		}
		if ids := edgeIDs(get(d, "senior", "nextRoles")); strings.Join(ids, ",") != "backend-systems-architect,devops-engineer,engineering-manager,software-architect" {
			t.Errorf("next %v", ids)
		}
		if ids := edgeIDs(get(d, "senior", "previousRoles")); len(ids) != 1 || ids[0] != "mid-level-backend-developer" {
			t.Errorf("previous %v", ids)
		}
		if get(d, "backend", "specializations", "totalCount").(float64) < 10 {
			t.Errorf("specializations %v", get(d, "backend"))
		}
	})

	t.Run("UnknownIDsAreNull", func(t *testing.T) {
		r := a.Do(t, `{ role(id: "nope") { id: slug } skill(id: "nope") { id: slug } technology(id: "nope") { id: slug } industry(id: "nope") { id: slug } }`, nil)
		if len(r.Errors) != 0 || len(r.Data) != 4 {
			t.Fatalf("%+v", r)
		}
		for k, v := range r.Data {
			if v != nil {
				t.Errorf("%s = %v", k, v)
			}
		}
	})

	t.Run("ListsPageToTheEnd", func(t *testing.T) {
		for _, field := range []string{"roles", "skills", "technologies", "industries"} {
			seen := map[string]bool{}
			var after any
			total := -1.0
			for i := 0; ; i++ {
				if i > 50 {
					t.Fatal("paging does not end")
				}
				d := a.MustData(t, `query($after: String) { list: `+field+`(first: 7, after: $after) {
					totalCount pageInfo { hasNextPage endCursor } edges { node { id: slug } } } }`, map[string]any{"after": after})
				total = get(d, "list", "totalCount").(float64)
				for _, id := range edgeIDs(get(d, "list")) {
					if seen[id] {
						t.Fatalf("%s: %s twice", field, id)
					}
					seen[id] = true
				}
				if get(d, "list", "pageInfo", "hasNextPage") != true {
					break
				}
				after = get(d, "list", "pageInfo", "endCursor")
			}
			if float64(len(seen)) != total {
				t.Errorf("%s: saw %d, totalCount %v", field, len(seen), total)
			}
		}
	})

	// A relationship page from the start knows hasNextPage from its total (it reads no row
	// past the page); one after a cursor from the row past it. Both must agree with the end.
	t.Run("RelationshipPagesToTheEnd", func(t *testing.T) {
		for _, first := range []int{1, 3, 9, 26, 27, 28} { // backend-developer requires 27 skills
			seen := map[string]bool{}
			var after any
			total := -1.0
			for i := 0; ; i++ {
				if i > 100 {
					t.Fatal("paging does not end")
				}
				d := a.MustData(t, `query($first: Int, $after: String) { role(id: "backend-developer") { skills(first: $first, after: $after) {
					totalCount pageInfo { hasNextPage endCursor } edges { node { id: slug } } } } }`, map[string]any{"first": first, "after": after})
				page := get(d, "role", "skills")
				total = get(page, "totalCount").(float64)
				ids := edgeIDs(page)
				for _, id := range ids {
					if seen[id] {
						t.Fatalf("first %d: %s twice", first, id)
					}
					seen[id] = true
				}
				more := get(page, "pageInfo", "hasNextPage") == true
				if more != (float64(len(seen)) < total) {
					t.Fatalf("first %d, page %d: hasNextPage %v after %d of %v", first, i, more, len(seen), total)
				}
				if !more {
					break
				}
				after = get(page, "pageInfo", "endCursor")
			}
			if float64(len(seen)) != total || total < 2 {
				t.Errorf("first %d: saw %d, totalCount %v", first, len(seen), total)
			}
		}
	})

	t.Run("Search", func(t *testing.T) {
		d := a.MustData(t, `{ search(query: "golang", first: 3) { kind score node { id: slug name ... on Technology { category } } } }`, nil)
		hit := get(d, "search", 0)
		if get(hit, "kind") != "TECHNOLOGY" || get(hit, "node", "id") != "go" || get(hit, "node", "category") != "language" || get(hit, "score").(float64) <= 0 {
			t.Errorf("golang: %v", d["search"])
		}
		// The properties read follow the selection, fragments included.
		d = a.MustData(t, `query { search(query: "postgres", first: 1) { node { id: slug ...A } } } fragment A on Technology { aliases }`, nil)
		if get(d, "search", 0, "node", "id") != "postgresql" || !contains(strSlice(get(d, "search", 0, "node", "aliases")), "Postgres") {
			t.Errorf("postgres: %v", d["search"])
		}
		d = a.MustData(t, `{ search(query: "developer", kinds: [ROLE], first: 5) { kind node { __typename id: slug } } }`, nil)
		if hits := d["search"].([]any); len(hits) != 5 {
			t.Errorf("developer roles: %v", hits)
		}
		for _, h := range d["search"].([]any) {
			if get(h, "kind") != "ROLE" || get(h, "node", "__typename") != "Role" {
				t.Errorf("hit %v", h)
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestErrors(t *testing.T) {
	a := MustAPI(t)
	cases := []struct {
		name, query string
		vars        map[string]any
		code, field string
	}{
		{"FirstOverMax", `{ roles(first: 101) { totalCount } }`, nil, "BAD_USER_INPUT", "first"},
		{"NegativeFirst", `{ skills(first: -1) { totalCount } }`, nil, "BAD_USER_INPUT", "first"},
		{"NestedFirstOverMax", `{ role(id: "api-developer") { skills(first: 1000) { totalCount } } }`, nil, "BAD_USER_INPUT", "first"},
		{"TamperedCursor", `{ roles(after: "not-a-cursor") { totalCount } }`, nil, "BAD_USER_INPUT", "after"},
		{"TamperedNestedCursor", `{ role(id: "api-developer") { skills(after: "eyJ4IjoxfQ") { totalCount } } }`, nil, "BAD_USER_INPUT", "after"},
		{"EmptySearch", `{ search(query: "  ") { score } }`, nil, "BAD_USER_INPUT", "query"},
		{"LongSearch", `query($q: String!) { search(query: $q) { score } }`, map[string]any{"q": strings.Repeat("a", 201)}, "BAD_USER_INPUT", "query"},
		{"UnknownField", `{ role(id: "x") { salary } }`, nil, "GRAPHQL_VALIDATION_FAILED", ""},
		{"SyntaxError", `{ role(id: `, nil, "GRAPHQL_PARSE_FAILED", ""},
		{"BadEnum", `{ search(query: "go", kinds: [PLANET]) { score } }`, nil, "GRAPHQL_VALIDATION_FAILED", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a.Do(t, c.query, c.vars)
			if len(r.Errors) != 1 {
				t.Fatalf("status %d errors %+v", r.status, r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != c.code {
				t.Errorf("code %v, want %s (%s)", e.Extensions["code"], c.code, e.Message)
			}
			if c.field != "" && e.Extensions["field"] != c.field {
				t.Errorf("field %v, want %s", e.Extensions["field"], c.field)
			}
			if e.Message == "" || strings.Contains(e.Message, "goroutine") {
				t.Errorf("message %q", e.Message)
			}
		})
	}
}

// TestNestedErrorAtItsPath: a node is loaded with the tree below it in one query; when a
// field of that tree has bad arguments, the error is still that field's, at its path (and,
// the connection being non-null, the node is null).
func TestNestedErrorAtItsPath(t *testing.T) {
	a := MustAPI(t)
	r := a.Do(t, `{ role(id: "api-developer") { name
		skills(after: "eyJ4IjoxfQ") { totalCount }
		technologies(first: 1) { totalCount edges { node { id: slug } } } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" ||
		!reflect.DeepEqual(r.Errors[0].Path, []any{"role", "skills"}) {
		t.Fatalf("errors %+v", r.Errors)
	}
	if r.Data["role"] != nil {
		t.Errorf("data %v", r.Data)
	}
}

// TestNestedErrorInListAtItsPath: the same below a list root, whose page and tree are one
// query; the list's own bad cursor stays the list's error.
func TestNestedErrorInListAtItsPath(t *testing.T) {
	a := MustAPI(t)
	r := a.Do(t, `{ roles(first: 2) { edges { node { id: slug skills(after: "eyJ4IjoxfQ") { totalCount } } } } }`, nil)
	if len(r.Errors) != 2 {
		t.Fatalf("errors %+v", r.Errors)
	}
	for i, e := range r.Errors {
		if e.Extensions["code"] != "BAD_USER_INPUT" || len(e.Path) != 5 || e.Path[0] != "roles" || e.Path[4] != "skills" {
			t.Errorf("error %d: %+v", i, e)
		}
	}
	r = a.Do(t, `{ roles(first: 2, after: "eyJ4IjoxfQ") { edges { node { id: slug skills { totalCount } } } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !reflect.DeepEqual(r.Errors[0].Path, []any{"roles"}) {
		t.Fatalf("errors %+v", r.Errors)
	}
}

func TestNestedFieldsAreBatched(t *testing.T) {
	a := MustAPI(t)
	// Three levels of relationship fields over every role: roles -> skills -> roles ->
	// technologies. Without batching this would be hundreds of round trips.
	q := `{ roles(first: 50) { edges { node { id: slug
		skills(first: 50) { edges { node { id: slug
			roles(first: 50) { edges { node { id: slug
				technologies(first: 50) { totalCount } } } } } } } } } } }`
	before := a.st.QueryCount()
	d := a.MustData(t, q, nil)
	trips := a.st.QueryCount() - before
	rows := len(get(d, "roles", "edges").([]any))
	if rows != 23 {
		t.Fatalf("%d roles", rows)
	}
	// One for the list and the whole tree of relationship fields below it.
	if trips != 1 {
		t.Errorf("%d Cypher round trips for a 4-level query, want 1", trips)
	}

	t.Run("AliasesVariablesAndFragments", func(t *testing.T) {
		q := `query($n: Int) { role(id: "backend-developer") {
			a: skills(first: $n) { edges { node { id: slug } } }
			b: skills(first: 2) { edges { node { ...S } } } } }
			fragment S on Skill { id: slug technologies { totalCount edges { node { id: slug } } } }`
		before := a.st.QueryCount()
		d := a.MustData(t, q, map[string]any{"n": 5})
		if trips := a.st.QueryCount() - before; trips != 1 {
			t.Errorf("%d round trips, want 1 (the role with both skills pages and their technologies)", trips)
		}
		if n := len(get(d, "role", "a", "edges").([]any)); n != 5 {
			t.Errorf("a: %d edges", n)
		}
		if n := len(get(d, "role", "b", "edges").([]any)); n != 2 {
			t.Errorf("b: %d edges", n)
		}
		// Importance ties break by id: api-development, then backend-programming, which seven
		// languages support.
		if get(d, "role", "b", "edges", 1, "node", "id") != "backend-programming" || get(d, "role", "b", "edges", 1, "node", "technologies", "totalCount") != 7.0 {
			t.Errorf("b: %v", get(d, "role", "b"))
		}
	})
}

func TestHTTP(t *testing.T) {
	a := MustAPI(t)

	t.Run("RequestIDEchoed", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-ID", "abc-123")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("X-Request-ID") != "abc-123" {
			t.Errorf("X-Request-ID %q", res.Header.Get("X-Request-ID"))
		}
	})

	t.Run("GETQuery", func(t *testing.T) {
		res, err := http.Get(a.URL + `/graphql?query=` + "%7B%20role(id%3A%22api-developer%22)%20%7B%20name%20%7D%20%7D")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || !strings.Contains(string(body), "API Developer") {
			t.Errorf("%d %s", res.StatusCode, body)
		}
	})

	t.Run("CORS", func(t *testing.T) {
		for origin, allowed := range map[string]bool{"https://dashboard.example": true, "https://evil.example": false} {
			req, _ := http.NewRequest(http.MethodOptions, a.URL+"/graphql", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Access-Control-Allow-Origin") == origin; got != allowed {
				t.Errorf("origin %s allowed=%v, want %v", origin, got, allowed)
			}
		}
	})

	t.Run("PlaygroundAndHealth", func(t *testing.T) {
		for path, want := range map[string]string{"/": "graphiql", "/healthz": `"ok"`} {
			res, err := http.Get(a.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(strings.ToLower(string(body)), want) {
				t.Errorf("%s: %d %.200s", path, res.StatusCode, body)
			}
		}
	})

	t.Run("OversizedBody", func(t *testing.T) {
		big := `{"query":"{ __typename }","variables":{"x":"` + strings.Repeat("a", 2<<20) + `"}}`
		res, err := http.Post(a.URL+"/graphql", "application/json", strings.NewReader(big))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("status %d for a 2 MiB body", res.StatusCode)
		}
	})
}

// getJSON fetches url and decodes its JSON body.
func getJSON(tb testing.TB, url string) (int, map[string]any) {
	tb.Helper()
	res, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &body); err != nil {
		tb.Fatalf("%s: status %d, body %q: %v", url, res.StatusCode, raw, err)
	}
	return res.StatusCode, body
}

// TestSelectionShapedPages: a page reads only what its selection shows (counts alone, or
// some properties), and two selections of one field with the same arguments but different
// fields each get what they ask for.
func TestSelectionShapedPages(t *testing.T) {
	a := MustAPI(t)
	before := a.st.QueryCount()
	d := a.MustData(t, `{ role(id: "backend-developer") {
		a: skills(first: 3) { edges { node { id: slug } } }
		b: skills(first: 3) { edges { node { id: slug name description } } }
		c: skills(first: 3) { totalCount } } }`, nil)
	if n := a.st.QueryCount() - before; n != 1 {
		t.Errorf("%d round trips, want 1 (the role with the tree below it)", n)
	}
	ids := edgeIDs(get(d, "role", "a"))
	if len(ids) != 3 || !slices.Equal(ids, edgeIDs(get(d, "role", "b"))) {
		t.Errorf("a %v, b %v", ids, edgeIDs(get(d, "role", "b")))
	}
	for _, e := range get(d, "role", "b", "edges").([]any) {
		if get(e, "node", "name") == "" || get(e, "node", "description") == "" {
			t.Errorf("b lacks what it selected: %v", e)
		}
	}
	if get(d, "role", "c", "totalCount") != float64(27) {
		t.Errorf("c: %v", get(d, "role", "c"))
	}
	before = a.st.QueryCount()
	if d := a.MustData(t, `{ roles { totalCount } }`, nil); get(d, "roles", "totalCount") != float64(23) {
		t.Errorf("roles: %v", d)
	}
	if n := a.st.QueryCount() - before; n != 1 {
		t.Errorf("%d round trips for a count", n)
	}
}

// TestRoundTripsAreStable: the same nested query costs the same round trips every time,
// and selections merged from aliases read every property they show. (gqlgen caches field
// collection by the address of a selection set; a merged set freed and its address reused
// made a page's key, and so its batch, differ from run to run.)
func TestRoundTripsAreStable(t *testing.T) {
	a := MustAPI(t)
	q := `{ roles(first: 50) { totalCount edges { node { id: slug
			skills(first: 50) { totalCount a: edges { importance node { id: slug } } b: edges { node { name
				technologies(first: 50) { totalCount edges { node { id: slug name } } } } } } } } } }`
	plain := `{ roles(first: 50) { totalCount edges { node { id: slug
			skills(first: 50) { totalCount edges { importance node { id: slug
				technologies(first: 50) { totalCount edges { node { id: slug name } } } } } } } } } }`
	for i := range 20 {
		before := a.st.QueryCount()
		a.MustData(t, plain, nil)
		if n := a.st.QueryCount() - before; n != 1 {
			t.Errorf("run %d: %d round trips, want 1", i, n)
		}
		before = a.st.QueryCount()
		d := a.MustData(t, q, nil)
		if n := a.st.QueryCount() - before; n != 1 {
			t.Errorf("run %d (aliases): %d round trips, want 1", i, n)
		}
		for _, r := range get(d, "roles", "edges").([]any) {
			for _, e := range get(r, "node", "skills", "b").([]any) {
				if get(e, "node", "name") == "" {
					t.Fatalf("run %d: a skill without its name: %v", i, e)
				}
			}
		}
	}
}

// strSlice is a JSON list of strings as a []string (nil for anything else).
func strSlice(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
