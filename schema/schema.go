// Package schema holds the GraphQL schema files: gqlgen generates the server from them, and
// domain reads the graph model declared in them (the @node and @relationship directives).
package schema

import "embed"

// Files are the schema's .graphqls files.
//
//go:embed *.graphqls
var Files embed.FS
