package slug_test

import (
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/internal/slug"
)

func TestAssign(t *testing.T) {
	a := slug.NewAllocator("java")
	steps := []struct{ key, name, suffix, want string }{
		{"2.A.1.e", "Mathematics", "skill", "mathematics"},
		{"2.C.4.a", "Mathematics", "knowledge", "mathematics-knowledge"},
		{"2.A.1.e", "Mathematics", "skill", "mathematics"}, // the same key, the same id
		{"x", "Mathematics", "knowledge", "mathematics-" + slug.Hash("x")},
		{"j", "Java!", "", "java-" + slug.Hash("j")}, // reserved
		{"n", "+++", "", "plus-plus-plus"},
		{"e", "?!", "", slug.Hash("e")},
	}
	for _, s := range steps {
		var got string
		if s.suffix == "" {
			got = a.Assign(s.key, s.name)
		} else {
			got = a.Assign(s.key, s.name, s.suffix)
		}
		if got != s.want {
			t.Errorf("Assign(%q, %q) = %q, want %q", s.key, s.name, got, s.want)
		}
	}
	long := a.Assign("long", strings.Repeat("interpret extraordinarily long labels ", 5))
	if len(long) > 80 || strings.HasSuffix(long, "-") || !strings.HasPrefix(long, "interpret-extraordinarily") {
		t.Errorf("long label: %q", long)
	}
}
