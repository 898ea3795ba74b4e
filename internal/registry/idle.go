package registry

import (
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// idleConn cuts a connection off when nothing moves in either direction
// for idle: every byte read or written pushes the deadline of both
// directions forward, so a long upload or a long download is fine as long
// as it progresses, but a registry that stops reading an upload or stops
// sending a reply is cut off after idle. (A read and a write on the same
// connection run at once: the transport reads replies while it sends.)
type idleConn struct {
	net.Conn
	idle time.Duration
	mu   sync.Mutex
	last time.Time
	// expired is set once the idle deadline passed in either direction:
	// the other direction then fails too (often as "use of closed
	// network connection" once the transport closed the connection), and
	// both must say why.
	expired bool
}

// idleError is a connection cut off for making no progress.
type idleError struct {
	idle time.Duration
	err  error
}

func (e *idleError) Error() string {
	return "no progress for " + e.idle.String() + ": " + e.err.Error()
}
func (e *idleError) Unwrap() error   { return e.err }
func (e *idleError) Timeout() bool   { return true }
func (e *idleError) Temporary() bool { return true }

// explain turns an error after the idle deadline into an idleError.
func (c *idleConn) explain(err error) error {
	if err == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.expired = true
	}
	if c.expired {
		return &idleError{idle: c.idle, err: err}
	}
	return err
}

func newIdleConn(c net.Conn, idle time.Duration) *idleConn {
	ic := &idleConn{Conn: c, idle: idle}
	ic.extend(true)
	return ic
}

// extend moves the deadline to now+idle; to save system calls it does so
// only when a tenth of idle has passed since the last move, unless forced.
func (c *idleConn) extend(force bool) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !force && now.Sub(c.last) < c.idle/10 {
		return
	}
	c.last = now
	_ = c.Conn.SetDeadline(now.Add(c.idle))
}

func (c *idleConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.extend(false)
	}
	return n, c.explain(err)
}

func (c *idleConn) Write(p []byte) (int, error) {
	// Starting to write is progress on our side; a write that then blocks
	// because the peer stopped reading still times out after idle.
	c.extend(false)
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.extend(false)
	}
	return n, c.explain(err)
}

// The transport sets no deadlines of its own on a connection it dials
// (tls.Conn does, during its handshake, and clears them after); the idle
// deadline must survive that, so a cleared deadline means "now+idle".
func (c *idleConn) SetDeadline(t time.Time) error {
	if t.IsZero() {
		c.extend(true)
		return nil
	}
	return c.Conn.SetDeadline(t)
}

func (c *idleConn) SetReadDeadline(t time.Time) error {
	if t.IsZero() {
		c.extend(true)
		return nil
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *idleConn) SetWriteDeadline(t time.Time) error {
	if t.IsZero() {
		c.extend(true)
		return nil
	}
	return c.Conn.SetWriteDeadline(t)
}
