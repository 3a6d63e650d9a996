package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/skillgraph/skillgraph/cache"
	"github.com/skillgraph/skillgraph/request"
)

// Response caching and HTTP caching of queries.
//
// A query's response depends on its document, operation name and variables, on who asks
// (the caller's scopes: authorization), on the media type asked for (Accept), and on the
// graph. The first four make the key (request below); the graph is its version (package
// cache). A repeated query is answered from the cache without being parsed, validated or
// sent to Neo4j; a client that sends back the ETag it was given gets 304 Not Modified.
//
// Only the responses of queries that ran without any error are kept: never a mutation, an
// error (authentication, limits, timeouts, Neo4j), a partial result, a multipart (@defer)
// response, or one larger than the cache's entry limit. The cache sits after
// authentication and rate limiting: a hit is counted against the caller's rate, and a
// caller with a bad token is never answered from it.

// cacheResult tells the logs and metrics what the cache did for a request.
const (
	cacheHit    = "hit"
	cacheMiss   = "miss"
	cacheBypass = "bypass" // not looked up: multipart, a bad token, the version unknown, an unreadable request
)

// withCache answers repeated queries from c (nil: none) and sets the caching headers of every
// response: control (Cache-Control) and an ETag on a query's response, no-store on anything
// else.
func withCache(c *cache.Cache, control string, next http.Handler) http.Handler {
	docs := lru.New[string](1000) // query text -> its normalised digest
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (transport.MultipartMixed{}).Supports(r) || (r.Method != http.MethodGet && r.Method != http.MethodPost) {
			next.ServeHTTP(w, r) // incremental delivery is never cached; OPTIONS has no body
			return
		}
		info := infoFrom(r.Context())
		cw := &cacheWriter{ResponseWriter: w, info: info, control: control, ifNoneMatch: r.Header.Get("If-None-Match")}
		var key cache.Key
		var version int64
		result := cacheBypass
		if c != nil && !request.PresentedBadToken(r.Context()) {
			if v, ok := c.Version(); ok {
				if k, ok := requestKey(r, docs); ok {
					key, version, result = k, v, cacheMiss
					cw.etag = etag(v, k)
				}
			}
		}
		if result == cacheMiss {
			if e, ok := c.Get(version, key); ok {
				info.set(func(i *reqInfo) { i.operation, i.outcome, i.cache = e.Operation, "ok", cacheHit })
				cw.serve(e)
				return
			}
			cw.keep = c.Enabled()
			cw.max = c.MaxEntryBytes()
		}
		if c != nil {
			info.set(func(i *reqInfo) { i.cache = result })
		}
		next.ServeHTTP(cw, r)
		cw.finish()
		if cw.keep && cw.cacheable && !cw.tooBig && cw.status == http.StatusOK {
			info.mu.Lock()
			op := info.operation
			info.mu.Unlock()
			c.Put(version, key, &cache.Entry{Body: cw.body.Bytes(), ContentType: w.Header().Get("Content-Type"), Operation: op})
		}
	})
}

// etag is a query response's entity tag: the graph version and the request's key, so that
// every server of a deployment gives the same one for the same answer.
func etag(version int64, k cache.Key) string {
	h := sha256.New()
	_ = binary.Write(h, binary.BigEndian, version)
	h.Write(k[:])
	return `"` + strconv.FormatInt(version, 10) + "-" + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
}

