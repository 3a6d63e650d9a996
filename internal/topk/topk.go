// Package topk keeps the k best of a stream of items: a bounded heap whose root is the worst
// kept, so that choosing the k best of n costs n log k instead of sorting all n.
package topk

import "slices"

// Heap keeps the k best of the items Add is given, by better: a strict order, better(a, b)
// when a ranks before b (break ties in it, so that what is kept does not depend on the
// order the items come in).
type Heap[T any] []T

// Add offers x to a heap that keeps k items.
func (h *Heap[T]) Add(x T, k int, better func(a, b T) bool) {
	s := *h
	switch {
	case len(s) < k:
		s = append(s, x)
		for i := len(s) - 1; i > 0; { // sift up: the worst kept rises to the root
			parent := (i - 1) / 2
			if !better(s[parent], s[i]) {
				break
			}
			s[parent], s[i] = s[i], s[parent]
			i = parent
		}
	case k > 0 && better(x, s[0]):
		s[0] = x
		for i := 0; ; { // sift down
			worst, l, r := i, 2*i+1, 2*i+2
			if l < len(s) && better(s[worst], s[l]) {
				worst = l
			}
			if r < len(s) && better(s[worst], s[r]) {
				worst = r
			}
			if worst == i {
				break
			}
			s[i], s[worst] = s[worst], s[i]
			i = worst
		}
	}
	*h = s
}

// Sorted returns what h kept, best first, in a new slice.
func (h Heap[T]) Sorted(better func(a, b T) bool) []T {
	out := slices.Clone(h)
	slices.SortFunc(out, func(a, b T) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
	return out
}
