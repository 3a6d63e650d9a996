package graph

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// TestWriterScalarsMatchGqlgen: direct execution's own string, number and boolean writers give the bytes
// of gqlgen's marshalers, which the executor uses.
func TestWriterScalarsMatchGqlgen(t *testing.T) {
	for _, s := range []string{"", "Backend Developer", `a "quoted" \ word`, "tab\there\nnew\rline", "\x00\x1f\x7f",
		"Zürich – é ✓", "\u2028", "bad \xff utf-8", "<b>&amp;</b>"} {
		var w writer
		w.str(s)
		var want bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		if w.b.String() != want.String() {
			t.Errorf("str(%q) = %s, want %s", s, w.b.String(), want.String())
		}
	}
	for _, f := range []float64{0, 1, -2.5, 3.5, 0.1 + 0.2, 1.0 / 3, 1e20, 1e21, 123456789012, 1e-4, 1e-5, 5e-324,
		math.MaxFloat64, -0.0, 0.7071067811865476} {
		var w writer
		w.float(f)
		var want bytes.Buffer
		_ = graphql.MarshalFloatContext(f).MarshalGQLContext(context.Background(), &want)
		if w.b.String() != want.String() {
			t.Errorf("float(%v) = %s, want %s", f, w.b.String(), want.String())
		}
	}
	for _, v := range []bool{true, false} {
		var w writer
		w.bool(v)
		var want bytes.Buffer
		graphql.MarshalBoolean(v).MarshalGQL(&want)
		if w.b.String() != want.String() {
			t.Errorf("bool(%v) = %s, want %s", v, w.b.String(), want.String())
		}
	}
	for _, n := range []int{0, 7, -3, 1234567, math.MaxInt64, math.MinInt64} {
		var w writer
		w.int(n)
		var want bytes.Buffer
		graphql.MarshalInt(n).MarshalGQL(&want)
		if w.b.String() != want.String() {
			t.Errorf("int(%d) = %s, want %s", n, w.b.String(), want.String())
		}
	}
}
