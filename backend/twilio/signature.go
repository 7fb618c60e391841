package twilio

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/twilio/twilio-go/client"
)

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
