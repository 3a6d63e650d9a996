// Package web serves the browser pages: the GraphiQL playground at / and the graph explorer
// at /explore, with their scripts and styles under /assets/. Everything is compiled into the
// binary (dist/ is built from src/ by `make web` and committed), and a strict
// Content-Security-Policy keeps the pages to this origin: they work with no network.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"time"
)

//go:embed static/*.html dist/*
var files embed.FS

// CSP allows this origin only: scripts, styles and API calls from here; fonts and icons from
// data: URLs inside the stylesheets.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
	"img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type asset struct {
	name, etag string
	body       []byte
}

func load(name string) asset {
	b, err := fs.ReadFile(files, name)
	if err != nil {
		panic(err) // a file named here is embedded, or the binary does not build
	}
	sum := sha256.Sum256(b)
	return asset{name: path.Base(name), etag: `"` + hex.EncodeToString(sum[:8]) + `"`, body: b}
}

// Register adds the pages and their assets to mux.
func Register(mux *http.ServeMux) {
	mux.Handle("GET /{$}", serve(load("static/index.html")))
	mux.Handle("GET /explore", serve(load("static/explore.html")))
	entries, _ := fs.ReadDir(files, "dist")
	for _, e := range entries {
		mux.Handle("GET /assets/"+e.Name(), serve(load("dist/"+e.Name())))
	}
}

// serve answers with a, revalidated by its content hash (no-cache): a new binary's assets
// are picked up at once, an unchanged one costs a 304.
func serve(a asset) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", a.etag)
		// ServeContent picks the type from the name, handles If-None-Match and ranges.
		http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
	})
}
