package graph

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"github.com/skillgraph/skillgraph/domain"
)

// Relationship fields are loaded through per-request dataloaders: every parent in a list
// that asks for the same field (with the same paging) shares one Cypher round trip
// (UNWIND $ids), so a nested query costs one round trip per nesting level, not one per row.

// argsKey identifies the list arguments of relationship pages (Query is queryKey of where
// and orderBy): the pages one Neighbors call loads.
type argsKey struct {
	First    int
	After    string
	Backward bool
	Query    string
}

// pageKey identifies one relationship page: the parent and the list arguments.
type pageKey struct {
	ParentID string
	argsKey
}

type pageLoader = dataloadgen.Loader[pageKey, *domain.Page]

// listKey identifies a per-parent ranked list (similarRoles, adjacentSkills).
type listKey struct {
	ID    string
	First int
}

// Loaders holds one loader per relationship field, and one per ranked per-parent field, for
// one request. Each is made when first used: most requests are answered by direct
// execution, which uses none, and making all of them took about 7 % of such a request's CPU.
type Loaders struct {
	r        *Resolver
	g        domain.Graph
	in       domain.Insights
	mu       sync.Mutex
	rels     map[domain.Rel]*pageLoader
	args     sync.Map // argsKey -> domain.ListArgs, registered before a Load
	similar  *dataloadgen.Loader[listKey, []domain.SimilarRole]
	adjacent *dataloadgen.Loader[listKey, []domain.Adjacency]
	keptMu   sync.Mutex
	kept     []ast.SelectionSet
}

// batchWait is how long a loader collects keys before it fetches: long enough for sibling
// resolvers (which gqlgen runs concurrently) to join the batch, short next to a round trip.
const batchWait = 2 * time.Millisecond

// NewLoaders returns fresh loaders over g and in; results are cached only for the request.
func NewLoaders(g domain.Graph, in domain.Insights) *Loaders {
	return &Loaders{g: g, in: in}
}

// rel is the loader of the relationship field rel.
func (l *Loaders) rel(rel domain.Rel) *pageLoader {
	l.mu.Lock()
	defer l.mu.Unlock()
	ld := l.rels[rel]
	if ld == nil {
		if l.rels == nil {
			l.rels = map[domain.Rel]*pageLoader{}
		}
		ld = dataloadgen.NewMappedLoader(neighborsFetcher(l.g, rel, &l.args),
			dataloadgen.WithWait(batchWait), dataloadgen.WithBatchCapacity(1000))
		l.rels[rel] = ld
	}
	return ld
}

// similarLoader and adjacentLoader are the loaders of the ranked fields (nil without Insights).
func (l *Loaders) similarLoader() *dataloadgen.Loader[listKey, []domain.SimilarRole] {
	return rankedLoaderOf(l, &l.similar, func(in domain.Insights) rankedFn[domain.SimilarRole] { return in.SimilarRoles })
}

func (l *Loaders) adjacentLoader() *dataloadgen.Loader[listKey, []domain.Adjacency] {
	return rankedLoaderOf(l, &l.adjacent, func(in domain.Insights) rankedFn[domain.Adjacency] { return in.SkillAdjacency })
}

type rankedFn[T any] func(context.Context, []string, int) (map[string][]T, error)

// rankedLoaderOf makes the loader *at of a ranked field on first use.
func rankedLoaderOf[T any](l *Loaders, at **dataloadgen.Loader[listKey, []T], load func(domain.Insights) rankedFn[T]) *dataloadgen.Loader[listKey, []T] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if *at == nil && l.in != nil {
		*at = dataloadgen.NewMappedLoader(rankedFetcher(load(l.in)), dataloadgen.WithWait(batchWait))
	}
	return *at
}

// rankedFetcher batches a per-parent ranked list: one call per distinct first.
func rankedFetcher[T any](load func(context.Context, []string, int) (map[string][]T, error)) func(context.Context, []listKey) (map[listKey][]T, error) {
	return func(ctx context.Context, keys []listKey) (map[listKey][]T, error) {
		groups := map[int][]string{}
		for _, k := range keys {
			groups[k.First] = append(groups[k.First], k.ID)
		}
		out := make(map[listKey][]T, len(keys))
		for first, ids := range groups {
			res, err := load(ctx, ids, first)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				out[listKey{id, first}] = res[id]
			}
		}
		return out, nil
	}
}

