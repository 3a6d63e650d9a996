package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/request"
)

// Direct execution. A query that only reads nodes, their relationship pages and search
// hits is answered by loading its whole tree (the same Cypher the resolvers' prefetch
// runs) and writing the JSON response from it in one walk of the selection, instead of
// through gqlgen's executor. Why: gqlgen spends per field and per list element (a field
// context, a goroutine per element, the path of every object): 2.5 ms of CPU for a
// technology with 20 roles and 5 related roles each, where the Cypher takes 1.5 ms.
//
// It is planned before anything runs, from the validated operation: any field it does not
// know (mutations, insights, ranked fields, introspection, @defer), an argument it would
// refuse, or an error while writing leaves the request to gqlgen, which answers it (and
// reports errors at their paths) as before. A database error while loading is answered as
// the executor would answer it, without asking Neo4j a second time. Each outcome is
// counted (skillgraph_direct_execution_total) and a request left to the executor is logged
// at debug with the reason. TestDirectMatchesExecutor sends a corpus of queries both ways
// and compares the bytes.

// Direct is the gqlgen extension that answers plannable queries directly: the innermost
// response interceptor of the handler (logs and metrics, when given, record its outcomes).
func Direct(r *Resolver, m *metrics.Metrics, log *slog.Logger) graphql.HandlerExtension {
	return direct{r, m, log}
}

// direct is the gqlgen extension that answers plannable queries.
type direct struct {
	r   *Resolver
	m   *metrics.Metrics
	log *slog.Logger
}

var (
	_ graphql.HandlerExtension    = direct{}
	_ graphql.ResponseInterceptor = direct{}
)

func (direct) ExtensionName() string                   { return "DirectExecution" }
func (direct) Validate(graphql.ExecutableSchema) error { return nil }
func (d direct) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	// A request error (unparsable, invalid, over a limit, bad variables) comes through
	// here too, with its errors already in the response: nothing to execute.
	if !graphql.HasOperationContext(ctx) || len(graphql.GetErrors(ctx)) > 0 {
		return next(ctx)
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation == nil || op.Operation.Operation != ast.Query {
		return next(ctx)
	}
	p := newPlanner(ctx, d.r, false)
	roots, ok := p.roots(op.Operation.SelectionSet)
	if !ok {
		return d.leave(ctx, next, "planned_out", p.reason())
	}
	data, err := d.run(ctx, roots)
	var le *loadError
	switch {
	case errors.As(err, &le):
		d.m.ObserveDirect("error")
		return d.failed(ctx, roots)
	case err != nil:
		return d.leave(ctx, next, "fallback", err.Error())
	}
	directAnswers.Add(1)
	d.m.ObserveDirect("answered")
	return &graphql.Response{Data: data}
}

// leave counts and logs a request left to the executor, and lets it answer.
func (d direct) leave(ctx context.Context, next graphql.ResponseHandler, outcome, why string) *graphql.Response {
	d.m.ObserveDirect(outcome)
	if d.log != nil {
		d.log.Debug("direct execution left the query to the executor", "request_id", request.ID(ctx), "outcome", outcome, "reason", why)
	}
	return next(ctx)
}

// loadError is a root field's database error.
type loadError struct{ err error }

func (e *loadError) Error() string { return e.err.Error() }
func (e *loadError) Unwrap() error { return e.err }

// failed answers a query some of whose root fields could not be loaded, as the executor
// would: each error at its root field's path, a failed nullable root (role, ...) null, and
// no data at all when a failed root is non-null (a list, search).
func (d direct) failed(ctx context.Context, roots []*rootPlan) *graphql.Response {
	null := false
	for _, rp := range roots {
		if rp.err == nil {
			continue
		}
		graphql.AddError(ctx, gqlerror.WrapPath(ast.Path{ast.PathName(rp.alias)}, rp.err))
		null = null || rp.node == nil
	}
	resp := &graphql.Response{Errors: graphql.GetErrors(ctx)}
	if null {
		resp.Data = json.RawMessage("null")
		return resp
	}
	data, err := writeData(ctx, roots)
	if err != nil {
		data = json.RawMessage("null")
	}
	resp.Data = data
	return resp
}

// directAnswers counts the requests answered directly (tests read it).
var directAnswers atomic.Int64

// The plan: what each selected field writes, and the Fetch tree its pages come from.

