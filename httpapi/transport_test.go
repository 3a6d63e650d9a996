package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// encodingTransport answers as gqlgen's POST and GET transports do: the operation's response
// through encoding/json. It records what it encoded.
type encodingTransport struct{ encoded *[]byte }

func (encodingTransport) Supports(*http.Request) bool { return true }

func (t encodingTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	h, ctx := exec.DispatchOperation(r.Context(), nil)
	b, err := json.Marshal(h(ctx))
	if err != nil {
		panic(err)
	}
	*t.encoded = b
	_, _ = w.Write(b)
}

// fixedExec answers every operation with resp.
type fixedExec struct {
	graphql.GraphExecutor
	resp graphql.Response
}

func (e fixedExec) DispatchOperation(ctx context.Context, _ *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	return func(context.Context) *graphql.Response { r := e.resp; return &r }, ctx
}

// TestRawDataMatchesEncoder: a response written raw has the bytes encoding/json gives it, and
// data the encoder would change (HTML escapes), errors or extensions go through the encoder.
func TestRawDataMatchesEncoder(t *testing.T) {
	hasNext := false
	for _, c := range []struct {
		name string
		resp graphql.Response
		raw  bool
	}{
		{"data", graphql.Response{Data: json.RawMessage(`{"role":{"name":"Backend \"Developer\"","n":[1,2.5,true,null]}}`)}, true},
		{"unicode", graphql.Response{Data: json.RawMessage(`{"s":"Zürich – ok \u00e9"}`)}, true},
		{"null data", graphql.Response{Data: json.RawMessage(`null`)}, true},
		{"less than", graphql.Response{Data: json.RawMessage(`{"s":"a<b"}`)}, false},
		{"greater than", graphql.Response{Data: json.RawMessage(`{"s":"a>b"}`)}, false},
		{"ampersand", graphql.Response{Data: json.RawMessage(`{"s":"R&D"}`)}, false},
		{"line separator", graphql.Response{Data: json.RawMessage("{\"s\":\"a\u2028b\u2029\"}")}, false},
		{"errors", graphql.Response{Data: json.RawMessage(`{"a":1}`), Errors: gqlerror.List{{Message: "no"}}}, false},
		{"extensions", graphql.Response{Data: json.RawMessage(`{"a":1}`), Extensions: map[string]any{"x": 1}}, false},
		{"incremental", graphql.Response{Data: json.RawMessage(`{"a":1}`), HasNext: &hasNext, Path: ast.Path{ast.PathName("a")}}, false},
		{"no data", graphql.Response{Errors: gqlerror.List{{Message: "no"}}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var direct, wrapped []byte
			want := httptest.NewRecorder()
			encodingTransport{&direct}.Do(want, httptest.NewRequest(http.MethodPost, "/", nil), fixedExec{resp: c.resp})
			got := httptest.NewRecorder()
			rawData{encodingTransport{&wrapped}}.Do(got, httptest.NewRequest(http.MethodPost, "/", nil), fixedExec{resp: c.resp})
			if got.Body.String() != want.Body.String() {
				t.Errorf("raw %s\nencoder %s", got.Body, want.Body)
			}
			if raw := string(wrapped) == string(rawPlaceholderBody); raw != c.raw {
				t.Errorf("written raw: %v, want %v (encoded %s)", raw, c.raw, wrapped)
			}
		})
	}
}
