package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrWebTimeout is returned when a browser approval did not come in time.
var ErrWebTimeout = errors.New("the browser approval was not completed in time")

// webPollFloor keeps a registry that sends no Retry-After from being
// polled in a tight loop.
const webPollFloor = 500 * time.Millisecond

// pollWeb returns a function that waits for a web challenge to be
// approved: 202 means not yet (wait Retry-After), 200 carries {token}.
func (c *Client) pollWeb(doneURL string) func(context.Context) (string, error) {
	if doneURL == "" {
		return nil
	}
	return func(ctx context.Context) (string, error) {
		return c.PollDone(ctx, doneURL)
	}
}

// PollDone polls a doneUrl until it yields a token, for web logins and
// web one-time-password challenges.
func (c *Client) PollDone(ctx context.Context, doneURL string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.WebTimeout)
	defer cancel()
	for {
		resp, err := c.send(ctx, &Request{Method: http.MethodGet, Path: doneURL, NoOTP: true}, "")
		if err != nil {
			if ctx.Err() == context.DeadlineExceeded {
				return "", ErrWebTimeout
			}
			return "", err
		}
		switch resp.StatusCode {
		case http.StatusOK:
			var done struct {
				Token string `json:"token"`
			}
			if err := resp.Decode(&done); err != nil || done.Token == "" {
				return "", fmt.Errorf("invalid response from the registry's web approval endpoint (%s): no token", resp.URL)
			}
			c.opts.Logger.Secrets().Add(done.Token)
			return done.Token, nil
		case http.StatusAccepted:
			wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
			if !ok || wait < webPollFloor {
				wait = webPollFloor
			}
			if wait > maxRetryAfter {
				wait = maxRetryAfter
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				if ctx.Err() == context.DeadlineExceeded {
					return "", ErrWebTimeout
				}
				return "", ctx.Err()
			case <-t.C:
			}
		default:
			return "", fmt.Errorf("invalid response from the registry's web approval endpoint (%s): status %d", resp.URL, resp.StatusCode)
		}
	}
}
