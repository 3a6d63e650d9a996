package neo4jtest

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/store"
)

// Proxy forwards loopback TCP connections to Neo4j. Cut closes them all and refuses new
// ones (Neo4j gone, as the server sees it); Drop closes them and accepts new ones (a
// restart or a network hiccup that leaves the driver's pooled connections dead); SetDelay
// holds back each reply from Neo4j (a slow database); FailNextCommit loses a commit's answer.
type Proxy struct {
	ln         net.Listener
	delay      atomic.Int64
	failCommit atomic.Bool
	mu         sync.Mutex
	conns      []net.Conn
}

// MustProxy starts a proxy to target (host:port), closed when the test ends.
func MustProxy(tb testing.TB, target string) *Proxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &Proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			var swallow atomic.Bool // the client no longer hears from Neo4j
			go func() { p.copyToNeo4j(up, c, &swallow); up.Close() }()
			go func() { p.copyDelayed(c, up, &swallow); c.Close() }()
		}
	}()
	tb.Cleanup(p.Cut)
	return p
}

// URI is the bolt URI of the proxy.
func (p *Proxy) URI() string { return "bolt://" + p.ln.Addr().String() }

// SetDelay makes every chunk Neo4j sends wait d before it is passed on.
func (p *Proxy) SetDelay(d time.Duration) { p.delay.Store(int64(d)) }

// FailNextCommit lets the next COMMIT through to Neo4j but never its answer: the client's
// connection is closed once Neo4j has had time to commit (a write whose outcome the
// client cannot know).
func (p *Proxy) FailNextCommit() { p.failCommit.Store(true) }

// commitMessage is a Bolt COMMIT in one chunk: size 2, struct of no fields with tag 0x12,
// end of message.
var commitMessage = []byte{0x00, 0x02, 0xB0, 0x12, 0x00, 0x00}

func (p *Proxy) copyToNeo4j(dst io.Writer, src net.Conn, swallow *atomic.Bool) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
			if bytes.Contains(buf[:n], commitMessage) && p.failCommit.CompareAndSwap(true, false) {
				swallow.Store(true)
				time.AfterFunc(300*time.Millisecond, func() { src.Close() })
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *Proxy) copyDelayed(dst io.Writer, src io.Reader, swallow *atomic.Bool) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !swallow.Load() {
			time.Sleep(time.Duration(p.delay.Load()))
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Cut closes every connection and stops accepting.
func (p *Proxy) Cut() {
	p.ln.Close()
	p.Drop()
}

// Drop closes every connection open now; new ones are still accepted.
func (p *Proxy) Drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// MustSeedBehindProxy seeds the test database and opens a store on it that reaches Neo4j
// through a Proxy (its configuration changed by edit, when not nil), for tests of a slow
// or vanishing database; both are closed when the test ends.
func MustSeedBehindProxy(tb testing.TB, edit func(*store.Config)) (*store.Store, *Proxy) {
	tb.Helper()
	MustSeed(tb)
	cfg := Config(tb)
	p := MustProxy(tb, strings.TrimPrefix(cfg.URI, "bolt://"))
	cfg.URI = p.URI()
	if edit != nil {
		edit(&cfg)
	}
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close(context.Background()) })
	return st, p
}
