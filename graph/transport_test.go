package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// TestTransportErrors: what gqlgen's transports refuse is a JSON error with a code, without
// a data entry, and nothing runs: a mutation over GET, a body that is not JSON, another
// method.
func TestTransportErrors(t *testing.T) {
	a := MustAPI(t)
	mutation := `mutation { deleteSkill(id: "system-design") { nodes } }`
	for _, c := range []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		allow                    string
	}{
		{"MutationOverGET", http.MethodGet, "/graphql?query=" + url.QueryEscape(mutation), "", nil, http.StatusMethodNotAllowed, "POST"},
		{"MutationOverGETGraphQLResponse", http.MethodGet, "/graphql?query=" + url.QueryEscape(mutation), "",
			[]string{"Accept", "application/graphql-response+json"}, http.StatusMethodNotAllowed, "POST"},
		{"TextPlain", http.MethodPost, "/graphql", `{ stats { nodes { count } } }`, []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType, ""},
		{"ApplicationGraphQL", http.MethodPost, "/graphql", `{ stats { nodes { count } } }`, []string{"Content-Type", "application/graphql"}, http.StatusUnsupportedMediaType, ""},
		{"NoContentType", http.MethodPost, "/graphql", "", nil, http.StatusUnsupportedMediaType, ""},
		{"PUT", http.MethodPut, "/graphql", queryBody(`{ stats { nodes { count } } }`, nil), nil, http.StatusMethodNotAllowed, "GET, POST, OPTIONS"},
		{"DELETE", http.MethodDelete, "/graphql", "", nil, http.StatusMethodNotAllowed, "GET, POST, OPTIONS"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := send(t, c.method, a.URL+c.path, c.body, append([]string{"Authorization", "Bearer " + editorToken}, c.headers...)...)
			var r struct {
				Errors []gqlError `json:"errors"`
			}
			if e.status != c.status || e.header.Get("Content-Type") != "application/json" || json.Unmarshal(e.body, &r) != nil {
				t.Fatalf("status %d, %s: %s", e.status, e.header.Get("Content-Type"), e.body)
			}
			code := map[int]string{http.StatusMethodNotAllowed: "METHOD_NOT_ALLOWED", http.StatusUnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE"}[c.status]
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != code || r.Errors[0].Message == "" || bytes.Contains(e.body, []byte(`"data"`)) {
				t.Errorf("body %s", e.body)
			}
			if e.header.Get("Allow") != c.allow {
				t.Errorf("Allow %q, want %q", e.header.Get("Allow"), c.allow)
			}
		})
	}
	// Nothing ran: the skill is still there.
	if d := a.MustData(t, `{ skill(id: "system-design") { id: slug } }`, nil); get(d, "skill", "id") != "system-design" {
		t.Errorf("the refused mutation ran: %v", d)
	}
	// What is allowed still works: a query over GET, a preflight-less OPTIONS.
	if e := send(t, http.MethodGet, a.URL+"/graphql?query="+url.QueryEscape(`{ skill(id: "system-design") { id: slug } }`), ""); e.status != http.StatusOK || !bytes.Contains(e.body, []byte(`"system-design"`)) {
		t.Errorf("GET query: %d %s", e.status, e.body)
	}
	if e := send(t, http.MethodOptions, a.URL+"/graphql", ""); e.status != http.StatusOK {
		t.Errorf("OPTIONS: %d", e.status)
	}
}
