package registry

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// stallServer accepts connections on 127.0.0.1 and hands each to serve.
func stallServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				serve(conn)
				<-done
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// zeros is an endless or long run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestARegistryThatStopsReadingIsCutOff(t *testing.T) {
	base := stallServer(t, func(conn net.Conn) {
		// Read the request line and headers, then never read again.
		br := bufio.NewReader(conn)
		for {
			line, err := br.ReadString('\n')
			if err != nil || line == "\r\n" {
				return
			}
		}
	})
	c := newTestClient(t, base, Options{Timeout: 300 * time.Millisecond})
	const size = 256 << 20
	start := time.Now()
	_, err := c.Do(context.Background(), &Request{
		Method: http.MethodPut, Path: "pkg",
		Body:          func() (io.Reader, error) { return io.LimitReader(zeros{}, size), nil },
		ContentLength: size,
	})
	took := time.Since(start)
	var ne *NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("err = %v, want a network error", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, base) || !strings.Contains(msg, "fetch-timeout=300") {
		t.Errorf("error does not name the registry and the timeout on one line: %q", msg)
	}
	if took > 20*time.Second {
		t.Errorf("took %s to give up", took)
	}
}

func TestARegistryThatStopsSendingIsCutOff(t *testing.T) {
	for _, tt := range []struct {
		name  string
		reply string
	}{
		{"before the headers", ""},
		{"in the middle of the body", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\":"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := stallServer(t, func(conn net.Conn) {
				br := bufio.NewReader(conn)
				for {
					line, err := br.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				_, _ = io.WriteString(conn, tt.reply)
			})
			c := newTestClient(t, base, Options{Timeout: 300 * time.Millisecond})
			_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "-/whoami"})
			if err == nil || !strings.Contains(err.Error(), "300ms") && !strings.Contains(err.Error(), "fetch-timeout") {
				t.Fatalf("err = %v, want a cut-off naming the fetch timeout", err)
			}
		})
	}
}

// endlessServer answers every request with status and an endless body.
func endlessServer(t *testing.T, status int, withLength bool) string {
	return stallServer(t, func(conn net.Conn) {
		br := bufio.NewReader(conn)
		for {
			line, err := br.ReadString('\n')
			if err != nil || line == "\r\n" {
				break
			}
		}
		head := "HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\nContent-Type: application/json\r\n"
		if withLength {
			head += "Content-Length: 1073741824\r\n"
		}
		_, _ = io.WriteString(conn, head+"\r\n{\"username\":\"")
		_, _ = io.Copy(conn, zeros{})
	})
}

func TestRepliesAreCappedByKind(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		withLength bool
		req        Request
		limit      int64
	}{
		{"endless whoami", 200, false, Request{Method: "GET", Path: "-/whoami"}, MaxWhoamiBody},
		{"whoami announcing 1 GiB", 200, true, Request{Method: "GET", Path: "-/whoami"}, MaxWhoamiBody},
		{"endless document", 200, false, Request{Method: "GET", Path: "-/npm/v1/user"}, MaxJSONBody},
		{"endless error body", 500, false, Request{Method: "GET", Path: "-/npm/v1/user"}, MaxErrorBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := endlessServer(t, tt.status, tt.withLength)
			c := newTestClient(t, base, Options{Timeout: 5 * time.Second})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := c.Do(context.Background(), &tt.req)
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatalf("an endless reply was accepted")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if tt.status < 400 {
				var tooBig *TooLargeError
				if !errors.As(err, &tooBig) || tooBig.Limit != tt.limit || !strings.Contains(err.Error(), formatBytes(tt.limit)) {
					t.Fatalf("err = %v, want the %s cap named", err, formatBytes(tt.limit))
				}
			} else {
				var he *HTTPError
				if !errors.As(err, &he) || he.StatusCode != tt.status || int64(len(he.Body)) > MaxErrorBody {
					t.Fatalf("err = %v, want the registry's status with a capped body", err)
				}
			}
			// Reading stops at the cap: allocations (counted cumulatively, so
			// the buffer's doublings add up) stay within a few
			// times it, never the gigabyte on offer.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(8*tt.limit+(16<<20)) {
				t.Errorf("allocated %d MiB for a %s cap", grew>>20, formatBytes(tt.limit))
			}
		})
	}
}
