package bridge

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/esco"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/synth"
)

// The committed releases, from this package's folder.
var (
	onetDir   = filepath.Join("..", "data", "onet-29.2")
	skillsDir = filepath.Join("..", "data", "onet-29.0-skills-knowledge")
	escoDir   = filepath.Join("..", "data", "esco-1.1.1")
)

// releases are what ESCOToONET reads.
type releases struct {
	d     *esco.Dataset
	od    *onet.Dataset
	tasks map[string][]string
}

// readReleases reads the committed releases (scale 1) or synthetic ones of that scale
// (package synth, written under dir).
func readReleases(tb testing.TB, scale float64, dir string) releases {
	tb.Helper()
	l := synth.Layout{ONET: onetDir, Skills: skillsDir, ESCO: escoDir}
	if scale != 1 {
		w, err := synth.Generate(synth.Options{Scale: scale, Seed: 1, ONETDir: onetDir, SkillsDir: skillsDir,
			ESCOPath: escoDir, CrosswalkDir: filepath.Join("..", "data", "crosswalks"), Out: dir})
		if err != nil {
			tb.Fatal(err)
		}
		l = *w
	}
	od, err := onet.ReadWith(l.ONET, onet.Options{SkillsDir: l.Skills})
	if err != nil {
		tb.Fatal(err)
	}
	d, err := esco.Read(l.ESCO, esco.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tasks, err := od.ReadTasks(l.ONET)
	if err != nil {
		tb.Fatal(err)
	}
	return releases{d, od, tasks}
}

// BenchmarkESCOToONET measures the bridge's matching as the releases grow: for each factor
// of BRIDGE_SCALES (default "1 3 10"), the committed releases at 1, synthetic ones (package
// synth) beyond, matched with the postings read per query term bounded (MaxPostings) and,
// when BRIDGE_EXHAUSTIVE is set, without a bound. Run with -benchtime 1x:
//
//	go test -run '^$' -bench ESCOToONET -benchtime 1x ./bridge/
func BenchmarkESCOToONET(b *testing.B) {
	limits := []int{MaxPostings}
	if os.Getenv("BRIDGE_EXHAUSTIVE") != "" {
		limits = append(limits, 0)
	}
	for _, s := range strings.Fields(cmp(os.Getenv("BRIDGE_SCALES"), "1 3 10")) {
		scale, err := strconv.ParseFloat(s, 64)
		if err != nil {
			b.Fatalf("BRIDGE_SCALES: %q is not a number", s)
		}
		r := readReleases(b, scale, b.TempDir())
		for _, limit := range limits {
			b.Run(fmt.Sprintf("scale=%s/limit=%d", s, limit), func(b *testing.B) {
				var links int
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					links = len(escoToONET(r.d, r.od, r.tasks, limit))
				}
				b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
				b.ReportMetric(float64(len(r.d.Skills)), "skills")
				b.ReportMetric(float64(len(r.od.Occupations)), "occupations")
				b.ReportMetric(float64(links), "links")
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
			})
		}
	}
}

// cpuTime is the CPU time this process has used (user and system, every thread): on a
// shared machine, steadier than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func cmp(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
