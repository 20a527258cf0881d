package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		in    string
		field string // "" with ok
		ok    bool
	}{
		{`{"id": "Hàn Quốc", "n": 3, "x": [true, null, -1.5e3]}`, "", true},
		{`{"id": "\u00e0\ud83d\ude00 \"q\" \\ud800"}`, "", true}, // a pair, and an escaped backslash
		{"{\"id\": \"\uFFFD\"}", "", true},                       // U+FFFD itself is text
		{"{\"id\": \"coll\xff\"}", "id", false},
		{"{\"id\": \"coll\xfe\"}", "id", false},
		{"{\"id\": \"a\xed\xa0\x80\"}", "id", false}, // a surrogate encoded in UTF-8
		{"{\"id\": \"\xe1\xba\"}", "id", false},      // a truncated sequence
		{`{"id": "\ud800"}`, "id", false},
		{`{"id": "\udc00x"}`, "id", false},
		{`{"id": "\ud800\u0041"}`, "id", false},
		{`{"id": "\uD800\\uDC00"}`, "id", false},
		{`{"a": 1, "entities": [{"type": "country", "id": "ok"}, {"type": "\udfff"}]}`, "entities[1].type", false},
		{"{\"ti\xfftle\": \"x\"}", "a field name", false},
		{`{"a b": {"\ud800": 1}}`, `"a b".a field name`, false},
		{`{"a b": {"c": "\ud800"}}`, `"a b".c`, false},
		{"\"\xff\"", "", false},
		{`["\ud800"]`, "[0]", false},
		{`{"id": "unterminated`, "", true}, // a syntax error is the decoder's
		{`{"id": "\u12`, "", true},
		{``, "", true},
	}
	for _, tt := range tests {
		err := CheckText([]byte(tt.in))
		var te *TextError
		switch {
		case tt.ok && err != nil:
			t.Errorf("CheckText(%q) = %v, want nil", tt.in, err)
		case !tt.ok && !errors.As(err, &te):
			t.Errorf("CheckText(%q) = %v, want a *TextError", tt.in, err)
		case !tt.ok && te.Field != tt.field:
			t.Errorf("CheckText(%q) names field %q, want %q (%v)", tt.in, te.Field, tt.field, err)
		}
	}
}

// FuzzCheckText checks that CheckText does not panic and that what it
// accepts encoding/json decodes without replacing anything: the decoded
// strings hold as many U+FFFD as the input spells.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{`{"id": "a"}`, "{\"id\": \"a\xff\"}", `["\ud800"]`, `{"k\ud83d\ude00": ["\ufffd", 1]}`, "\"\uFFFD\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		err := CheckText(b)
		var v any
		if err != nil || json.Unmarshal(b, &v) != nil || bytes.Contains(b, []byte(`\\`)) {
			return
		}
		want := bytes.Count(b, []byte("\uFFFD")) + strings.Count(strings.ToLower(string(b)), `\ufffd`)
		if got := countReplacements(v); got != want {
			t.Errorf("CheckText(%q) = nil, but decoding made %d U+FFFD of %d", b, got, want)
		}
	})
}

func countReplacements(v any) int {
	n := 0
	switch v := v.(type) {
	case string:
		n = strings.Count(v, "\uFFFD")
	case []any:
		for _, e := range v {
			n += countReplacements(e)
		}
	case map[string]any:
		for k, e := range v {
			n += strings.Count(k, "\uFFFD") + countReplacements(e)
		}
	}
	return n
}
