package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/jsonpath"
	"github.com/skillgraph/skillgraph/store"
	"github.com/skillgraph/skillgraph/synth"
)

// BenchmarkScale is make bench-scale: how the cost grows with the data. For each factor in
// SCALES (default "1 3 10"), a fresh empty development Neo4j (its own data folder and port)
// gets the curated seed, O*NET with its skills and ESCO: the real releases at 1, synthetic ones
// (package synth) otherwise, read by the real importer. It records the imports' wall time and
// peak RSS and Neo4j's memory, then the p50 and p99 of each operation over BENCH_SCALE_N
// requests (default 200) with ids drawn from the whole graph, and beside each the mean size of
// what the operation has to look at (its result set), then writes a section of
// bench/RESULTS.md. Run with -benchtime 1x; it is not part of make test.
func BenchmarkScale(b *testing.B) {
	scales := strings.Fields(envOr("SCALES", "1 3 10"))
	n, err := strconv.Atoi(envOr("BENCH_SCALE_N", "200"))
	if err != nil || n < 10 {
		b.Fatalf("BENCH_SCALE_N %q: want a number of requests, at least 10", os.Getenv("BENCH_SCALE_N"))
	}
	bin := filepath.Join(b.TempDir(), "skillgraph")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var results []scaleResult
	for i := 0; i < b.N; i++ {
		results = results[:0]
		for _, s := range scales {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				b.Fatalf("SCALES: %q is not a number", s)
			}
			results = append(results, runScale(b, bin, f, n))
		}
	}
	b.ReportMetric(0, "ns/op")
	section := scaleReport(results, n)
	fmt.Fprint(os.Stderr, section)
	if out := envOr("BENCH_SCALE_OUT", "RESULTS.md"); out != "-" {
		if err := writeSection(out, section); err != nil {
			b.Fatal(err)
		}
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// scaleResult is one factor's figures.
type scaleResult struct {
	scale               float64
	counts              map[string]int64 // roles, technologies, skills, nodes, relationships
	seedS               float64
	onet, esco          importRun
	neo4jRSS, neo4jPeak int // MB: after the imports; the peak, after the operations
	storeMB             int
	ops                 []scaleOpResult
}

type scaleOpResult struct {
	name                string
	p50, p99            float64 // ms
	neo4jCPU, serverCPU float64 // ms per request: Neo4j's process, this one's (the handler's)
	size                float64 // mean size of what it looks at
}

// importRun is one import's figures: wall time, CPU time of the importer and of Neo4j (which
// a busy machine inflates much less than the wall time), the importer's peak RSS.
type importRun struct {
	wall, cpu, neo4jCPU float64 // s
	rss                 int     // MB, as the importer reports it
}

// The releases the repository carries, from bench/.
var realReleases = synth.Layout{ONET: "../data/onet-29.2", Skills: "../data/onet-29.0-skills-knowledge", ESCO: "../data/esco-1.1.1", Crosswalk: "../data/crosswalks"}

func runScale(b *testing.B, bin string, scale float64, n int) scaleResult {
	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "bench-scale %gx: "+format+"\n", append([]any{scale}, a...)...)
	}
	res := scaleResult{scale: scale}
	l := realReleases
	if scale != 1 {
		logf("generating the releases")
		g, err := synth.Generate(synth.Options{Scale: scale, Seed: 1, ONETDir: realReleases.ONET, SkillsDir: realReleases.Skills,
			ESCOPath: realReleases.ESCO, CrosswalkDir: realReleases.Crosswalk, Out: filepath.Join(b.TempDir(), "data")})
		if err != nil {
			b.Fatal(err)
		}
		l = *g
	}

	// A fresh Neo4j of its own, stopped (and its folder removed) when this factor is done.
	dataDir := b.TempDir()
	port, err := exec.Command("../scripts/free-port.sh").Output()
	if err != nil {
		b.Fatal(err)
	}
	neoEnv := append(os.Environ(), "NEO4J_DATA_DIR="+dataDir, "NEO4J_PORT="+strings.TrimSpace(string(port)))
	start := exec.Command("../tools/neo4j/neo4j.sh", "start")
	start.Env, start.Stderr = neoEnv, os.Stderr
	uri, err := start.Output()
	if err != nil {
		b.Fatalf("starting Neo4j: %v", err)
	}
	defer func() {
		stop := exec.Command("../tools/neo4j/neo4j.sh", "stop")
		stop.Env = neoEnv
		stop.Run()
	}()
	env := append(os.Environ(), "NEO4J_URI="+strings.TrimSpace(string(uri)), "LOG_LEVEL=warn")
	for _, k := range []string{"NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"} {
		env = append(env, k+"=")
	}
	pid, _ := os.ReadFile(filepath.Join(dataDir, "neo4j.pid"))

	// The imports, timed, each in its own process (the importer's peak RSS is its own).
	neoPID := strings.TrimSpace(string(pid))
	importer := func(args ...string) importRun {
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir = env, ".."
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, io.Discard
		t0, neo0 := time.Now(), procCPU(neoPID)
		if err := cmd.Run(); err != nil {
			b.Fatalf("skillgraph %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		r := importRun{wall: time.Since(t0).Seconds(), cpu: (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds(),
			neo4jCPU: procCPU(neoPID) - neo0}
		if m := peakRSSRE.FindStringSubmatch(out.String()); m != nil {
			r.rss, _ = strconv.Atoi(m[1])
		}
		logf("%.1fs (CPU: importer %.1fs, Neo4j %.1fs): skillgraph %s", r.wall, r.cpu, r.neo4jCPU, strings.Join(args, " "))
		return r
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	res.seedS = importer("seed").wall
	res.onet = importer("import", "onet", abs(l.ONET), "-skills", abs(l.Skills), "-progress", "off")
	res.esco = importer("import", "esco", abs(l.ESCO), "-onet", abs(l.ONET), "-skills", abs(l.Skills), "-crosswalk", abs(l.Crosswalk), "-progress", "off")
	res.neo4jRSS = procMB(neoPID, "VmRSS")

	ctx := context.Background()
	cfg := store.Config{URI: strings.TrimSpace(string(uri)), ConnectAttempts: 5}
	st, err := store.Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close(ctx)
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.NoAuth())
	if err != nil {
		b.Fatal(err)
	}
	defer driver.Close(ctx)
	q := func(cypher string, params map[string]any) []map[string]any {
		r, err := neo4j.ExecuteQuery(ctx, driver, cypher, params, neo4j.EagerResultTransformer)
		if err != nil {
			b.Fatalf("%s: %v", cypher, err)
		}
		out := make([]map[string]any, len(r.Records))
		for i, rec := range r.Records {
			out[i] = rec.AsMap()
		}
		return out
	}
	res.counts = map[string]int64{}
	for k, c := range map[string]string{
		"roles": `MATCH (n:Role) RETURN count(n) AS n`, "technologies": `MATCH (n:Technology) RETURN count(n) AS n`,
		"skills": `MATCH (n:Skill) RETURN count(n) AS n`, "nodes": `MATCH (n) RETURN count(n) AS n`,
		"relationships": `MATCH ()-[e]->() RETURN count(e) AS n`,
	} {
		res.counts[k] = q(c, nil)[0]["n"].(int64)
	}
	logf("graph: %v", res.counts)
	settle(neoPID)
	res.ops = measureOps(b, st, q, n, neoPID, logf)
	res.neo4jPeak = procMB(neoPID, "VmHWM")
	res.storeMB = dirMB(dataDir)
	return res
}

