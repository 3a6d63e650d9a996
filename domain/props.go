package domain

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Properties that not every kind has live in Node.Props, by name, as the Go type of their
// declared type (GoTypes); an absent property is not in the map. Typed accessors
// (Role.JobZone, ...) are generated from the model (props.generated.go).

// GoTypes are the Go types of the property types, as Node.Props holds them.
var GoTypes = map[PropType]string{PropString: "string", PropInt: "int", PropFloat: "float64", PropBool: "bool",
	PropStrings: "[]string", PropTime: "time.Time"}

func propValue[T any](m map[string]any, name string) T {
	v, _ := m[name].(T)
	return v
}

func propPtr[T any](m map[string]any, name string) *T {
	if v, ok := m[name].(T); ok {
		return &v
	}
	return nil
}

// PropValue converts a value of a property of type t (from JSON, a GraphQL input, or
// Neo4j) to its Go type; ok is false when it is not one.
func PropValue(t PropType, v any) (any, bool) {
	switch t {
	case PropString:
		s, ok := v.(string)
		return s, ok
	case PropInt:
		switch x := v.(type) {
		case int:
			return x, true
		case int64:
			return int(x), true
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int(x), true
			}
		case interface{ Int64() (int64, error) }: // json.Number
			if i, err := x.Int64(); err == nil {
				return int(i), true
			}
		}
	case PropFloat:
		switch x := v.(type) {
		case float64:
			return x, !math.IsNaN(x) && !math.IsInf(x, 0)
		case int:
			return float64(x), true
		case int64:
			return float64(x), true
		case interface{ Float64() (float64, error) }:
			if f, err := x.Float64(); err == nil {
				return f, true
			}
		}
	case PropBool:
		b, ok := v.(bool)
		return b, ok
	case PropStrings:
		switch x := v.(type) {
		case []string:
			return x, true
		case []any:
			out := make([]string, 0, len(x))
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, false
				}
				out = append(out, s)
			}
			return out, true
		}
	case PropTime:
		t, ok := v.(time.Time)
		return t.UTC(), ok
	}
	return nil, false
}

// propRules check a kind's own properties written through the API, by name; a property
// without a rule is checked by its type alone (a string of 1 to MaxNameLen characters).
var propRules = map[string]func(v any) string{
	"jobZone":  intBetween(1, 5),
	"category": stringLen(MaxCategoryLen),
}

func intBetween(lo, hi int) func(v any) string {
	return func(v any) string {
		if n, _ := v.(int); n < lo || n > hi {
			return fmt.Sprintf("must be between %d and %d, got %v", lo, hi, v)
		}
		return ""
	}
}

func stringLen(max int) func(v any) string {
	return func(v any) string {
		if n := utf8.RuneCountInString(trimmed(v)); n == 0 || n > max {
			return fmt.Sprintf("must have 1 to %d characters", max)
		}
		return ""
	}
}

// checkProps checks the own properties given for a node of kind k (path names the input).
func checkProps(k Kind, props map[string]any, path string) error {
	n := Model.Nodes[k]
	for _, name := range slices.Sorted(maps.Keys(props)) {
		p, ok := n.Prop(name)
		if !ok || p.Common {
			return InvalidField(path+"."+name, "%s is not a property of %s", name, k)
		}
		v, ok := PropValue(p.Type, props[name])
		if !ok {
			return InvalidField(path+"."+name, "%s has the wrong type", name)
		}
		rule := propRules[name]
		if rule == nil && p.Type == PropString {
			rule = stringLen(MaxNameLen)
		}
		if rule != nil {
			if msg := rule(v); msg != "" {
				return InvalidField(path+"."+name, "%s %s", name, msg)
			}
		}
	}
	return nil
}

func trimmed(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}
