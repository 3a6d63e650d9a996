package neo4jtest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/skillgraph/skillgraph/onet"
)

// MustONetDir is the O*NET 29.2 release the repository carries (data/onet-29.2, found from
// the test's package folder), or ONET_DIR when set.
func MustONetDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("ONET_DIR")
	if dir == "" {
		dir = filepath.Join(repoRoot(tb), "data", "onet-29.2")
	}
	if _, err := os.Stat(filepath.Join(dir, onet.OccupationFile)); err != nil {
		tb.Fatalf("the O*NET extract is not at %s (set ONET_DIR): %v", dir, err)
	}
	return dir
}

// repoRoot is the nearest folder above the working directory (a test's package folder)
// that holds go.mod.
func repoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
