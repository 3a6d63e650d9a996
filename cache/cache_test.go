package cache_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/cache"
	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

func key(b byte) cache.Key { return cache.Key{b} }

func mustVersion(t *testing.T, c *cache.Cache) int64 {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if v, ok := c.Version(); ok {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatal("no graph version read")
		}
	}
}

// TestBounds: the bytes stay under MaxBytes, the least recently used going first, and a
// body over MaxEntryBytes is not kept.
func TestBounds(t *testing.T) {
	st := neo4jtest.MustOpen(t)
	c := cache.New(neo4jtest.MustWatch(t, st, time.Hour), cache.Config{MaxBytes: 10_000, MaxEntryBytes: 3000})
	v := mustVersion(t, c)
	body := bytes.Repeat([]byte("x"), 2000)
	for i := range byte(4) {
		c.Put(v, key(i), &cache.Entry{Body: body})
	}
	if _, ok := c.Get(v, key(0)); !ok { // 0 is now the most recently used
		t.Fatal("entry 0 is gone")
	}
	c.Put(v, key(4), &cache.Entry{Body: body})
	c.Put(v, key(5), &cache.Entry{Body: body})
	s := c.Stats()
	if s.Bytes > 10_000 || s.Entries != 4 {
		t.Errorf("%+v", s)
	}
	for i, want := range []bool{true, false, false, true, true, true} {
		if _, ok := c.Get(v, key(byte(i))); ok != want {
			t.Errorf("entry %d kept: %v", i, ok)
		}
	}
	c.Put(v, key(9), &cache.Entry{Body: make([]byte, 3001)})
	if _, ok := c.Get(v, key(9)); ok {
		t.Error("a body over MaxEntryBytes was kept")
	}
	// Replacing an entry does not count its bytes twice.
	before := c.Stats().Bytes
	c.Put(v, key(5), &cache.Entry{Body: body})
	if after := c.Stats().Bytes; after != before {
		t.Errorf("bytes %d -> %d after replacing an entry", before, after)
	}
	// A response computed at another version is not kept.
	c.Put(v-1, key(7), &cache.Entry{Body: body})
	if _, ok := c.Get(v, key(7)); ok {
		t.Error("kept a response of another version")
	}
}

// TestOwnWrite: after a write through the store, the cache answers nothing until it has read
// the new version, which empties it; it does not wait for its recheck to do so.
func TestOwnWrite(t *testing.T) {
	st := neo4jtest.MustOpen(t)
	c := cache.New(neo4jtest.MustWatch(t, st, time.Hour), cache.Config{MaxBytes: 1 << 20, MaxEntryBytes: 1 << 20})
	v := mustVersion(t, c)
	c.Put(v, key(1), &cache.Entry{Body: []byte("{}")})
	b := domain.Batch{Nodes: []domain.NodeInput{{Kind: domain.KindSkill, Node: domain.Node{ID: "go", Name: "Go", Source: "test"}}}}
	if err := st.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Version(); ok {
		t.Fatal("the version is trusted right after a write of this process")
	}
	v2 := mustVersion(t, c)
	if v2 == v {
		t.Fatalf("version %d before and after a write", v)
	}
	if _, ok := c.Get(v2, key(1)); ok || c.Stats().Entries != 0 {
		t.Errorf("an entry of the old version survived: %+v", c.Stats())
	}
}