// neighborsFetcher loads a batch of keys: one store call per distinct list arguments
// (usually exactly one, as siblings in a list share their arguments).
func neighborsFetcher(g domain.Graph, rel domain.Rel, registry *sync.Map) func(context.Context, []pageKey) (map[pageKey]*domain.Page, error) {
	return func(ctx context.Context, keys []pageKey) (map[pageKey]*domain.Page, error) {
		groups := map[argsKey][]string{}
		for _, k := range keys {
			groups[k.argsKey] = append(groups[k.argsKey], k.ParentID)
		}
		out := make(map[pageKey]*domain.Page, len(keys))
		for ak, ids := range groups {
			args, ok := registry.Load(ak)
			if !ok {
				return nil, fmt.Errorf("graph: list arguments of %v were not registered", ak)
			}
			pages, err := g.Neighbors(ctx, rel, ids, args.(domain.ListArgs))
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				out[pageKey{id, ak}] = pages[id]
			}
		}
		return out, nil
	}
}

type loadersKey struct{}

// WithLoaders is HTTP middleware that gives each request its own loaders, which also
// answer its relationship fields (domain.RelPager).
func WithLoaders(res *Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := NewLoaders(res.Graph, res.Insights)
		l.r = res
		ctx := domain.WithRelPager(context.WithValue(r.Context(), loadersKey{}, l), l)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// RelPage answers a relationship field of one node, the one path every relationship field
// takes: gqlgen binds each to a generated method of its kind (Role.Skills, ...), which calls
// this through the request's context. It reads the field's arguments from the operation as
// the planner does (prefetch), so that both make the same loader key (the method, in package
// domain, cannot take the argument types gqlgen generates in graph/model), converts them,
// fits them to the selection and loads the page through the field's loader, batched with its
// siblings.
func (l *Loaders) RelPage(ctx context.Context, rel domain.Rel, parentID string) (*domain.Page, error) {
	f := graphql.GetFieldContext(ctx).Field
	args, err := l.r.opListArgs(ctx, "", rel, f.Definition, f.ArgumentMap(graphql.GetOperationContext(ctx).Variables))
	if err != nil {
		return nil, err
	}
	shapeArgs(ctx, &args)
	return l.rel(rel).Load(ctx, pageKey{parentID, l.register(args)})
}

// keep holds a selection set made for this request until the request ends (see merged).
func (l *Loaders) keep(sel ast.SelectionSet) {
	l.keptMu.Lock()
	l.kept = append(l.kept, sel)
	l.keptMu.Unlock()
}

// register records converted list arguments for the fetcher and returns their key.
func (l *Loaders) register(args domain.ListArgs) argsKey {
	ak := argsKey{args.First, args.After, args.Backward, queryKey(args)}
	l.args.Store(ak, args)
	return ak
}

// pageArgs applies the default and the maximum of first.
func (r *Resolver) pageArgs(first *int, after *string) (domain.PageArgs, error) {
	return r.pageOf(pageIn{first: first, after: after})
}

// pageIn is a connection's paging arguments as GraphQL gives them.
type pageIn struct {
	first *int
	after *string
	last  *int
	// before: the page ends before this cursor.
	before *string
}

// pageInOf reads a connection's paging arguments from an argument map.
func pageInOf(args map[string]any) pageIn {
	return pageIn{IntArg(args["first"]), strArg(args["after"]), IntArg(args["last"]), strArg(args["before"])}
}

// pageOf checks a connection's paging arguments (Relay's): first and after page forward,
// last and before backward; mixing the two directions is refused, as its meaning would be
// a guess. Without any, the page is the first DefaultFirst items.
func (r *Resolver) pageOf(in pageIn) (domain.PageArgs, error) {
	backward := in.last != nil || in.before != nil
	switch {
	case in.first != nil && in.last != nil:
		return domain.PageArgs{}, domain.InvalidField("last", "first and last cannot be given together: page forward with first and after, backward with last and before")
	case backward && in.after != nil:
		return domain.PageArgs{}, domain.InvalidField("after", "after pages forward, last and before backward: give first with after, or last with before")
	case backward && in.first != nil:
		return domain.PageArgs{}, domain.InvalidField("before", "before pages backward: give last with before, or first with after")
	}
	n, name, cursor := in.first, "first", in.after
	if backward {
		n, name, cursor = in.last, "last", in.before
	}
	args := domain.PageArgs{First: r.Limits.DefaultFirst, Backward: backward}
	if n != nil {
		args.First = *n
	}
	if args.First < 0 || args.First > r.Limits.MaxFirst {
		return args, domain.InvalidField(name, "%s must be between 0 and %d, got %d", name, r.Limits.MaxFirst, args.First)
	}
	if cursor != nil {
		args.After = *cursor
	}
	return args, nil
}

// shapeArgs fits a connection's list arguments to what its selection shows: totalCount
// alone is loaded as first: 0 (counts, no rows), and only the node properties selected are
// read. Prefetch shapes the same arguments from the same selection (shapeFor), so both
// find the same page in the loaders.
func shapeArgs(ctx context.Context, args *domain.ListArgs) {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		shapeFor(ctx, fc.Field.Selections, fc.Field.Definition.Type.Name(), args)
	}
}