// matches reports whether an If-None-Match header names tag (or is "*").
func matches(ifNoneMatch, tag string) bool {
	if ifNoneMatch == "" || tag == "" {
		return false
	}
	for _, t := range strings.Split(ifNoneMatch, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// cacheWriter holds back the status of a response until its body starts, when the
// response is known (reqInfo: a query, without errors), to set its caching headers, answer
// 304 when the client has it already, and keep a copy of its body for the cache.
type cacheWriter struct {
	http.ResponseWriter
	info        *reqInfo
	control     string
	etag        string // "" when the version or the key is unknown
	ifNoneMatch string
	keep        bool  // a copy of the body is wanted, up to max bytes
	max         int64 // largest body kept

	status      int
	started     bool
	cacheable   bool // the response of a query, without errors
	notModified bool
	tooBig      bool
	body        bytes.Buffer
}

func (w *cacheWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *cacheWriter) Write(b []byte) (int, error) {
	if !w.started {
		w.start()
	}
	if w.notModified {
		return len(b), nil
	}
	if w.keep && !w.tooBig {
		if int64(w.body.Len()+len(b)) > w.max {
			w.tooBig = true
			w.body = bytes.Buffer{}
		} else {
			w.body.Write(b)
		}
	}
	return w.ResponseWriter.Write(b)
}

// start decides the headers, when the response's body begins (or it ends without one).
func (w *cacheWriter) start() {
	w.started = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.info.mu.Lock()
	w.cacheable = w.info.query && w.info.outcome == "ok" && !w.info.requestError && w.status == http.StatusOK
	w.info.mu.Unlock()
	h := w.Header()
	if !w.cacheable {
		h.Set("Cache-Control", "no-store")
		w.ResponseWriter.WriteHeader(w.status)
		return
	}
	w.queryHeaders(h)
	if matches(w.ifNoneMatch, w.etag) {
		w.notModified, w.status = true, http.StatusNotModified
		h.Del("Content-Type")
	}
	w.ResponseWriter.WriteHeader(w.status)
}

// queryHeaders are the caching headers of a query's response, the same for a hit and a miss.
func (w *cacheWriter) queryHeaders(h http.Header) {
	if w.control != "" {
		h.Set("Cache-Control", w.control)
	}
	if w.etag != "" {
		h.Set("ETag", w.etag)
	}
	h.Add("Vary", "Accept, Authorization") // added: CORS has put Origin there
}

// finish sends the status of a response that had no body.
func (w *cacheWriter) finish() {
	if !w.started {
		w.start()
	}
}

// serve answers from a cache entry, with the headers its miss had.
func (w *cacheWriter) serve(e *cache.Entry) {
	w.started, w.cacheable = true, true
	h := w.Header()
	w.queryHeaders(h)
	if matches(w.ifNoneMatch, w.etag) {
		w.ResponseWriter.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", e.ContentType)
	w.ResponseWriter.WriteHeader(http.StatusOK)
	_, _ = w.ResponseWriter.Write(e.Body)
}

func (w *cacheWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// graphqlParams are the parts of a GraphQL request that choose its answer.
type graphqlParams struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    struct {
		PersistedQuery struct {
			Sha256Hash string `json:"sha256Hash"`
		} `json:"persistedQuery"`
	} `json:"extensions"`
}

// requestKey is the cache key of a GET or POST GraphQL request: its document (normalised:
// insignificant whitespace and comments do not count; or the persisted query's hash when the
// text is not sent), operation name, variables (canonical JSON), the caller's scopes and the
// media type asked for. ok is false when the request cannot be read; the transports then
// answer it with an error, and nothing is cached. A POST's body is read and put back.
func requestKey(r *http.Request, docs *lru.LRU[string]) (k cache.Key, ok bool) {
	var p graphqlParams
	switch r.Method {
	case http.MethodPost:
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
			return k, false
		}
		if json.Unmarshal(body, &p) != nil {
			return k, false
		}
	case http.MethodGet:
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return k, false
		}
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			p.Variables = json.RawMessage(v)
		}
		if x := q.Get("extensions"); x != "" && json.Unmarshal([]byte(x), &p.Extensions) != nil {
			return k, false
		}
	default:
		return k, false
	}
	vars, ok := canonicalJSON(p.Variables)
	if !ok {
		return k, false
	}
	h := sha256.New()
	field := func(s string) {
		_ = binary.Write(h, binary.BigEndian, uint64(len(s)))
		h.Write([]byte(s))
	}
	if p.Query != "" {
		doc, ok := docs.Get(r.Context(), p.Query)
		if !ok {
			doc = normalise(p.Query)
			docs.Add(r.Context(), p.Query, doc)
		}
		field("document")
		field(doc)
	} else {
		field("persisted")
		field(p.Extensions.PersistedQuery.Sha256Hash)
	}
	field(p.OperationName)
	field(vars)
	scopes := "anonymous"
	if pr := request.Principal(r.Context()); pr != nil {
		s := slices.Clone(pr.Scopes)
		slices.Sort(s)
		scopes = "scopes:" + strings.Join(slices.Compact(s), "+")
	}
	field(scopes)
	field(r.Header.Get("Accept"))
	h.Sum(k[:0])
	return k, true
}

