package config

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSetKeepsOtherLines(t *testing.T) {
	tests := []struct {
		name, before string
		key, value   string
		after        string
	}{
		{"replace in place",
			"; my settings\nregistry=http://127.0.0.1:1/ # old\n\n# tokens\ntag=next\n",
			"registry", "http://127.0.0.1:2/",
			"; my settings\nregistry=http://127.0.0.1:2/\n\n# tokens\ntag=next\n"},
		{"append new key",
			"; keep me\ntag=next",
			"loglevel", "warn",
			"; keep me\ntag=next\nloglevel=warn\n"},
		{"duplicates collapse to one line",
			"tag=a\nx=1\ntag=b\n",
			"tag", "c",
			"tag=c\nx=1\n"},
		{"new key goes before sections",
			"a=1\n[section]\nb=2\n",
			"tag", "next",
			"a=1\ntag=next\n[section]\nb=2\n"},
		{"key inside a section is not the top-level key",
			"[section]\ntag=inner\n",
			"tag", "outer",
			"tag=outer\n[section]\ntag=inner\n"},
		{"value quoted like npm",
			"",
			"//127.0.0.1:4873/:_auth", "dXNlcjpwYXNzMQ==",
			"//127.0.0.1:4873/:_auth=\"dXNlcjpwYXNzMQ==\"\n"},
		{"reference stays raw",
			"",
			"//127.0.0.1:4873/:_authToken", "${NPM_TOKEN}",
			"//127.0.0.1:4873/:_authToken=${NPM_TOKEN}\n"},
		{"array replaced by a plain key",
			"ca[]=a\nca[]=b\n",
			"ca", "c",
			"ca=c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t)
			if tt.before != "" {
				s.write(t, s.userFile(), tt.before)
			}
			c := s.load(t, nil)
			if err := c.Set(LayerUser, tt.key, tt.value); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, s.userFile()); got != tt.after {
				t.Errorf("file after Set:\n%s\nwant:\n%s", got, tt.after)
			}
		})
	}
}

func TestSetUpdatesLoadedConfig(t *testing.T) {
	s := newSandbox(t)
	c := s.load(t, nil, "TOKEN=t0k")
	if err := c.Set(LayerProject, "//127.0.0.1:4873/:_authToken", "${TOKEN}"); err != nil {
		t.Fatal(err)
	}
	if a := c.AuthFor("http://127.0.0.1:4873/x", "http://127.0.0.1:4873/"); a == nil || a.Token != "t0k" || a.Source.Layer != LayerProject {
		t.Errorf("after Set the credential is not visible: %+v", a)
	}
	if err := c.Set(LayerProject, "tag", "beta"); err != nil {
		t.Fatal(err)
	}
	if v, l, _ := c.Lookup("tag"); v != "beta" || l != LayerProject {
		t.Errorf("tag = %q from %q", v, l)
	}
	if err := c.Set(LayerProject, "tag", ""); err != nil {
		t.Fatal(err)
	}
	if v, l, _ := c.Lookup("tag"); v != "latest" || l != LayerDefault {
		t.Errorf("after setting empty, tag = %q from %q, want the default", v, l)
	}
	// A fresh load sees the same thing the in-memory config does.
	if got := s.load(t, nil, "TOKEN=t0k").List(); len(got) != len(c.List()) {
		t.Errorf("reloaded config differs from the updated one")
	}
}