func shapeFor(ctx context.Context, sel ast.SelectionSet, connType string, args *domain.ListArgs) {
	if countOnly(graphql.GetOperationContext(ctx), sel, connType) {
		args.First = 0
	}
	args.Props = nodeProps(ctx, nodeSelections(ctx, sel, connType))
	args.EdgeProps = edgeProps(ctx, sel, connType)
	cursors, total := pageNeeds(graphql.GetOperationContext(ctx), sel, connType)
	args.NoCursors, args.NoTotal = !cursors, !total
}

// isEdgeProp reports whether a GraphQL edge field is a stored relationship property of the
// same name (domain.Model); the others (cursor, node) read none.
func isEdgeProp(field string) bool {
	_, ok := domain.Model.EdgeProp(field)
	return ok
}

// edgeProps are the relationship properties a connection's selection shows on its edges,
// sorted.
func edgeProps(ctx context.Context, conn ast.SelectionSet, connType string) []string {
	op := graphql.GetOperationContext(ctx)
	props := []string{}
	for _, edges := range graphql.CollectFields(op, conn, []string{connType}) {
		if edges.Name != "edges" {
			continue
		}
		for _, f := range graphql.CollectFields(op, edges.Selections, []string{edges.Definition.Type.Name()}) {
			if isEdgeProp(f.Name) && !slices.Contains(props, f.Name) {
				props = append(props, f.Name)
			}
		}
	}
	slices.Sort(props)
	return props
}

// propFields are the GraphQL node fields that are stored properties of the same name
// (domain.Model); the other fields of a node (relationships, insights) read only its id.
var propFields = func() map[string]bool {
	out := map[string]bool{}
	for _, n := range domain.Model.Nodes {
		for _, p := range n.Props {
			out[p.Name] = true
		}
	}
	return out
}()

// nodeTypes are the GraphQL types a selection on a node may name: every kind and Node.
var nodeTypes = func() []string {
	out := []string{"Node"}
	for _, k := range domain.Kinds {
		out = append(out, string(k))
	}
	return out
}()

// nodeProps are the properties a selection on a node shows, sorted.
func nodeProps(ctx context.Context, nodeSel ast.SelectionSet) []string {
	props := []string{"id"}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), nodeSel, nodeTypes) {
		if propFields[f.Name] && !slices.Contains(props, f.Name) {
			props = append(props, f.Name)
		}
	}
	slices.Sort(props)
	return props
}

// countOnly reports whether a connection's selection (of type typ) is totalCount alone.
func countOnly(op *graphql.OperationContext, sel ast.SelectionSet, typ string) bool {
	fields := graphql.CollectFields(op, sel, []string{typ})
	for _, f := range fields {
		if f.Name != "totalCount" && f.Name != "__typename" {
			return false
		}
	}
	return len(fields) > 0
}