type rootPlan struct {
	key     []byte // the quoted response key and a colon
	alias   string
	name    string
	kind    domain.Kind
	id      string          // node roots
	props   []string        // node roots: the properties read
	args    domain.ListArgs // list roots; search uses First
	fetches []*domain.Fetch // list roots: the tree below the page's nodes
	text    string          // search
	kset    []domain.Kind   // search
	node    *nodePlan       // node roots
	conn    *connPlan       // list roots
	hit     *hitPlan        // search
	// loaded
	err    error // the database's error, if loading failed
	entity domain.Entity
	page   *domain.Page
	hits   []*domain.SearchHit
}

// nodePlan writes a node of type typ; fetches load the pages of its relationship fields.
type nodePlan struct {
	typ     string
	fields  []field
	fetches []*domain.Fetch
}

// connPlan writes a connection, edgePlan one of its edges.
type connPlan struct {
	typ    string
	fields []field
}

type edgePlan struct {
	typ    string
	fields []field
}

// hitPlan writes a search result; its node has a plan for each kind.
type hitPlan struct {
	fields []field // kind, score, __typename, node
	nodes  map[domain.Kind]*nodePlan
	props  []string // the node properties read
}

// field is one selected field: its response key, its name, and what writes its value when
// that is not a scalar.
type field struct {
	key      []byte // the quoted response key and a colon
	name     string
	fetch    *domain.Fetch // a node's relationship field: where its pages are
	conn     *connPlan     // ... and the plan of its connection
	pageInfo []field       // a connection's pageInfo
	edge     *edgePlan     // a connection's edges
	node     *nodePlan     // an edge's node
}

func fieldOf(f graphql.CollectedField) field {
	if f.Alias != f.Name {
		return field{key: keyOf(f.Alias), name: f.Name}
	}
	k, ok := fieldKeys.Load(f.Name)
	if !ok { // a field's own name (one of the schema's): kept for every later request
		k, _ = fieldKeys.LoadOrStore(f.Name, keyOf(f.Name))
	}
	return field{key: k.([]byte), name: f.Name}
}

// fieldKeys are the response keys of fields not aliased, by name.
var fieldKeys sync.Map

var rootNodes = map[string]bool{"role": true, "skill": true, "technology": true, "industry": true, "occupationGroup": true}

var rootLists = map[string]domain.Kind{"roles": domain.KindRole, "skills": domain.KindSkill,
	"technologies": domain.KindTechnology, "industries": domain.KindIndustry, "occupationGroups": domain.KindOccupationGroup}

func (p *planner) roots(sel ast.SelectionSet) ([]*rootPlan, bool) {
	fields, ok := p.collect(sel, "Query")
	if !ok || len(fields) == 0 {
		return nil, false
	}
	out := make([]*rootPlan, 0, len(fields))
	for _, f := range fields {
		rp := &rootPlan{key: keyOf(f.Alias), alias: f.Alias, name: f.Name}
		args := f.ArgumentMap(p.op.Variables)
		switch {
		case f.Name == "__typename":
		case rootNodes[f.Name]:
			rp.kind = domain.Kind(f.Definition.Type.Name())
			id, ok := args["id"].(string)
			if !ok {
				return nil, false
			}
			var err error
			if rp.id, err = domain.SlugOf(rp.kind, "id", id); err != nil {
				return nil, p.refuse("the arguments of %s: %v", f.Name, err)
			}
			if rp.node, ok = p.node(string(rp.kind), f.Selections, 0, nil); !ok {
				return nil, false
			}
			rp.props = nodeProps(p.ctx, f.Selections)
		case rootLists[f.Name] != "":
			rp.kind = rootLists[f.Name]
			la, err := p.r.opListArgs(p.ctx, string(rp.kind), "", f.Definition, args)
			if err != nil {
				return nil, p.refuse("the arguments of %s: %v", f.Name, err)
			}
			connType := f.Definition.Type.Name()
			shapeFor(p.ctx, f.Selections, connType, &la)
			rp.args = la
			if rp.conn, rp.fetches, ok = p.conn(connType, f.Selections, string(rp.kind), 0, nil); !ok {
				return nil, false
			}
		case f.Name == "search":
			if rp.text, ok = args["query"].(string); !ok {
				return nil, false
			}
			if rp.kset, ok = kindsArg(args["kinds"]); !ok {
				return nil, false
			}
			pa, err := p.r.pageArgs(IntArg(args["first"]), nil)
			if err != nil {
				return nil, p.refuse("the arguments of %s: %v", f.Name, err)
			}
			rp.args.PageArgs = pa
			if rp.hit, ok = p.hit(f.Selections); !ok {
				return nil, false
			}
		default:
			return nil, p.refuse("root field %s", f.Name)
		}
		out = append(out, rp)
	}
	return out, true
}

