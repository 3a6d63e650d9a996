// Package graphversion tells a process which version of the graph it is looking at. Every
// write to the graph bumps a version counter in its own transaction (store.GraphVersion), so
// one cheap read says whether anything changed since the last. What a process derives from
// the graph and keeps (the response cache, the extraction dictionary) follows one Watcher:
// it reads the version at most once per Recheck (the bound on seeing another process's
// writes) and at once after a write of this process (the store counts them).
package graphversion

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Source is where the version is read: the store.
type Source interface {
	// GraphVersion reads the graph's version counter.
	GraphVersion(ctx context.Context) (int64, error)
	// Writes counts this process's write transactions: a change means a write of its own,
	// which the watcher must see at once.
	Writes() int64
}

// DefaultRecheck is the interval of New when given zero.
const DefaultRecheck = time.Second

// Watcher reads the graph version in the background. Safe for concurrent use.
type Watcher struct {
	src     Source
	recheck time.Duration
	log     *slog.Logger
	poke    chan struct{}
	done    chan struct{}
	close   sync.Once
	wg      sync.WaitGroup

	// state is the last successful read: the version, and Source.Writes() just before it.
	state atomic.Pointer[state]
}

type state struct {
	version, writes int64
}

// New starts watching src, reading its version every recheck (DefaultRecheck when zero);
// Close stops it.
func New(src Source, recheck time.Duration, log *slog.Logger) *Watcher {
	if recheck <= 0 {
		recheck = DefaultRecheck
	}
	if log == nil {
		log = slog.Default()
	}
	w := &Watcher{src: src, recheck: recheck, log: log, poke: make(chan struct{}, 1), done: make(chan struct{})}
	w.wg.Add(1)
	go w.poll()
	return w
}

// Close stops the background reads.
func (w *Watcher) Close() {
	w.close.Do(func() { close(w.done) })
	w.wg.Wait()
}

// Recheck is the interval between reads: how old another process's write may be before
// this one sees it (plus one read's round trip).
func (w *Watcher) Recheck() time.Duration { return w.recheck }

// Current is the graph version now. ok is false before the first read, and after a write of
// this process until the version has been read again (a read is then started at once):
// nothing computed under an older version may be taken for the current one meanwhile.
func (w *Watcher) Current() (version int64, ok bool) {
	s := w.state.Load()
	if s == nil {
		return 0, false
	}
	if w.src.Writes() != s.writes {
		select {
		case w.poke <- struct{}{}:
		default:
		}
		return 0, false
	}
	return s.version, true
}

// poll reads the version every recheck, and at once when poked. A failed read keeps the
// last version: while Neo4j cannot be reached, no write can be made through this process
// either, and what was derived from the last version goes on being served.
func (w *Watcher) poll() {
	defer w.wg.Done()
	tick := time.NewTicker(w.recheck)
	defer tick.Stop()
	failing := false
	for {
		writes := w.src.Writes() // before the read: a write after it makes the state stale again
		ctx, cancel := context.WithTimeout(context.Background(), max(w.recheck, 5*time.Second))
		v, err := w.src.GraphVersion(ctx)
		cancel()
		switch {
		case err != nil && !failing:
			w.log.Warn("cannot read the graph version; serving what was derived from the last one", "err", err)
			failing = true
		case err == nil:
			failing = false
			w.state.Store(&state{version: v, writes: writes})
		}
		select {
		case <-w.done:
			return
		case <-tick.C:
		case <-w.poke:
		}
	}
}
