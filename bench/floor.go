package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The floor server: a minimal Go HTTP server that answers each operation of the workload
// with its hand-written Cypher (one auto-commit query, as skillgraph's store sends a read)
// and writes the record as JSON. No GraphQL, no planning: no HTTP API over the same Neo4j
// can answer faster, so skillgraph / floor is what GraphQL and skillgraph's own work cost.
// It runs in the benchmark's process, on a loopback port of its own, with its own driver;
// the load generator's timed requests decode nothing, so they take little of its CPU.

// floorRequest asks the floor server for one operation with its parameters.
type floorRequest struct {
	Op     string         `json:"op"`
	Params map[string]any `json:"params"`
}

type floorServer struct {
	srv    *http.Server
	url    string
	driver neo4j.DriverWithContext
}

// startFloor serves the workload's hand-written queries (by operation name) over HTTP.
func startFloor(neo4jURI string, ops []op) (*floorServer, error) {
	driver, err := neo4j.NewDriverWithContext(neo4jURI, neo4j.NoAuth(), func(c *neo4j.Config) { c.MaxConnectionPoolSize = 64 })
	if err != nil {
		return nil, err
	}
	cypher := map[string]string{}
	for _, o := range ops {
		if o.base != nil {
			cypher[o.name] = o.base.cypher
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		var req floorRequest
		dec := json.NewDecoder(r.Body)
		dec.UseNumber() // whole numbers stay integers (Cypher's LIMIT takes no 20.0)
		if err := dec.Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for k, v := range req.Params {
			req.Params[k] = number(v)
		}
		q, ok := cypher[req.Op]
		if !ok {
			http.Error(w, "unknown operation", http.StatusNotFound)
			return
		}
		session := driver.NewSession(r.Context(), neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
		defer session.Close(r.Context())
		res, err := session.Run(r.Context(), q, req.Params)
		var recs []*neo4j.Record
		if err == nil {
			recs, err = res.Collect(r.Context())
		}
		if err == nil && len(recs) != 1 {
			err = fmt.Errorf("%d records", len(recs))
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": recs[0].AsMap()})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		driver.Close(context.Background())
		return nil, err
	}
	f := &floorServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, url: "http://" + ln.Addr().String() + "/", driver: driver}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

func (f *floorServer) stop() {
	_ = f.srv.Close()
	_ = f.driver.Close(context.Background())
}

// floorTarget asks the floor server.
type floorTarget struct {
	url    string
	client *http.Client
}

func newFloorTarget(url string) floorTarget {
	return floorTarget{url: url, client: newGQLTarget(url, false).client}
}

func (t floorTarget) do(ctx context.Context, o op, canonical bool) (any, error) {
	res, raw, err := postJSON(ctx, t.client, t.url, floorRequest{Op: o.name, Params: o.base.params})
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %.300s", res.StatusCode, raw)
	}
	if !canonical {
		return nil, nil
	}
	var out struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return o.base.canon(out.Data), nil
}

// number turns JSON numbers into int64 (whole) or float64, in lists too.
func number(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = number(x[i])
		}
	}
	return v
}
