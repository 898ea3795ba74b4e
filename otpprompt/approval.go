package otpprompt

import (
	"context"
	"fmt"
	"time"

	"github.com/gonpm/gonpm/internal/browser"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/schollz/progressbar/v3"
)

// Approval is the one browser-approval flow, for web login and for web
// one-time-password challenges alike: it shows a page's link (and a QR code
// for a phone on a terminal), opens the browser when allowed, and waits for
// the registry to report the approval.
type Approval struct {
	IO *iostreams.IOStreams
	// Browser opens the page; nil or OpenBrowser=false only prints it.
	Browser     browser.Browser
	OpenBrowser bool
	// StillWaitingEvery is how often a log without a terminal is told the
	// wait goes on; 0 means every 30 seconds.
	StillWaitingEvery time.Duration
}

// defaultStillWaitingEvery keeps a CI log showing a wait is alive without
// flooding it.
const defaultStillWaitingEvery = 30 * time.Second

// Wait shows intro and link, then waiting, and returns what poll returns
// once the person has approved (a token). link must already be checked
// to be an http(s) URL and stripped of user info.
func (a Approval) Wait(ctx context.Context, intro, link, waiting string, poll func(context.Context) (string, error)) (string, error) {
	w := a.IO.ErrOut
	fmt.Fprintln(w, intro)
	// The link comes from the registry: show it, never let it act.
	fmt.Fprintf(w, "  %s\n", termsafe.Line(link))
	if a.IO.IsStderrTTY() {
		fmt.Fprintln(w, "or scan this code with your phone:")
		WriteQR(w, link)
	}
	if a.OpenBrowser && a.Browser != nil && a.IO.CanPrompt() {
		if err := a.Browser.Browse(link); err != nil {
			fmt.Fprintf(w, "Could not open a browser (%v); open the link above yourself.\n", err)
		}
	}
	stop := a.showWaiting(waiting)
	defer stop()
	return poll(ctx)
}

// showWaiting tells the person the wait goes on and for how long: on a
// terminal a spinner line with the time elapsed, redrawn in place by
// schollz/progressbar and cleared at the end; otherwise (a CI log) the
// waiting line, then a "still waiting" line now and then. It returns the
// function that ends the display.
func (a Approval) showWaiting(waiting string) (stop func()) {
	w := a.IO.ErrOut
	if a.IO.IsStderrTTY() {
		spinner := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(waiting),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetSpinnerChangeInterval(200*time.Millisecond),
			progressbar.OptionUseANSICodes(true),
			progressbar.OptionClearOnFinish(),
		)
		_ = spinner.RenderBlank()
		return func() {
			_ = spinner.Finish()
			_ = spinner.Clear()
		}
	}
	fmt.Fprintln(w, waiting)
	every := a.StillWaitingEvery
	if every <= 0 {
		every = defaultStillWaitingEvery
	}
	started := time.Now()
	ticker := time.NewTicker(every)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-done:
				return
			case now := <-ticker.C:
				fmt.Fprintf(w, "Still waiting for the approval in the browser (%s so far)...\n", now.Sub(started).Round(time.Second))
			}
		}
	}()
	return func() {
		ticker.Stop()
		close(done)
		<-finished
	}
}
