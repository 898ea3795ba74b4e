// Package staging talks to the registry's staged-publishing endpoints
// (protocol-writes-npm11 §1): listing, viewing, downloading, approving and
// rejecting staged versions, and the review of what an approval publishes.
// Every request goes through the one registry client, so approve and
// reject answer OTP challenges with the one two-factor layer.
package staging

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
)

// PerPage is the page size npm asks for when listing.
const PerPage = 100

// corgiAccept asks for the abbreviated packument, as npm's installer does.
const corgiAccept = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ValidID reports whether id has the form of a stage id (a UUID); npm
// refuses anything else before sending a request.
func ValidID(id string) bool { return uuidPattern.MatchString(id) }

// Client makes the staging calls on one registry.
type Client struct {
	HTTP     *registry.Client
	Registry string // base URL; "" for the client's default
}

func (c *Client) req(method, path string) *registry.Request {
	return &registry.Request{Method: method, Path: path, Registry: c.Registry}
}

// List returns every staged version the user may see, optionally of one
// package, following the pages as npm does: until the items reach the
// total, or a page comes back short.
func (c *Client) List(ctx context.Context, pkg string) ([]*jsonobject.Object, error) {
	var items []*jsonobject.Object
	for page := 0; ; page++ {
		r := c.req(http.MethodGet, "-/stage")
		r.Query = url.Values{"page": {strconv.Itoa(page)}, "perPage": {strconv.Itoa(PerPage)}}
		if pkg != "" {
			r.Query.Set("package", pkg)
		}
		resp, err := c.HTTP.Do(ctx, r)
		if err != nil {
			return nil, err
		}
		var body struct {
			Items []json.RawMessage `json:"items"`
			Total int               `json:"total"`
		}
		if err := resp.Decode(&body); err != nil {
			return nil, err
		}
		for _, raw := range body.Items {
			o, err := jsonobject.Parse(raw)
			if err != nil {
				return nil, registry.BadReply(resp.URL, resp.Body, fmt.Errorf("a staged item is not an object: %w", err))
			}
			items = append(items, o)
		}
		if len(items) >= body.Total || len(body.Items) < PerPage {
			return items, nil
		}
	}
}

// View returns one staged version's record.
func (c *Client) View(ctx context.Context, id string) (*jsonobject.Object, error) {
	resp, err := c.HTTP.Do(ctx, c.req(http.MethodGet, "-/stage/"+url.PathEscape(id)))
	if err != nil {
		return nil, err
	}
	if resp.Cut != nil {
		return nil, resp.Cut
	}
	o, err := jsonobject.Parse(resp.Body)
	if err != nil {
		return nil, registry.BadReply(resp.URL, resp.Body, err)
	}
	return o, nil
}

// Download returns the staged tarball's bytes.
func (c *Client) Download(ctx context.Context, id string) ([]byte, error) {
	resp, err := c.HTTP.Do(ctx, c.req(http.MethodGet, "-/stage/"+url.PathEscape(id)+"/tarball"))
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Approve publishes a staged version with the tag it was staged with.
// It is 2FA-gated: the client answers the challenge.
//
// The record is read first, so that an approval whose answer is lost (no
// reply, or a server error after the registry acted) can be settled by
// reading the registry, as a publish is: when the record is gone and its
// version is on the registry with the staged shasum, it went through. The
// client never repeats a POST by itself.
func (c *Client) Approve(ctx context.Context, id string) error {
	rec, err := c.View(ctx, id)
	if err != nil {
		return err
	}
	_, err = c.HTTP.Do(ctx, c.req(http.MethodPost, "-/stage/"+url.PathEscape(id)+"/approve"))
	if err == nil {
		// npm requires a JSON answer and discards it; the status already
		// says the registry published, so a cut-off body changes nothing.
		return nil
	}
	if answerLost(err) && c.approvedAnyway(ctx, id, Item{rec}) {
		return nil
	}
	return err
}

// answerLost tells errors after which the registry may have acted anyway.
func answerLost(err error) bool {
	var netErr *registry.NetworkError
	var he *registry.HTTPError
	return errors.As(err, &netErr) || (errors.As(err, &he) && he.StatusCode >= 500)
}

// approvedAnyway reports whether the record is gone and its version
// published with the staged tarball.
func (c *Client) approvedAnyway(ctx context.Context, id string, rec Item) bool {
	if _, err := c.View(ctx, id); !registry.IsNotFound(err) {
		return false
	}
	versions, err := c.publishedShasums(ctx, rec.Package())
	if err != nil {
		return false
	}
	shasum, ok := versions[rec.Version()]
	return ok && (rec.String("shasum") == "" || strings.EqualFold(shasum, rec.String("shasum")))
}

// Reject deletes a staged version and its tarball for good (2FA-gated).
// The record is read first, so that a rejection whose answer is lost (or
// whose retry meets a 404 because the first attempt worked) is settled by
// reading the registry: the record gone and its version not published
// means it went through.
func (c *Client) Reject(ctx context.Context, id string) error {
	rec, err := c.View(ctx, id)
	if err != nil {
		return err
	}
	_, err = c.HTTP.Do(ctx, c.req(http.MethodDelete, "-/stage/"+url.PathEscape(id)))
	if err == nil {
		return nil
	}
	if (answerLost(err) || registry.IsNotFound(err)) && c.rejectedAnyway(ctx, id, Item{rec}) {
		return nil
	}
	return err
}

// rejectedAnyway reports whether the record is gone without its version
// having been published.
func (c *Client) rejectedAnyway(ctx context.Context, id string, rec Item) bool {
	if _, err := c.View(ctx, id); !registry.IsNotFound(err) {
		return false
	}
	versions, err := c.publishedShasums(ctx, rec.Package())
	if err != nil {
		return false
	}
	_, published := versions[rec.Version()]
	return !published
}

// publishedShasums maps the published versions of name to their shasums
// (none for a package that does not exist).
func (c *Client) publishedShasums(ctx context.Context, name string) (map[string]string, error) {
	r := c.req(http.MethodGet, registry.EscapeName(name))
	r.Header = http.Header{"Accept": {corgiAccept}}
	var doc struct {
		Versions map[string]struct {
			Dist struct {
				Shasum string `json:"shasum"`
			} `json:"dist"`
		} `json:"versions"`
	}
	if err := c.HTTP.DoJSON(ctx, r, &doc); err != nil {
		if registry.IsNotFound(err) {
			return map[string]string{}, nil
		}
		return nil, err
	}
	out := map[string]string{}
	for v, d := range doc.Versions {
		out[v] = d.Dist.Shasum
	}
	return out, nil
}
