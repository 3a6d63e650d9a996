package main

import (
	"context"
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestHelp: -h prints the commands and every flag with its type and exits 0; a setting's
// help points only to README sections that exist.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"serve", "-help"}, {"seed", "-h"}} {
		var stderr strings.Builder
		if err := run(context.Background(), args, env(nil), io.Discard, &stderr); err != nil {
			t.Errorf("%v: %v", args, err)
		}
		if !strings.Contains(stderr.String(), "Usage: skillgraph [serve | seed") {
			t.Errorf("%v printed:\n%s", args, stderr.String())
		}
	}
	var stderr strings.Builder
	_ = run(context.Background(), []string{"-h"}, env(nil), io.Discard, &stderr)
	help := stderr.String()
	for _, want := range []string{
		"\n  -port int\n", "\n  -request-timeout duration\n", "\n  -rate-limit float\n", "\n  -gogc int|off\n",
		"\n  -playground\n", "\n  -log-level level\n", "\n  -host string\n", "(default 8080)", `(default "*")`,
	} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	// A bool flag alone means true, as with the flag package's own.
	c, err := loadConfig(flag.NewFlagSet("t", flag.ContinueOnError), []string{"-playground=false", "-metrics"}, env(map[string]string{"METRICS": "false"}))
	if err != nil || c.Playground || !c.Metrics {
		t.Errorf("bool flags: %v %+v", err, c)
	}

	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	see := regexp.MustCompile(`\(see ([A-Z][^)` + "`" + `]*)\)`)
	for _, s := range settings {
		for _, m := range see.FindAllStringSubmatch(s.help, -1) {
			section := m[1]
			if !strings.Contains(string(readme), "## "+section+"\n") && !strings.Contains(string(readme), "**"+section+".**") {
				t.Errorf("%s's help points to %q, which the README does not have", s.env, section)
			}
		}
	}
}
