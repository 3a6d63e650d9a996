package domain

import (
	"context"
	"sort"
)

// Need is one thing a role needs (a skill or a technology) with its weight: the
// relationship's importance (1-5) where it has one; otherwise, for O*NET technologies, 4
// when In Demand, 3 when Hot, 2 else (the store computes it in Cypher).
type Need struct {
	Kind      Kind
	Node      Entity
	Weight    float64
	Essential *bool
}

// Adjacency is a skill next to another: how often they are required together and how
// strongly they are explicitly related.
type Adjacency struct {
	Skill *Skill
	// Weight = max(Jaccard, explicit RELATED_TO weight): symmetric, in [0,1].
	Weight float64
	// Jaccard = |roles requiring both| / |roles requiring either|.
	Jaccard        float64
	Cooccurrences  int
	ExplicitWeight *float64
	SampleRoles    []*Role // up to 3, by id
}

// SimilarRole is a role ranked by how like another role it is.
type SimilarRole struct {
	Role *Role
	// Score, for two O*NET occupations, is the similarity the import ranked from the
	// release (onet/similarity.go: titles, descriptions, ratings, technologies, code
	// family, job zone). For any other role it is the weighted Jaccard index of the two roles' similarity profiles: sum of
	// min weights over shared items / sum of max weights over all items, each item's
	// weight being its Need weight times its IDF, ln(roles / roles needing it). A role's
	// profile is its 100 heaviest items (and any tied with the 100th), leaving out items
	// needed by more than max(25, 10% of roles) roles (Microsoft Excel, Communication in a
	// large graph): they say little, and with the cap at 100 they bound what the query
	// visits. Only about 40 O*NET occupations need more than 100 such items. The index is
	// multiplied by the roles' job zone proximity, 1 - 0.2 x the difference of their O*NET
	// Job Zones (1 when either is unknown): O*NET relates occupations of similar
	// preparation, and technologies alone do not tell a nurse from a physician.
	Score              float64
	SharedSkills       []Need
	SharedTechnologies []Need
	// Missing is what the similar role needs that this one does not, heaviest first.
	Missing []Need
}

// RoleMatch is a role ranked by how well a person's skills and technologies fit it.
type RoleMatch struct {
	Role *Role
	// Score = (Share + Similarity) / 2, in [0,1]: how much of what the person has the role
	// needs, and how alike the person's and the role's needs are. Coverage alone favours
	// small profiles (a role needing one technology, which the person has, covers 100 %);
	// the cosine does not (a role needing only one of eight given items is far from them).
	// When the given skills point to roles by their text (Work), 0.9 of that plus 0.1 Work.
	Score float64
	// Share: of the person's items, weighted by IDF (ln(roles / roles needing it)), the
	// share the role needs, each counting its need weight out of 5 (the largest).
	Share float64
	// Similarity: the cosines of the skill parts and of the technology parts of the
	// person's vector (each given item its IDF; an item they reach, not given itself, a
	// credit times its IDF: a skill a given technology SUPPORTS half, since knowing Django
	// covers some of server-side logic; an O*NET or curated skill SAME_AS a given skill or
	// a group above it 0.5 per step) and the role's (each item it needs its need weight x
	// IDF), weighted by the share of the person's squared length in each part.
	Similarity float64
	// ProfileCoverage: the share of the role's similarity profile (see SimilarRole: need
	// weight x IDF, hubs left out) the person covers, reached items counting their credit (an
	// explanation, not the ranking).
	ProfileCoverage float64
	// Coverage = matched weight / total weight of the role's needs, in [0,1] (plain need
	// weights, no IDF: an explanation, not the ranking).
	Coverage      float64
	MatchedWeight float64
	TotalWeight   float64
	Matched       []Need
	// Reached: what the role needs that the given items reach without being given (a
	// skill a given technology SUPPORTS, an O*NET or curated skill SAME_AS a given skill or
	// its group), heaviest first, at most a few.
	Reached []Need
	Missing []Need
	// Work: how strongly the texts of the given ESCO skills point to the role (SUGGESTS:
	// each skill's share of evidence for the role, times the skill's IDF squared, summed),
	// relative to the role they point to most among those ranked (1); 0 for a person
	// without ESCO skills. WorkSkills: the given skills that point to it, strongest first,
	// at most a few.
	Work       float64
	WorkSkills []*Skill
}