var peakRSSRE = regexp.MustCompile(`peak RSS (\d+) MB`)

// procMB reads a memory figure of /proc/PID/status in MB; -1 when unknown.
func procMB(pid, field string) int {
	if kb, ok := procStatusKB(pid, field); ok {
		return int(kb / 1024)
	}
	return -1
}

// procCPU is the CPU time (user and system) process pid has used, in seconds.
func procCPU(pid string) float64 {
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// After the command name in brackets: state, then 10 fields, then utime and stime in
	// clock ticks (100 a second on Linux).
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (u + st) / 100
}

// settle waits (at most a minute) until Neo4j is idle: what it does in the background after
// the imports (flushing them) is not to be counted to the first operation timed.
func settle(pid string) {
	for i := 0; i < 60; i++ {
		before := procCPU(pid)
		time.Sleep(time.Second)
		if procCPU(pid)-before < 0.05 {
			return
		}
	}
}

// selfCPU is this process's CPU time in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func dirMB(dir string) int {
	var total int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	return int(total >> 20)
}

// scaleOp is one operation of the scale benchmark: its request for draw i, and the size of
// what it has to look at (its result set, counted apart, untimed), NaN when not counted.
type scaleOp struct {
	name    string
	request func(i int) request
	size    func(req request, data any) float64
}

