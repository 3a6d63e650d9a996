package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// A printer of the few SDL forms the generated file has, in the hand-written files' style:
// one-line descriptions quoted, two-space indents, arguments one per line.

func printDescription(b *bytes.Buffer, indent, desc string) {
	if strings.Contains(desc, "\n") {
		fmt.Fprintf(b, "%s\"\"\"\n", indent)
		for _, line := range strings.Split(desc, "\n") {
			fmt.Fprintf(b, "%s%s\n", indent, line)
		}
		fmt.Fprintf(b, "%s\"\"\"\n", indent)
		return
	}
	fmt.Fprintf(b, "%s%s\n", indent, quote(desc))
}

// quote is a GraphQL string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func printDirectives(b *bytes.Buffer, dirs ast.DirectiveList) {
	for _, d := range dirs {
		fmt.Fprintf(b, " @%s", d.Name)
		if len(d.Arguments) == 0 {
			continue
		}
		var args []string
		for _, a := range d.Arguments {
			v := a.Value.Raw
			if a.Value.Kind == ast.StringValue {
				v = quote(v)
			}
			args = append(args, a.Name+": "+v)
		}
		fmt.Fprintf(b, "(%s)", strings.Join(args, ", "))
	}
}

func printArguments(b *bytes.Buffer, indent string, args ast.ArgumentDefinitionList) {
	if len(args) == 0 {
		return
	}
	b.WriteString("(\n")
	for _, a := range args {
		printDescription(b, indent+"  ", a.Description)
		fmt.Fprintf(b, "%s  %s: %s\n", indent, a.Name, a.Type.String())
	}
	fmt.Fprintf(b, "%s)", indent)
}

func printDirectiveDefinition(b *bytes.Buffer, d *ast.DirectiveDefinition) {
	b.WriteString("\n")
	printDescription(b, "", d.Description)
	fmt.Fprintf(b, "directive @%s", d.Name)
	printArguments(b, "", d.Arguments)
	var locs []string
	for _, l := range d.Locations {
		locs = append(locs, string(l))
	}
	fmt.Fprintf(b, " on %s\n", strings.Join(locs, " | "))
}

func printDefinition(b *bytes.Buffer, d *ast.Definition, extension bool) {
	b.WriteString("\n")
	if !extension {
		printDescription(b, "", d.Description)
	} else {
		b.WriteString("extend ")
	}
	keyword := map[ast.DefinitionKind]string{ast.Object: "type", ast.InputObject: "input", ast.Enum: "enum"}[d.Kind]
	fmt.Fprintf(b, "%s %s", keyword, d.Name)
	printDirectives(b, d.Directives)
	b.WriteString(" {\n")
	for _, v := range d.EnumValues {
		printDescription(b, "  ", v.Description)
		fmt.Fprintf(b, "  %s\n", v.Name)
	}
	for _, f := range d.Fields {
		printDescription(b, "  ", f.Description)
		fmt.Fprintf(b, "  %s", f.Name)
		printArguments(b, "  ", f.Arguments)
		fmt.Fprintf(b, ": %s", f.Type.String())
		if f.DefaultValue != nil {
			fmt.Fprintf(b, " = %s", f.DefaultValue.Raw)
		}
		printDirectives(b, f.Directives)
		b.WriteString("\n")
	}
	b.WriteString("}\n")
}
