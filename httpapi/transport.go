package httpapi

import (
	"mime"
	"net/http"

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
