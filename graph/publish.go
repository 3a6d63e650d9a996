package graph

import (
	"slices"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/graph/generated"
)

// codegenDirectives are gqlgen's binding directives, which the generated relationship types
// use (schema/graph.generated.graphqls): read when gqlgen generates, they name Go types,
// nothing a client can use.
var codegenDirectives = []string{"goModel", "goField"}

// The schema the server publishes (introspection, /schema.graphql) is gqlgen's parsed
// schema: it leaves the binding directives out, so that the API reads as if the plumbing
// were written by hand. Nothing executes them (gqlgen skips them at runtime).
func init() { hideCodegenDirectives(generated.NewExecutableSchema(generated.Config{}).Schema()) }

func hideCodegenDirectives(s *ast.Schema) {
	hide := func(dirs ast.DirectiveList) ast.DirectiveList {
		return slices.DeleteFunc(dirs, func(d *ast.Directive) bool { return slices.Contains(codegenDirectives, d.Name) })
	}
	for _, name := range codegenDirectives {
		delete(s.Directives, name)
	}
	for _, def := range s.Types {
		def.Directives = hide(def.Directives)
		for _, f := range def.Fields {
			f.Directives = hide(f.Directives)
		}
	}
}
