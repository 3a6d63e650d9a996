package domain

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Writer is the write service behind the API's mutations. Every method is one transaction
// that also keeps the ranking statistics and the graph version (which caches such as the
// extraction dictionary watch) in step; By is the writer recorded as provenance.
type Writer interface {
	// Apply merges a batch: all of it or nothing.
	Apply(ctx context.Context, b Batch) error
	// CreateNode creates a node; CONFLICT when its kind already has the id.
	CreateNode(ctx context.Context, n NodeInput, by string) error
	// UpdateNode sets the given fields of an existing node; NOT_FOUND when there is none.
	UpdateNode(ctx context.Context, u NodeUpdate, by string) error
	// DeleteNode deletes a node with its relationships; NOT_FOUND when there is none.
	DeleteNode(ctx context.Context, kind Kind, id string) (Deleted, error)
	// Disconnect deletes the relationship of type t from one node to another; NOT_FOUND when
	// there is none.
	Disconnect(ctx context.Context, t RelType, from, to string) (Deleted, error)
	// MissingIDs returns those of ids that no node of kind has.
	MissingIDs(ctx context.Context, kind Kind, ids []string) ([]string, error)
}

// NodeUpdate changes some fields of one node: nil fields stay as they are.
type NodeUpdate struct {
	Kind        Kind
	ID          string
	Name        *string
	Description *string
	Aliases     []string // nil: unchanged; empty: none
	// Props are the kind's own properties to set (Node.Props); the others stay.
	Props PropValues
}

// Deleted counts what a delete removed.
type Deleted struct {
	Nodes         int
	Relationships int
}

// Limits of what the API accepts in a node or relationship.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 5000
	MaxAliases        = 50
	MaxCategoryLen    = 50
	MaxBatchItems     = 5000
)

// RelTypeProps are the properties each relationship type takes (declared in the schema).
var RelTypeProps = Model.RelTypeProps

// Tiers are the O*NET Related Occupations tiers.
var Tiers = []string{"Primary-Short", "Primary-Long", "Supplemental"}

// ValidateNode checks a node to create or upsert; path names the input ("input",
// "input.roles[2]") in the error.
func ValidateNode(n NodeInput, path string) error {
	if !n.Kind.Valid() {
		return InvalidField(path, "unknown kind %q", n.Kind)
	}
	if !ValidSlug(n.ID) {
		return InvalidField(path+".id", "id %q must be a slug: lower-case letters and digits in words joined by single hyphens, at most 100 characters", n.ID)
	}
	if err := validateFields(&n.Name, &n.Description, n.Aliases, path); err != nil {
		return err
	}
	return checkProps(n.Kind, n.Props, path)
}

// ValidateUpdate checks a partial update.
func ValidateUpdate(u NodeUpdate, path string) error {
	if err := validateFields(u.Name, u.Description, u.Aliases, path); err != nil {
		return err
	}
	return checkProps(u.Kind, u.Props, path)
}

func validateFields(name, description *string, aliases []string, path string) error {
	if name != nil {
		if n := utf8.RuneCountInString(strings.TrimSpace(*name)); n == 0 || n > MaxNameLen {
			return InvalidField(path+".name", "name must have 1 to %d characters", MaxNameLen)
		}
	}
	if description != nil && utf8.RuneCountInString(*description) > MaxDescriptionLen {
		return InvalidField(path+".description", "description must have at most %d characters", MaxDescriptionLen)
	}
	if len(aliases) > MaxAliases {
		return InvalidField(path+".aliases", "at most %d aliases", MaxAliases)
	}
	for i, a := range aliases {
		if n := utf8.RuneCountInString(strings.TrimSpace(a)); n == 0 || n > MaxNameLen {
			return InvalidField(fmt.Sprintf("%s.aliases[%d]", path, i), "an alias must have 1 to %d characters", MaxNameLen)
		}
	}
	return nil
}

// ValidateRel checks a relationship to connect: its properties must be ones its type takes,
// within range; its ends well-formed ids.
func ValidateRel(r RelInput, path string) error {
	_, ok := RelTypeProps[r.Type]
	if !ok {
		return InvalidField(path+".type", "unknown relationship type")
	}
	for _, end := range []struct{ field, id string }{{"from", r.FromID}, {"to", r.ToID}} {
		if end.id == "" || len(end.id) > 100 {
			return InvalidField(path+"."+end.field, "an id of 1 to 100 characters is required")
		}
	}
	if r.FromID == r.ToID && r.Type.From == r.Type.To {
		return InvalidField(path+".to", "a node cannot be related to itself")
	}
	return checkRelProps(r, path)
}

// Principal is who calls the API: a configured token's name and scopes.
type Principal struct {
	Name   string
	Scopes []string
}

// The scopes a token can have. Write includes read.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// Can reports whether p has scope (write includes read).
func (p *Principal) Can(scope string) bool {
	if p == nil {
		return false
	}
	return slices.Contains(p.Scopes, scope) || (scope == ScopeRead && slices.Contains(p.Scopes, ScopeWrite))
}
