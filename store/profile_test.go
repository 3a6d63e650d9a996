package store

import "testing"

func TestSimilarityProfileCut(t *testing.T) {
	if cut, sum := similarityProfile(nil); cut != nil || sum != 0 {
		t.Errorf("no items: %v %v", cut, sum)
	}
	vs := []float64{1, 3, 2}
	if cut, sum := similarityProfile(vs); cut != 1.0 || sum != 6 {
		t.Errorf("fewer than the profile size: %v %v", cut, sum)
	}
	// 101 items: 99 of 2, then three of 1 tied across the cut at the 100th.
	vs = nil
	for i := 0; i < profileSize-1; i++ {
		vs = append(vs, 2)
	}
	vs = append(vs, 1, 1, 1, 0.5)
	if cut, sum := similarityProfile(vs); cut != 1.0 || sum != float64(2*(profileSize-1)+3) {
		t.Errorf("ties at the cut: %v %v", cut, sum)
	}
}
