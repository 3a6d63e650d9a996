// Package cache keeps whole responses to read operations for as long as the graph does not
// change. The graph changes only when a release is imported or a curator writes, and every
// such write bumps the graph's version counter, which the process's graphversion.Watcher
// follows (at most Recheck late for another process's writes, at once for its own). An
// entry belongs to the version it was computed at; the first lookup or store under a newer
// version empties the cache.
//
// What a key stands for (the request, the caller's scopes) is the HTTP layer's business
// (package httpapi); this package keeps bytes under a memory bound, least recently used
// first out.
package cache

import (
	"crypto/sha256"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/skillgraph/skillgraph/graphversion"
)

// Config bounds the cache.
type Config struct {
	// MaxBytes bounds the entries' bytes (bodies, keys and bookkeeping); 0 keeps nothing,
	// but the version is still tracked (ETags need it).
	MaxBytes int64
	// MaxEntryBytes is the largest body kept; larger responses are not cached.
	MaxEntryBytes int64
}

// Key names a response: a digest of everything the response depends on.
type Key [sha256.Size]byte

// Entry is a response as it was sent.
type Entry struct {
	Body        []byte
	ContentType string
	Operation   string // the operation's name, for logs and metrics
}

// entryOverhead approximates what an entry costs besides its body: the key (twice: map
// and list), the list element, the map slot and the Entry itself.
const entryOverhead = 2*sha256.Size + 160

func (e *Entry) size() int64 {
	return int64(len(e.Body)+len(e.ContentType)+len(e.Operation)) + entryOverhead
}

// Cache is a memory-bounded LRU of responses, all of one graph version. Safe for
// concurrent use.
type Cache struct {
	cfg     Config
	version *graphversion.Watcher

	mu    sync.Mutex
	gen   int64 // the graph version of the entries
	lru   *simplelru.LRU[Key, *Entry]
	bytes int64

	hits, misses atomic.Int64
}

// New makes a cache whose entries follow the graph version that w reads.
func New(w *graphversion.Watcher, cfg Config) *Cache {
	c := &Cache{cfg: cfg, version: w}
	// The size bound is on bytes (evict below); the count bound is only the library's
	// requirement of one.
	c.lru, _ = simplelru.NewLRU[Key, *Entry](1<<30, func(_ Key, e *Entry) { c.bytes -= e.size() })
	return c
}

// MaxEntryBytes is the largest body the cache keeps.
func (c *Cache) MaxEntryBytes() int64 { return c.cfg.MaxEntryBytes }

// Enabled says whether the cache keeps anything at all.
func (c *Cache) Enabled() bool { return c.cfg.MaxBytes > 0 && c.cfg.MaxEntryBytes > 0 }

// Version is the graph version responses computed now belong to. ok is false before the
// first read, and after a write of this process until the version has been read again:
// then nothing may be answered from, or kept in, the cache.
func (c *Cache) Version() (version int64, ok bool) { return c.version.Current() }

// current moves the cache to version when it is newer than its entries' (emptying it) and
// says whether version is the entries' version. Versions only grow, so a request that
// started before a change cannot bring older entries back. Called with mu held.
func (c *Cache) current(version int64) bool {
	if version > c.gen {
		c.lru.Purge()
		c.gen = version
	}
	return version == c.gen
}

// Get returns the response kept for k at version, counting a hit or a miss.
func (c *Cache) Get(version int64, k Key) (*Entry, bool) {
	c.mu.Lock()
	var e *Entry
	ok := c.current(version)
	if ok {
		e, ok = c.lru.Get(k)
	}
	c.mu.Unlock()
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return e, ok
}

// Put keeps e for k, if it was computed at the current version and is small enough; the
// least recently used entries go to make room.
func (c *Cache) Put(version int64, k Key, e *Entry) {
	if !c.Enabled() || int64(len(e.Body)) > c.cfg.MaxEntryBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(version) {
		return // computed at a version since replaced
	}
	if old, ok := c.lru.Peek(k); ok {
		c.bytes -= old.size() // Add replaces without the eviction callback
	}
	c.lru.Add(k, e)
	c.bytes += e.size()
	for c.bytes > c.cfg.MaxBytes {
		c.lru.RemoveOldest()
	}
}

// Stats are the cache's counters: lookups answered and not, entries and their bytes.
type Stats struct {
	Hits, Misses int64
	Entries      int
	Bytes        int64
}

// Stats returns the counters now.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: c.lru.Len(), Bytes: c.bytes}
}
