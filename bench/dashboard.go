package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The dashboard workload: what dashboards ask of a read-mostly graph, the same questions
// again and again, a few popular nodes most often. Each request draws its operation from a
// mix and its ids from a Zipf distribution over the whole graph (rank 1 most asked), so
// answers repeat as they do in use. skillgraph is timed without its response cache (off),
// with it cold (every request a new key: a variable no operation declares, which changes
// nothing but the key, so each request is a miss and is stored: the cache's cost) and warm
// (the requests as drawn); the
// floor (one hand-written Cypher query per request, no cache) answers the operations it
// has, so the mix it is compared on is those shared operations. A second mix adds the
// insights (similarRoles, careerPath, roleMatches), which the floor has no Cypher for: that
// one is skillgraph cold against skillgraph warm.

// zipfS is the Zipf exponent: with it, over the roles of seed + O*NET, the first tenth of
// the ids draws about three quarters of the requests.
const zipfS = 1.1

// dashIDs are the ids requests are drawn from, in an order of popularity fixed by a seed.
type dashIDs struct {
	roles, techs, skills, terms []string
}

func loadIDs(ctx context.Context, driver neo4j.DriverWithContext) (*dashIDs, error) {
	list := func(cypher string) ([]string, error) {
		res, err := neo4j.ExecuteQuery(ctx, driver, cypher, nil, neo4j.EagerResultTransformer)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, r := range res.Records {
			out = append(out, r.Values[0].(string))
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no ids: %s", cypher)
		}
		rand.New(rand.NewSource(1)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out, nil
	}
	var d dashIDs
	var err error
	if d.roles, err = list(`MATCH (r:Role) RETURN r.id ORDER BY r.id`); err != nil {
		return nil, err
	}
	// Technologies some role uses, and skills the rankings count (roleCount: roles needing
	// them with a weight): roleMatches fails (INTERNAL, "/ by zero") on an item of
	// roleCount 0, given or reached through a technology's SUPPORTS (a bug of its own).
	if d.techs, err = list(`MATCH (t:Technology) WHERE EXISTS { (t)<-[:USES]-() } RETURN t.id ORDER BY t.id`); err != nil {
		return nil, err
	}
	if d.skills, err = list(`MATCH (s:Skill) WHERE s.roleCount > 0 RETURN s.id ORDER BY s.id`); err != nil {
		return nil, err
	}
	// Search terms: the first word of each role's name.
	if d.terms, err = list(`MATCH (r:Role) WITH DISTINCT toLower(split(r.name, ' ')[0]) AS w WHERE size(w) > 2 RETURN w ORDER BY w`); err != nil {
		return nil, err
	}
	return &d, nil
}

// mixes are the dashboard's operation mixes, by name: indexes into workload().
var mixes = []struct {
	name string
	ops  []int
}{
	{"shared operations", []int{0, 1, 2, 3}},                       // a, b, c, d: the floor answers them too
	{"shared operations and insights", []int{0, 1, 2, 3, 4, 5, 6}}, // + similarRoles, careerPath, roleMatches
}

// dashboardStream draws the requests of a mix: one generator per client, seeded by it.
func dashboardStream(ids *dashIDs, ops []int) stream {
	return func(client int) func() op {
		r := rand.New(rand.NewSource(int64(client) + 1))
		zipf := func(n int) func() int {
			z := rand.NewZipf(r, zipfS, 1, uint64(n-1))
			return func() int { return int(z.Uint64()) }
		}
		role, tech, skill, term := zipf(len(ids.roles)), zipf(len(ids.techs)), zipf(len(ids.skills)), zipf(len(ids.terms))
		return func() op {
			from, to := role(), role()
			if to == from { // a path needs two roles
				to = (from + 1) % len(ids.roles)
			}
			p := params{role: ids.roles[role()], tech: ids.techs[tech()], search: ids.terms[term()],
				careerFrom: ids.roles[from], careerTo: ids.roles[to], first: 20}
			i := ops[r.Intn(len(ops))]
			o := workload(p)[i]
			if o.name == "roleMatches" {
				o.sg.vars = map[string]any{"skills": []string{ids.skills[skill()], ids.skills[skill()], ids.skills[skill()]}}
			}
			return o
		}
	}
}

// nonce numbers the cold requests of the whole run: no two share a key.
var nonce atomic.Int64

// coldStream is s with a variable that no operation declares, a new value each request:
// every request is a new key to the cache.
func coldStream(s stream) stream {
	return func(client int) func() op {
		next := s(client)
		return func() op {
			o := next()
			vars := map[string]any{"nonce": nonce.Add(1)}
			for k, v := range o.sg.vars {
				vars[k] = v
			}
			o.sg.vars = vars
			return o
		}
	}
}

// dashResult is what was measured of one mix at one concurrency.
type dashResult struct {
	mix   string
	conc  int
	stats map[string]stats   // by target: floor, cold, warm
	hits  map[string]float64 // the cache's hit ratio during the timed rounds, by target
}

// runDashboard times the dashboard mixes against the floor and three skillgraph servers: one
// without the response cache, and two with it (its default settings), one for cold requests
// and one for warm.
func runDashboard(ctx context.Context, o options, driver neo4j.DriverWithContext, rep *report, logf func(string, ...any)) error {
	ids, err := loadIDs(ctx, driver)
	if err != nil {
		return err
	}
	logf("dashboard: %d roles, %d technologies, %d skills, %d search terms", len(ids.roles), len(ids.techs), len(ids.skills), len(ids.terms))
	floor, err := startFloor(o.neo4jURI, workload(defaultParams))
	if err != nil {
		return err
	}
	defer floor.stop()
	servers := map[string]string{} // off, cold, warm -> base URL
	for _, name := range []string{"off", "cold", "warm"} {
		port := freePort()
		env := append(servedEnv(), "NEO4J_URI="+o.neo4jURI, "HOST=127.0.0.1", "PORT="+strconv.Itoa(port), "LOG_LEVEL=warn")
		if name == "off" {
			env = append(env, "CACHE_MB=0")
		}
		cmd, err := start(ctx, env, "", o.binary, "serve")
		if err != nil {
			return err
		}
		defer stop(cmd)
		servers[name] = fmt.Sprintf("http://127.0.0.1:%d", port)
		if err := waitHTTP(ctx, servers[name]+"/readyz", http.MethodGet); err != nil {
			return fmt.Errorf("skillgraph (%s): %w", name, err)
		}
	}
	for _, m := range mixes {
		base := dashboardStream(ids, m.ops)
		names := []string{"off", "cold", "warm"}
		streams := map[string]stream{"off": base, "cold": coldStream(base), "warm": base, "floor": base}
		targets := map[string]target{}
		for _, n := range names {
			targets[n] = newGQLTarget(servers[n]+"/graphql", false)
		}
		if m.ops[len(m.ops)-1] <= 3 {
			names = append([]string{"floor"}, names...)
			targets["floor"] = newFloorTarget(floor.url)
		}
		// Every answer without errors first, then a warm-up (which fills the warm cache).
		for _, name := range names {
			next := streams[name](0)
			for range 20 {
				if _, err := targets[name].do(ctx, next(), false); err != nil {
					return fmt.Errorf("dashboard, %s: %w", name, err)
				}
			}
			load(timeout(ctx, o.warmup), targets[name], streams[name], 4)
		}
		for _, c := range o.dashboard {
			res := dashResult{mix: m.name, conc: c, stats: map[string]stats{}, hits: map[string]float64{}}
			rounds := map[string][]sample{}
			var hits, misses map[string]float64 = map[string]float64{}, map[string]float64{}
			for r := range o.rounds {
				order := names
				if r%2 == 1 {
					order = reverse(names)
				}
				for _, name := range order {
					h0, m0 := cacheCounts(servers[name])
					rounds[name] = append(rounds[name], drive(ctx, targets[name], streams[name], c, o.duration))
					h1, m1 := cacheCounts(servers[name])
					hits[name] += h1 - h0
					misses[name] += m1 - m0
				}
			}
			for _, name := range names {
				res.stats[name] = summarize(rounds[name])
				if hits[name]+misses[name] > 0 {
					res.hits[name] = hits[name] / (hits[name] + misses[name])
				}
			}
			logf("dashboard, %s, concurrency %d: %s", m.name, c, res.line(names))
			rep.dashboard = append(rep.dashboard, res)
		}
	}
	return nil
}

// servedEnv is the environment a skillgraph server of the dashboard gets: ours, without
// cache settings, so that it runs with the defaults.
func servedEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CACHE_") {
			env = append(env, kv)
		}
	}
	return env
}

// cacheCounts reads the response cache's hits and misses from a server's /metrics (0, 0
// for the floor, which has none).
func cacheCounts(base string) (hits, misses float64) {
	if base == "" {
		return 0, 0
	}
	res, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, 0
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		for prefix, dst := range map[string]*float64{
			`skillgraph_response_cache_requests_total{result="hit"} `:  &hits,
			`skillgraph_response_cache_requests_total{result="miss"} `: &misses,
		} {
			if v, ok := strings.CutPrefix(line, prefix); ok {
				*dst, _ = strconv.ParseFloat(v, 64)
			}
		}
	}
	return hits, misses
}

func (r dashResult) line(names []string) string {
	var parts []string
	for _, n := range names {
		s := r.stats[n]
		parts = append(parts, fmt.Sprintf("%s %.0f req/s p50 %s ms hits %.0f%%", n, s.rps, ms(s.p50), 100*r.hits[n]))
	}
	return strings.Join(parts, "; ")
}
