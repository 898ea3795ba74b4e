package verdacciotest

import (
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// A port already held by another instance must not be mistaken for a
// started one: its ping answers, but it does not know our probe user.
func TestStartOnTakenPortIsNotAdopted(t *testing.T) {
	first := Start(t)
	_, portText, err := net.SplitHostPort(first.Host)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		t.Fatal(err)
	}

	_, err = start(t, nodeBinary(t), verdaccioBinary(t), port)
	if !errors.Is(err, errPortTaken) {
		t.Fatalf("start on the port of a running instance: err = %v, want errPortTaken", err)
	}
}

// Without Verdaccio the tests that need it skip with a hint, or fail when
// CI says it must be there.
func TestStartWithoutVerdaccio(t *testing.T) {
	tests := []struct {
		name     string
		require  string
		wantSkip bool
	}{
		{name: "skips by default", require: "", wantSkip: true},
		{name: "fails when required", require: "1", wantSkip: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvBinary, filepath.Join(t.TempDir(), "no-verdaccio-here"))
			t.Setenv(EnvRequireVerdaccio, tt.require)

			rec := &recordingTB{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				Start(rec)
				t.Error("Start returned although there is no verdaccio")
			}()
			<-done

			if rec.skipped != tt.wantSkip || rec.failed == tt.wantSkip {
				t.Fatalf("skipped = %v, failed = %v; want skipped = %v", rec.skipped, rec.failed, tt.wantSkip)
			}
			if tt.wantSkip && !strings.Contains(rec.message, "scripts/") {
				t.Errorf("skip message %q does not say which script installs verdaccio", rec.message)
			}
			if !tt.wantSkip && !strings.Contains(rec.message, EnvRequireVerdaccio) {
				t.Errorf("failure message %q does not name %s", rec.message, EnvRequireVerdaccio)
			}
		})
	}
}

// recordingTB records a skip or fatal failure instead of acting on the
// real test, and ends the calling goroutine as testing.T would.
type recordingTB struct {
	testing.TB
	skipped, failed bool
	message         string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Skip(args ...any) {
	r.skipped, r.message = true, fmt.Sprint(args...)
	runtime.Goexit()
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed, r.message = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
