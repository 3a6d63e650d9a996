// Tests of the development launcher script (neo4j.sh) as a user runs it.
package neo4jdev_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func script(t *testing.T, dataDir string, port int, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "./neo4j.sh", args...)
	cmd.Env = append(os.Environ(), "NEO4J_DATA_DIR="+dataDir, "NEO4J_PORT="+strconv.Itoa(port))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func query(t *testing.T, uri, cypher string) []*neo4j.Record {
	t.Helper()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(context.Background())
	res, err := neo4j.ExecuteQuery(context.Background(), driver, cypher, nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	return res.Records
}

func TestRestartKeepsData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Neo4j twice")
	}
	dir := filepath.Join(t.TempDir(), "data")
	port := freePort(t)
	uri := "bolt://127.0.0.1:" + strconv.Itoa(port)
	t.Cleanup(func() { _, _ = script(t, dir, port, "stop") })

	out, err := script(t, dir, port, "start")
	if err != nil || !strings.Contains(out, uri) {
		t.Fatalf("start: %v\n%s", err, out)
	}
	// A second start finds it running and says so.
	if out, err := script(t, dir, port, "start"); err != nil || !strings.Contains(out, "already running") {
		t.Fatalf("second start: %v\n%s", err, out)
	}
	query(t, uri, `CREATE (:Probe {v: 42})`)
	if out, err := script(t, dir, port, "stop"); err != nil || !strings.Contains(out, "stopped") {
		t.Fatalf("stop: %v\n%s", err, out)
	}
	if out, err := script(t, dir, port, "status"); err == nil {
		t.Fatalf("status after stop succeeded: %s", out)
	}
	if out, err := script(t, dir, port, "start"); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	recs := query(t, uri, `MATCH (p:Probe) RETURN p.v AS v`)
	if len(recs) != 1 || recs[0].Values[0] != int64(42) {
		t.Fatalf("after restart: %v", recs)
	}
}

func TestForeignProcessOnPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	dir := t.TempDir()
	// A stale pid file (a pid that is not our launcher) must not be trusted either.
	if err := os.WriteFile(filepath.Join(dir, "neo4j.pid"), []byte("999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := script(t, dir, port, "start")
	if err == nil {
		t.Fatalf("start succeeded on a taken port:\n%s", out)
	}
	if !strings.Contains(out, "port "+strconv.Itoa(port)+" on 127.0.0.1 is in use by another process") {
		t.Errorf("message:\n%s", out)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v: should fail fast", time.Since(start))
	}
	if out, err := script(t, dir, port, "stop"); err != nil || !strings.Contains(out, "not running") {
		t.Errorf("stop with a stale pid file: %v\n%s", err, out)
	}
}
