package httpx

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrCrossOriginRedirect is the cause of a refused redirect: the request
// carries a credential (in its body, query or a header) and the redirect
// leads to another origin.
var ErrCrossOriginRedirect = errors.New("redirect to another origin refused: the request carries a credential")

// maxRedirects is how many same-origin redirects a request follows, as
// net/http's default.
const maxRedirects = 10

// SameOriginRedirects is a CheckRedirect for clients whose requests carry
// credentials (the app secret, an access token, the Stream client secret or
// ticket): it follows a redirect only to the same scheme, host and port as
// the first request, so no credential is sent anywhere else. Its error
// (matching ErrCrossOriginRedirect) names the refused origin, never the
// URL's query.
func SameOriginRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return fmt.Errorf("%w (from %s://%s to %s://%s)", ErrCrossOriginRedirect,
			first.Scheme, first.Host, req.URL.Scheme, req.URL.Host)
	}
	return nil
}

// WithSameOriginRedirects returns a copy of hc (a new client when hc is
// nil) whose redirects follow SameOriginRedirects. hc itself is not changed.
func WithSameOriginRedirects(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	}
	c.CheckRedirect = SameOriginRedirects
	return &c
}
