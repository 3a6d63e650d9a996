package onet

// SimilarExact is Similar scoring every pair: what the pruned lists are measured against.
func (d *Dataset) SimilarExact() (map[string][]string, map[string][]float64) {
	f := d.simFeatures()
	return f.lists(f.exact())
}
