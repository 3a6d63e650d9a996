package graph_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// descriptionRules are graphql-schema-linter's rules about descriptions: every type, field,
// argument, input field and enum value has one, and each starts with a capital.
const descriptionRules = "types-have-descriptions,fields-have-descriptions,arguments-have-descriptions," +
	"input-object-values-have-descriptions,enum-values-have-descriptions,descriptions-are-capitalized"

// TestSchemaDescriptions runs graphql-schema-linter (pinned in tests/clients) over schema/
// with its description rules: no finding.
func TestSchemaDescriptions(t *testing.T) {
	files, _ := filepath.Glob("../schema/*.graphqls")
	if len(files) == 0 {
		t.Fatal("no schema files")
	}
	for i, f := range files {
		files[i], _ = filepath.Abs(f)
	}
	args := append([]string{"--rules", descriptionRules, "--format", "json"}, files...)
	out, stderr, err := runNodeScript(t, "clients", "graphql-schema-linter", "node_modules/graphql-schema-linter/lib/cli.js", args...)
	var report struct {
		Errors []struct {
			Message string
			Rule    string
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("linter: %v %v\n%s%s", err, jerr, out, stderr)
	}
	for _, e := range report.Errors {
		t.Errorf("%s (%s)", e.Message, e.Rule)
	}
}
