package onet

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// TestTopK: the bounded heap keeps exactly what sorting every candidate and cutting would,
// ties on score broken by code.
func TestTopK(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{0, 1, 3, 10, 100} {
		for _, n := range []int{0, 1, 5, 50, 500} {
			var all []scored
			var h topK
			for i := range n {
				// Few distinct scores, so that ties are common.
				p := scored{code: string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676)), score: float64(rng.IntN(7)) / 7}
				all = append(all, p)
				h.add(p, k)
			}
			sort.Slice(all, func(i, j int) bool { return all[i].better(all[j]) })
			want, got := all[:min(k, len(all))], h.sorted()
			if len(got) != len(want) {
				t.Fatalf("k %d n %d: %d kept, want %d", k, n, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("k %d n %d: #%d %+v, want %+v", k, n, i, got[i], want[i])
				}
			}
		}
	}
}
