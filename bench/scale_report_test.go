package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScaleSection: make bench-scale's section has a row per factor and operation, and a new
// run replaces the section of the last one and nothing else of bench/RESULTS.md.
func TestScaleSection(t *testing.T) {
	rs := []scaleResult{
		{scale: 1, counts: map[string]int64{"roles": 4046}, onet: importRun{wall: 31.4, cpu: 0.5, neo4jCPU: 20, rss: 147},
			ops: []scaleOpResult{{name: "similarRoles", p50: 25.1, p99: 433.4, size: 777.4, neo4jCPU: 3, serverCPU: 1}, {name: "careerPath", p50: 2.4, p99: 9, size: -1}}},
		{scale: 3, counts: map[string]int64{"roles": 12092}, onet: importRun{wall: 90, cpu: 1.3, neo4jCPU: 60, rss: 480},
			ops: []scaleOpResult{{name: "similarRoles", p50: 16.9, p99: 258.5, size: 1237.6, neo4jCPU: 4, serverCPU: 1}, {name: "careerPath", p50: 7, p99: 10, size: -1}}},
	}
	section := scaleReport(rs, 100)
	for _, want := range []string{
		"| 1x | 4046 |", "| 3x | 12092 |", "31.4 (0.5 + 20.0)", "| similarRoles | 25.1 / 433.4 (777) | 16.9 / 258.5 (1238) |",
		"| careerPath | 2.4 / 9.0 | 7.0 / 10.0 |", "| similarRoles | 3.00 + 1.00 | 4.00 + 1.00 |", `SCALES="1 3"`,
	} {
		if !strings.Contains(section, want) {
			t.Errorf("no %q in\n%s", want, section)
		}
	}
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	os.WriteFile(path, []byte("# Benchmark\n\nmake bench's report\n"), 0o644)
	if err := writeSection(path, section); err != nil {
		t.Fatal(err)
	}
	if err := writeSection(path, strings.Replace(section, "4046", "4047", 1)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	text := string(data)
	if !strings.HasPrefix(text, "# Benchmark\n\nmake bench's report\n\n"+sectionBegin) || strings.Count(text, sectionBegin) != 1 ||
		!strings.Contains(text, "| 1x | 4047 |") || !strings.HasSuffix(text, sectionEnd+"\n") {
		t.Errorf("after two runs:\n%s", text)
	}
}

// TestReportKeepsScaleSection: make bench rewrites its report and keeps the section that make
// bench-scale wrote into the same file, with the readings written by hand below it.
func TestReportKeepsScaleSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	section := sectionBegin + "\n## How the cost grows\n\n| 1x | 4046 |\n" + sectionEnd + "\n"
	reading := "\n### Reading of the figures\n\nlinear\n"
	if err := writeReport(path, "# Benchmark\n\nfirst run\n"); err != nil {
		t.Fatal(err)
	}
	if err := writeSection(path, section); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(reading)
	f.Close()
	if err := writeReport(path, "# Benchmark\n\nsecond run\n"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if want := "# Benchmark\n\nsecond run\n\n" + section + reading; string(data) != want {
		t.Errorf("after make bench, make bench-scale, make bench:\n%s\nwant\n%s", data, want)
	}
}
