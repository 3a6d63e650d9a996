package httpapi

import (
	"context"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph"
)

// QueryLimits bound what one request may ask for; zero turns a limit off. All but
// MaxComplexity and MaxFilterConditions are checked on the document's text before it is
// parsed (prepass.go); those two once it is validated, before anything runs.
type QueryLimits struct {
	MaxDepth            int // nesting of fields, fragments spread
	MaxComplexity       int // worst-case cost: each list field multiplies its children by first (or limit)
	MaxFields           int // fields selected by the document's operations, fragments counted again where they are spread
	MaxAliases          int // aliased fields, counted like fields
	MaxTokens           int // lexical tokens of the document
	MaxInputDepth       int // nesting of lists and input objects in argument values and variables
	MaxDirectives       int // directives in the document
	MaxFragments        int // fragment definitions in the document
	MaxFilterConditions int // conditions in all the where arguments of an operation
}

func init() {
	// Requests refused for their size or shape are request errors: 400 for
	// application/graphql-response+json, 200 for application/json, like validation errors.
	for _, c := range []string{domain.EDEPTH, domain.EFIELDS, domain.EALIASES, domain.ECOMPLEXITY, domain.ETOKENS,
		domain.EINPUTDEPTH, domain.EDIRECTIVES, domain.EFRAGMENTS, domain.EFILTERS, domain.EINTROSPECTION} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

// filterLimit refuses an operation whose where arguments hold more than MaxFilterConditions
// conditions in all (variables included): each is a predicate Neo4j plans, and the cost of
// planning grows faster than their number. It walks the validated operation, whose size the
// pre-pass bounded.
type filterLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = filterLimit{}

func (filterLimit) ExtensionName() string                   { return "FilterConditionLimit" }
func (filterLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l filterLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	n := 0
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if arg := s.Arguments.ForName("where"); arg != nil {
					if v, err := arg.Value.Value(oc.Variables); err == nil {
						n += conditions(v)
					}
				}
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil {
					walk(s.Definition.SelectionSet)
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	walk(oc.Operation.SelectionSet)
	if n > l.max {
		return limitError(domain.EFILTERS, "MAX_FILTER_CONDITIONS", l.max, "the operation's filters hold %d conditions, more than %d", n, l.max)
	}
	return nil
}

// conditions counts the conditions of a where value: each operator with a value (eq, in,
// contains, ...) and each relationship quantifier (some, none, all).
func conditions(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			switch e.(type) {
			case nil:
			case map[string]any:
				if k == "some" || k == "none" || k == "all" {
					n++
				}
				n += conditions(e)
			case []any:
				if c := conditions(e); c > 0 {
					n += c
				} else {
					n++ // in: [...], a list of values
				}
			default:
				n++
			}
		}
	case []any:
		for _, e := range v {
			n += conditions(e)
		}
	}
	return n
}

// costed prices list fields for gqlgen's complexity limit: a field with a first (or limit)
// argument costs 1 + its children times that argument (the default page size when it is
// omitted), so roles(first: 50) { skills(first: 50) { ... } } costs about 2,500 times its
// leaves. Other fields keep gqlgen's default: 1 plus their children.
type costed struct {
	graphql.ExecutableSchema
	limits graph.Limits
}

func (c costed) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if n, ok := c.listSize(typeName, field, args); ok {
		cost := 1 + float64(child)*float64(n)
		return int(min(cost, math.MaxInt32)), true
	}
	return c.ExecutableSchema.Complexity(ctx, typeName, field, child, args)
}

// listSize is the page size a list field asks for.
func (c costed) listSize(typeName, field string, args map[string]any) (int, bool) {
	def := c.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(field)
	if f == nil {
		return 0, false
	}
	for _, name := range []string{"first", "limit"} {
		arg := f.Arguments.ForName(name)
		if arg == nil {
			continue
		}
		n := c.limits.DefaultFirst
		if p := graph.IntArg(args[name]); p != nil {
			n = *p
		} else if arg.DefaultValue != nil {
			if v, err := arg.DefaultValue.Value(nil); err == nil && graph.IntArg(v) != nil {
				n = *graph.IntArg(v)
			}
		}
		if name == "first" && c.limits.MaxFirst > 0 {
			n = min(n, c.limits.MaxFirst) // a larger first is refused by the resolver anyway
		}
		return max(n, 1), true
	}
	return 0, false
}
