package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// target answers one operation once: over HTTP (a GraphQL server) or in process (the
// baseline). With canonical it returns the answer in canonical form, for the same-data check;
// without (timed requests) it checks the answer came without errors and builds nothing,
// so that the load generator's own CPU, on the same cores as the servers, stays small.
type target interface {
	do(ctx context.Context, o op, canonical bool) (any, error)
}

// gqlTarget is a GraphQL server over HTTP.
type gqlTarget struct {
	url    string
	client *http.Client
	ref    bool // the reference: ask o.ref, not o.sg
}

func newGQLTarget(url string, ref bool) *gqlTarget {
	return &gqlTarget{url: url, ref: ref, client: &http.Client{Transport: &http.Transport{
		MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}}}
}

func (t *gqlTarget) do(ctx context.Context, o op, canonical bool) (any, error) {
	req, canon := o.sg, o.canonSG
	if t.ref {
		req, canon = *o.ref, o.canonRef
	}
	res, raw, err := postJSON(ctx, t.client, t.url, map[string]any{"query": req.query, "variables": req.vars})
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("status %d: %.200s", res.StatusCode, raw)
	}
	if res.StatusCode != http.StatusOK || len(out.Errors) > 0 || len(out.Data) == 0 || string(out.Data) == "null" {
		return nil, fmt.Errorf("status %d: %.300s", res.StatusCode, raw)
	}
	if !canonical {
		return nil, nil
	}
	var data any
	if err := json.Unmarshal(out.Data, &data); err != nil {
		return nil, err
	}
	if canon == nil {
		return data, nil
	}
	return canon(data), nil
}

// postJSON posts body as JSON and reads the whole answer.
func postJSON(ctx context.Context, client *http.Client, url string, body any) (*http.Response, []byte, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return res, raw, err
}

// cypherTarget is the baseline: the op's hand-written query through the Go driver, sent
// as skillgraph's store sends a read (an auto-commit query: one round trip).
type cypherTarget struct{ driver neo4j.DriverWithContext }

func (t cypherTarget) do(ctx context.Context, o op, canonical bool) (any, error) {
	session := t.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	res, err := session.Run(ctx, o.base.cypher, o.base.params)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("%d records", len(recs))
	}
	if !canonical {
		return nil, nil
	}
	return o.base.canon(recs[0].AsMap()), nil
}

// sample is what one timed round of one operation against one target measured.
type sample struct {
	requests  int
	errors    int
	elapsed   time.Duration
	latencies []time.Duration
}

func (s sample) throughput() float64 { return float64(s.requests) / s.elapsed.Seconds() }

// stream gives each client of a load its own sequence of requests (client numbers from 0).
type stream func(client int) func() op

// repeat is the stream that asks o again and again.
func repeat(o op) stream { return func(int) func() op { return func() op { return o } } }

// drive runs the stream against t with c concurrent clients for d (after a short warm-up)
// and measures every request. Each client sends its next request when the previous answer
// is in.
func drive(ctx context.Context, t target, s stream, c int, d time.Duration) sample {
	warm, cancel := context.WithTimeout(ctx, min(d/5, time.Second))
	load(warm, t, s, c)
	cancel()
	run, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	res := load(run, t, s, c)
	res.elapsed = time.Since(start)
	return res
}

func load(ctx context.Context, t target, s stream, c int) sample {
	var (
		mu  sync.Mutex
		all sample
		wg  sync.WaitGroup
	)
	for client := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := s(client)
			var mine sample
			for ctx.Err() == nil {
				o := next()
				start := time.Now()
				_, err := t.do(ctx, o, false)
				if ctx.Err() != nil {
					break // cut off by the end of the round: not counted
				}
				mine.requests++
				mine.latencies = append(mine.latencies, time.Since(start))
				if err != nil {
					mine.errors++
				}
			}
			mu.Lock()
			all.requests += mine.requests
			all.errors += mine.errors
			all.latencies = append(all.latencies, mine.latencies...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all
}

// stats pools the rounds of one target: throughput is the median of the rounds'; latency
// percentiles are over every request of every round.
type stats struct {
	rps           float64
	p50, p95, p99 time.Duration
	requests      int
	errors        int
}

func summarize(rounds []sample) stats {
	var st stats
	var rps []float64
	var lat []time.Duration
	for _, r := range rounds {
		rps = append(rps, r.throughput())
		lat = append(lat, r.latencies...)
		st.requests += r.requests
		st.errors += r.errors
	}
	slices.Sort(rps)
	slices.Sort(lat)
	if len(rps) > 0 {
		st.rps = rps[len(rps)/2]
	}
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	st.p50, st.p95, st.p99 = pct(0.50), pct(0.95), pct(0.99)
	return st
}
