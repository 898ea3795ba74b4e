package trustpub

import (
	"reflect"
	"testing"
)

func TestResolveEntity(t *testing.T) {
	origin := func(u string) func() string { return func() string { return u } }
	tests := []struct {
		name       string
		in         Input
		wantEntity string
		wantSource string
		warnings   []string
		wantErr    string
	}{
		{"flag", Input{Provider: GitHub, Package: "p", Entity: "o/r"}, "o/r", FromFlag, nil, ""},
		{"package.json", Input{Provider: GitHub, Manifest: Manifest{Name: "p", Repository: "git+https://github.com/o/r.git"}}, "o/r", FromPackageJSON, nil, ""},
		{"flag differs from package.json", Input{Provider: GitHub, Manifest: Manifest{Name: "p", Repository: "github:o/r"}, Entity: "o/fork"}, "o/fork", FromFlag,
			[]string{"Repository in package.json (o/r) differs from provided GitHub repository (o/fork)"}, ""},
		{"flag over another host", Input{Provider: GitHub, Manifest: Manifest{Name: "p", Repository: "gitlab:g/p"}, Entity: "o/r"}, "o/r", FromFlag,
			[]string{"Repository in package.json is not a GitHub repository"}, ""},
		{"another package ignores package.json", Input{Provider: GitLab, Package: "other", Manifest: Manifest{Name: "p", Repository: "github:o/r"}}, "", "", nil,
			"GitLab project must be specified with project option"},
		{"origin when package.json has none", Input{Provider: GitLab, Manifest: Manifest{Name: "p"}, OriginURL: origin("git@gitlab.com:g/s/p.git")}, "g/s/p", FromGitOrigin, nil, ""},
		{"origin when package.json's is unrecognised", Input{Provider: GitHub, Manifest: Manifest{Name: "p", Repository: "https://example.com/x.git"}, OriginURL: origin("https://github.com/o/r")}, "o/r", FromGitOrigin, nil, ""},
		{"origin not asked for another package", Input{Provider: GitHub, Package: "q", Manifest: Manifest{Name: "p"}, OriginURL: func() string { panic("asked") }}, "", "", nil,
			"GitHub repository must be specified with repository option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.File, tt.in.Publish = "ci.yml", true
			r, err := Resolve(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Entity != tt.wantEntity || r.EntitySource != tt.wantSource || !reflect.DeepEqual(r.Warnings, tt.warnings) {
				t.Errorf("entity %q from %q, warnings %q; want %q from %q, %q", r.Entity, r.EntitySource, r.Warnings, tt.wantEntity, tt.wantSource, tt.warnings)
			}
		})
	}
}
