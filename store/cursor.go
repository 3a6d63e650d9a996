package store

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math"
	"strings"

	"github.com/skillgraph/skillgraph/domain"
)

// A cursor is the position of an item in a sorted list: the values of its sort keys and its
// id, so paging continues strictly after it (keyset paging) and pages stay stable while
// other items are added. It names the sort order it belongs to, so it is refused under
// another, and carries a checksum, so an edited cursor is refused rather than silently
// placing the page somewhere else. Opaque to clients: base64url of a versioned JSON array.
const cursorVersion = "c2"

type cursor struct {
	Keys []any // one value (float64 or string) per sort key
	ID   string
}

func cursorSum(payload []byte) string {
	h := sha256.Sum256(append([]byte("skillgraph cursor\x00"), payload...))
	return hex.EncodeToString(h[:6])
}

func encodeCursor(sig string, keys []any, id string) string {
	if keys == nil {
		keys = []any{}
	}
	payload, _ := json.Marshal([]any{cursorVersion, sig, keys, id})
	b, _ := json.Marshal([]any{cursorVersion, sig, keys, id, cursorSum(payload)})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns nil for an empty cursor and BAD_USER_INPUT (about after, or before
// when backward) for anything that was not made by encodeCursor for a list sorted by keys.
func decodeCursor(s string, keys []sortKey, backward bool) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	field := "after"
	if backward {
		field = "before"
	}
	bad := domain.InvalidField(field, "invalid cursor: use a cursor returned by this API for the same orderBy")
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, bad
	}
	var parts []any
	if err := json.Unmarshal(b, &parts); err != nil || len(parts) != 5 || parts[0] != cursorVersion {
		return nil, bad
	}
	sig, ok1 := parts[1].(string)
	vals, ok2 := parts[2].([]any)
	id, ok3 := parts[3].(string)
	sum, ok4 := parts[4].(string)
	if !ok1 || !ok2 || !ok3 || !ok4 || id == "" || len(vals) != len(keys) {
		return nil, bad
	}
	payload, _ := json.Marshal(parts[:4])
	if sum != cursorSum(payload) || sig != orderSignature(keys) {
		return nil, bad
	}
	for i, v := range vals {
		switch x := v.(type) {
		case string:
			if !keys[i].str {
				return nil, bad
			}
		case float64:
			if keys[i].str || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, bad
			}
		default:
			return nil, bad
		}
	}
	return &cursor{Keys: vals, ID: id}, nil
}
