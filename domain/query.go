package domain

// Filters and sort orders of lists. The GraphQL layer builds them from the `where` and
// `orderBy` arguments; the store compiles them to parameterised Cypher, accepting only the
// properties and relationships it knows for each kind (see store/filter.go).

// Op is a comparison of one property with a value.
type Op string

const (
	OpEq         Op = "eq"
	OpIn         Op = "in"         // value is a list
	OpContains   Op = "contains"   // strings, case-insensitive
	OpStartsWith Op = "startsWith" // strings, case-insensitive
	OpLt         Op = "lt"
	OpLte        Op = "lte"
	OpGt         Op = "gt"
	OpGte        Op = "gte"
	OpIsNull     Op = "isNull" // value is a bool: true matches a missing property
)

// Cond compares one property of a node (in a node filter) or of a relationship (in an edge
// filter) with Value.
type Cond struct {
	Prop  string
	Op    Op
	Value any
}

// Quant says how many of a node's relationships must match a RelCond.
type Quant string

const (
	Some Quant = "some"
	None Quant = "none"
	All  Quant = "all"
)

// RelCond holds when Quant of the node's Rel relationships match Where, an edge filter
// (conditions on the relationship, and Node on the node at its far end).
type RelCond struct {
	Rel   Rel
	Quant Quant
	Where *Filter
}

// Filter is a boolean condition on a node, or on an edge (a relationship and the node at
// its far end). All of its parts must hold; an empty filter holds for everything.
type Filter struct {
	Conds []Cond
	Rels  []RelCond
	// Node is, in an edge filter, the condition on the node at the far end.
	Node *Filter
	And  []*Filter
	Or   []*Filter
	Not  *Filter
}

// Empty reports whether f holds for everything.
func (f *Filter) Empty() bool {
	return f == nil || (len(f.Conds) == 0 && len(f.Rels) == 0 && f.Node.Empty() && len(f.And) == 0 && len(f.Or) == 0 && f.Not == nil)
}

// Order is one sort key: a property of the node, a property of the relationship (Edge), or
// the number of the node's Count relationships.
type Order struct {
	Prop  string
	Edge  bool
	Count Rel
	Desc  bool
}

// ListArgs asks for one page of a filtered, sorted list. Without OrderBy a list keeps its
// default order; the node id always breaks ties.
type ListArgs struct {
	PageArgs
	Where   *Filter
	OrderBy []Order
	// Props are the node properties to read (nil: all). A selection that shows a node's id
	// and name need not read its dozens of aliases.
	Props []string
	// EdgeProps are the relationship properties to read on a relationship field (nil: all).
	EdgeProps []string
	// NoCursors: the selection shows no cursor (an edge's cursor, pageInfo), so the rows
	// need not bring back the sort key values a cursor is made of, and the edges have none.
	// NoTotal: it shows neither totalCount nor pageInfo, so a relationship field's count is
	// not taken (the page's TotalCount and HasNextPage are then meaningless).
	NoCursors, NoTotal bool
}

// Fetch is one relationship field to load for a set of parents, with the relationship
// fields to load below each of its nodes: a GraphQL selection tree, loaded in one query
// (Graph.Fetch). Pages is the result: the page of each parent, by parent id.
type Fetch struct {
	Rel      Rel
	Args     ListArgs // After must be empty: a tree pages from the start
	Children []*Fetch
	Pages    map[string]*Page
}