// normalise returns the digest of a document's tokens (comments and whitespace dropped;
// each token's kind and value, length-prefixed). A document the lexer cannot read is
// digested whole: the parser refuses it, and its error is not cached.
func normalise(query string) string {
	h := sha256.New()
	lx := lexer.New(&ast.Source{Input: query})
	for {
		tok, err := lx.ReadToken()
		if err != nil {
			h.Reset()
			h.Write([]byte("raw\x00" + query))
			break
		}
		if tok.Kind == lexer.EOF {
			break
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		_ = binary.Write(h, binary.BigEndian, [2]uint32{uint32(tok.Kind), uint32(len(tok.Value))})
		h.Write([]byte(tok.Value))
	}
	return string(h.Sum(nil))
}

// canonicalJSON is v re-encoded with sorted keys and no spaces, numbers as written; "" for
// no variables.
func canonicalJSON(v json.RawMessage) (string, bool) {
	t := bytes.TrimSpace(v)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) || bytes.Equal(t, []byte("{}")) {
		return "", true
	}
	if flatCanonical(t) {
		return string(t), true
	}
	return reencode(t)
}

// reencode is canonicalJSON's way for any value: decoded and encoded again.
func reencode(t []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	var x any
	if dec.Decode(&x) != nil || dec.More() {
		return "", false
	}
	out, err := json.Marshal(x)
	return string(out), err == nil
}

// flatCanonical reports whether v is an object that reencode would give back as it is:
// compact, its keys in increasing order, each value an integer, true, false, null or a
// string of printable ASCII that needs no escape. Clients' encoders write most requests'
// variables so, and checking them is far cheaper than decoding and encoding them again, a
// visible part of a cold request's CPU (BenchmarkCanonicalVariables; README, cost per request).
func flatCanonical(v []byte) bool {
	if len(v) < 2 || v[0] != '{' {
		return false
	}
	var prev []byte
	for i := 1; ; {
		key, n, ok := plainString(v[i:])
		if !ok || prev != nil && bytes.Compare(prev, key) >= 0 {
			return false
		}
		prev, i = key, i+n
		if i >= len(v) || v[i] != ':' {
			return false
		}
		n, ok = plainValue(v[i+1:])
		if !ok {
			return false
		}
		i += 1 + n
		switch {
		case i == len(v)-1 && v[i] == '}':
			return true
		case i < len(v) && v[i] == ',':
			i++
		default:
			return false
		}
	}
}

// plainString reads a JSON string at the start of b none of whose characters is escaped or
// would be (printable ASCII but the quote, the backslash and HTML's <, > and &): its
// content and its length with the quotes.
func plainString(b []byte) (content []byte, n int, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, 0, false
	}
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return b[1:i], i + 1, true
		case c < 0x20 || c > 0x7e || c == '\\' || c == '<' || c == '>' || c == '&':
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// plainValue reads a plain string, an integer without leading zeros, true, false or null at
// the start of b: its length.
func plainValue(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(b, []byte(lit)) {
			return len(lit), true
		}
	}
	if b[0] == '"' {
		_, n, ok := plainString(b)
		return n, ok
	}
	i := 0
	if b[0] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		return i + 1, true
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
		return i, true
	}
	return 0, false
}