// hit plans a selection on a search result: its node gets a plan for each kind.
func (p *planner) hit(sel ast.SelectionSet) (*hitPlan, bool) {
	fields, ok := p.collect(sel, "SearchResult")
	if !ok {
		return nil, false
	}
	hp := &hitPlan{props: nodeProps(p.ctx, nil)} // no node field: the ids alone
	for _, f := range fields {
		ef := fieldOf(f)
		switch f.Name {
		case "__typename", "kind", "score":
		case "node":
			if hp.nodes != nil {
				return nil, false // two node fields: left to the executor, which merges their trees
			}
			hp.nodes = map[domain.Kind]*nodePlan{}
			hp.props = nodeProps(p.ctx, f.Selections)
			for _, k := range domain.Kinds {
				if hp.nodes[k], ok = p.node(string(k), f.Selections, 0, nil); !ok {
					return nil, false
				}
			}
		default:
			return nil, false
		}
		hp.fields = append(hp.fields, ef)
	}
	return hp, true
}

// kindsArg reads search's kinds argument: a list of Kind enum values, or one (input
// coercion), or none.
func kindsArg(v any) ([]domain.Kind, bool) {
	var list []any
	switch x := v.(type) {
	case nil:
		return nil, true
	case []any:
		list = x
	default:
		list = []any{x}
	}
	out := make([]domain.Kind, 0, len(list))
	for _, e := range list {
		s, _ := e.(string)
		k, ok := kindByEnum[s]
		if !ok {
			return nil, false
		}
		out = append(out, k)
	}
	return out, true
}

// kindEnum is the GraphQL Kind value of each kind, and kindByEnum the reverse.
var kindEnum, kindByEnum = func() (map[domain.Kind]string, map[string]domain.Kind) {
	to, from := map[domain.Kind]string{}, map[string]domain.Kind{}
	for _, k := range domain.Kinds {
		to[k], from[k.EnumName()] = k.EnumName(), k
	}
	return to, from
}()

func keyOf(alias string) []byte {
	var b bytes.Buffer
	graphql.MarshalString(alias).MarshalGQL(&b)
	b.WriteByte(':')
	return b.Bytes()
}

// run loads every root field (at once when there are several, as the executor does) and
// writes the response's data. A panic is an error like any other: the executor then meets
// it again, and recovers and reports it as it does for resolvers.
func (d direct) run(ctx context.Context, roots []*rootPlan) (_ json.RawMessage, err error) {
	defer recovered(&err)
	errs := make([]error, len(roots))
	if len(roots) == 1 {
		errs[0] = d.loadRoot(ctx, roots[0])
	} else {
		var wg sync.WaitGroup
		for i, rp := range roots {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer recovered(&errs[i])
				errs[i] = d.loadRoot(ctx, rp)
			}()
		}
		wg.Wait()
	}
	for _, e := range errs { // a panic: the executor meets it again, and reports it
		if _, isLoad := e.(*loadError); e != nil && !isLoad {
			return nil, e
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return writeData(ctx, roots)
}

// writeData writes the response's data: each root field, null where it failed to load.
func writeData(ctx context.Context, roots []*rootPlan) (json.RawMessage, error) {
	w := &writer{ctx: ctx}
	w.b.Grow(int(dataSize.Load()))
	w.b.WriteByte('{')
	for i, rp := range roots {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.b.Write(rp.key)
		if rp.err != nil {
			w.b.WriteString("null")
		} else {
			w.root(rp)
		}
	}
	w.b.WriteByte('}')
	dataSize.Store(int64(min(w.b.Len(), maxDataHint)))
	return w.b.Bytes(), w.err
}

// dataSize is the size of the last response's data, the first size of the next one's buffer
// (growing it step by step from empty cost about a tenth of the writer's CPU).
var dataSize atomic.Int64

// maxDataHint bounds that first size: one large answer does not make every buffer large.
const maxDataHint = 64 << 10

func recovered(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("direct execution: panic: %v", p)
	}
}

