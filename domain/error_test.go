package domain_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
)

// The README's table of error codes is domain.Codes, row for row.
func TestCodesTableMatchesREADME(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "| code | HTTP status | meaning |\n|---|---|---|\n")
	if !ok {
		t.Fatal("no table of error codes in the README")
	}
	var rows []domain.Code
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `") {
			break
		}
		cols := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cols) != 3 {
			t.Fatalf("row %q", line)
		}
		status, _ := strconv.Atoi(cols[1])
		rows = append(rows, domain.Code{Code: strings.Trim(strings.TrimSpace(cols[0]), "`"), Status: status, Meaning: strings.TrimSpace(cols[2])})
	}
	if len(rows) != len(domain.Codes) {
		t.Fatalf("README lists %d codes, domain.Codes %d", len(rows), len(domain.Codes))
	}
	seen := map[string]bool{}
	for i, c := range domain.Codes {
		if rows[i] != c {
			t.Errorf("row %d: README %+v, domain %+v", i, rows[i], c)
		}
		if seen[c.Code] {
			t.Errorf("%s twice", c.Code)
		}
		seen[c.Code] = true
		if domain.Status(c.Code) != c.Status {
			t.Errorf("Status(%s) = %d", c.Code, domain.Status(c.Code))
		}
	}
}