// pools are the ids requests are drawn from: every role alike; technologies and skills in
// proportion to their degree (the popular ones are asked about more, and cost more).
type pools struct {
	roles, techs, skills, words []string
	doc                         string
}

func measureOps(b *testing.B, st *store.Store, q func(string, map[string]any) []map[string]any, n int, neoPID string, logf func(string, ...any)) []scaleOpResult {
	var p pools
	for _, r := range q(`MATCH (r:Role) RETURN r.id AS id, r.name AS name ORDER BY id`, nil) {
		p.roles = append(p.roles, r["id"].(string))
		p.words = append(p.words, r["name"].(string))
	}
	for _, r := range q(`MATCH (:Role)-[:USES]->(t:Technology) RETURN t.id AS id ORDER BY id`, nil) {
		p.techs = append(p.techs, r["id"].(string))
	}
	for _, r := range q(`MATCH (:Role)-[:REQUIRES]->(s:Skill) RETURN s.id AS id ORDER BY id`, nil) {
		p.skills = append(p.skills, r["id"].(string))
	}
	for _, r := range q(`MATCH (n:Technology|Skill) RETURN n.name AS name ORDER BY n.id`, nil) {
		p.words = append(p.words, r["name"].(string))
	}
	var docs strings.Builder // the seed documents, about 27 KB; requests take 5 KB windows
	files, _ := filepath.Glob("../data/seeds/*.txt")
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs.Write(data)
	}
	p.doc = docs.String()

	h := httpapi.NewHandler(httpapi.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st},
		// Errors (with their cause) to the benchmark's output: a request that fails is reported.
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
	var out []scaleOpResult
	for _, op := range scaleOps(p, q) {
		var ds []time.Duration
		type answer struct {
			req  request
			data any
		}
		var answers []answer
		errs := 0
		warm := n / 4
		var neo0, self0 float64
		for i := 0; i < warm+n; i++ {
			if i == warm {
				neo0, self0 = procCPU(neoPID), selfCPU()
			}
			req := op.request(i)
			body, _ := json.Marshal(map[string]any{"query": req.query, "variables": req.vars})
			hr := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			hr.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(rec, hr)
			d := time.Since(t0)
			var resp struct {
				Data   any
				Errors []any
			}
			if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &resp) != nil || len(resp.Errors) > 0 {
				if errs++; errs <= 3 {
					vars, _ := json.Marshal(req.vars)
					logf("%s %.200s: %d %.300s", op.name, vars, rec.Code, rec.Body.String())
				}
				continue
			}
			if i < warm {
				continue
			}
			ds = append(ds, d)
			answers = append(answers, answer{req, resp.Data})
		}
		neoCPU, serverCPU := procCPU(neoPID)-neo0, selfCPU()-self0
		// The sizes are counted after the timing, so that their queries are not in the CPU.
		size, sized := 0.0, 0
		for _, a := range answers {
			if op.size != nil {
				size += op.size(a.req, a.data)
				sized++
			}
		}
		if errs > n/10 {
			b.Fatalf("%s: %d errors in %d requests", op.name, errs, warm+n)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		r := scaleOpResult{name: op.name, p50: ms(ds[len(ds)/2]), p99: ms(ds[(len(ds)*99)/100]), size: -1,
			neo4jCPU: 1000 * neoCPU / float64(len(ds)), serverCPU: 1000 * serverCPU / float64(len(ds))}
		if sized > 0 {
			r.size = size / float64(sized)
		}
		logf("%-40s p50 %7.1f ms  p99 %7.1f ms  CPU Neo4j %.2f ms, server %.2f ms  size %.1f  (n=%d, errors %d)", op.name, r.p50, r.p99, r.neo4jCPU, r.serverCPU, r.size, len(ds), errs)
		out = append(out, r)
	}
	return out
}

