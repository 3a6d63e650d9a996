package onet

import (
	"fmt"
	"math/rand/v2"
	"regexp"
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

// TestBest: the quickselect moves to the front exactly the k best a sort puts there.
func TestBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 3, 10, 100, 1000} {
		for _, k := range []int{0, 1, 2, 5, 50, 100, 2000} {
			acc := make([]float64, n)
			xs := make([]int32, n)
			for i := range n {
				acc[i] = float64(rng.IntN(5)) // ties are common
				xs[i] = int32(i)
			}
			rng.Shuffle(n, func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
			best(xs, acc, k)
			sorted := append([]int32(nil), xs...)
			sort.Slice(sorted, func(i, j int) bool {
				x, y := sorted[i], sorted[j]
				return acc[x] > acc[y] || acc[x] == acc[y] && x < y
			})
			got := append([]int32(nil), xs[:min(k, n)]...)
			sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
			want := append([]int32(nil), sorted[:min(k, n)]...)
			sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("n %d k %d: %v, want %v", n, k, got, want)
			}
		}
	}
}

// TestWords: the scan finds what the regular expression [a-z]+ finds.
func TestWords(t *testing.T) {
	re := regexp.MustCompile(`[a-z]+`)
	for _, s := range []string{"", "a", "software developers, applications", "c++ / c# and .net", "café-résumé 3d", "x", "ab1cd", "ÿz"} {
		if got, want := words(s), re.FindAllString(s, -1); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}
