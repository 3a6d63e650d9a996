// Command bench compares skillgraph with the Neo4j GraphQL Library (the reference, in
// bench/reference), with a minimal HTTP server answering each operation with one
// hand-written Cypher query (the floor, bench/floor.go), and with that Cypher sent in
// process (the baseline), on the same Neo4j and data.
// `make bench` runs it on seed + O*NET; the smoke test runs it for a few seconds.
//
// For each operation of the workload it first checks that the three return the same data,
// counts the Cypher statements each sends per request (a Bolt proxy in front of Neo4j), then
// times them at each concurrency in alternating rounds, so machine drift hits all alike, and
// writes a Markdown report.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	neo4jURI    string
	onetDir     string
	binary      string
	refDir      string
	out         string
	duration    time.Duration
	warmup      time.Duration
	rounds      int
	ops         string
	only        string
	concurrency []int
	dashboard   []int // concurrency levels of the dashboard workload
}

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.neo4jURI, "neo4j", os.Getenv("NEO4J_URI"), "Neo4j to load and query (bolt://host:port; default $NEO4J_URI)")
	fs.StringVar(&o.onetDir, "onet", "", "O*NET release to import after the seed (empty: seed only)")
	fs.StringVar(&o.binary, "skillgraph", "bin/skillgraph", "the skillgraph binary")
	fs.StringVar(&o.refDir, "reference", "bench/reference", "the reference server's folder")
	fs.StringVar(&o.out, "out", "", "write the Markdown report here as well as to standard output")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "length of one timed round")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds per operation, concurrency and server")
	fs.DurationVar(&o.warmup, "warmup", 3*time.Second, "load on each operation and server before timing (JIT, caches)")
	conc := fs.String("concurrency", "1,8,32", "concurrency levels, comma-separated")
	fs.StringVar(&o.ops, "ops", "", "run only the operations whose name contains this")
	fs.StringVar(&o.only, "only", "", "run only one part: operations (each operation against the reference and the floor) or dashboard (a mix of operations with repeats, through the response cache)")
	dash := fs.String("dashboard-concurrency", "8,32", "concurrency levels of the dashboard workload, comma-separated")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	if o.concurrency, err = levels("-concurrency", *conc); err != nil {
		return o, err
	}
	if o.dashboard, err = levels("-dashboard-concurrency", *dash); err != nil {
		return o, err
	}
	switch {
	case o.only != "" && o.only != "operations" && o.only != "dashboard":
		return o, fmt.Errorf("-only: want operations or dashboard, got %q", o.only)
	case !strings.HasPrefix(o.neo4jURI, "bolt://"):
		return o, fmt.Errorf("-neo4j: want bolt://host:port, got %q", o.neo4jURI)
	case o.rounds < 1 || o.duration <= 0:
		return o, fmt.Errorf("-rounds and -duration must be positive")
	}
	return o, nil
}

// levels parses a comma-separated list of concurrency levels.
func levels(flag, list string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 256 {
			return nil, fmt.Errorf("%s: bad level %q", flag, f)
		}
		out = append(out, n)
	}
	return out, nil
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	logf := func(format string, a ...any) { fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...) }

	// The data: the seed, then O*NET, loaded by skillgraph's own commands.
	env := append(os.Environ(), "NEO4J_URI="+o.neo4jURI, "LOG_LEVEL=warn")
	if err := command(ctx, env, o.binary, "seed"); err != nil {
		return err
	}
	if o.onetDir != "" {
		logf("importing O*NET from %s", o.onetDir)
		if err := command(ctx, env, o.binary, "import", "onet", o.onetDir, "-progress", "off"); err != nil {
			return err
		}
	}

	driver, err := neo4j.NewDriverWithContext(o.neo4jURI, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	rep := &report{opts: o, machine: machine(ctx, driver)}
	if o.only != "dashboard" {
		if err := runOperations(ctx, o, rep, logf); err != nil {
			return err
		}
	}
	if o.only != "operations" {
		if err := runDashboard(ctx, o, driver, rep, logf); err != nil {
			return err
		}
	}

	text := rep.markdown()
	fmt.Fprint(stdout, text)
	if o.out != "" {
		if err := writeReport(o.out, text); err != nil {
			return err
		}
	}
	return rep.errorsSeen()
}

