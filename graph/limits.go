package graph

import (
	"context"
	"fmt"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// QueryLimits bound what one operation may ask for; zero turns a limit off.
type QueryLimits struct {
	MaxDepth      int // nesting of fields
	MaxComplexity int // worst-case cost: each list field multiplies its children by first (or limit)
	MaxFields     int // fields selected, fragments counted again where they are spread
	MaxAliases    int // aliased fields
}

// Codes of operations refused for their shape. They are request errors: 400 for
// application/graphql-response+json, 200 for application/json, like validation errors.
const (
	codeDepth      = "DEPTH_LIMIT_EXCEEDED"
	codeFields     = "FIELD_LIMIT_EXCEEDED"
	codeAliases    = "ALIAS_LIMIT_EXCEEDED"
	codeComplexity = "COMPLEXITY_LIMIT_EXCEEDED" // gqlgen's extension.ComplexityLimit
)

func init() {
	for _, c := range []string{codeDepth, codeFields, codeAliases, codeComplexity} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

// shapeLimit refuses an operation too deep, too wide or with too many aliases before it
// runs. It runs before the complexity limit and stops counting at the limit, so a
// "fragment bomb" (fragments spreading each other many times) costs bounded work.
type shapeLimit struct{ QueryLimits }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shapeLimit{}

func (shapeLimit) ExtensionName() string                   { return "QueryShapeLimit" }
func (shapeLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l shapeLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := shapeWalk{limits: l.QueryLimits, budget: 10 * max(l.MaxFields, 1000)}
	w.walk(oc.Operation.SelectionSet, 1)
	return w.err
}

type shapeWalk struct {
	limits                 QueryLimits
	fields, aliases, steps int
	budget                 int // selections visited, spreads included, before giving up
	err                    *gqlerror.Error
}

func (w *shapeWalk) walk(set ast.SelectionSet, depth int) {
	for _, sel := range set {
		if w.err != nil {
			return
		}
		if w.steps++; w.steps > w.budget {
			w.fail(codeFields, "MAX_FIELDS", w.limits.MaxFields, "the operation expands to more than %d selections", w.budget)
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			w.fields++
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
			}
			switch {
			case w.limits.MaxDepth > 0 && depth > w.limits.MaxDepth:
				w.fail(codeDepth, "MAX_DEPTH", w.limits.MaxDepth, "the operation nests fields deeper than %d levels", w.limits.MaxDepth)
			case w.limits.MaxFields > 0 && w.fields > w.limits.MaxFields:
				w.fail(codeFields, "MAX_FIELDS", w.limits.MaxFields, "the operation selects more than %d fields", w.limits.MaxFields)
			case w.limits.MaxAliases > 0 && w.aliases > w.limits.MaxAliases:
				w.fail(codeAliases, "MAX_ALIASES", w.limits.MaxAliases, "the operation uses more than %d aliases", w.limits.MaxAliases)
			default:
				w.walk(s.SelectionSet, depth+1)
			}
		case *ast.FragmentSpread:
			if s.Definition != nil {
				w.walk(s.Definition.SelectionSet, depth)
			}
		case *ast.InlineFragment:
			w.walk(s.SelectionSet, depth)
		}
	}
}

func (w *shapeWalk) fail(code, setting string, limit int, format string, args ...any) {
	w.err = &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...) + fmt.Sprintf(" (limit %s=%d)", setting, limit),
		Extensions: map[string]any{"code": code, "limit": setting, "max": limit},
	}
}

// costed prices list fields for gqlgen's complexity limit: a field with a first (or limit)
// argument costs 1 + its children times that argument (the default page size when it is
// omitted), so roles(first: 50) { skills(first: 50) { ... } } costs about 2,500 times its
// leaves. Other fields keep gqlgen's default: 1 plus their children.
type costed struct {
	graphql.ExecutableSchema
	limits Limits
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
		if p := intArg(args[name]); p != nil {
			n = *p
		} else if arg.DefaultValue != nil {
			if v, err := arg.DefaultValue.Value(nil); err == nil && intArg(v) != nil {
				n = *intArg(v)
			}
		}
		if name == "first" && c.limits.MaxFirst > 0 {
			n = min(n, c.limits.MaxFirst) // a larger first is refused by the resolver anyway
		}
		return max(n, 1), true
	}
	return 0, false
}
