package graph

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// TestWriterScalarsMatchGqlgen: direct execution's own string, number and boolean writers
// give the bytes of gqlgen's marshalers, which the executor uses.
func TestWriterScalarsMatchGqlgen(t *testing.T) {
	same := func(what any, write func(*writer), marshal func(*bytes.Buffer)) {
		t.Helper()
		var w writer
		write(&w)
		var want bytes.Buffer
		marshal(&want)
		if w.b.String() != want.String() {
			t.Errorf("%s: %s, want %s", fmt.Sprintf("%#v", what), w.b.String(), want.String())
		}
	}
	for _, s := range []string{"", "Backend Developer", `a "quoted" \ word`, "tab\there\nnew\rline", "\x00\x1f\x7f",
		"Zürich – é ✓", "\u2028", "bad \xff utf-8", "<b>&amp;</b>"} {
		same(s, func(w *writer) { w.str(s) }, func(b *bytes.Buffer) { graphql.MarshalString(s).MarshalGQL(b) })
	}
	for _, f := range []float64{0, 1, -2.5, 3.5, 0.1 + 0.2, 1.0 / 3, 1e20, 1e21, 123456789012, 1e-4, 1e-5, 5e-324,
		math.MaxFloat64, math.Copysign(0, -1), 0.7071067811865476} {
		same(f, func(w *writer) { w.float(f) }, func(b *bytes.Buffer) {
			_ = graphql.MarshalFloatContext(f).MarshalGQLContext(context.Background(), b)
		})
	}
	for _, v := range []bool{true, false} {
		same(v, func(w *writer) { w.bool(v) }, func(b *bytes.Buffer) { graphql.MarshalBoolean(v).MarshalGQL(b) })
	}
	for _, n := range []int{0, 7, -3, 1234567, math.MaxInt64, math.MinInt64} {
		same(n, func(w *writer) { w.int(n) }, func(b *bytes.Buffer) { graphql.MarshalInt(n).MarshalGQL(b) })
	}
}
