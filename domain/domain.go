// Package domain holds skillgraph's domain types and the service interface that the GraphQL
// layer calls. It knows nothing of Neo4j or HTTP: the store (package store) implements Graph
// against Neo4j, and package graph exposes it over GraphQL.
package domain

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Kind is one of the node kinds of the graph. Its string is the Neo4j label.
type Kind string

const (
	KindRole       Kind = "Role"
	KindSkill      Kind = "Skill"
	KindTechnology Kind = "Technology"
	KindIndustry   Kind = "Industry"
	// KindOccupationGroup is an ISCO-08 group (major, sub-major, minor or unit), imported
	// from ESCO: reference data, read-only through the API.
	KindOccupationGroup Kind = "OccupationGroup"
)

// Kinds lists every node kind, in a fixed order.
var Kinds = []Kind{KindRole, KindSkill, KindTechnology, KindIndustry, KindOccupationGroup}

// SearchKinds are the kinds search() and the search indexes cover: occupation groups are
// found by code or name through occupationGroups(where:) instead, so that an ISCO group's
// plural name ("Software developers") does not crowd the occupations out of a search.
var SearchKinds = []Kind{KindRole, KindSkill, KindTechnology, KindIndustry}

// EnumName is the kind's name in GraphQL enums: OCCUPATION_GROUP for OccupationGroup.
func (k Kind) EnumName() string {
	var b strings.Builder
	for i, r := range string(k) {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// slugRE is the id format of curated nodes: lower-case words joined by single hyphens.
// Imported nodes may use a dataset's own code (an O*NET-SOC code such as 15-1252.00), so
// ids are validated with this only where the API or the seed creates them.
var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether id is a well-formed slug of at most 100 characters.
func ValidSlug(id string) bool { return len(id) <= 100 && slugRE.MatchString(id) }

// Node is what every kind shares.
type Node struct {
	ID          string
	Name        string
	Description string
	Aliases     []string
	// Source is the provenance: the seed document or dataset the node came from, or "api".
	Source string
	// UpdatedAt and UpdatedBy record the last write through the API (nil and "" otherwise).
	UpdatedAt *time.Time
	UpdatedBy string
	// Props are the properties of the node's kind that not every kind has (jobZone,
	// category, ...: Model.Nodes[kind].Own()); read them through the generated accessors
	// (Role.JobZone, ...).
	Props PropValues
}

// Entity is any node: *Role, *Skill, *Technology, *Industry or *OccupationGroup (the
// GraphQL interface Node).
type Entity interface{ entity() }

func (*Role) entity()            {}
func (*Skill) entity()           {}
func (*Technology) entity()      {}
func (*Industry) entity()        {}
func (*OccupationGroup) entity() {}

// The kinds; their own properties are declared in the schema (see Node.Props).
type (
	Role            struct{ Node }
	Skill           struct{ Node }
	Technology      struct{ Node }
	Industry        struct{ Node }
	OccupationGroup struct{ Node }
)

// Rel names one direction of one relationship type between two kinds: the unit in which
// relationship fields are loaded. The store knows the Cypher pattern for each.
type Rel string

const (
	RoleSkills          Rel = "role.skills"          // (Role)-[:REQUIRES]->(Skill)
	SkillRoles          Rel = "skill.roles"          // reverse of RoleSkills
	RoleTechnologies    Rel = "role.technologies"    // (Role)-[:USES]->(Technology)
	TechnologyRoles     Rel = "technology.roles"     // reverse of RoleTechnologies
	RoleIndustries      Rel = "role.industries"      // (Role)-[:IN_INDUSTRY]->(Industry)
	IndustryRoles       Rel = "industry.roles"       // reverse of RoleIndustries
	TechnologySkills    Rel = "technology.skills"    // (Technology)-[:SUPPORTS]->(Skill)
	SkillTechnologies   Rel = "skill.technologies"   // reverse of TechnologySkills
	SkillRelated        Rel = "skill.relatedSkills"  // (Skill)-[:RELATED_TO]-(Skill), either direction
	RoleSpecializes     Rel = "role.specializes"     // (Role)-[:SPECIALIZES]->(Role): the broader role
	RoleSpecializations Rel = "role.specializations" // reverse: narrower roles
	RoleNext            Rel = "role.nextRoles"       // (Role)-[:LEADS_TO]->(Role)
	RolePrevious        Rel = "role.previousRoles"   // reverse of RoleNext
	RoleRelated         Rel = "role.relatedRoles"    // (Role)-[:RELATED_TO]->(Role), O*NET Related Occupations
	RoleOccupations     Rel = "role.occupations"     // (Role)-[:CLOSEST_TO]->(Role): curated role to O*NET occupation
	RoleCuratedRoles    Rel = "role.curatedRoles"    // reverse of RoleOccupations
	RoleBroader         Rel = "role.broaderRoles"    // (Role)-[:BROADER]->(Role): ESCO's occupation hierarchy
	RoleNarrower        Rel = "role.narrowerRoles"   // reverse of RoleBroader
	SkillBroader        Rel = "skill.broader"        // (Skill)-[:BROADER]->(Skill): ESCO's skill hierarchy
	SkillNarrower       Rel = "skill.narrower"       // reverse of SkillBroader
	RoleONETMatches     Rel = "role.onetMatches"     // (Role)-[:MATCHES]->(Role): ESCO occupation to O*NET occupation
	RoleESCOMatches     Rel = "role.escoMatches"     // reverse of RoleONETMatches
	SkillEquivalents    Rel = "skill.equivalents"    // (Skill)-[:SAME_AS]-(Skill), either direction
	// (Role)-[:IN_GROUP]->(OccupationGroup): an ESCO occupation's ISCO-08 unit group.
	RoleOccupationGroups    Rel = "role.occupationGroups"
	OccupationGroupRoles    Rel = "occupationGroup.roles" // reverse of RoleOccupationGroups
	OccupationGroupBroader  Rel = "occupationGroup.broader"
	OccupationGroupNarrower Rel = "occupationGroup.narrower" // (OccupationGroup)-[:BROADER]->(OccupationGroup), reversed
)

// Edge is one relationship as seen from its parent node: the node at the other end and the
// relationship's properties.
type Edge struct {
	Node   Entity
	Source string
	// Props are the relationship's other properties (importance, hot, rank, ...: the
	// schema's edge types declare them), by name as Node.Props holds a node's; read them
	// through the generated accessors (Edge.Importance, ...).
	Props PropValues
	// MakeCursor makes the edge's cursor (see Cursor). The store leaves the encoding to
	// this function because most requests never ask for a cursor, and encoding one per
	// edge cost about 6% of a request's CPU.
	MakeCursor func() string
}

// Cursor locates this edge in its list; opaque to clients.
func (e Edge) Cursor() string {
	if e.MakeCursor == nil {
		return ""
	}
	return e.MakeCursor()
}

// RoleNode, SkillNode, TechnologyNode, IndustryNode and OccupationGroupNode are the edge's node as that kind
// (nil when it is another kind): a GraphQL edge type reads its typed node through one.
func (e Edge) RoleNode() *Role             { n, _ := e.Node.(*Role); return n }
func (e Edge) SkillNode() *Skill           { n, _ := e.Node.(*Skill); return n }
func (e Edge) TechnologyNode() *Technology { n, _ := e.Node.(*Technology); return n }
func (e Edge) IndustryNode() *Industry     { n, _ := e.Node.(*Industry); return n }
func (e Edge) OccupationGroupNode() *OccupationGroup {
	n, _ := e.Node.(*OccupationGroup)
	return n
}

// Page is one page of a list.
type Page struct {
	Edges       []Edge
	TotalCount  int
	HasNextPage bool
	// HasPreviousPage is true when the page was asked for after a cursor.
	HasPreviousPage bool
}

// PageInfo describes where a page sits in its list.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// PageInfo returns the page's position (the GraphQL pageInfo field).
func (p *Page) PageInfo() *PageInfo {
	info := &PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage}
	if n := len(p.Edges); n > 0 {
		start, end := p.Edges[0].Cursor(), p.Edges[n-1].Cursor()
		info.StartCursor, info.EndCursor = &start, &end
	}
	return info
}

// PageArgs asks for at most First items after the item whose cursor is After ("" for the
// start) or, Backward (GraphQL's last and before), the last First items before the item
// whose cursor is After ("" for the end), in the list's order.
type PageArgs struct {
	First    int
	After    string
	Backward bool
}

// SearchHit is one full-text search result.
type SearchHit struct {
	Kind  Kind
	Node  Entity
	Score float64
}

// Graph is the read service the API is built on.
type Graph interface {
	Role(ctx context.Context, id string) (*Role, error)
	Skill(ctx context.Context, id string) (*Skill, error)
	Technology(ctx context.Context, id string) (*Technology, error)
	Industry(ctx context.Context, id string) (*Industry, error)
	OccupationGroup(ctx context.Context, id string) (*OccupationGroup, error)

	// Nodes loads the nodes refs name, whatever their kinds, in one round trip (reading
	// props, nil: all), in the order of refs, nil where there is none.
	Nodes(ctx context.Context, refs []NodeRef, props []string) ([]Entity, error)
	// List pages through all nodes of one kind, ordered by id.
	List(ctx context.Context, kind Kind, args ListArgs) (*Page, error)
	// ListWith is List with, in the same round trip, the tree of relationship fields below
	// each node of the page (as Fetch fills it for the page's ids).
	ListWith(ctx context.Context, kind Kind, args ListArgs, fetches []*Fetch) (*Page, error)
	// Neighbors loads one page of rel for each parent id in one round trip; parents without
	// edges (or that do not exist) get an empty page.
	Neighbors(ctx context.Context, rel Rel, parentIDs []string, args ListArgs) (map[string]*Page, error)
	// Fetch loads a tree of relationship fields below the parents (of kind k) in one round
	// trip, filling each Fetch's Pages.
	Fetch(ctx context.Context, k Kind, parentIDs []string, fetches []*Fetch) error
	// NodeWith loads the node of kind k with id (its props, or all when nil) and, in the
	// same round trip, the tree of relationship fields below it; nil when there is no such
	// node.
	NodeWith(ctx context.Context, k Kind, id string, props []string, fetches []*Fetch) (Entity, error)
	// Search ranks nodes of the given kinds (all when empty) by full-text relevance, reading
	// props of each hit (nil: all).
	Search(ctx context.Context, query string, kinds []Kind, first int, props []string) ([]*SearchHit, error)
}

// RelType is one relationship type with the kinds at its two ends.
type RelType struct {
	Type     string
	From, To Kind
}

// The relationship types the code names (the schema declares them all: Model.RelTypes).
var (
	Requires    = RelType{"REQUIRES", KindRole, KindSkill}
	Uses        = RelType{"USES", KindRole, KindTechnology}
	InIndustry  = RelType{"IN_INDUSTRY", KindRole, KindIndustry}
	Supports    = RelType{"SUPPORTS", KindTechnology, KindSkill}
	SkillLink   = RelType{"RELATED_TO", KindSkill, KindSkill}
	Specializes = RelType{"SPECIALIZES", KindRole, KindRole}
	LeadsTo     = RelType{"LEADS_TO", KindRole, KindRole}
	RoleLink    = RelType{"RELATED_TO", KindRole, KindRole}
	ClosestTo   = RelType{"CLOSEST_TO", KindRole, KindRole}
	SkillUnder  = RelType{"BROADER", KindSkill, KindSkill}
	RoleUnder   = RelType{"BROADER", KindRole, KindRole}
	Matches     = RelType{"MATCHES", KindRole, KindRole}
	SameAs      = RelType{"SAME_AS", KindSkill, KindSkill}
	InGroup     = RelType{"IN_GROUP", KindRole, KindOccupationGroup}
	GroupUnder  = RelType{"BROADER", KindOccupationGroup, KindOccupationGroup}
)

// Suggests is a relationship the ESCO import writes for the rankings alone, which the schema
// does not declare and the API does not expose: an ESCO skill SUGGESTS the O*NET occupations
// its text matches best (package bridge; roleMatches reads it, see RoleMatch.Work).
// InternalRelTypes lists such types.
var (
	Suggests         = RelType{"SUGGESTS", KindSkill, KindRole}
	InternalRelTypes = []RelType{Suggests}
)

// NodeInput is one node to create or update (by Kind and ID).
type NodeInput struct {
	Kind Kind
	Node // Props: the kind's own properties to set; one not given stays as it is
	// OccupationCodes are the O*NET-SOC codes closest to a curated role (Role only); nil
	// leaves them as they are.
	OccupationCodes []string
}

// RelInput is one relationship to create or update between two existing nodes.
type RelInput struct {
	Type   RelType
	FromID string
	ToID   string
	Source string
	// Props are the relationship's other properties (Model.RelTypeProps[Type]), by name, as
	// Edge.Props holds them; read them through the generated accessors.
	Props PropValues
}

// Batch is a set of nodes and relationships written in one transaction, idempotently:
// nodes are merged by id, relationships by their two ends and type.
type Batch struct {
	Nodes []NodeInput
	Rels  []RelInput
	// By, when set, is who writes (an API token's name): every node and relationship of the
	// batch records it as updatedBy, with the time as updatedAt.
	By string
}

// IDOf returns the id of any entity; "" for nil.
func IDOf(e Entity) string {
	if n := NodeOf(e); n != nil {
		return n.ID
	}
	return ""
}

// NodeOf is the properties every kind has, of the node e (nil for a nil node).
func NodeOf(e Entity) *Node {
	switch x := e.(type) {
	case *Role:
		if x != nil {
			return &x.Node
		}
	case *Skill:
		if x != nil {
			return &x.Node
		}
	case *Technology:
		if x != nil {
			return &x.Node
		}
	case *Industry:
		if x != nil {
			return &x.Node
		}
	case *OccupationGroup:
		if x != nil {
			return &x.Node
		}
	}
	return nil
}
