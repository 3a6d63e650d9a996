package graph

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// pageNeeds tells what a connection's selection shows of its page beyond the edges' nodes
// and properties: cursors (an edge's cursor, or pageInfo, whose start and end are cursors)
// and the count (totalCount, or pageInfo, whose hasNextPage is read from it). What is not
// shown is not loaded (domain.ListArgs.NoCursors and NoTotal): the sort key values of each
// row, the count of a nested page. Any field it does not know counts as showing both.
func pageNeeds(op *graphql.OperationContext, sel ast.SelectionSet, connType string) (cursors, total bool) {
	for _, f := range graphql.CollectFields(op, sel, []string{connType}) {
		switch f.Name {
		case "__typename":
		case "totalCount":
			total = true
		case "edges":
			for _, g := range graphql.CollectFields(op, f.Selections, []string{f.Definition.Type.Name()}) {
				if g.Name == "cursor" {
					cursors = true
				}
			}
		default: // pageInfo, and anything else
			return true, true
		}
	}
	return cursors, total
}
