package graph

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph/model"
	"github.com/skillgraph/skillgraph/request"
)

// Mutations translate GraphQL input to domain writes: validate everything first (naming the
// input path in errors), then one Writer call, which is one transaction.

// relType is the relationship type of a RelationshipType enum value (named in the model).
func relType(name model.RelationshipType) domain.RelType {
	rt, _ := domain.Model.RelTypeNamed(string(name))
	return rt
}

// relTypeName is the GraphQL name of a relationship type.
func relTypeName(t domain.RelType) model.RelationshipType {
	return model.RelationshipType(domain.Model.RelTypeNames[t])
}

// writer returns the write service and the caller's name (the provenance of the write).
// authorize has refused a mutation without the write scope before any resolver ran; the
// scope is checked again here only so that no other path can reach the store unauthorised.
func (r *Resolver) writer(ctx context.Context) (domain.Writer, string, error) {
	p := request.Principal(ctx)
	switch {
	case !p.Can(domain.ScopeWrite):
		return nil, "", domain.Errorf(domain.EFORBIDDEN, "writing needs a bearer token with the write scope")
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

// nodeInput is the node every kind's input describes; omitted description and aliases are
// empty (an upsert replaces them).
func nodeInput(k domain.Kind, id, name string, description *string, aliases []string) domain.NodeInput {
	if aliases == nil {
		aliases = []string{}
	}
	return domain.NodeInput{Kind: k, Node: domain.Node{ID: slugOr(k, id), Name: name, Description: str(description), Aliases: aliases}}
}

func roleNode(in model.RoleInput) domain.NodeInput {
	n := nodeInput(domain.KindRole, in.ID, in.Name, in.Description, in.Aliases)
	n.Props = ownInput(domain.KindRole, in)
	return n
}

func skillNode(in model.SkillInput) domain.NodeInput {
	n := nodeInput(domain.KindSkill, in.ID, in.Name, in.Description, in.Aliases)
	n.Props = ownInput(domain.KindSkill, in)
	return n
}

func technologyNode(in model.TechnologyInput) domain.NodeInput {
	n := nodeInput(domain.KindTechnology, in.ID, in.Name, in.Description, in.Aliases)
	n.Props = ownInput(domain.KindTechnology, in)
	return n
}

func industryNode(in model.IndustryInput) domain.NodeInput {
	n := nodeInput(domain.KindIndustry, in.ID, in.Name, in.Description, in.Aliases)
	n.Props = ownInput(domain.KindIndustry, in)
	return n
}

// ownInput reads the kind's own properties (domain.Node.Props) from one of gqlgen's input
// structs (model.RoleInput, model.SkillUpdate, ...).
func ownInput(k domain.Kind, in any) domain.PropValues {
	return inputProps(in, func(name string) bool { p, ok := domain.Model.Nodes[k].Prop(name); return ok && !p.Common })
}

// inputProps reads the properties that want names from one of gqlgen's input structs by
// their GraphQL names: the fields given, none that are null. One reader for every kind and
// property, so a property the schema adds to an input needs no code here
// (TestEveryDeclaredPropertyIsWritten).
func inputProps(in any, want func(name string) bool) domain.PropValues {
	v := reflect.Indirect(reflect.ValueOf(in))
	var props domain.PropValues
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if !want(name) {
			continue
		}
		f := v.Field(i)
		switch {
		case (f.Kind() == reflect.Pointer || f.Kind() == reflect.Slice) && f.IsNil():
			continue
		case f.Kind() == reflect.Pointer:
			f = f.Elem()
		}
		props = append(props, domain.PropValue{Name: name, Value: f.Interface()})
	}
	return props
}

// slugOr is the slug an id input names (domain.SlugOf), or the input as it is when it is
// malformed: no node has that id, which the write's checks then say.
func slugOr(k domain.Kind, id string) string {
	s, err := domain.SlugOf(k, "", id)
	if err != nil {
		return id
	}
	return s
}

func relInput(in model.RelationshipInput) domain.RelInput {
	rt := relType(in.Type)
	return domain.RelInput{Type: rt, FromID: slugOr(rt.From, in.From), ToID: slugOr(rt.To, in.To), Source: "api",
		Props: inputProps(in, func(name string) bool { _, ok := domain.Model.EdgeProp(name); return ok && name != "source" })}
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
	u.ID = slugOr(u.Kind, u.ID)
	return writeNode(ctx, r, u.ID, func() error { return domain.ValidateUpdate(u, "input") },
		func(w domain.Writer, by string) error { return w.UpdateNode(ctx, u, by) }, get)
}

func (r *Resolver) deleteNode(ctx context.Context, k domain.Kind, id string) (*domain.Deleted, error) {
	w, _, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	d, err := w.DeleteNode(ctx, k, slugOr(k, id))
	return &d, err
}

func (r *Resolver) connect(ctx context.Context, in model.RelationshipInput) (*domain.RelInput, error) {
	w, by, err := r.writer(ctx)
	if err != nil {
		return nil, err
	}
	rel := relInput(in)
	if err := checkRels(ctx, w, []domain.RelInput{rel}, nil, func(int) string { return "input" }); err != nil {
		return nil, err
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
	rt := relType(t)
	d, err := w.Disconnect(ctx, rt, slugOr(rt.From, from), slugOr(rt.To, to))
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
	seen := map[nodeKey]string{}
	for i, n := range b.Nodes {
		if err := domain.ValidateNode(n, paths[i]); err != nil {
			return nil, err
		}
		k := nodeKey{n.Kind, n.ID}
		if first, dup := seen[k]; dup {
			return nil, domain.InvalidField(paths[i]+".id", "duplicate id %q (also at %s)", n.ID, first)
		}
		seen[k] = paths[i]
	}
	relPath := func(i int) string { return fmt.Sprintf("input.relationships[%d]", i) }
	if err := checkRels(ctx, w, b.Rels, seen, relPath); err != nil {
		return nil, err
	}
	if err := w.Apply(ctx, b); err != nil {
		return nil, err
	}
	return &model.ImportResult{Nodes: len(b.Nodes), Relationships: len(b.Rels)}, nil
}

type nodeKey struct {
	kind domain.Kind
	id   string
}

// checkRels validates relationships (path names the input of each) and checks that their
// ends exist, in the input being written (inInput) or in the graph: one lookup per kind.
func checkRels(ctx context.Context, w domain.Writer, rels []domain.RelInput, inInput map[nodeKey]string, path func(int) string) error {
	refs := map[domain.Kind][]string{}
	for i, rel := range rels {
		if err := domain.ValidateRel(rel, path(i)); err != nil {
			return err
		}
		for _, end := range []nodeKey{{rel.Type.From, rel.FromID}, {rel.Type.To, rel.ToID}} {
			if _, ok := inInput[end]; !ok {
				refs[end.kind] = append(refs[end.kind], end.id)
			}
		}
	}
	missing := map[nodeKey]bool{}
	for _, k := range domain.Kinds {
		ids, err := w.MissingIDs(ctx, k, refs[k])
		if err != nil {
			return err
		}
		for _, id := range ids {
			missing[nodeKey{k, id}] = true
		}
	}
	for i, rel := range rels {
		if missing[nodeKey{rel.Type.From, rel.FromID}] {
			return domain.InvalidField(path(i)+".from", "no %s with id %q", rel.Type.From, rel.FromID)
		}
		if missing[nodeKey{rel.Type.To, rel.ToID}] {
			return domain.InvalidField(path(i)+".to", "no %s with id %q", rel.Type.To, rel.ToID)
		}
	}
	return nil
}
