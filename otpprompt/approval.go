package otpprompt

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/internal/browser"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/termsafe"
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
}

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
	fmt.Fprintln(w, waiting)
	return poll(ctx)
}
