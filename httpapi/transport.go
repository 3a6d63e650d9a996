package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/http"

	"github.com/99designs/gqlgen/graphql"

	"github.com/skillgraph/skillgraph/domain"
)

// transportErrors answers, as JSON errors with extensions.code, the requests gqlgen's
// transports refuse in plain text or without a code: a method other than GET, POST and
// OPTIONS (405), a POST body that is not application/json, such as text/plain or
// application/graphql (415), and a mutation sent with GET (405, Allow: POST; gqlgen says
// 406).
func transportErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			next.ServeHTTP(&getWriter{ResponseWriter: w}, r)
			return
		case http.MethodPost:
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
				writeError(w, domain.EMEDIATYPE,
					"a POST body must be a GraphQL request in JSON (Content-Type: application/json), not "+orNone(mt))
				return
			}
		case http.MethodOptions:
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			writeError(w, domain.EMETHOD, "method "+r.Method+" is not allowed: use POST, or GET for queries")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func orNone(mediaType string) string {
	if mediaType == "" {
		return "a body without a Content-Type"
	}
	return mediaType
}

// getWriter turns gqlgen's answer to a mutation over GET (406, the only 406 of its GET
// transport, with an error without a code) into a 405 with a code.
type getWriter struct {
	http.ResponseWriter
	refused bool
}

func (w *getWriter) WriteHeader(code int) {
	if code != http.StatusNotAcceptable {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.refused = true
	w.Header().Set("Allow", "POST")
	writeError(w.ResponseWriter, domain.EMETHOD, "only queries may be sent with GET: send mutations with POST")
}

func (w *getWriter) Write(b []byte) (int, error) {
	if w.refused {
		return len(b), nil // gqlgen's own body, replaced above
	}
	return w.ResponseWriter.Write(b)
}

func (w *getWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// rawData wraps gqlgen's POST and GET transports so that a response which is only data is
// written as it is. They json.Marshal the graphql.Response, and encoding/json validates and
// compacts its data (a json.RawMessage) byte by byte again: about a fifth of the CPU of a
// query answered by direct execution. The data is compact JSON already (direct execution's
// writer, gqlgen's executor); what the encoder would still change is its HTML escaping of
// <, >, & and U+2028/U+2029, so data holding any of them goes the encoder's way, and the bytes
// sent are the same either way (TestRawDataMatchesEncoder).
type rawData struct{ graphql.Transport }

func (t rawData) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	rw := &rawWriter{ResponseWriter: w}
	t.Transport.Do(rw, r, rawExec{exec, rw})
}

// rawPlaceholder is what the transport is given to encode in place of data written raw,
// and rawPlaceholderBody its encoding, which rawWriter replaces.
var (
	rawPlaceholder     = json.RawMessage("0")
	rawPlaceholderBody = []byte(`{"data":0}`)
)

// rawExec hands the transport a placeholder for the data of a plain response.
type rawExec struct {
	graphql.GraphExecutor
	w *rawWriter
}

func (e rawExec) DispatchOperation(ctx context.Context, rc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	next, ctx := e.GraphExecutor.DispatchOperation(ctx, rc)
	return func(ctx context.Context) *graphql.Response {
		resp := next(ctx)
		if !rawWritable(resp) {
			return resp
		}
		e.w.data = resp.Data
		return &graphql.Response{Data: rawPlaceholder}
	}, ctx
}

// rawWritable: a response of data alone, which the encoder would write unchanged.
func rawWritable(resp *graphql.Response) bool {
	if resp == nil || len(resp.Errors) > 0 || resp.Data == nil || resp.Label != "" || resp.Path != nil ||
		resp.HasNext != nil || len(resp.Extensions) > 0 {
		return false
	}
	d := resp.Data
	if bytes.IndexByte(d, '<') >= 0 || bytes.IndexByte(d, '>') >= 0 || bytes.IndexByte(d, '&') >= 0 {
		return false
	}
	for i := bytes.IndexByte(d, 0xE2); i >= 0; i = bytes.IndexByte(d, 0xE2) { // U+2028, U+2029: E2 80 A8, E2 80 A9
		if i+2 < len(d) && d[i+1] == 0x80 && (d[i+2] == 0xA8 || d[i+2] == 0xA9) {
			return false
		}
		d = d[i+1:]
	}
	return true
}

// rawWriter writes the data kept by rawExec where the transport writes its placeholder.
type rawWriter struct {
	http.ResponseWriter
	data json.RawMessage
}

func (w *rawWriter) Write(b []byte) (int, error) {
	if w.data == nil || !bytes.Equal(b, rawPlaceholderBody) {
		return w.ResponseWriter.Write(b)
	}
	data := w.data
	w.data = nil
	for _, part := range [][]byte{rawPlaceholderBody[:len(`{"data":`)], data, rawPlaceholderBody[len(rawPlaceholderBody)-1:]} {
		if _, err := w.ResponseWriter.Write(part); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

func (w *rawWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
