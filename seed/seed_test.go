package seed_test

import (
	"testing"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/seed"
)

func TestCuratedSeedIsValid(t *testing.T) {
	b, err := seed.Load(seed.Files)
	if err != nil {
		t.Fatal(err)
	}
	count := map[domain.Kind]int{}
	for _, n := range b.Nodes {
		count[n.Kind]++
	}
	t.Logf("nodes %v rels %d", count, len(b.Rels))
}
