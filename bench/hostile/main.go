// Command hostile is `make bench-hostile`'s load: clients send normal queries to a running
// server, first alone, then with a share of hostile requests among them (the attacks of
// graph/hostile_test.go), and it reports the normal requests' latency and the server's
// resident memory in each phase. Loopback only; bounded in requests and time.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server (loopback only)")
	pid := flag.Int("pid", 0, "the server's process id, for its memory (0: not measured)")
	duration := flag.Duration("duration", 20*time.Second, "length of each phase")
	clients := flag.Int("clients", 4, "concurrent clients")
	share := flag.Float64("hostile", 0.05, "share of hostile requests in the second phase")
	flag.Parse()
	if u, err := url.Parse(*base); err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
		fmt.Fprintln(os.Stderr, "hostile: -url must be on loopback")
		os.Exit(2)
	}
	fmt.Printf("%d clients, %v per phase, hostile share %.0f %%\n\n", *clients, *duration, *share*100)
	fmt.Println("| phase | normal requests | p50 | p99 | errors | hostile sent | peak RSS |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, s := range []float64{0, *share} {
		r := phase(*base+"/graphql", *pid, *clients, *duration, s)
		fmt.Printf("| hostile %.0f %% | %d | %v | %v | %d | %d | %d MB |\n", s*100, len(r.lat), pct(r.lat, 50), pct(r.lat, 99), r.errors, r.hostile, r.peakRSS>>20)
	}
}

// normal are the everyday queries; hostile the attacks, each refused by a limit.
var normal = []string{
	`{ role(id: "backend-developer") { name skills(first: 10) { edges { importance node { id name } } } technologies { edges { node { name } } } } }`,
	`{ roles(where: {name: {contains: "developer"}}, orderBy: [{field: NAME}], first: 20) { totalCount edges { node { id name } } } }`,
	`{ search(query: "postgres", first: 5) { kind score node { id name } } }`,
}

var hostile = []string{
	"{" + strings.Repeat(" __typename", 10000) + " }",
	`{ role(id: ` + strings.Repeat("[", 300000) + strings.Repeat("]", 300000) + `) { id } }`,
	strings.Repeat("{a", 200000) + strings.Repeat("}", 200000),
	"{ __typename" + strings.Repeat(" @include(if: true)", 10000) + " }",
	`{ roles(where: {AND: [` + strings.Repeat(`{name: {contains: "x"}}, `, 1000) + `]}) { totalCount } }`,
}

type result struct {
	lat             []time.Duration
	errors, hostile int
	peakRSS         int64
}

func phase(endpoint string, pid, clients int, d time.Duration, share float64) result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var res result
	stop := make(chan struct{})
	var rssDone sync.WaitGroup
	rssDone.Go(func() { // sample the server's memory
		for {
			res.peakRSS = max(res.peakRSS, rss(pid))
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				bad := rand.Float64() < share
				q := normal[rand.IntN(len(normal))]
				if bad {
					q = hostile[rand.IntN(len(hostile))]
				}
				start := time.Now()
				ok := send(ctx, endpoint, q, bad)
				el := time.Since(start)
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				switch {
				case bad:
					res.hostile++
				case ok:
					res.lat = append(res.lat, el)
				default:
					res.errors++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(stop)
	rssDone.Wait()
	return res
}

// send posts q; ok when a normal query is answered without errors (a hostile one must be
// refused with errors).
func send(ctx context.Context, endpoint, q string, bad bool) bool {
	body, _ := json.Marshal(map[string]any{"query": q})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	var out struct {
		Errors []any `json:"errors"`
	}
	raw, _ := io.ReadAll(res.Body)
	if json.Unmarshal(raw, &out) != nil {
		return false
	}
	return res.StatusCode == http.StatusOK && (len(out.Errors) > 0) == bad
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}

// rss is the resident memory of process pid in bytes (0 when unknown).
func rss(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
