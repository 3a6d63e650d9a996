package graph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
)

// TestRoleMatchesBridgeAndWhere: a person holding only an ESCO skill reaches the O*NET-like
// roles through SAME_AS, from the skill itself (credit 0.5) and from its group one BROADER
// step up (0.25), in the cosine and in `reached`; `where` keeps the roles it lets through.
//
//	esco REQUIRES e1 (essential: weight 3); oa REQUIRES o1 (4), o2 (4); ob REQUIRES o1 (4)
//	e1 BROADER g1; o2 SAME_AS e1; o1 SAME_AS g1
func TestRoleMatchesBridgeAndWhere(t *testing.T) {
	role := func(id, source string) domain.NodeInput {
		n := testNode(domain.KindRole, id)
		n.Source = source
		return n
	}
	req := func(r, s string, imp int) domain.RelInput {
		props := domain.PropsOf("importance", p(imp))
		if imp == 0 {
			props = domain.PropsOf("essential", p(true))
		}
		return domain.RelInput{Type: domain.Requires, FromID: r, ToID: s, Props: props, Source: "test"}
	}
	rel := func(t domain.RelType, from, to string) domain.RelInput {
		return domain.RelInput{Type: t, FromID: from, ToID: to, Source: "test"}
	}
	b := domain.Batch{
		Nodes: []domain.NodeInput{role("esco", "ESCO test"), role("oa", "O*NET test"), role("ob", "O*NET test"),
			testNode(domain.KindSkill, "e1"), testNode(domain.KindSkill, "g1"), testNode(domain.KindSkill, "o1"), testNode(domain.KindSkill, "o2")},
		Rels: []domain.RelInput{req("esco", "e1", 0), req("oa", "o1", 4), req("oa", "o2", 4), req("ob", "o1", 4),
			rel(domain.SkillUnder, "e1", "g1"), rel(domain.SameAs, "o2", "e1"), rel(domain.SameAs, "o1", "g1")},
	}
	a := serveBatch(t, b)
	const fields = `score share similarity role { id: slug } matched { node { id: slug } } reached { weight node { id: slug } }`
	// 3 roles: IDF e1 = ln 3, o1 = ln 3/2, o2 = ln 3. The person's vector (ie, i2 / 2, i1 / 4).
	ie, i1, i2 := math.Log(3), math.Log(1.5), math.Log(3)
	pn := math.Sqrt(ie*ie + i2*i2/4 + i1*i1/16)
	simA := (0.25*i1*4*i1 + 0.5*i2*4*i2) / (pn * math.Sqrt(16*i1*i1+16*i2*i2))
	simB := 0.25 * i1 * 4 * i1 / (pn * 4 * i1)

	d := a.MustData(t, `{ roleMatches(skills: ["e1"]) { `+fields+` } }`, nil)
	m := d["roleMatches"].([]any)
	if got := strings.Join(ids(m, "role", "id"), ","); got != "esco,oa,ob" {
		t.Fatalf("matches %s, want esco,oa,ob", got)
	}
	near(t, "share esco", get(m[0], "share"), 0.6)
	near(t, "similarity esco", get(m[0], "similarity"), ie*3*ie/(pn*3*ie))
	near(t, "share oa", get(m[1], "share"), 0)
	near(t, "similarity oa", get(m[1], "similarity"), simA)
	near(t, "score oa", get(m[1], "score"), simA/2)
	near(t, "similarity ob", get(m[2], "similarity"), simB)
	if got := strings.Join(ids(get(m[1], "reached"), "node", "id"), ","); got != "o1,o2" {
		t.Errorf("oa reached %s, want o1,o2", got)
	}
	if got := ids(get(m[1], "matched"), "node", "id"); len(got) != 0 {
		t.Errorf("oa matched %v, want nothing", got)
	}
	if got := strings.Join(ids(get(m[0], "matched"), "node", "id"), ","); got != "e1" {
		t.Errorf("esco matched %s", got)
	}

	// where: only the O*NET-like roles, the same scores.
	d = a.MustData(t, `{ roleMatches(skills: ["e1"], where: {source: {startsWith: "O*NET"}}) { `+fields+` } }`, nil)
	m = d["roleMatches"].([]any)
	if got := strings.Join(ids(m, "role", "id"), ","); got != "oa,ob" {
		t.Fatalf("matches among O*NET %s, want oa,ob", got)
	}
	near(t, "similarity oa (where)", get(m[0], "similarity"), simA)
	d = a.MustData(t, `{ roleMatches(skills: ["e1"], where: {NOT: {id: {eq: "oa"}}, source: {startsWith: "O*NET"}}) { role { id: slug } } }`, nil)
	if got := strings.Join(ids(d["roleMatches"], "role", "id"), ","); got != "ob" {
		t.Errorf("matches among O*NET but oa %s, want ob", got)
	}
	// An O*NET skill does not reach down into ESCO: o2 matches oa only.
	d = a.MustData(t, `{ roleMatches(skills: ["o2"]) { role { id: slug } } }`, nil)
	if got := strings.Join(ids(d["roleMatches"], "role", "id"), ","); got != "oa" {
		t.Errorf("matches of o2 %s, want oa", got)
	}
	// A malformed id in where is bad input, named by its path.
	r := a.Do(t, `{ roleMatches(skills: ["e1"], where: {id: {eq: "Job:x"}}) { score } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "where.id.eq" {
		t.Errorf("where with a skill id: %+v", r.Errors)
	}
}
