package graph

import (
	"context"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/graph/generated"
)

// BenchmarkListArgs is the CPU of reading and converting one list's where and orderBy as
// direct execution does (from the operation: literals and variables), without Neo4j:
// `go test -run '^$' -bench ListArgs ./graph/`. The arguments are a nested filter (a
// relationship's some, an edge's node, an id), an OR of two conditions and two sort keys.
func BenchmarkListArgs(b *testing.B) {
	s := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	doc, errs := gqlparser.LoadQuery(s, `query($tech: ID!, $zone: Int) { roles(first: 10,
		where: {technologies: {some: {node: {id: {eq: $tech}}}}, OR: [{jobZone: {gte: $zone}}, {name: {contains: "developer"}}]},
		orderBy: [{field: JOB_ZONE, direction: DESC}, {field: NAME}]) { totalCount } }`)
	if errs != nil {
		b.Fatal(errs)
	}
	f := doc.Operations[0].SelectionSet[0].(*ast.Field)
	vars := map[string]any{"tech": "Technology:go", "zone": int64(3)}
	r := &Resolver{Limits: Limits{DefaultFirst: 20, MaxFirst: 100}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		args, err := r.opListArgs(ctx, "Role", "", f.Definition, f.ArgumentMap(vars))
		if err != nil || args.Where == nil || len(args.OrderBy) != 2 {
			b.Fatal(args, err)
		}
	}
}
