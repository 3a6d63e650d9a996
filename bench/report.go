package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// opResult is what was measured of one operation.
type opResult struct {
	op    string
	names []string                 // targets that answer it
	trips map[string]float64       // Cypher statements per request
	stats map[int]map[string]stats // by concurrency, then target
}

type report struct {
	opts      options
	machine   string
	ops       []opResult
	rss       map[string]int64
	dashboard []dashResult
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func (r opResult) line(c int) string {
	var parts []string
	for _, n := range r.names {
		s := r.stats[c][n]
		parts = append(parts, fmt.Sprintf("%s %.0f req/s p50 %s ms", n, s.rps, ms(s.p50)))
	}
	return strings.Join(parts, "; ")
}

func (r *report) markdown() string {
	var b strings.Builder
	data := "seed"
	if r.opts.onetDir != "" {
		data = "seed + O*NET (" + r.opts.onetDir + ")"
	}
	if len(r.ops) == 0 {
		fmt.Fprintf(&b, "# Benchmark: the dashboard workload\n")
		r.dashboardMarkdown(&b, data)
		return b.String()
	}
	fmt.Fprintf(&b, "# Benchmark: skillgraph vs the Neo4j GraphQL Library vs hand-written Cypher\n\n")
	fmt.Fprintf(&b, "%s. Machine: %s. Data: %s. Each figure: %d rounds of %v per server, servers alternating; "+
		"throughput is the median of the rounds, latencies are over all their requests. Round trips are counted on a second instance "+
		"of each server behind a Bolt proxy, so that the proxy's hop is not in the timings. Produced by `make bench` (bench/main.go).\n\n",
		time.Now().UTC().Format("2006-01-02"), r.machine, data, r.opts.rounds, r.opts.duration)
	fmt.Fprintf(&b, "| operation | concurrency | server | req/s | p50 ms | p95 ms | p99 ms | Cypher round trips / request | errors |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|---|\n")
	for _, o := range r.ops {
		for _, c := range r.opts.concurrency {
			for _, n := range o.names {
				s := o.stats[c][n]
				fmt.Fprintf(&b, "| %s | %d | %s | %.0f | %s | %s | %s | %.1f | %d |\n", o.op, c, n, s.rps, ms(s.p50), ms(s.p95), ms(s.p99), o.trips[n], s.errors)
			}
		}
	}
	fmt.Fprintf(&b, "\n## Ratios\n\nThe floor is a minimal Go HTTP server answering each operation with its one hand-written Cypher query "+
		"(no GraphQL): no HTTP API can beat it. The baseline is that query sent in process, without HTTP.\n\n"+
		"| operation | concurrency | throughput skillgraph / reference | throughput skillgraph / floor | p50 skillgraph / floor | p50 skillgraph / in-process Cypher |\n|---|---|---|---|---|---|\n")
	for _, o := range r.ops {
		for _, c := range r.opts.concurrency {
			sg := o.stats[c]["skillgraph"]
			ratio, overFloor, p50Floor, over := "—", "—", "—", "—"
			if ref, ok := o.stats[c]["reference"]; ok && ref.rps > 0 {
				ratio = fmt.Sprintf("%.2f", sg.rps/ref.rps)
			}
			if fl, ok := o.stats[c]["floor"]; ok && fl.rps > 0 && fl.p50 > 0 {
				overFloor = fmt.Sprintf("%.2f", sg.rps/fl.rps)
				p50Floor = fmt.Sprintf("%.2f", float64(sg.p50)/float64(fl.p50))
			}
			if base, ok := o.stats[c]["baseline"]; ok && base.p50 > 0 {
				over = fmt.Sprintf("%.2f", float64(sg.p50)/float64(base.p50))
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s |\n", o.op, c, ratio, overFloor, p50Floor, over)
		}
	}
	fmt.Fprintf(&b, "\nPeak resident memory (VmHWM) over the whole run: skillgraph %.0f MB, reference (Node) %.0f MB.\n",
		float64(r.rss["skillgraph"])/(1<<20), float64(r.rss["reference"])/(1<<20))
	r.dashboardMarkdown(&b, data)
	return b.String()
}

// dashboardMarkdown is the dashboard workload's section (none when it did not run).
func (r *report) dashboardMarkdown(b *strings.Builder, data string) {
	if len(r.dashboard) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## Dashboard workload: the response cache\n\n"+
		"%s. Machine: %s. Data: %s. Requests drawn from a mix of operations, their ids from a Zipf distribution (s = %.1f) over all "+
		"the roles, technologies, skills and role-name words of the graph (bench/dashboard.go). skillgraph runs with its response cache on "+
		"(default settings) or without it (*off*, `CACHE_MB=0`): *cold* sends each request with a new, undeclared variable, so every request is a miss and is stored "+
		"(what the cache costs when it does not help: compare with off); "+
		"*warm* sends the requests as drawn. The floor has no cache and answers only the shared operations (a-d), so it is compared on that mix. "+
		"Each figure: %d rounds of %v per server, servers alternating; hit ratio from the server's /metrics over the timed rounds.\n\n",
		time.Now().UTC().Format("2006-01-02"), r.machine, data, zipfS, r.opts.rounds, r.opts.duration)
	fmt.Fprintf(b, "| mix | concurrency | server | req/s | p50 ms | p95 ms | p99 ms | cache hit ratio | req/s / floor | req/s / off | errors |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, d := range r.dashboard {
		for _, n := range []string{"floor", "off", "cold", "warm"} {
			s, ok := d.stats[n]
			if !ok {
				continue
			}
			server, hit, ratio, overOff := "skillgraph "+n, fmt.Sprintf("%.2f", d.hits[n]), "—", "—"
			if n == "floor" || n == "off" {
				hit = "—"
			}
			if n == "floor" {
				server = "floor"
			}
			if fl, ok := d.stats["floor"]; ok && fl.rps > 0 {
				ratio = fmt.Sprintf("%.2f", s.rps/fl.rps)
			}
			if off, ok := d.stats["off"]; ok && off.rps > 0 && n != "floor" {
				overOff = fmt.Sprintf("%.2f", s.rps/off.rps)
			}
			fmt.Fprintf(b, "| %s | %d | %s | %.0f | %s | %s | %s | %s | %s | %s | %d |\n", d.mix, d.conc, server, s.rps, ms(s.p50), ms(s.p95), ms(s.p99), hit, ratio, overOff, s.errors)
		}
	}
}

// errorsSeen fails the run when any timed request failed.
func (r *report) errorsSeen() error {
	for _, d := range r.dashboard {
		for n, s := range d.stats {
			if s.errors > 0 {
				return fmt.Errorf("dashboard, %s, concurrency %d, %s: %d of %d requests failed", d.mix, d.conc, n, s.errors, s.requests)
			}
		}
	}
	for _, o := range r.ops {
		for c, byName := range o.stats {
			for n, s := range byName {
				if s.errors > 0 {
					return fmt.Errorf("%s, concurrency %d, %s: %d of %d requests failed", o.op, c, n, s.errors, s.requests)
				}
			}
		}
	}
	return nil
}

// The section's markers: a new run replaces what is between them and leaves the rest of the
// file (make bench's report) alone.
const (
	sectionBegin = "<!-- bench-scale: begin (written by make bench-scale) -->"
	sectionEnd   = "<!-- bench-scale: end -->"
)

func writeSection(path, section string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	if i, j := strings.Index(text, sectionBegin), strings.Index(text, sectionEnd); i >= 0 && j > i {
		text = text[:i] + strings.TrimSuffix(section, "\n") + text[j+len(sectionEnd):]
	} else {
		text = strings.TrimRight(text, "\n") + "\n\n" + section
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// writeReport writes make bench's report to path and keeps the bench-scale section of the
// file it replaces, with the readings written below it: the two commands write one file,
// each its own part.
func writeReport(path, report string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := strings.TrimRight(report, "\n") + "\n"
	if i, j := strings.Index(string(old), sectionBegin), strings.Index(string(old), sectionEnd); i >= 0 && j > i {
		text += "\n" + strings.TrimRight(string(old[i:]), "\n") + "\n"
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
