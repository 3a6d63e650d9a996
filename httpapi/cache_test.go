package httpapi

import (
	"encoding/json"
	"testing"
)

// TestCanonicalVariables: variables that flatCanonical takes as they are give the key
// re-encoding them gives, and the others are re-encoded.
func TestCanonicalVariables(t *testing.T) {
	for _, c := range []struct {
		in   string
		fast bool // flatCanonical takes it as it is
	}{
		{`{"id":"backend-developer"}`, true},
		{`{"first":20,"tech":"postgresql"}`, true},
		{`{"a":-3,"b":0,"c":true,"d":false,"e":null,"f":""}`, true},
		{`{"first":20,"nonce":12345678901234567890,"tech":"go"}`, true},
		{`{"tech":"postgresql","first":20}`, false}, // keys out of order
		{`{"a":1,"a":2}`, false},                    // a key twice: the last wins
		{`{"id": "x"}`, false},                      // a space
		{`{"id":"a<b"}`, false},                     // HTML escaping
		{`{"id":"a\"b"}`, false},
		{`{"id":"a\u0041"}`, false},
		{`{"id":"é"}`, false},
		{`{"n":1.5}`, false},
		{`{"n":1e3}`, false},
		{`{"n":01}`, false}, // not JSON
		{`{"n":-}`, false},
		{`{"l":[1,2]}`, false},
		{`{"o":{"b":1,"a":2}}`, false},
		{`{"id":"x"`, false},
		{`{"id":"x"}}`, false},
		{`{"id":"x",}`, false},
		{`{,}`, false},
		{`["id"]`, false},
		{`"id"`, false},
		{`{"id":truex}`, false},
	} {
		if got := flatCanonical([]byte(c.in)); got != c.fast {
			t.Errorf("flatCanonical(%s) = %v, want %v", c.in, got, c.fast)
		}
		got, gotOK := canonicalJSON(json.RawMessage(c.in))
		want, wantOK := reencode([]byte(c.in))
		if got != want || gotOK != wantOK {
			t.Errorf("canonicalJSON(%s) = %q %v, re-encoded %q %v", c.in, got, gotOK, want, wantOK)
		}
	}
}

// BenchmarkCanonicalVariables: a cold request's variables, taken as they are or re-encoded.
func BenchmarkCanonicalVariables(b *testing.B) {
	in := []byte(`{"first":20,"nonce":123456,"tech":"postgresql"}`)
	b.Run("flat", func(b *testing.B) {
		for range b.N {
			canonicalJSON(in)
		}
	})
	b.Run("reencode", func(b *testing.B) {
		for range b.N {
			reencode(in)
		}
	})
}