// scaleOps are bench/workload.go's operations (its requests, with ids drawn for each
// request) and the two of make bench-insights the workload lacks.
func scaleOps(p pools, q func(string, map[string]any) []map[string]any) []scaleOp {
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(l []string) string { return l[rng.IntN(len(l))] }
	words := func() string {
		w := strings.Fields(draw(p.words))
		return strings.Join(w[:min(2, len(w))], " ")
	}
	params := func() params {
		return params{role: draw(p.roles), tech: draw(p.techs), search: words(), careerFrom: draw(p.roles), careerTo: draw(p.roles), first: 20}
	}
	from := func(name string) func(int) request {
		return func(int) request {
			for _, o := range workload(params()) {
				if o.name == name {
					r := o.sg
					if name == "roleMatches" {
						r.vars = map[string]any{"skills": []string{draw(p.skills), draw(p.skills), draw(p.skills)}, "techs": []string{draw(p.techs), draw(p.techs)}}
					}
					return r
				}
			}
			panic("no operation " + name + " in the workload")
		}
	}
	count := func(cypher string, params map[string]any) float64 {
		return float64(q(cypher, params)[0]["n"].(int64))
	}
	num := func(v any) float64 { f, _ := v.(float64); return f }
	return []scaleOp{
		{"a. role with skills and technologies (node)", from("a. role with skills and technologies"), func(_ request, d any) float64 {
			return num(jsonpath.Get(d, "role", "skills", "totalCount")) + num(jsonpath.Get(d, "role", "technologies", "totalCount"))
		}},
		{"b. filtered, sorted page of roles (list)", from("b. filtered, sorted page of roles with counts"), func(_ request, d any) float64 {
			return num(jsonpath.Get(d, "roles", "totalCount"))
		}},
		{"c. technology -> roles -> related roles (nested)", from("c. technology -> roles -> related roles"), func(_ request, d any) float64 {
			return num(jsonpath.Get(d, "technology", "roles", "totalCount"))
		}},
		{"similarRoles", from("similarRoles"), func(r request, _ any) float64 {
			// The roles sharing a skill or technology with it: the candidates to rank.
			return count(`MATCH (r:Role {id: $id})-[:REQUIRES|USES]->(x)<-[:REQUIRES|USES]-(o:Role) WHERE o <> r RETURN count(DISTINCT o) AS n`, r.vars)
		}},
		{"roleMatches", from("roleMatches"), func(r request, _ any) float64 {
			// The roles having any of the skills or technologies: the candidates to rank.
			return count(`CALL () { UNWIND $skills AS id MATCH (:Skill {id: id})<-[:REQUIRES]-(r:Role) RETURN r
				UNION UNWIND $techs AS id MATCH (:Technology {id: id})<-[:USES]-(r:Role) RETURN r } RETURN count(DISTINCT r) AS n`, r.vars)
		}},
		{"careerPath", from("careerPath"), nil},
		{"skillAdjacency", func(int) request {
			return request{`query($id: ID!) { skillAdjacency(skillId: $id, first: 10) { weight skill { id } } }`, map[string]any{"id": draw(p.skills)}}
		}, func(r request, _ any) float64 {
			// The co-required pairs: each role requiring it, times its other skills.
			return count(`MATCH (s:Skill {id: $id})<-[:REQUIRES]-(:Role)-[:REQUIRES]->(o:Skill) WHERE o <> s RETURN count(*) AS n`, r.vars)
		}},
		{"d. full-text search", from("d. full-text search"), func(r request, _ any) float64 {
			// Every hit of the index for the words, before the page is cut.
			return count(`CALL db.index.fulltext.queryNodes('node_search', $q) YIELD node RETURN count(node) AS n`,
				map[string]any{"q": store.LuceneQuery(r.vars["q"].(string))})
		}},
		{"extractSkills (5 KB)", func(int) request {
			at := rng.IntN(len(p.doc) - 5000)
			return request{`query($t: String!) { extractSkills(text: $t) { start node { id } } }`, map[string]any{"t": p.doc[at : at+5000]}}
		}, func(_ request, d any) float64 {
			l, _ := jsonpath.Get(d, "extractSkills").([]any)
			return float64(len(l))
		}},
	}
}

