package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/kefu-go/kefu/internal/redact"
)

// CheckBaseURL checks the argument of a WithBaseURL option of package pkg:
// an absolute http or https URL. The error shows it redacted.
func CheckBaseURL(pkg, base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: WithBaseURL(%q): not an absolute http or https URL", pkg, redact.URL(base))
	}
	return nil
}

// CheckHTTPClient checks the argument of a WithHTTPClient option of
// package pkg: not nil.
func CheckHTTPClient(pkg string, hc *http.Client) error {
	if hc == nil {
		return errors.New(pkg + ": WithHTTPClient(nil)")
	}
	return nil
}