// runOperations compares skillgraph (without its response cache), the reference, the floor
// and the baseline on each operation of the workload, asked again and again with the same
// parameters.
func runOperations(ctx context.Context, o options, rep *report, logf func(string, ...any)) error {
	var err error
	// One counting proxy per client of Neo4j. The proxy is a hop of its own (it costs a
	// server with more round trips more), so the servers and the baseline it counts for are
	// not the ones timed: each is started twice, once behind its proxy (round trips) and
	// once connected to Neo4j directly (timings, peak RSS).
	neo4jAddr := strings.TrimPrefix(o.neo4jURI, "bolt://")
	counters := map[string]*boltCounter{}
	for _, name := range []string{"skillgraph", "reference", "baseline", "floor"} {
		if counters[name], err = newBoltCounter(neo4jAddr); err != nil {
			return err
		}
		defer counters[name].close()
	}
	if err := npmCI(ctx, o.refDir); err != nil {
		return err
	}
	timed, err := startServers(ctx, o, o.neo4jURI, o.neo4jURI)
	if err != nil {
		return err
	}
	defer timed.stop()
	counted, err := startServers(ctx, o, counters["skillgraph"].uri(), counters["reference"].uri())
	if err != nil {
		return err
	}
	defer counted.stop()
	newDriver := func(uri string) (neo4j.DriverWithContext, error) {
		return neo4j.NewDriverWithContext(uri, neo4j.NoAuth(), func(c *neo4j.Config) { c.MaxConnectionPoolSize = 64 })
	}
	driver, err := newDriver(o.neo4jURI)
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	countedDriver, err := newDriver(counters["baseline"].uri())
	if err != nil {
		return err
	}
	defer countedDriver.Close(context.Background())

	floor, err := startFloor(o.neo4jURI, workload(defaultParams))
	if err != nil {
		return err
	}
	defer floor.stop()
	countedFloor, err := startFloor(counters["floor"].uri(), workload(defaultParams))
	if err != nil {
		return err
	}
	defer countedFloor.stop()

	targets := map[string]target{
		"skillgraph": newGQLTarget(timed.sgURL, false),
		"reference":  newGQLTarget(timed.refURL, true),
		"floor":      newFloorTarget(floor.url),
		"baseline":   cypherTarget{driver},
	}
	countedTargets := map[string]target{
		"skillgraph": newGQLTarget(counted.sgURL, false),
		"reference":  newGQLTarget(counted.refURL, true),
		"floor":      newFloorTarget(countedFloor.url),
		"baseline":   cypherTarget{countedDriver},
	}
	for _, w := range workload(defaultParams) {
		if !strings.Contains(w.name, o.ops) {
			continue
		}
		names := []string{"skillgraph"}
		if w.ref != nil {
			names = append(names, "reference")
		}
		if w.base != nil {
			names = append(names, "floor", "baseline")
		}
		// Same data first: a faster wrong answer is no result.
		var first any
		for i, name := range names {
			ans, err := targets[name].do(ctx, w, true)
			if err != nil {
				return fmt.Errorf("%s, %s: %w", w.name, name, err)
			}
			if i == 0 {
				first = ans
			} else if !reflect.DeepEqual(first, ans) {
				a, _ := json.Marshal(first)
				b, _ := json.Marshal(ans)
				return fmt.Errorf("%s: %s and %s answer differently:\n%s\n%s", w.name, names[0], name, a, b)
			}
		}
		// Warm up every server on this operation (Neo4j's and V8's JIT, plan caches).
		for _, name := range names {
			load(timeout(ctx, o.warmup), targets[name], repeat(w), 4)
		}
		res := opResult{op: w.name, names: names, trips: map[string]float64{}, stats: map[int]map[string]stats{}}
		// Round trips: Cypher statements per request, over 10 requests one after another.
		for _, name := range names {
			before := counters[name].runs.Load()
			for range 10 {
				if _, err := countedTargets[name].do(ctx, w, false); err != nil {
					return fmt.Errorf("%s, %s: %w", w.name, name, err)
				}
			}
			res.trips[name] = float64(counters[name].runs.Load()-before) / 10
		}
		for _, c := range o.concurrency {
			rounds := map[string][]sample{}
			for r := range o.rounds {
				order := names
				if r%2 == 1 { // alternate who goes first
					order = reverse(names)
				}
				for _, name := range order {
					rounds[name] = append(rounds[name], drive(ctx, targets[name], repeat(w), c, o.duration))
				}
			}
			res.stats[c] = map[string]stats{}
			for _, name := range names {
				res.stats[c][name] = summarize(rounds[name])
			}
			logf("%s, concurrency %d: %s", w.name, c, res.line(c))
		}
		rep.ops = append(rep.ops, res)
	}
	rep.rss = map[string]int64{"skillgraph": peakRSS(timed.sg.Process.Pid), "reference": peakRSS(timed.ref.Process.Pid)}
	return nil
}

