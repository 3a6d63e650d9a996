package graph_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// descriptionRules are graphql-schema-linter's rules about descriptions: every type, field,
// argument, input field and enum value has one, and each starts with a capital.
const descriptionRules = "types-have-descriptions,fields-have-descriptions,arguments-have-descriptions," +
	"input-object-values-have-descriptions,enum-values-have-descriptions,descriptions-are-capitalized"

// TestSchemaDescriptions runs graphql-schema-linter (pinned in tests/clients) over schema/
// with its description rules: no finding.
func TestSchemaDescriptions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	node, dir := mustNodePackages(ctx, t, "clients", "graphql-schema-linter")
	files, _ := filepath.Glob("../schema/*.graphqls")
	if len(files) == 0 {
		t.Fatal("no schema files")
	}
	args := append([]string{filepath.Join(dir, "node_modules", "graphql-schema-linter", "lib", "cli.js"), "--rules", descriptionRules, "--format", "json"}, files...)
	out, err := exec.CommandContext(ctx, node, args...).Output()
	var report struct {
		Errors []struct {
			Message string
			Rule    string
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("linter: %v %v\n%s", err, jerr, out)
	}
	for _, e := range report.Errors {
		t.Errorf("%s (%s)", e.Message, e.Rule)
	}
}
