package kefu

import (
	"errors"
	"net/url"
)

// secretParams are the query parameters whose values never leave the client.
var secretParams = []string{"access_token", "appsecret"}

// redactURL replaces the values of secret query parameters with REDACTED.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	q := u.Query()
	changed := false
	for _, p := range secretParams {
		if q.Has(p) {
			q.Set(p, "REDACTED")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactError returns err with the URL of a *url.Error redacted, so that a
// transport error never carries the access token or the app secret.
func redactError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
	}
	return err
}
