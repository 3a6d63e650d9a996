package onet_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/synth"
)

// BenchmarkSimilar: the similarity the O*NET import computes (Dataset.Similar), on the real
// release (1x) and on synthetic ones 3 and 10 times its size (package synth, seed 1), which
// make bench-scale imports. Run with -benchtime 1x: one call at 10x takes seconds.
// SIM_BENCH_SCALES picks the factors ("1 3 10" by default).
func BenchmarkSimilar(b *testing.B) {
	scales := []float64{1, 3, 10}
	if s := os.Getenv("SIM_BENCH_SCALES"); s != "" {
		scales = nil
		for _, f := range strings.Fields(s) {
			var x float64
			if _, err := fmt.Sscan(f, &x); err != nil {
				b.Fatalf("SIM_BENCH_SCALES %q: %v", s, err)
			}
			scales = append(scales, x)
		}
	}
	for _, scale := range scales {
		b.Run(fmt.Sprintf("%gx", scale), func(b *testing.B) {
			d := benchRelease(b, scale)
			b.ResetTimer()
			for range b.N {
				d.Similar()
			}
			b.ReportMetric(float64(len(d.Occupations)), "occupations")
		})
	}
}

// benchRelease reads the real release (scale 1) or a synthetic one written for the benchmark.
func benchRelease(b testing.TB, scale float64) *onet.Dataset {
	b.Helper()
	dir, skills := releaseDir, skillsDir
	if scale != 1 {
		l, err := synth.Generate(synth.Options{Scale: scale, Seed: 1, Out: b.TempDir(),
			ONETDir: releaseDir, SkillsDir: skillsDir, ESCOPath: filepath.Join("..", "data", "esco-1.1.1"),
			CrosswalkDir: filepath.Join("..", "data", "crosswalks")})
		if err != nil {
			b.Fatal(err)
		}
		dir, skills = l.ONET, l.Skills
	}
	d, err := onet.ReadWith(dir, onet.Options{SkillsDir: skills})
	if err != nil {
		b.Fatal(err)
	}
	return d
}
