package graph_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// The graph model is declared once, in the schema's directives (domain.Model); everything
// else follows from it or must keep up with it. These tests walk the model and fail when a
// declared property or relationship has no reader (store), no writer (the JSON of both
// execution paths) or, where the schema's inputs take it, no way in through the API. A
// property added to the schema and forgotten in a converter comes back null here.

// modelValue is a value of a property's type that no seed node has; valid for the API's
// checks (importance, rank and jobZone 1-5, weight 0-1, tier one of the tiers).
func modelValue(p domain.Prop, owner string) any {
	switch p.Type {
	case domain.PropInt:
		return int64(3)
	case domain.PropFloat:
		if p.Name == "importanceScore" { // O*NET's importance scale is 1-5
			return 3.25
		}
		return 0.25
	case domain.PropBool:
		return true
	case domain.PropStrings:
		return []any{"m-" + owner + "-" + p.Name}
	case domain.PropTime:
		return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	if p.Name == "tier" {
		return domain.Tiers[0]
	}
	return "m-" + owner + "-" + p.Name
}

// asJSON is v as a decoded GraphQL answer shows it.
func asJSON(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case time.Time:
		return x.Format(time.RFC3339)
	}
	return v
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// readOnlyKinds are the kinds the API does not write (no input, no create/upsert/delete):
// reference data an importer writes (ISCO-08 groups, from ESCO). The relationships to them
// are still written through connect.
var readOnlyKinds = map[domain.Kind]bool{domain.KindOccupationGroup: true}

// mustNodesOfEveryKind adds two nodes of each kind the curated seed has none of (the
// imported kinds), so that every property and relationship field has nodes to be read on.
func mustNodesOfEveryKind(t *testing.T) {
	t.Helper()
	for _, k := range domain.Kinds {
		neo4jtest.MustQuery(t, fmt.Sprintf(`CALL { MATCH (n:%[1]s) RETURN count(n) AS n }
			WITH n WHERE n = 0
			UNWIND ['9', '91'] AS id CREATE (:%[1]s {id: id, name: 'model test ' + id, description: '', aliases: [], source: 'test'})`, k), nil)
	}
}

// TestEveryDeclaredPropertyIsRead sets every declared property of one node of each kind,
// and of one relationship of each relationship field, in Neo4j, and reads them back through
// direct execution and through gqlgen's executor.
func TestEveryDeclaredPropertyIsRead(t *testing.T) {
	a := MustAPI(t)
	exec := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.ExecutorOnly = true })
	mustNodesOfEveryKind(t)
	idOf := func(k domain.Kind, skip string) string {
		rows := neo4jtest.MustQuery(t, fmt.Sprintf("MATCH (n:%s) WHERE n.id <> $skip RETURN n.id AS id ORDER BY id LIMIT 1", k), map[string]any{"skip": skip})
		if len(rows) == 0 {
			t.Fatalf("no %s in the seed", k)
		}
		return rows[0]["id"].(string)
	}
	// read asks both servers; the first must answer directly (a property it cannot write
	// would send it to the executor, which hides the gap).
	read := func(t *testing.T, query string, vars map[string]any) []map[string]any {
		before := graph.DirectAnswers()
		out := []map[string]any{a.MustData(t, query, vars)}
		if graph.DirectAnswers()-before != 1 {
			t.Errorf("not answered directly: %s", query)
		}
		return append(out, exec.MustData(t, query, vars))
	}
	for _, k := range domain.Kinds {
		n := domain.Model.Nodes[k]
		id := idOf(k, "")
		t.Run(string(k), func(t *testing.T) {
			props, fields := map[string]any{}, []string{domain.SlugField}
			for _, p := range n.Props {
				fields = append(fields, p.Name)
				if p.Name != "id" {
					props[p.Name] = modelValue(p, string(k))
				}
			}
			neo4jtest.MustQuery(t, fmt.Sprintf("MATCH (n:%s {id: $id}) SET n += $props", k), map[string]any{"id": id, "props": props})
			q := fmt.Sprintf(`query($id: ID!) { node: %s(id: $id) { %s } }`, lowerFirst(string(k)), strings.Join(fields, " "))
			for i, data := range read(t, q, map[string]any{"id": id}) {
				if get(data, "node", "id") != domain.GlobalID(k, id) || get(data, "node", domain.SlugField) != id {
					t.Errorf("server %d: id %v and slug %v of %s %s", i, get(data, "node", "id"), get(data, "node", domain.SlugField), k, id)
				}
				for name, want := range props {
					if got := get(data, "node", name); !reflect.DeepEqual(got, asJSON(want)) {
						t.Errorf("server %d: %s.%s = %#v, want %#v", i, k, name, got, asJSON(want))
					}
				}
			}
		})
		for field, rm := range n.Rels {
			t.Run(string(rm.Rel), func(t *testing.T) {
				from, to := id, idOf(rm.Child, id)
				if rm.Dir == domain.In {
					from, to = to, from
				}
				props, fields := map[string]any{}, []string{}
				for _, p := range rm.EdgeProps {
					props[p.Name] = modelValue(p, string(rm.Rel))
					fields = append(fields, p.Name)
				}
				neo4jtest.MustQuery(t, fmt.Sprintf("MATCH (a:%s {id: $from}), (b:%s {id: $to}) MERGE (a)-[e:%s]->(b) SET e += $props",
					rm.Type.From, rm.Type.To, rm.Type.Type), map[string]any{"from": from, "to": to, "props": props})
				where := `{id: {eq: $far}}`
				if rm.EdgeWhere {
					where = `{node: {id: {eq: $far}}}`
				}
				q := fmt.Sprintf(`query($id: ID!, $far: ID!) { node: %s(id: $id) { %s(where: %s) { totalCount edges { node { id } %s } } } }`,
					lowerFirst(string(k)), field, where, strings.Join(fields, " "))
				for i, data := range read(t, q, map[string]any{"id": id, "far": idOf(rm.Child, id)}) {
					if got := get(data, "node", field, "totalCount"); got != float64(1) {
						t.Fatalf("server %d: %d edges to the far node, want 1: %v", i, got, data)
					}
					for name, want := range props {
						if got := get(data, "node", field, "edges", 0, name); !reflect.DeepEqual(got, asJSON(want)) {
							t.Errorf("server %d: %s edge %s = %#v, want %#v", i, rm.Rel, name, got, asJSON(want))
						}
					}
				}
			})
		}
	}
}

