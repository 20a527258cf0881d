package index

import "testing"

func TestCapitalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"han quoc", "Han Quoc"},
		{"hàn quốc", "Hàn Quốc"},
		{"bộ y tế", "Bộ Y Tế"},
		{"đà nẵng", "Đà Nẵng"},
		{"South korea", "South korea"}, // has an upper-case letter: left alone
		{"57-nq/tw", "57-Nq/Tw"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := capitalize(tt.in); got != tt.want {
			t.Errorf("capitalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if len(capitalize(tt.in)) != len(tt.in) {
			t.Errorf("capitalize(%q) changed the byte length", tt.in)
		}
	}
}
