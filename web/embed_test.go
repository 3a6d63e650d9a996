package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestPagesServeOnlyThisOrigin checks what a browser is told to load: every script, style
// and link of the two pages is a path on this server that is served, the stylesheets load
// nothing from elsewhere, and every answer carries the Content-Security-Policy.
func TestPagesServeOnlyThisOrigin(t *testing.T) {
	mux := http.NewServeMux()
	Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	get := func(path string, header http.Header) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	ref := regexp.MustCompile(`(?:src|href)="([^"]*)"`)
	cssURL := regexp.MustCompile(`url\(\s*['"]?([^'")]*)`)
	for page, wantType := range map[string]string{"/": "text/html", "/explore": "text/html"} {
		res, body := get(page, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), wantType) {
			t.Fatalf("%s: %d %s", page, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if got := res.Header.Get("Content-Security-Policy"); got != CSP || !strings.Contains(got, "default-src 'none'") || strings.Contains(got, "http") {
			t.Errorf("%s: Content-Security-Policy %q", page, got)
		}
		if strings.Contains(body, "style=") || strings.Contains(body, "<style") || regexp.MustCompile(`<script>`).MatchString(body) {
			t.Errorf("%s: inline styles or scripts, which the policy refuses", page)
		}
		refs := ref.FindAllStringSubmatch(body, -1)
		if len(refs) < 3 {
			t.Errorf("%s: only %d references", page, len(refs))
		}
		for _, m := range refs {
			u := m[1]
			if strings.HasPrefix(u, "data:") {
				continue
			}
			// Relative paths, so that the pages work under a prefix too.
			if strings.HasPrefix(u, "/") || strings.Contains(u, ":") {
				t.Errorf("%s refers to %q, not a relative path on this server", page, u)
				continue
			}
			if !strings.HasPrefix(u, "assets/") {
				continue // another page (a link, not a load)
			}
			u = "/" + u
			ares, abody := get(u, nil)
			if ares.StatusCode != 200 || ares.Header.Get("Content-Security-Policy") != CSP {
				t.Errorf("%s: %d, policy %q", u, ares.StatusCode, ares.Header.Get("Content-Security-Policy"))
			}
			wantAsset := map[bool]string{true: "text/css", false: "text/javascript"}[strings.HasSuffix(u, ".css")]
			if ct := ares.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantAsset) {
				t.Errorf("%s: Content-Type %q, want %s", u, ct, wantAsset)
			}
			if len(abody) < 1000 {
				t.Errorf("%s: %d bytes", u, len(abody))
			}
			if strings.HasSuffix(u, ".css") {
				for _, m := range cssURL.FindAllStringSubmatch(abody, -1) {
					if !strings.HasPrefix(m[1], "data:") {
						t.Errorf("%s loads %q", u, m[1])
					}
				}
			}
			// Unchanged assets cost a 304 on revalidation.
			if etag := ares.Header.Get("ETag"); etag == "" {
				t.Errorf("%s: no ETag", u)
			} else if again, _ := get(u, http.Header{"If-None-Match": {etag}}); again.StatusCode != http.StatusNotModified {
				t.Errorf("%s with If-None-Match: %d", u, again.StatusCode)
			}
		}
	}
	if res, _ := get("/assets/nothing.js", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown asset: %d", res.StatusCode)
	}
}