// TestEveryDeclaredPropertyIsWritten writes each kind's input through the API with every
// field it has, and each relationship type with every property it takes, and reads them
// back: each input field is a declared property, and the store writes what it is given.
func TestEveryDeclaredPropertyIsWritten(t *testing.T) {
	a := MustAPI(t)
	mustNodesOfEveryKind(t)
	for _, k := range domain.Kinds {
		n := domain.Model.Nodes[k]
		t.Run(string(k), func(t *testing.T) {
			typ := a.MustData(t, `query($n: String!) { __type(name: $n) { inputFields { name } } }`, map[string]any{"n": string(k) + "Input"})
			if readOnlyKinds[k] {
				mutations := a.MustData(t, `{ __type(name: "Mutation") { fields { name } } }`, nil)
				for _, f := range get(mutations, "__type", "fields").([]any) {
					if name := get(f, "name").(string); strings.HasSuffix(name, string(k)) {
						t.Errorf("read-only kind %s has the mutation %s", k, name)
					}
				}
				if typ["__type"] != nil {
					t.Errorf("read-only kind %s has an input type", k)
				}
				return
			}
			id := "model-test-" + strings.ToLower(string(k))
			input, fields := map[string]any{"id": id}, []string{"id", domain.SlugField}
			for _, f := range typ["__type"].(map[string]any)["inputFields"].([]any) {
				name := f.(map[string]any)["name"].(string)
				if name == "id" {
					continue
				}
				p, ok := n.Prop(name)
				if !ok {
					t.Fatalf("%sInput.%s is not a declared property of %s", k, name, k)
				}
				input[name] = asJSON(modelValue(p, string(k)))
				fields = append(fields, name)
			}
			data := a.MustWrite(t, fmt.Sprintf(`mutation($in: %sInput!) { node: upsert%s(input: $in) { %s } }`, k, k, strings.Join(fields, " ")), map[string]any{"in": input})
			if get(data, "node", "id") != domain.GlobalID(k, id) || get(data, "node", domain.SlugField) != id {
				t.Errorf("%s: id %v, slug %v", k, get(data, "node", "id"), get(data, "node", domain.SlugField))
			}
			for name, want := range input {
				if got := get(data, "node", name); name != "id" && !reflect.DeepEqual(got, want) {
					t.Errorf("%s.%s = %#v, want %#v", k, name, got, want)
				}
			}
		})
	}
	for _, rt := range domain.Model.RelTypes {
		t.Run(domain.Model.RelTypeNames[rt], func(t *testing.T) {
			ends := neo4jtest.MustQuery(t, fmt.Sprintf("MATCH (a:%s), (b:%s) WHERE a <> b RETURN a.id AS a, b.id AS b ORDER BY a, b LIMIT 1", rt.From, rt.To), nil)
			input := map[string]any{"type": domain.Model.RelTypeNames[rt], "from": ends[0]["a"], "to": ends[0]["b"]}
			var rm *domain.RelModel // the field from the from end
			for _, r := range domain.Model.Rels {
				if r.Type == rt && (r.Dir == domain.Out || r.Dir == domain.Both) {
					rm = r
				}
			}
			for _, name := range domain.Model.RelTypeProps[rt] {
				p, _ := rm.EdgeProp(name)
				input[name] = asJSON(modelValue(p, "connect"))
			}
			a.MustWrite(t, `mutation($in: RelationshipInput!) { connect(input: $in) { type } }`, map[string]any{"in": input})
			rows := neo4jtest.MustQuery(t, fmt.Sprintf("MATCH (:%s {id: $a})-[e:%s]-(:%s {id: $b}) RETURN properties(e) AS p", rt.From, rt.Type, rt.To),
				map[string]any{"a": ends[0]["a"], "b": ends[0]["b"]})
			if len(rows) != 1 {
				t.Fatalf("%d relationships", len(rows))
			}
			got := rows[0]["p"].(map[string]any)
			for _, name := range domain.Model.RelTypeProps[rt] {
				if !reflect.DeepEqual(asJSON(got[name]), input[name]) {
					t.Errorf("%s.%s = %#v, want %#v", rt.Type, name, got[name], input[name])
				}
			}
			if !slices.Contains([]string{"api"}, fmt.Sprint(got["source"])) {
				t.Errorf("source %v", got["source"])
			}
		})
	}
}
