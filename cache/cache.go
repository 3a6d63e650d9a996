// Package cache keeps whole responses to read operations for as long as the graph does not
// change. The graph changes only when a release is imported or a curator writes, and every
// such write bumps the graph's version counter in its own transaction (store.GraphVersion),
// so one cheap read tells whether anything changed: the cache reads it at most once per
// Recheck, and at once after a write of its own process (the store counts them). An entry
// belongs to the version it was computed at; a new version empties the cache.
//
// What a key stands for (the request, the caller's scopes) is the HTTP layer's business
// (package httpapi); this package keeps bytes under a memory bound, least recently used
// first out.
package cache

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Source is where the graph version is read: the store.
type Source interface {
	// GraphVersion reads the graph's version counter.
	GraphVersion(ctx context.Context) (int64, error)
	// Writes counts this process's write transactions: a change means a write of its own,
	// which the cache must see at once.
	Writes() int64
}

// Config bounds the cache.
type Config struct {
	// MaxBytes bounds the entries' bytes (bodies, keys and bookkeeping); 0 keeps nothing,
	// but the version is still tracked (ETags need it).
	MaxBytes int64
	// MaxEntryBytes is the largest body kept; larger responses are not cached.
	MaxEntryBytes int64
	// Recheck is how often the graph version is read: the staleness bound for writes by
	// other processes (plus one read's round trip).
	Recheck time.Duration
	Logger  *slog.Logger
}

// DefaultRecheck is Config.Recheck when zero.
const DefaultRecheck = time.Second

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
	cfg   Config
	src   Source
	poke  chan struct{}
	done  chan struct{}
	close sync.Once
	wg    sync.WaitGroup

	// state is the last successful version read: what the version was, and Source.Writes()
	// just before it was read.
	state atomic.Pointer[state]

	mu    sync.Mutex
	lru   *simplelru.LRU[Key, *Entry]
	bytes int64

	hits, misses atomic.Int64
}

type state struct {
	version, writes int64
}

// New starts a cache over src; Close stops its version poll.
func New(src Source, cfg Config) *Cache {
	if cfg.Recheck <= 0 {
		cfg.Recheck = DefaultRecheck
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	c := &Cache{cfg: cfg, src: src, poke: make(chan struct{}, 1), done: make(chan struct{})}
	// The size bound is on bytes (evict below); the count bound is only the library's
	// requirement of one.
	c.lru, _ = simplelru.NewLRU[Key, *Entry](1<<30, func(_ Key, e *Entry) { c.bytes -= e.size() })
	c.wg.Add(1)
	go c.poll()
	return c
}

// Close stops the version poll.
func (c *Cache) Close() {
	c.close.Do(func() { close(c.done) })
	c.wg.Wait()
}

// MaxEntryBytes is the largest body the cache keeps.
func (c *Cache) MaxEntryBytes() int64 { return c.cfg.MaxEntryBytes }

// Enabled says whether the cache keeps anything at all.
func (c *Cache) Enabled() bool { return c.cfg.MaxBytes > 0 && c.cfg.MaxEntryBytes > 0 }

// Version is the graph version responses computed now belong to. ok is false before the
// first read, and after a write of this process until the version has been read again:
// then nothing may be answered from, or kept in, the cache.
func (c *Cache) Version() (version int64, ok bool) {
	s := c.state.Load()
	if s == nil {
		return 0, false
	}
	if c.src.Writes() != s.writes {
		select {
		case c.poke <- struct{}{}:
		default:
		}
		return 0, false
	}
	return s.version, true
}

// poll reads the version every Recheck, and at once when poked. A failed read keeps the
// last version: while Neo4j cannot be reached, no write can be made through this process
// either, and the cache goes on answering what it holds.
func (c *Cache) poll() {
	defer c.wg.Done()
	tick := time.NewTicker(c.cfg.Recheck)
	defer tick.Stop()
	failing := false
	for {
		writes := c.src.Writes() // before the read: a write after it makes the state stale again
		ctx, cancel := context.WithTimeout(context.Background(), max(c.cfg.Recheck, 5*time.Second))
		v, err := c.src.GraphVersion(ctx)
		cancel()
		switch {
		case err != nil && !failing:
			c.cfg.Logger.Warn("response cache: cannot read the graph version; answering from the last one", "err", err)
			failing = true
		case err == nil:
			failing = false
			c.set(v, writes)
		}
		select {
		case <-c.done:
			return
		case <-tick.C:
		case <-c.poke:
		}
	}
}

// set records a version read; a new version empties the cache.
func (c *Cache) set(version, writes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.state.Load(); old != nil && old.version != version {
		c.lru.Purge()
	}
	c.state.Store(&state{version: version, writes: writes})
}

// Get returns the response kept for k at version, counting a hit or a miss.
func (c *Cache) Get(version int64, k Key) (*Entry, bool) {
	c.mu.Lock()
	e, ok := c.lru.Get(k)
	if s := c.state.Load(); ok && (s == nil || s.version != version) {
		e, ok = nil, false
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
	if s := c.state.Load(); s == nil || s.version != version {
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