func TestDeleteAndCredentials(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "# top\n"+
		"//127.0.0.1:4873/:_authToken=a\n"+
		"//127.0.0.1:4873/:username=u\n"+
		"//127.0.0.1:4873/:email=e@example.test\n"+
		"//127.0.0.1:5000/:_authToken=keep\n"+
		"tag=next\n")
	c := s.load(t, nil)
	if err := c.DeleteCredentials(LayerUser, "http://127.0.0.1:4873/"); err != nil {
		t.Fatal(err)
	}
	want := "# top\n//127.0.0.1:5000/:_authToken=keep\ntag=next\n"
	if got := readFile(t, s.userFile()); got != want {
		t.Errorf("after DeleteCredentials:\n%s\nwant:\n%s", got, want)
	}
	if c.AuthFor("http://127.0.0.1:4873/x", "http://127.0.0.1:4873/") != nil {
		t.Error("credentials still visible after DeleteCredentials")
	}
	if err := c.SetCredential(LayerUser, "http://127.0.0.1:4873/npm/", "_authToken", "new"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readFile(t, s.userFile()), "//127.0.0.1:4873/npm/:_authToken=new\n") {
		t.Error("SetCredential did not write under the nerf dart")
	}
	if err := c.Delete(LayerUser, "tag"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(readFile(t, s.userFile()), "tag=") {
		t.Error("Delete left the key")
	}
	if err := c.Delete(LayerUser, "not-there"); err != nil {
		t.Errorf("deleting a missing key: %v", err)
	}
}

func TestWriteModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits: Go reports every writable file as 0666")
	}
	s := newSandbox(t)
	s.write(t, s.userFile(), "tag=a\n")
	os.Chmod(s.userFile(), 0o644)
	s.write(t, s.projectFile(), "tag=a\n")
	os.Chmod(s.projectFile(), 0o644)
	c := s.load(t, nil)
	for _, l := range []string{LayerUser, LayerProject, LayerGlobal} {
		if err := c.Set(l, "loglevel", "warn"); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		file string
		mode os.FileMode
	}{
		{s.userFile(), 0o600},    // tightened: it holds credentials
		{s.projectFile(), 0o644}, // kept
		{s.globalFile(), 0o600},  // new file
	} {
		st, err := os.Stat(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != tt.mode {
			t.Errorf("%s mode %o, want %o", tt.file, st.Mode().Perm(), tt.mode)
		}
	}
}

func TestWriteOnlyFileLayers(t *testing.T) {
	c := newSandbox(t).load(t, nil)
	for _, l := range []string{LayerEnv, LayerCLI, LayerDefault, "bogus"} {
		if err := c.Set(l, "tag", "x"); err == nil {
			t.Errorf("Set on %q layer must fail", l)
		}
	}
}

const writerEnv = "GONPM_CONFIG_TEST_WRITER"

// TestConcurrentWriterProcess is the child of TestConcurrentWriters; it does
// nothing in a normal run.
func TestConcurrentWriterProcess(t *testing.T) {
	spec := os.Getenv(writerEnv)
	if spec == "" {
		t.Skip("only run as a child process")
	}
	home, key, _ := strings.Cut(spec, "|")
	// Wait until the parent has started every writer, so they race.
	io.Copy(io.Discard, os.Stdin)
	c, err := Load(LoadOptions{Cwd: home, Env: []string{"HOME=" + home, "PATH="}, Home: home})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Set(LayerUser, key, "value-"+key); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentWriters(t *testing.T) {
	if os.Getenv(writerEnv) != "" {
		t.Skip("child process")
	}
	home := t.TempDir()
	file := filepath.Join(home, ".npmrc")
	if err := os.WriteFile(file, []byte("; shared file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const n = 20
	var cmds []*exec.Cmd
	var gates []io.WriteCloser
	for i := 0; i < n; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentWriterProcess$")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|key-%02d", writerEnv, home, i))
		gate, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, gates = append(cmds, cmd), append(gates, gate)
	}
	for _, g := range gates {
		g.Close()
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v\n%s", i, err, cmd.Stdout)
		}
	}

	data := readFile(t, file)
	got := map[string]string{}
	for _, e := range parseNpmrc(data) {
		got[e.Key] = e.Value
	}
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("key-%02d", i)
		if got[k] != "value-"+k {
			t.Errorf("%s lost; file:\n%s", k, data)
		}
	}
	if !strings.HasPrefix(data, "; shared file\n") {
		t.Errorf("comment lost; file:\n%s", data)
	}
	// Windows has no Unix permission bits to check.
	if st, _ := os.Stat(file); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(home)
	for _, e := range entries {
		if e.Name() != ".npmrc" && e.Name() != ".npmrc.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
