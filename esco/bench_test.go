package esco_test

import (
	"runtime"
	"testing"

	"github.com/skillgraph/skillgraph/esco"
)

// BenchmarkRead reads the committed ESCO 1.1.1 zips: time and allocation per read, and the
// heap the Dataset keeps (retained-MB). Run: go test -run '^$' -bench Read -benchtime 5x ./esco/
func BenchmarkRead(b *testing.B) {
	b.ReportAllocs()
	var d *esco.Dataset
	for b.Loop() {
		var err error
		if d, err = esco.Read(escoDir, esco.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "retained-MB")
	runtime.KeepAlive(d)
}
