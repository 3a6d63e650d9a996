package domain

import "strings"

// Global ids (Relay's Global Object Identification). A node's stored key, its slug, is
// unique per kind only (microservices-architecture is a Skill and a Technology), so the
// `id` clients see is the kind and the slug, "Role:backend-developer": unique across the
// graph, as Relay's and Apollo's caches need, and readable in logs and URLs. Clients treat
// it as opaque. No slug contains a colon (ValidSlug; the importers' codes and slugs have
// none), so a colon tells a global id from a slug, and every argument that names a node of
// a known kind takes either.

// SlugField is the GraphQL field of every node that shows its stored key, the property id.
const SlugField = "slug"

// GlobalID is the global id of the node of kind k with slug.
func GlobalID(k Kind, slug string) string { return string(k) + ":" + slug }

// GlobalID is the node's global id.
func (r *Role) GlobalID() string       { return GlobalID(KindRole, r.ID) }
func (s *Skill) GlobalID() string      { return GlobalID(KindSkill, s.ID) }
func (t *Technology) GlobalID() string { return GlobalID(KindTechnology, t.ID) }
func (i *Industry) GlobalID() string   { return GlobalID(KindIndustry, i.ID) }
func (g *OccupationGroup) GlobalID() string {
	return GlobalID(KindOccupationGroup, g.ID)
}

// Slug is the node's key within its kind (the GraphQL field slug).
func (n *Node) Slug() string { return n.ID }

// ParseGlobalID splits a global id into its kind and slug; anything else (a bare slug, an
// unknown kind, an empty slug) is BAD_USER_INPUT about field.
func ParseGlobalID(field, id string) (Kind, string, error) {
	k, slug, ok := strings.Cut(id, ":")
	if !ok || !Kind(k).Valid() || slug == "" {
		return "", "", InvalidField(field, "%q is not a node id: ids are a kind and a slug, such as %q (the `id` field of a node)", id, GlobalID(KindRole, "backend-developer"))
	}
	return Kind(k), slug, nil
}

// SlugOf reads an argument that names a node of kind k: a slug, or a global id. A global id
// of another kind is returned as it is, and so names no node (no slug has a colon). A colon
// without a kind before it is BAD_USER_INPUT about field.
func SlugOf(k Kind, field, id string) (string, error) {
	if !strings.Contains(id, ":") {
		return id, nil
	}
	gk, slug, err := ParseGlobalID(field, id)
	if err != nil || gk != k {
		return id, err
	}
	return slug, nil
}

// SlugsOf is SlugOf for a list.
func SlugsOf(k Kind, field string, ids []string) ([]string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		var err error
		if out[i], err = SlugOf(k, field, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NodeRef names one node: its kind and slug.
type NodeRef struct {
	Kind Kind
	Slug string
}

// FromGlobalID and ToGlobalID are the global ids of the relationship's ends.
func (r RelInput) FromGlobalID() string { return GlobalID(r.Type.From, r.FromID) }
func (r RelInput) ToGlobalID() string   { return GlobalID(r.Type.To, r.ToID) }
