package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// main writes the generated file into the schema directory (default ../schema: go generate
// runs it in domain).
func main() {
	dir := "../schema"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	out, err := Generate(os.DirFS(dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "plumbing:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(dir, GeneratedFile), out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "plumbing:", err)
		os.Exit(1)
	}
}
