package store

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"

	"github.com/skillgraph/skillgraph/domain"
)

// A cursor is the position of an item in a list sorted by (key descending, id ascending):
// paging continues strictly after it (keyset paging), so pages stay stable while other items
// are added. It is opaque to clients: base64url of a versioned JSON array.
const cursorVersion = "c1"

type cursor struct {
	Key float64
	ID  string
}

func encodeCursor(key float64, id string) string {
	b, _ := json.Marshal([]any{cursorVersion, key, id})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns nil for an empty cursor and BAD_USER_INPUT for anything that was not
// made by encodeCursor.
func decodeCursor(s string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := domain.InvalidField("after", "invalid cursor: use a cursor returned by this API")
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, bad
	}
	var parts []any
	if err := json.Unmarshal(b, &parts); err != nil || len(parts) != 3 || parts[0] != cursorVersion {
		return nil, bad
	}
	key, ok1 := parts[1].(float64)
	id, ok2 := parts[2].(string)
	if !ok1 || !ok2 || id == "" || math.IsNaN(key) || math.IsInf(key, 0) {
		return nil, bad
	}
	return &cursor{Key: key, ID: id}, nil
}

// cursorParams turns a cursor into the query parameters afterKey and afterID (null for none).
func cursorParams(c *cursor, params map[string]any) {
	if c == nil {
		params["afterKey"], params["afterID"] = nil, nil
		return
	}
	params["afterKey"], params["afterID"] = c.Key, c.ID
}
