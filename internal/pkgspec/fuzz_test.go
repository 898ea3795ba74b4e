package pkgspec

import (
	"strings"
	"testing"
)

// FuzzParse: any argument parses or is refused without a panic; a parsed
// name is valid and holds no @ but its scope's; and printing the parts
// back as name@rest parses to the same parts.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"pkg", "pkg@1.2.3", "@scope/pkg", "@scope/pkg@latest", "@scope/pkg@", "a@b@c", "@",
		"@/x", "@s/", "@s/a/b", " pkg@1 ", "JSONStream@1", "-a", "node_modules", "a b", "@s/.a", "é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		spec, err := Parse(arg)
		if err != nil {
			return
		}
		if err := ValidateExistingName(spec.Name); err != nil {
			t.Fatalf("Parse(%q) gave the invalid name %q: %v", arg, spec.Name, err)
		}
		if strings.Contains(spec.Name[1:], "@") {
			t.Fatalf("Parse(%q) kept an @ in the name %q", arg, spec.Name)
		}
		if spec.Rest == "" {
			return
		}
		again, err := Parse(spec.Name + "@" + spec.Rest)
		if err != nil || again != spec {
			t.Fatalf("Parse(%q) = %+v, but its printed form parses to %+v (%v)", arg, spec, again, err)
		}
	})
}

// FuzzValidateName: a name valid for new packages is valid for existing
// ones, and new names are lower case and at most 214 characters.
func FuzzValidateName(f *testing.F) {
	for _, s := range []string{"pkg", "@s/pkg", "Pkg", strings.Repeat("a", 215), "a!b", "a:b", "favicon.ico", "@s/a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ValidateName(name) != nil {
			return
		}
		if err := ValidateExistingName(name); err != nil {
			t.Fatalf("%q is valid as a new name but not as an existing one: %v", name, err)
		}
		if strings.ToLower(name) != name || len(name) > 214 {
			t.Fatalf("%q accepted as a new name", name)
		}
	})
}
