package graph

import (
	"context"
	"fmt"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph/model"
)

// Mutations translate GraphQL input to domain writes: validate everything first (naming the
// input path in errors), then one Writer call, which is one transaction.

var relTypes = map[model.RelationshipType]domain.RelType{
	model.RelationshipTypeRequires:       domain.Requires,
	model.RelationshipTypeUses:           domain.Uses,
	model.RelationshipTypeInIndustry:     domain.InIndustry,
	model.RelationshipTypeSupports:       domain.Supports,
	model.RelationshipTypeSkillRelatedTo: domain.SkillLink,
	model.RelationshipTypeSpecializes:    domain.Specializes,
	model.RelationshipTypeLeadsTo:        domain.LeadsTo,
	model.RelationshipTypeRoleRelatedTo:  domain.RoleLink,
	model.RelationshipTypeClosestTo:      domain.ClosestTo,
}

// relTypeName is the GraphQL name of a relationship type.
func relTypeName(t domain.RelType) model.RelationshipType {
	for name, rt := range relTypes {
		if rt == t {
			return name
		}
	}
	return ""
}

// writer returns the write service and the caller's name, or the error that stops the
// write. Operations are checked before they run (authorize); this is the same check where
// the write happens, so no path reaches the store unauthorised.
func (r *Resolver) writer(ctx context.Context) (domain.Writer, string, error) {
	p := PrincipalFrom(ctx)
	switch {
	case p == nil:
		return nil, "", domain.Errorf(domain.EUNAUTHENTICATED, "writing needs a bearer token with the write scope")
	case !p.Can(domain.ScopeWrite):
		return nil, "", domain.Errorf(domain.EFORBIDDEN, "token %q may not write", p.Name)
	case r.Writer == nil:
		return nil, "", domain.Errorf(domain.EUNAVAILABLE, "this server is read-only")
	}
	return r.Writer, p.Name, nil
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func roleNode(in model.RoleInput) domain.NodeInput {
	return domain.NodeInput{Kind: domain.KindRole, JobZone: in.JobZone,
		Node: domain.Node{ID: in.ID, Name: in.Name, Description: str(in.Description), Aliases: nonNil(in.Aliases)}}
}

func skillNode(in model.SkillInput) domain.NodeInput {
	return domain.NodeInput{Kind: domain.KindSkill, Category: in.Category,
		Node: domain.Node{ID: in.ID, Name: in.Name, Description: str(in.Description), Aliases: nonNil(in.Aliases)}}
}

func technologyNode(in model.TechnologyInput) domain.NodeInput {
	return domain.NodeInput{Kind: domain.KindTechnology, Category: in.Category,
		Node: domain.Node{ID: in.ID, Name: in.Name, Description: str(in.Description), Aliases: nonNil(in.Aliases)}}
}

func industryNode(in model.IndustryInput) domain.NodeInput {
	return domain.NodeInput{Kind: domain.KindIndustry,
		Node: domain.Node{ID: in.ID, Name: in.Name, Description: str(in.Description), Aliases: nonNil(in.Aliases)}}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func relInput(in model.RelationshipInput) domain.RelInput {
	return domain.RelInput{Type: relTypes[in.Type], FromID: in.From, ToID: in.To, Importance: in.Importance, Essential: in.Essential,
		Weight: in.Weight, Hot: in.Hot, InDemand: in.InDemand, Tier: in.Tier, Rank: in.Rank, Source: "api"}
}

// writeNode checks the caller and the input (check), writes (write), and reads the node
// with id back with get.
func writeNode[T domain.Entity](ctx context.Context, r *Resolver, id string, check func() error,
	write func(w domain.Writer, by string) error, get func(context.Context, string) (T, error)) (T, error) {
	var zero T
	w, by, err := r.writer(ctx)
	if err != nil {
		return zero, err
	}
	if err := check(); err != nil {
		return zero, err
	}
	if err := write(w, by); err != nil {
		return zero, err
	}
	return get(ctx, id)
}

// createNode creates one node; CONFLICT when the id is taken.
func createNode[T domain.Entity](ctx context.Context, r *Resolver, n domain.NodeInput, get func(context.Context, string) (T, error)) (T, error) {
	return writeNode(ctx, r, n.ID, func() error { return domain.ValidateNode(n, "input") },
		func(w domain.Writer, by string) error { return w.CreateNode(ctx, n, by) }, get)
}

// upsertNode merges one node by id.
func upsertNode[T domain.Entity](ctx context.Context, r *Resolver, n domain.NodeInput, get func(context.Context, string) (T, error)) (T, error) {
	return writeNode(ctx, r, n.ID, func() error { return domain.ValidateNode(n, "input") },
		func(w domain.Writer, by string) error {
			return w.Apply(ctx, domain.Batch{Nodes: []domain.NodeInput{n}, By: by})
		}, get)
}

// updateNode applies a partial update.
func updateNode[T domain.Entity](ctx context.Context, r *Resolver, u domain.NodeUpdate, get func(context.Context, string) (T, error)) (T, error) {
	return writeNode(ctx, r, u.ID, func() error { return domain.ValidateUpdate(u, "input") },
		func(w domain.Writer, by string) error { return w.UpdateNode(ctx, u, by) }, get)
}

func (r *Resolver) deleteNode(ctx context.Context, k domain.Kind, id string) (*domain.Deleted, error) {
	w, _, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	d, err := w.DeleteNode(ctx, k, id)
	return &d, err
}

func (r *Resolver) connect(ctx context.Context, in model.RelationshipInput) (*domain.RelInput, error) {
	w, by, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	rel := relInput(in)
	if err := domain.ValidateRel(rel, "input"); err != nil {
		return nil, err
	}
	for _, end := range []struct {
		field, id string
		kind      domain.Kind
	}{{"from", rel.FromID, rel.Type.From}, {"to", rel.ToID, rel.Type.To}} {
		missing, err := w.MissingIDs(ctx, end.kind, []string{end.id})
		if err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			return nil, domain.InvalidField("input."+end.field, "no %s with id %q", end.kind, end.id)
		}
	}
	if err := w.Apply(ctx, domain.Batch{Rels: []domain.RelInput{rel}, By: by}); err != nil {
		return nil, err
	}
	return &rel, nil
}

func (r *Resolver) disconnect(ctx context.Context, t model.RelationshipType, from, to string) (*domain.Deleted, error) {
	w, _, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	d, err := w.Disconnect(ctx, relTypes[t], from, to)
	return &d, err
}

// importGraph checks a whole graph input (every item, duplicate ids, and that every
// relationship's ends exist in the input or the graph) before writing it in one transaction.
func (r *Resolver) importGraph(ctx context.Context, in model.GraphInput) (*model.ImportResult, error) {
	w, by, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	b := domain.Batch{By: by}
	var paths []string
	add := func(list string, n domain.NodeInput, i int) {
		b.Nodes = append(b.Nodes, n)
		paths = append(paths, fmt.Sprintf("input.%s[%d]", list, i))
	}
	for i, n := range in.Roles {
		add("roles", roleNode(*n), i)
	}
	for i, n := range in.Skills {
		add("skills", skillNode(*n), i)
	}
	for i, n := range in.Technologies {
		add("technologies", technologyNode(*n), i)
	}
	for i, n := range in.Industries {
		add("industries", industryNode(*n), i)
	}
	for _, rel := range in.Relationships {
		b.Rels = append(b.Rels, relInput(*rel))
	}
	if n := len(b.Nodes) + len(b.Rels); n > domain.MaxBatchItems {
		return nil, domain.InvalidField("input", "%d items; at most %d in one import", n, domain.MaxBatchItems)
	}
	type key struct {
		kind domain.Kind
		id   string
	}
	seen := map[key]string{}
	for i, n := range b.Nodes {
		if err := domain.ValidateNode(n, paths[i]); err != nil {
			return nil, err
		}
		k := key{n.Kind, n.ID}
		if first, dup := seen[k]; dup {
			return nil, domain.InvalidField(paths[i]+".id", "duplicate id %q (also at %s)", n.ID, first)
		}
		seen[k] = paths[i]
	}
	// Relationship ends not in the input must exist: one lookup per kind.
	refs := map[domain.Kind][]string{}
	for i, rel := range b.Rels {
		path := fmt.Sprintf("input.relationships[%d]", i)
		if err := domain.ValidateRel(rel, path); err != nil {
			return nil, err
		}
		for _, end := range []key{{rel.Type.From, rel.FromID}, {rel.Type.To, rel.ToID}} {
			if _, ok := seen[end]; !ok {
				refs[end.kind] = append(refs[end.kind], end.id)
			}
		}
	}
	missing := map[key]bool{}
	for _, k := range domain.Kinds {
		ids, err := w.MissingIDs(ctx, k, refs[k])
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			missing[key{k, id}] = true
		}
	}
	for i, rel := range b.Rels {
		if missing[key{rel.Type.From, rel.FromID}] {
			return nil, domain.InvalidField(fmt.Sprintf("input.relationships[%d].from", i), "no %s with id %q", rel.Type.From, rel.FromID)
		}
		if missing[key{rel.Type.To, rel.ToID}] {
			return nil, domain.InvalidField(fmt.Sprintf("input.relationships[%d].to", i), "no %s with id %q", rel.Type.To, rel.ToID)
		}
	}
	if err := w.Apply(ctx, b); err != nil {
		return nil, err
	}
	return &model.ImportResult{Nodes: len(b.Nodes), Relationships: len(b.Rels)}, nil
}
