// Package jsonpath walks decoded JSON (the any values encoding/json produces), for tests
// and the benchmark that read GraphQL answers.
package jsonpath

// Get follows path through v: a string indexes an object, an int an array. A step that
// does not exist gives nil: Get(v, "role", "skills", "edges", 0, "node", "id").
func Get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k < 0 || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}
