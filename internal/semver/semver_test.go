package semver

import "testing"

func TestValidRange(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"*", true},
		{"1", true},
		{"v1", true},
		{"1.x", true},
		{"1.2.3", true},
		{"^1.2.0", true},
		{"~1.2", true},
		{">=1.0.0 <2.0.0", true},
		{">= 1.0.0", true},
		{"1.0.0 - 2.0.0", true},
		{"1 || 2", true},
		{"x", true},
		{"latest", false},
		{"next", false},
		{"beta", false},
		{"v1-beta", false},
		{"release-1", false},
		{"1.0.0-rc", true},
	}
	for _, tt := range tests {
		if got := ValidRange(tt.in); got != tt.want {
			t.Errorf("ValidRange(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	ordered := []string{"0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"}
	for i := 0; i+1 < len(ordered); i++ {
		a, _ := Parse(ordered[i])
		b, _ := Parse(ordered[i+1])
		if Compare(a, b) != -1 || Compare(b, a) != 1 {
			t.Errorf("expected %s < %s", ordered[i], ordered[i+1])
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{"1", "1.2", "01.2.3", "1.2.3-", "a.b.c", ""} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}
