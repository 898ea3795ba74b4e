package tarball

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestDisplayCompareNumericZeros checks paths with zero-valued numbers
// against the order node's localeCompare('en', {sensitivity: 'case',
// numeric: true}) gives (node 20, ICU 74).
func TestDisplayCompareNumericZeros(t *testing.T) {
	want := []string{"a0b", "a0B", "A0b", "a01b", "a1b", "lib/mod000/b.js", "lib/mod001/a.js",
		"x-1", "x.js", "x0", "x0_", "x0.js", "x0a", "x0y", "x00y", "x1y", "x10y"}
	got := []string{"x1y", "x0y", "x10y", "x00y", "x0.js", "x.js", "x0", "x-1", "lib/mod001/a.js",
		"lib/mod000/b.js", "a0b", "a0B", "A0b", "a01b", "a1b", "x0a", "x0_"}
	cmp := newDisplayCompare()
	sort.SliceStable(got, func(i, j int) bool { return cmp(got[i], got[j]) < 0 })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order\n%q\nwant\n%q", got, want)
	}
}

// TestDisplayCompareAgainstNode sorts random paths full of zeros with
// node's localeCompare and with gonpm, when node is installed.
func TestDisplayCompareAgainstNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := []string{"0", "00", "1", "01", "10", "9", "a", "B", "b", "x", "-", "_", ".", "/", "js", "Z"}
	var paths []string
	seen := map[string]bool{}
	for len(paths) < 400 {
		var sb strings.Builder
		for range 1 + rng.IntN(6) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		if p := sb.String(); !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	input, _ := json.Marshal(paths)
	cmd := exec.Command(node, "-e", `let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
		const c=(a,b)=>a.localeCompare(b,"en",{sensitivity:"case",numeric:true});
		process.stdout.write(JSON.stringify(JSON.parse(s).sort(c)))})`)
	cmd.Stdin = bytes.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	cmp := newDisplayCompare()
	got := append([]string(nil), paths...)
	sort.SliceStable(got, func(i, j int) bool { return cmp(got[i], got[j]) < 0 })
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("first difference at %d: got %q, node %q\ngot  %q\nnode %q", i, got[i], want[i], got[max(0, i-3):min(len(got), i+3)], want[max(0, i-3):min(len(want), i+3)])
		}
	}
}
