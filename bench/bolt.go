package main

import (
	"encoding/binary"
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// boltCounter is a loopback TCP proxy in front of Neo4j that counts the Cypher statements
// (Bolt RUN messages) its clients send: the round trips a server makes per request, measured
// the same way for skillgraph, the reference and the baseline, whatever their drivers do.
type boltCounter struct {
	ln     net.Listener
	target string
	runs   atomic.Int64
	// onRun, if set before the first connection, is given each RUN message's first chunk
	// (its query and parameters, packed; bench/cost_test.go reads them).
	onRun func(msg []byte)
	mu    sync.Mutex
	conns []net.Conn
}

func newBoltCounter(target string) (*boltCounter, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &boltCounter{ln: ln, target: target}
	go p.serve()
	return p, nil
}

func (p *boltCounter) uri() string { return "bolt://" + p.ln.Addr().String() }

func (p *boltCounter) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		hello := make(chan [4]byte, 1)
		go func() {
			// The server's answer to the handshake is passed on in one piece, as it came:
			// the JavaScript driver misreads a handshake answer split across writes.
			buf := make([]byte, 4096)
			n, err := io.ReadAtLeast(up, buf, 4)
			if err == nil {
				hello <- [4]byte(buf[:4])
				if _, err := c.Write(buf[:n]); err == nil {
					_, _ = io.Copy(c, up)
				}
			}
			close(hello)
			c.Close()
		}()
		go func() { p.countRuns(io.TeeReader(c, up), hello); up.Close() }()
	}
}

// runSignature is the Bolt message signature of RUN (Bolt 4 and 5).
const runSignature = 0x10

// countRuns reads what a client sends: the handshake (a 4-byte preamble and four 4-byte
// version proposals; when the server answers with the handshake manifest of Bolt 5.7+,
// 0x000001FF, the client then sends its chosen version and a varint of capabilities), then
// messages, each a sequence of chunks (a 2-byte length, then the bytes) ended by an empty
// chunk. A message's first two bytes are a structure marker and its signature.
func (p *boltCounter) countRuns(r io.Reader, hello <-chan [4]byte) {
	if _, err := io.CopyN(io.Discard, r, 20); err != nil {
		return
	}
	if v, ok := <-hello; ok && v == [4]byte{0, 0, 1, 0xFF} {
		if _, err := io.CopyN(io.Discard, r, 4); err != nil {
			return
		}
		var b [1]byte
		for { // varint: the last byte has the high bit clear
			if _, err := io.ReadFull(r, b[:]); err != nil || b[0]&0x80 == 0 {
				break
			}
		}
	}
	var head [2]byte
	start := true // the next chunk begins a message
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return
		}
		n := int64(binary.BigEndian.Uint16(head[:]))
		if n == 0 { // end of message (or a keep-alive no-op)
			start = true
			continue
		}
		if start {
			if _, err := io.ReadFull(r, head[:]); err != nil {
				return
			}
			n -= 2
			start = false
			if head[1] == runSignature {
				p.runs.Add(1)
				if p.onRun != nil {
					msg := make([]byte, n)
					if _, err := io.ReadFull(r, msg); err != nil {
						return
					}
					p.onRun(msg)
					continue
				}
			}
		}
		if _, err := io.CopyN(io.Discard, r, n); err != nil {
			return
		}
	}
}

func (p *boltCounter) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}