// loadRoot loads a root field; a database error is kept on the root and returned as a
// loadError.
func (d direct) loadRoot(ctx context.Context, rp *rootPlan) error {
	if err := d.load(ctx, rp); err != nil {
		rp.err = err
		return &loadError{err}
	}
	return nil
}

// load runs a root field's query (and, for search, one per kind of hit for the trees below).
func (d direct) load(ctx context.Context, rp *rootPlan) error {
	g := d.r.Graph
	var err error
	switch {
	case rp.node != nil:
		rp.entity, err = g.NodeWith(ctx, rp.kind, rp.id, rp.props, rp.node.fetches)
	case rp.conn != nil:
		rp.page, err = g.ListWith(ctx, rp.kind, rp.args, rp.fetches)
	case rp.hit != nil:
		rp.hits, err = g.Search(ctx, rp.text, rp.kset, rp.args.First, rp.hit.props)
		if err == nil && rp.hit.nodes != nil {
			err = fetchBelowHits(ctx, g, rp.hits, rp.hit.nodes)
		}
	}
	return err
}

// fetchBelowHits loads the trees below the search hits, one query per kind that has one.
func fetchBelowHits(ctx context.Context, g domain.Graph, hits []*domain.SearchHit, plans map[domain.Kind]*nodePlan) error {
	for k, ids := range idsByKind(hits) {
		if np := plans[k]; np != nil && len(np.fetches) > 0 {
			if err := g.Fetch(ctx, k, ids, np.fetches); err != nil {
				return err
			}
		}
	}
	return nil
}

// errIncomplete stops a write that met what the executor would report as an error (a
// missing page, a null where the schema allows none): the executor answers instead.
var errIncomplete = errors.New("direct execution: incomplete tree")

// writer writes the response's data as gqlgen's executor would: fields in selection order,
// scalars through gqlgen's own marshalers.
type writer struct {
	ctx context.Context
	b   bytes.Buffer
	err error
}

func (w *writer) root(rp *rootPlan) {
	switch {
	case rp.name == "__typename":
		w.str("Query")
	case rp.node != nil:
		if rp.entity == nil {
			w.b.WriteString("null")
			return
		}
		w.node(rp.node, rp.entity)
	case rp.conn != nil:
		w.conn(rp.conn, rp.page)
	case rp.hit != nil:
		w.list(len(rp.hits), func(i int) { w.hit(rp.hit, rp.hits[i]) })
	}
}

// object writes {"key":value,...}, value writing the value of each field.
func (w *writer) object(fields []field, value func(f *field)) {
	w.b.WriteByte('{')
	for i := range fields {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.b.Write(fields[i].key)
		value(&fields[i])
	}
	w.b.WriteByte('}')
}

// list writes [item,...] of n items.
func (w *writer) list(n int, item func(i int)) {
	w.b.WriteByte('[')
	for i := range n {
		if i > 0 {
			w.b.WriteByte(',')
		}
		item(i)
	}
	w.b.WriteByte(']')
}

func (w *writer) hit(hp *hitPlan, h *domain.SearchHit) {
	w.object(hp.fields, func(f *field) {
		switch f.name {
		case "__typename":
			w.str("SearchResult")
		case "kind":
			w.str(kindEnum[h.Kind])
		case "score":
			w.float(h.Score)
		case "node":
			w.node(hp.nodes[h.Kind], h.Node)
		}
	})
}

func (w *writer) node(np *nodePlan, e domain.Entity) {
	n := domain.NodeOf(e)
	if np == nil || n == nil {
		w.fail()
		return
	}
	w.object(np.fields, func(f *field) {
		switch f.name {
		case "__typename":
			w.str(np.typ)
		case "id":
			w.str(domain.GlobalID(domain.Kind(np.typ), n.ID)) // an ID is written as a String
		case domain.SlugField:
			w.str(n.ID)
		case "name":
			w.str(n.Name)
		case "description":
			w.str(n.Description)
		case "aliases":
			w.list(len(n.Aliases), func(i int) { w.str(n.Aliases[i]) })
		case "source":
			w.str(n.Source)
		case "updatedAt":
			if n.UpdatedAt == nil {
				w.b.WriteString("null")
			} else {
				graphql.MarshalTime(*n.UpdatedAt).MarshalGQL(&w.b)
			}
		case "updatedBy":
			w.str(n.UpdatedBy)
		default:
			if p, ok := domain.Model.Nodes[domain.Kind(np.typ)].OwnProp(f.name); ok {
				w.own(p, n.Props.Get(f.name))
				return
			}
			w.conn(f.conn, f.fetch.Pages[n.ID]) // a relationship field
		}
	})
}

