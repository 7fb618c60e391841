package twilio

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/twilio/twilio-go/client"
)

// errNotForm marks a body that is not form-encoded: Twilio never sends one.
var errNotForm = errors.New("webhook body must be application/x-www-form-urlencoded")

// SignatureHeader carries base64(HMAC-SHA1(token, URL + sorted params)).
const SignatureHeader = "X-Twilio-Signature"

// authenticate checks that a signature is there, reads the form (bounded by
// MaxBody) and checks the signature over it. On failure it has already
// answered and returns ok false; nothing must be passed on.
func (h *webhook) authenticate(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	sig := r.Header.Get(SignatureHeader)
	if sig == "" {
		h.log.Warn("webhook without signature refused", "path", r.URL.Path, "remote", r.RemoteAddr)
		http.Error(w, "missing "+SignatureHeader, http.StatusForbidden)
		return nil, false
	}
	token := h.cfg.AuthToken()
	if token == "" {
		h.log.Error("webhook refused: no Twilio auth token configured", "path", r.URL.Path)
		http.Error(w, "webhook not configured", http.StatusForbidden)
		return nil, false
	}
	form, err := h.readForm(w, r)
	if err != nil {
		code, msg := formError(err)
		h.log.Warn("webhook body refused", "path", r.URL.Path, "status", code, "err", err)
		http.Error(w, msg, code)
		return nil, false
	}
	// Twilio signs POST parameters only; the query string is part of the URL.
	params := make(map[string]string, len(form))
	for k, v := range form {
		params[k] = v[0]
	}
	signed := h.signedURL(r)
	v := client.NewRequestValidator(token)
	if !v.Validate(signed, params, sig) {
		h.log.Warn("webhook with bad signature refused", "path", r.URL.Path,
			"signed_url", signed, "remote", r.RemoteAddr)
		http.Error(w, "invalid "+SignatureHeader, http.StatusForbidden)
		return nil, false
	}
	return form, true
}

// readForm reads the form-encoded body, at most MaxBody bytes. It is
// r.ParseForm without the merged copy into r.Form, which a webhook never
// uses: this runs for every message, and at thousands a second the
// allocations show.
func (h *webhook) readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	const formType = "application/x-www-form-urlencoded"
	if ct := r.Header.Get("Content-Type"); ct != formType { // the exact header is what Twilio sends
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != formType {
			return nil, fmt.Errorf("content type %q: %w", ct, errNotForm)
		}
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 && r.ContentLength <= h.cfg.MaxBody {
		buf.Grow(int(r.ContentLength))
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody)); err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	form, err := url.ParseQuery(buf.String())
	if err != nil {
		return nil, fmt.Errorf("parse form: %w", err)
	}
	return form, nil
}

// signedURL is the URL Twilio called: the public URL plus path and query.
func (h *webhook) signedURL(r *http.Request) string {
	base := strings.TrimSuffix(h.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	u := base + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	return u
}
