package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// TestSmoke runs the whole benchmark for a few seconds on the seed alone, so that it
// cannot rot: both servers start, answer every operation with the same data as the
// hand-written Cypher, and the report has a row for each.
func TestSmoke(t *testing.T) {
	neo4jtest.MustOpen(t) // an empty database (the guard refuses one holding foreign data)
	cfg := neo4jtest.Config(t)
	bin := filepath.Join(t.TempDir(), "skillgraph")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	report := filepath.Join(t.TempDir(), "RESULTS.md")
	var out bytes.Buffer
	err := run(context.Background(), []string{"-neo4j", cfg.URI, "-skillgraph", bin, "-reference", "reference",
		"-duration", "300ms", "-warmup", "100ms", "-rounds", "1", "-concurrency", "1,2", "-dashboard-concurrency", "2", "-out", report}, &out)
	if err != nil {
		t.Fatal(err)
	}
	written, _ := os.ReadFile(report)
	if !bytes.Equal(written, out.Bytes()) {
		t.Error("the report file differs from what was printed")
	}
	text := out.String()
	for _, row := range []string{
		"| a. role with skills and technologies | 1 | skillgraph |",
		"| a. role with skills and technologies | 2 | reference |",
		"| b. filtered, sorted page of roles with counts | 1 | baseline |",
		"| b. filtered, sorted page of roles with counts | 2 | floor |",
		"throughput skillgraph / floor",
		"| c. technology -> roles -> related roles | 2 | skillgraph |",
		"| d. full-text search | 1 | reference |",
		"| similarRoles | 1 | skillgraph |",
		"| careerPath | 2 | skillgraph |",
		"| roleMatches | 1 | skillgraph |",
		"Peak resident memory",
		"| shared operations | 2 | floor |",
		"| shared operations | 2 | skillgraph off |",
		"| shared operations | 2 | skillgraph cold |",
		"| shared operations | 2 | skillgraph warm |",
		"| shared operations and insights | 2 | skillgraph cold |",
		"| shared operations and insights | 2 | skillgraph warm |",
	} {
		if !strings.Contains(text, row) {
			t.Errorf("no %q in the report:\n%s", row, text)
		}
	}
	// Round trips are counted (on the servers behind the proxies): one statement for a node
	// or a list and its tree in skillgraph; at least one for the reference.
	trips := func(row string) string {
		for _, line := range strings.Split(text, "\n") {
			if rest, ok := strings.CutPrefix(line, row); ok {
				if cols := strings.Split(rest, "|"); len(cols) > 4 {
					return strings.TrimSpace(cols[4])
				}
			}
		}
		return ""
	}
	if n := trips("| a. role with skills and technologies | 1 | skillgraph |"); n != "1.0" {
		t.Errorf("skillgraph: %q round trips for (a), want 1.0", n)
	}
	if n := trips("| b. filtered, sorted page of roles with counts | 1 | skillgraph |"); n != "1.0" {
		t.Errorf("skillgraph: %q round trips for (b), want 1.0", n)
	}
	if n := trips("| c. technology -> roles -> related roles | 1 | floor |"); n != "1.0" {
		t.Errorf("floor: %q round trips for (c), want 1.0", n)
	}
	if n := trips("| a. role with skills and technologies | 1 | reference |"); n == "" || n == "0.0" {
		t.Errorf("reference: %q round trips for (a)", n)
	}
	// The dashboard: cold requests all miss the cache; warm ones, repeated, hit it.
	hitRatio := func(row string) float64 {
		for _, line := range strings.Split(text, "\n") {
			if rest, ok := strings.CutPrefix(line, row); ok {
				if cols := strings.Split(rest, "|"); len(cols) > 4 {
					f, _ := strconv.ParseFloat(strings.TrimSpace(cols[4]), 64)
					return f
				}
			}
		}
		return -1
	}
	for _, mix := range []string{"shared operations", "shared operations and insights"} {
		if h := hitRatio("| " + mix + " | 2 | skillgraph cold |"); h != 0 {
			t.Errorf("%s, cold: hit ratio %v, want 0", mix, h)
		}
		if h := hitRatio("| " + mix + " | 2 | skillgraph warm |"); h <= 0 {
			t.Errorf("%s, warm: hit ratio %v, want more than 0", mix, h)
		}
	}
}
