package domain

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Properties that not every kind has live in Node.Props, and relationship properties in
// Edge.Props and RelInput.Props, by name, as the Go type of their declared type (GoTypes); an
// absent property is not in the list. Typed accessors (Role.JobZone, Edge.Importance, ...)
// are generated from the model (props.generated.go).

// PropValues are a node's or a relationship's properties by name: a short list, not a map,
// since a node or an edge has a few and every row read makes one.
type PropValues []PropValue

// PropValue is one property's value.
type PropValue struct {
	Name  string
	Value any
}

// Get returns the value of the property called name (nil when absent).
func (p PropValues) Get(name string) any {
	for i := range p {
		if p[i].Name == name {
			return p[i].Value
		}
	}
	return nil
}

// Set sets the property called name.
func (p *PropValues) Set(name string, v any) {
	for i := range *p {
		if (*p)[i].Name == name {
			(*p)[i].Value = v
			return
		}
	}
	*p = append(*p, PropValue{name, v})
}

// GoTypes are the Go types of the property types, as Node.Props holds them.
var GoTypes = map[PropType]string{PropString: "string", PropInt: "int", PropFloat: "float64", PropBool: "bool",
	PropStrings: "[]string", PropTime: "time.Time"}

func propValue[T any](p PropValues, name string) T {
	v, _ := p.Get(name).(T)
	return v
}

func propPtr[T any](p PropValues, name string) *T {
	if v, ok := p.Get(name).(T); ok {
		return &v
	}
	return nil
}

// ConvertProp converts a value of a property of type t (from JSON, a GraphQL input, or
// Neo4j) to its Go type; ok is false when it is not one.
func ConvertProp(t PropType, v any) (any, bool) {
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

// relRules check relationship properties written through the API, likewise.
var relRules = map[string]func(v any) string{
	"importance":      intBetween(1, 5),
	"importanceScore": floatBetween(1, 5),
	"level":           floatBetween(0, 7),
	"confidence":      floatBetween(0, 2),
	"similarity":      floatBetween(0, 1),
	"weight":          floatBetween(0, 1),
	"rank":            intBetween(1, 100),
	"tier":            oneOf(Tiers),
}

func floatBetween(lo, hi float64) func(v any) string {
	return func(v any) string {
		if f, _ := v.(float64); f < lo || f > hi {
			return fmt.Sprintf("must be between %v and %v", lo, hi)
		}
		return ""
	}
}

func oneOf(values []string) func(v any) string {
	return func(v any) string {
		if s, _ := v.(string); !slices.Contains(values, s) {
			return "must be one of " + strings.Join(values, ", ")
		}
		return ""
	}
}

// checkRelProps checks the properties of a relationship to write: ones its type takes, of
// their declared types, within their rules.
func checkRelProps(r RelInput, path string) error {
	allowed := Model.RelTypeProps[r.Type]
	for _, pv := range r.Props {
		name := pv.Name
		p, ok := Model.EdgeProp(name)
		if !ok || !slices.Contains(allowed, name) {
			return InvalidField(path+"."+name, "%s does not apply to %s %s-%s", name, r.Type.Type, r.Type.From, r.Type.To)
		}
		if err := checkValue(p, pv.Value, relRules[name], path); err != nil {
			return err
		}
	}
	return nil
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
func checkProps(k Kind, props PropValues, path string) error {
	n := Model.Nodes[k]
	for _, pv := range props {
		name := pv.Name
		p, ok := n.Prop(name)
		if !ok || p.Common {
			return InvalidField(path+"."+name, "%s is not a property of %s", name, k)
		}
		if err := checkValue(p, pv.Value, propRules[name], path); err != nil {
			return err
		}
	}
	return nil
}

// checkValue checks one property's value: its declared type, then rule (for a string
// without one, 1 to MaxNameLen characters).
func checkValue(p Prop, v any, rule func(any) string, path string) error {
	v, ok := ConvertProp(p.Type, v)
	if !ok {
		return InvalidField(path+"."+p.Name, "%s has the wrong type", p.Name)
	}
	if rule == nil && p.Type == PropString {
		rule = stringLen(MaxNameLen)
	}
	if rule != nil {
		if msg := rule(v); msg != "" {
			return InvalidField(path+"."+p.Name, "%s %s", p.Name, msg)
		}
	}
	return nil
}

func trimmed(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// PropsOf makes property values from name, value pairs; a nil pointer is left out, another
// pointer is read through (PropsOf("importance", imp, "essential", ess) for *int, *bool).
func PropsOf(pairs ...any) PropValues {
	var out PropValues
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		v := reflect.ValueOf(pairs[i+1])
		switch {
		case !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()):
			continue
		case v.Kind() == reflect.Pointer:
			v = v.Elem()
		}
		out = append(out, PropValue{Name: name, Value: v.Interface()})
	}
	return out
}