// servers are a skillgraph and a reference server, each over its own Neo4j URI.
type servers struct {
	sg, ref       *exec.Cmd
	sgURL, refURL string
}

func startServers(ctx context.Context, o options, sgNeo4j, refNeo4j string) (*servers, error) {
	s := &servers{}
	sgPort, refPort := freePort(), freePort()
	var err error
	// Without the response cache: the same request is sent again and again, and what is
	// compared is the work of answering it (the dashboard workload measures the cache). Its
	// graph-version read, once an hour, stays out of the round trips counted.
	s.sg, err = start(ctx, append(os.Environ(), "NEO4J_URI="+sgNeo4j, "HOST=127.0.0.1",
		"PORT="+strconv.Itoa(sgPort), "LOG_LEVEL=warn", "CACHE_MB=0", "CACHE_RECHECK=1h"), "", o.binary, "serve")
	if err != nil {
		return nil, err
	}
	if s.ref, err = start(ctx, os.Environ(), o.refDir, "node", "server.mjs", strconv.Itoa(refPort), refNeo4j); err != nil {
		stop(s.sg)
		return nil, err
	}
	s.sgURL = fmt.Sprintf("http://127.0.0.1:%d/graphql", sgPort)
	s.refURL = fmt.Sprintf("http://127.0.0.1:%d/", refPort)
	if err := waitHTTP(ctx, fmt.Sprintf("http://127.0.0.1:%d/readyz", sgPort), http.MethodGet); err != nil {
		s.stop()
		return nil, fmt.Errorf("skillgraph: %w", err)
	}
	if err := waitHTTP(ctx, s.refURL+"?query=%7B__typename%7D", http.MethodGet); err != nil {
		s.stop()
		return nil, fmt.Errorf("reference: %w", err)
	}
	return s, nil
}

func (s *servers) stop() {
	stop(s.sg)
	stop(s.ref)
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func command(ctx context.Context, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

// start runs a server in the background, its output on our standard error.
func start(ctx context.Context, env []string, dir, name string, args ...string) (*exec.Cmd, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Dir = env, dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd, cmd.Start()
}

func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
	}
}

// npmCI installs the reference's locked dependencies once.
func npmCI(ctx context.Context, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@neo4j", "graphql")); err == nil {
		return nil
	}
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm ci in %s: %w", dir, err)
	}
	return nil
}

func waitHTTP(ctx context.Context, url, method string) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, method, url, nil)
		req.Header.Set("apollo-require-preflight", "true") // Apollo's CSRF guard refuses a bare GET
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			err = errors.New(res.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after 60 s: %v", url, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// peakRSS is the process's high-water resident set (VmHWM), in bytes; 0 when unknown.
func peakRSS(pid int) int64 {
	kb, _ := procStatusKB(strconv.Itoa(pid), "VmHWM")
	return kb * 1024
}

// procStatusKB reads a memory figure ("VmHWM", "VmRSS") of /proc/PID/status, in kB.
func procStatusKB(pid, field string) (int64, bool) {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb, err == nil
		}
	}
	return 0, false
}

// cpuModel is the machine's CPU model name, from /proc/cpuinfo.
func cpuModel() string {
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
			}
		}
	}
	return "unknown CPU"
}

// machine describes where the figures come from.
func machine(ctx context.Context, driver neo4j.DriverWithContext) string {
	cpu := cpuModel()
	nodeV, _ := exec.CommandContext(ctx, "node", "--version").Output()
	neo4jV := "?"
	if res, err := neo4j.ExecuteQuery(ctx, driver, `CALL dbms.components() YIELD versions, edition RETURN versions[0] + ' ' + edition AS v`, nil, neo4j.EagerResultTransformer); err == nil && len(res.Records) > 0 {
		v, _ := res.Records[0].Get("v")
		neo4jV = fmt.Sprint(v)
	}
	return fmt.Sprintf("%s, %d cores; %s; Node %s; Neo4j %s", cpu, runtime.NumCPU(), runtime.Version(), strings.TrimSpace(string(nodeV)), neo4jV)
}

func timeout(ctx context.Context, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(ctx, d)
	time.AfterFunc(d, cancel)
	return ctx
}
