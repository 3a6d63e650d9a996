package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// @defer is delivered incrementally to a client that accepts multipart/mixed, and refused
// with a clear code where the transport cannot deliver it (it used to answer a non-null
// field with null, hasNext: true, and nothing after).
func TestDefer(t *testing.T) {
	a := MustAPI(t)
	const q = `{ role(id: "backend-developer") { id: slug ... @defer(label: "more") { skills(first: 2) { totalCount } } } }`
	post := func(query, accept string) (int, string, string) {
		body, _ := json.Marshal(map[string]any{"query": query})
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", accept)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(raw)
	}

	t.Run("Incremental", func(t *testing.T) {
		status, ct, body := post(q, `multipart/mixed;deferSpec=20220824, application/json`)
		if status != http.StatusOK || !strings.HasPrefix(ct, "multipart/mixed") {
			t.Fatalf("status %d, content type %q: %s", status, ct, body)
		}
		first := strings.Index(body, `"id":"backend-developer"`)
		later := strings.Index(body, `"totalCount":27`)
		if first < 0 || later < first || !strings.Contains(body, `"label":"more"`) || !strings.Contains(body, `"hasNext":false`) {
			t.Errorf("parts: %s", body)
		}
	})
	t.Run("RefusedWithoutMultipart", func(t *testing.T) {
		r := a.Do(t, q, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "DEFER_NEEDS_MULTIPART" || r.Data != nil {
			t.Errorf("%+v %v", r.Errors, r.Data)
		}
	})
	t.Run("NotDeferred", func(t *testing.T) {
		d := a.MustData(t, strings.Replace(q, `@defer(label: "more")`, `@defer(if: false)`, 1), nil)
		if get(d, "role", "skills", "totalCount") != float64(27) {
			t.Errorf("%v", d)
		}
	})
}