// GapItem is one thing a person lacks for a role, with where it can be picked up.
type GapItem struct {
	Need
	// SupportedBy: for a skill, technologies that support it; for a technology, the
	// skills it supports.
	SupportedBy []Entity
	// LearnedIn: roles next to the target role (career steps, related or specialised
	// roles) that also need it: places to pick it up on the way.
	LearnedIn []*Role
}

// CareerStep is one move of a career path.
type CareerStep struct {
	From, To *Role
	// Via is the relationship followed: LEADS_TO, RELATED_TO, CLOSEST_TO or SPECIALIZES;
	// Forward says whether it was followed in its own direction.
	Via     string
	Forward bool
	Cost    float64
	// What To needs that From does not, heaviest first (at most 5 of each).
	SkillsToAcquire       []Need
	TechnologiesToAcquire []Need
}

// CareerPath is a route between two roles. Found is false when there is none; Reason
// says why.
type CareerPath struct {
	Found  bool
	Reason string
	Steps  []CareerStep
	Cost   float64
}

// SubgraphNode and SubgraphEdge make up a neighbourhood.
type SubgraphNode struct {
	Kind  Kind
	Node  Entity
	Depth int
}

type SubgraphEdge struct {
	Type     string
	From, To string // slugs
	FromKind Kind
	ToKind   Kind
	// Properties are the relationship's properties (the model's, no others); its Node is nil.
	Properties Edge
}

// Name is a neighbourhood node's name.

// FromGlobalID and ToGlobalID are the global ids of the edge's ends.
func (e SubgraphEdge) FromGlobalID() string { return GlobalID(e.FromKind, e.From) }
func (e SubgraphEdge) ToGlobalID() string   { return GlobalID(e.ToKind, e.To) }
func (n SubgraphNode) Name() string {
	switch x := n.Node.(type) {
	case *Role:
		return x.Name
	case *Skill:
		return x.Name
	case *Technology:
		return x.Name
	case *Industry:
		return x.Name
	case *OccupationGroup:
		return x.Name
	}
	return ""
}

type Subgraph struct {
	Nodes     []SubgraphNode
	Edges     []SubgraphEdge
	Truncated bool // the node limit cut the neighbourhood
}

// TechnologyCount is a technology with how many roles use it.
type TechnologyCount struct {
	Technology *Technology
	Roles      int
	HotRoles   int
}

type Stats struct {
	NodeCounts         map[Kind]int
	RelationshipCounts map[string]int // by "TYPE" or "TYPE Label->Label" where a type joins several
	TopTechnologies    []TechnologyCount
	TopHotTechnologies []TechnologyCount
}

type KindCount struct {
	Kind  Kind
	Count int
}

type TypeCount struct {
	Type  string
	Count int
}

// Nodes lists NodeCounts in the order of Kinds.
func (s *Stats) Nodes() []KindCount {
	out := make([]KindCount, 0, len(Kinds))
	for _, k := range Kinds {
		out = append(out, KindCount{k, s.NodeCounts[k]})
	}
	return out
}

// Relationships lists RelationshipCounts by type.
func (s *Stats) Relationships() []TypeCount {
	out := make([]TypeCount, 0, len(s.RelationshipCounts))
	for t, n := range s.RelationshipCounts {
		out = append(out, TypeCount{t, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// Mention is a node named in a text: rune offsets [Start, End) and the text between them.
type Mention struct {
	Start, End int
	Text       string
	Kind       Kind
	Node       Entity
}

// Extractor finds the skills, technologies and roles a text mentions.
type Extractor interface {
	Extract(ctx context.Context, text string) ([]Mention, error)
}

// Insights answers the questions that need the graph.
type Insights interface {
	// SkillAdjacency and SimilarRoles answer for several skills or roles at once.
	SkillAdjacency(ctx context.Context, skillIDs []string, first int) (map[string][]Adjacency, error)
	SimilarRoles(ctx context.Context, roleIDs []string, first int) (map[string][]SimilarRole, error)
	// RoleMatches ranks the roles where lets through (every role when nil).
	RoleMatches(ctx context.Context, skills, technologies []string, where *Filter, first int) ([]RoleMatch, error)
	SkillGap(ctx context.Context, roleID string, skills, technologies []string, first int) ([]GapItem, error)
	CareerPath(ctx context.Context, from, to string, maxSteps int) (*CareerPath, error)
	Neighborhood(ctx context.Context, kind Kind, id string, depth, limit int) (*Subgraph, error)
	Stats(ctx context.Context, top int) (*Stats, error)
}