// own writes a kind's own property as the executor writes its generated accessor's value: a
// missing one is null where the field is nullable, else its type's zero value.
func (w *writer) own(p domain.Prop, v any) {
	if v == nil && p.Null {
		w.b.WriteString("null")
		return
	}
	switch p.Type {
	case domain.PropInt:
		x, _ := v.(int)
		w.int(x)
	case domain.PropFloat:
		x, _ := v.(float64)
		w.float(x)
	case domain.PropBool:
		x, _ := v.(bool)
		w.bool(x)
	case domain.PropStrings:
		x, _ := v.([]string)
		w.list(len(x), func(i int) { w.str(x[i]) })
	case domain.PropTime:
		x, _ := v.(time.Time)
		graphql.MarshalTime(x).MarshalGQL(&w.b)
	default:
		x, _ := v.(string)
		w.str(x)
	}
}

func (w *writer) conn(cp *connPlan, page *domain.Page) {
	if page == nil {
		w.fail()
		return
	}
	w.object(cp.fields, func(f *field) {
		switch f.name {
		case "__typename":
			w.str(cp.typ)
		case "totalCount":
			w.int(page.TotalCount)
		case "pageInfo":
			w.pageInfo(f.pageInfo, page.PageInfo())
		case "edges":
			w.list(len(page.Edges), func(i int) { w.edge(f.edge, &page.Edges[i]) })
		}
	})
}

func (w *writer) pageInfo(fields []field, info *domain.PageInfo) {
	w.object(fields, func(f *field) {
		switch f.name {
		case "__typename":
			w.str("PageInfo")
		case "hasNextPage":
			w.bool(info.HasNextPage)
		case "hasPreviousPage":
			w.bool(info.HasPreviousPage)
		case "startCursor":
			w.strp(info.StartCursor)
		case "endCursor":
			w.strp(info.EndCursor)
		}
	})
}

func (w *writer) edge(ep *edgePlan, e *domain.Edge) {
	w.object(ep.fields, func(f *field) {
		switch f.name {
		case "__typename":
			w.str(ep.typ)
		case "cursor":
			w.str(e.Cursor())
		case "node":
			w.node(f.node, e.Node)
		case "source":
			w.str(e.Source)
		default:
			p, _ := domain.Model.EdgeProp(f.name)
			w.own(p, e.Props.Get(f.name))
		}
	})
}

func (w *writer) fail() {
	if w.err == nil {
		w.err = errIncomplete
	}
}

// str writes s as gqlgen's MarshalString does: a string with no byte to escape (a control
// character, a quote or a backslash, all ASCII) in one copy, any other through it.
func (w *writer) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			graphql.MarshalString(s).MarshalGQL(&w.b)
			return
		}
	}
	w.b.WriteByte('"')
	w.b.WriteString(s)
	w.b.WriteByte('"')
}

// float writes f as gqlgen's MarshalFloatContext does (%g: the shortest form); an infinity
// or NaN, which it refuses, goes through it.
func (w *writer) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		graphql.MarshalFloatContext(f).MarshalGQLContext(w.ctx, &w.b)
		return
	}
	w.b.Write(strconv.AppendFloat(w.b.AvailableBuffer(), f, 'g', -1, 64))
}

// bool writes v as gqlgen's MarshalBoolean does.
func (w *writer) bool(v bool) { w.b.WriteString(strconv.FormatBool(v)) }

// int writes n as gqlgen's MarshalInt does.
func (w *writer) int(n int) { w.b.Write(strconv.AppendInt(w.b.AvailableBuffer(), int64(n), 10)) }

func (w *writer) strp(s *string) {
	if s == nil {
		w.b.WriteString("null")
		return
	}
	w.str(*s)
}

func (w *writer) intp(n *int) {
	if n == nil {
		w.b.WriteString("null")
		return
	}
	w.int(*n)
}

func (w *writer) boolp(v *bool) {
	if v == nil {
		w.b.WriteString("null")
		return
	}
	w.bool(*v)
}
