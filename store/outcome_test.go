package store_test

import (
	"context"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// A write whose commit reached Neo4j but whose answer was lost is UNKNOWN_OUTCOME: not
// UNAVAILABLE ("try again"), after which a repeated create said CONFLICT, and not applied
// twice. The store is not marked down, and the write is there when read back.
func TestUnknownOutcome(t *testing.T) {
	st, p := neo4jtest.MustSeedBehindProxy(t, nil)
	ctx := context.Background()
	n := domain.NodeInput{Kind: domain.KindSkill, Node: domain.Node{ID: "outcome-unknown", Name: "Outcome unknown",
		Props: domain.PropsOf("category", "technical"), Source: "test"}}
	p.FailNextCommit()
	err := st.CreateNode(ctx, n, "tester")
	if domain.ErrorCode(err) != domain.EUNKNOWNOUTCOME {
		t.Fatalf("create across a lost commit: %v", err)
	}
	rows := neo4jtest.MustQuery(t, "MATCH (s:Skill {id: 'outcome-unknown'}) RETURN count(s) AS n", nil)
	if rows[0]["n"] != int64(1) {
		t.Errorf("%v skills written, want 1 (the commit reached Neo4j)", rows[0]["n"])
	}
	// Not an outage: the next query is answered.
	if s, err := st.Skill(ctx, "outcome-unknown"); err != nil || s == nil {
		t.Errorf("read back: %v %v", s, err)
	}
	// Repeated as an upsert, as the message advises: fine.
	if err := st.Apply(ctx, domain.Batch{Nodes: []domain.NodeInput{n}, By: "tester"}); err != nil {
		t.Errorf("upsert after: %v", err)
	}
}
