package topk

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHeapKeepsWhatSortingKeeps: for every k and n, the heap keeps the k best that sorting
// all n and cutting keeps, in the same order, whatever the order the items come in.
func TestHeapKeepsWhatSortingKeeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	type item struct{ score, id int }
	better := func(a, b item) bool { return a.score > b.score || a.score == b.score && a.id < b.id }
	for _, k := range []int{0, 1, 2, 7, 64} {
		for _, n := range []int{0, 1, 3, 40, 300} {
			all := make([]item, n)
			for i := range all {
				all[i] = item{rng.IntN(5), i} // few scores: many ties
			}
			rng.Shuffle(n, func(i, j int) { all[i], all[j] = all[j], all[i] })
			var h Heap[item]
			for _, x := range all {
				h.Add(x, k, better)
			}
			want := slices.Clone(all)
			slices.SortFunc(want, func(a, b item) int {
				if better(a, b) {
					return -1
				}
				return 1
			})
			want = want[:min(k, n)]
			if got := h.Sorted(better); !slices.Equal(got, want) {
				t.Fatalf("k %d n %d: kept %v, want %v", k, n, got, want)
			}
		}
	}
}