// scaleReport is the section of bench/RESULTS.md.
func scaleReport(rs []scaleResult, n int) string {
	var w strings.Builder
	cpu := cpuModel()
	fmt.Fprintf(&w, "%s\n## How the cost grows with the data (make bench-scale)\n\n", sectionBegin)
	fmt.Fprintf(&w, "%s. Machine: %s, %d cores; %s; Neo4j heap %s. Produced by `make bench-scale SCALES=\"%s\"` "+
		"(bench/scale_test.go). Each factor: a fresh, empty development Neo4j; the curated seed, O*NET with its skills and knowledge, "+
		"then ESCO, each imported by `skillgraph` in a process of its own (the real releases at 1x, synthetic ones written by "+
		"package synth otherwise); then %d requests per operation (after %d to warm up) through the GraphQL handler in process, "+
		"ids drawn from the whole graph (roles uniformly, technologies and skills in proportion to their degree), one at a time.\n\n",
		time.Now().UTC().Format("2006-01-02"), cpu, runtime.NumCPU(), runtime.Version(), envOr("NEO4J_HEAP", "1g"), scaleList(rs), n, n/4)
	w.WriteString("| scale | roles | technologies | skills | nodes | relationships | seed s | O*NET import s | ESCO import s | importer peak RSS MB (O*NET, ESCO) | Neo4j RSS after import MB | Neo4j peak RSS MB | store MB |\n")
	w.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		c := r.counts
		fmt.Fprintf(&w, "| %gx | %d | %d | %d | %d | %d | %.1f | %s | %s | %d, %d | %d | %d | %d |\n", r.scale, c["roles"], c["technologies"], c["skills"],
			c["nodes"], c["relationships"], r.seedS, r.onet, r.esco, r.onet.rss, r.esco.rss, r.neo4jRSS, r.neo4jPeak, r.storeMB)
	}
	w.WriteString("\nImport: wall time (CPU time of the importer + of Neo4j).\n")
	w.WriteString("\nLatency p50 / p99 in ms; in brackets the mean size of what the operation looks at: for a node, its skills and " +
		"technologies; for a list, its total count; for similarRoles, the roles sharing a skill or technology with the role; for " +
		"roleMatches, the roles having any of the skills or technologies asked; for skillAdjacency, the co-required (role, skill) " +
		"pairs; for search, the index's hits for the words; for extractSkills, the mentions found.\n\n")
	opsTable(&w, rs, func(o scaleOpResult) string {
		if o.size < 0 {
			return fmt.Sprintf("%.1f / %.1f", o.p50, o.p99)
		}
		return fmt.Sprintf("%.1f / %.1f (%.0f)", o.p50, o.p99, o.size)
	})
	w.WriteString("\nCPU time per request in ms, Neo4j's + the server's (the handler, in this process): what the machine's " +
		"load inflates much less than the latency.\n\n")
	opsTable(&w, rs, func(o scaleOpResult) string { return fmt.Sprintf("%.2f + %.2f", o.neo4jCPU, o.serverCPU) })
	w.WriteString("\n" + sectionEnd + "\n")
	return w.String()
}

// opsTable writes a table of the operations, a column per factor, cell giving each figure.
func opsTable(w *strings.Builder, rs []scaleResult, cell func(scaleOpResult) string) {
	w.WriteString("| operation |")
	for _, r := range rs {
		fmt.Fprintf(w, " %gx |", r.scale)
	}
	w.WriteString("\n|---|" + strings.Repeat("---|", len(rs)) + "\n")
	for i := range rs[0].ops {
		fmt.Fprintf(w, "| %s |", rs[0].ops[i].name)
		for _, r := range rs {
			fmt.Fprintf(w, " %s |", cell(r.ops[i]))
		}
		w.WriteString("\n")
	}
}

func (r importRun) String() string {
	return fmt.Sprintf("%.1f (%.1f + %.1f)", r.wall, r.cpu, r.neo4jCPU)
}

func scaleList(rs []scaleResult) string {
	var s []string
	for _, r := range rs {
		s = append(s, strconv.FormatFloat(r.scale, 'g', -1, 64))
	}
	return strings.Join(s, " ")
}
