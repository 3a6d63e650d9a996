package store

import (
	"time"

	"github.com/skillgraph/skillgraph/domain"
)

// Converters from Neo4j property maps (properties(n), properties(e)) to domain types.

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func strs(m map[string]any, key string) []string { return strList(m[key]) }

// strList is the strings of a list value (none when it is not a list).
func strList(v any) []string {
	raw, _ := v.([]any)
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func toNode(p propVals) domain.Node {
	n := domain.Node{Aliases: strList(nil)}
	if p.names == nil {
		for name, v := range p.m {
			setNodeField(&n, name, v)
		}
		return n
	}
	// One pass over the values rather than a look-up of each field among them, a visible
	// part of turning a page's rows into edges (BenchmarkFill).
	for i, name := range p.names {
		setNodeField(&n, name, p.vals[i])
	}
	return n
}

// setNodeField sets the field of domain.Node that the property name holds (none for the
// kind's own properties, which props reads).
func setNodeField(n *domain.Node, name string, v any) {
	switch name {
	case "id":
		n.ID, _ = v.(string)
	case "name":
		n.Name, _ = v.(string)
	case "description":
		n.Description, _ = v.(string)
	case "aliases":
		n.Aliases = strList(v)
	case "source":
		n.Source, _ = v.(string)
	case "updatedAt":
		n.UpdatedAt = timeOf(v)
	case "updatedBy":
		n.UpdatedBy, _ = v.(string)
	}
}

// timeOf reads a DATETIME property (the driver gives time.Time); nil when missing.
func timeOf(v any) *time.Time {
	t, ok := v.(time.Time)
	if !ok {
		return nil
	}
	t = t.UTC()
	return &t
}

// toKindNode is toNode with the kind's own properties.
func toKindNode(k domain.Kind, p propVals) domain.Node {
	n := toNode(p)
	n.Props = props(p, domain.Model.Nodes[k].Own())
	return n
}

// props reads the properties of the list (nil when it has none): those p.known has found,
// when it has.
func props(p propVals, list []domain.Prop) domain.PropValues {
	var out domain.PropValues
	if p.known != nil {
		for _, c := range p.known {
			if v, ok := domain.ConvertProp(c.prop.Type, p.vals[c.col]); ok {
				if out == nil {
					out = make(domain.PropValues, 0, len(p.known))
				}
				out = append(out, domain.PropValue{Name: c.prop.Name, Value: v})
			}
		}
		return out
	}
	for _, lp := range list {
		if raw := p.get(lp.Name); raw != nil {
			if v, ok := domain.ConvertProp(lp.Type, raw); ok {
				if out == nil {
					out = make(domain.PropValues, 0, len(list))
				}
				out = append(out, domain.PropValue{Name: lp.Name, Value: v})
			}
		}
	}
	return out
}

func toRole(m map[string]any) *domain.Role   { return toKind(domain.KindRole, m).(*domain.Role) }
func toSkill(m map[string]any) *domain.Skill { return toKind(domain.KindSkill, m).(*domain.Skill) }
func toTechnology(m map[string]any) *domain.Technology {
	return toKind(domain.KindTechnology, m).(*domain.Technology)
}
func toIndustry(m map[string]any) *domain.Industry {
	return toKind(domain.KindIndustry, m).(*domain.Industry)
}
func toOccupationGroup(m map[string]any) *domain.OccupationGroup {
	return toKind(domain.KindOccupationGroup, m).(*domain.OccupationGroup)
}

// toKind converts a property map to the domain type of kind k.
func toKind(k domain.Kind, m map[string]any) domain.Entity { return toKindOf(k, mapVals(m)) }

// toKindOf converts a node's properties to the domain type of kind k.
func toKindOf(k domain.Kind, p propVals) domain.Entity {
	n := toKindNode(k, p)
	switch k {
	case domain.KindRole:
		return &domain.Role{Node: n}
	case domain.KindSkill:
		return &domain.Skill{Node: n}
	case domain.KindTechnology:
		return &domain.Technology{Node: n}
	case domain.KindOccupationGroup:
		return &domain.OccupationGroup{Node: n}
	default:
		return &domain.Industry{Node: n}
	}
}

// neo4jValue is a property value as the driver writes it.
func neo4jValue(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	}
	return v
}

// setOwn adds the own properties given (converted to their declared types) to p; one the
// kind does not declare is left out (the API's validation refuses it before).
func setOwn(p map[string]any, k domain.Kind, given domain.PropValues) {
	for _, pv := range given {
		if op, ok := domain.Model.Nodes[k].OwnProp(pv.Name); ok {
			if v, ok := domain.ConvertProp(op.Type, pv.Value); ok {
				p[op.Name] = neo4jValue(v)
			}
		}
	}
}

// toEdge converts a relationship's property map (of a relationship with the properties
// list, source aside) plus the node at its far end.
func toEdge(node domain.Entity, e propVals, list []domain.Prop) domain.Edge {
	return domain.Edge{Node: node, Source: e.str("source"), Props: props(e, list)}
}

// nodeProps is the inverse of toNode for writes.
func nodeProps(n domain.NodeInput) map[string]any {
	aliases := make([]any, len(n.Aliases))
	for i, a := range n.Aliases {
		aliases[i] = a
	}
	p := map[string]any{
		"name":        n.Name,
		"description": n.Description,
		"aliases":     aliases,
		"source":      n.Source,
	}
	setOwn(p, n.Kind, n.Props)
	if n.Kind == domain.KindRole && n.OccupationCodes != nil {
		codes := make([]any, len(n.OccupationCodes))
		for i, c := range n.OccupationCodes {
			codes[i] = c
		}
		p["onetCodes"] = codes
	}
	return p
}

// relProps is the property map of a relationship to write; absent values are not stored.
func relProps(r domain.RelInput) map[string]any {
	p := map[string]any{"source": r.Source}
	for _, pv := range r.Props {
		if ep, ok := domain.Model.EdgeProp(pv.Name); ok && ep.Name != "source" {
			if v, ok := domain.ConvertProp(ep.Type, pv.Value); ok {
				p[ep.Name] = neo4jValue(v)
			}
		}
	}
	return p
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// updateProps is the property map of a partial update: only the fields given.
func updateProps(u domain.NodeUpdate) map[string]any {
	p := map[string]any{}
	if u.Name != nil {
		p["name"] = *u.Name
	}
	if u.Description != nil {
		p["description"] = *u.Description
	}
	if u.Aliases != nil {
		aliases := make([]any, len(u.Aliases))
		for i, a := range u.Aliases {
			aliases[i] = a
		}
		p["aliases"] = aliases
	}
	setOwn(p, u.Kind, u.Props)
	return p
}

// stamp records provenance on a property map about to be written by the API.
func stamp(p map[string]any, by string, at time.Time) map[string]any {
	if by != "" {
		p["source"], p["updatedBy"], p["updatedAt"] = "api", by, at
	}
	return p
}
