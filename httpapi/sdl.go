package httpapi

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/skillgraph/skillgraph/graph/generated"
)

// sdl is the schema as one SDL document (types merged with their extensions, with their
// descriptions; no built-in types), as served at GET /schema.graphql for code generators
// and linters that want a file rather than an introspection query. Made on the first
// request, not at start-up of every command of the binary.
var sdl = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(generated.NewExecutableSchema(generated.Config{}).Schema())
	return b.Bytes()
})

// serveSDL answers GET /schema.graphql. It is off with introspection: a private schema
// stays private.
func serveSDL(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/graphql; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="schema.graphql"`)
	_, _ = w.Write(sdl())
}
