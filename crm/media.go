package crm

import (
	"fmt"
	"mime"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Bounds on the attachments an inbound message may carry. Twilio sends at
// most 10 per MMS; its media URLs are about 150 bytes and its content types
// short registered MIME types, so these limits refuse nothing genuine.
const (
	MaxMedia            = 10
	MaxMediaURLLen      = 2048
	MaxMediaContentType = 127
)

// MediaError is ValidateMedia's refusal: Path is the field at fault,
// relative to the list ("media", "media[2].url", "media[0].content_type"),
// Reason what is wrong with it.
type MediaError struct {
	Path   string
	Reason string
}

func (e *MediaError) Error() string { return e.Path + ": " + e.Reason }

// ValidateMedia checks attachments that came from outside (a provider's
// webhook, a dataset file) before they are stored. The URL is text to show
// and copy, never fetched by smsdesk: it must be absolute https, or http to a
// loopback host (the simulator and the fake Twilio serve media over plain
// HTTP on 127.0.0.1), with no user info; the content type must parse as a
// MIME type "type/subtype". A refusal is a *MediaError.
func ValidateMedia(media []Media) error {
	if len(media) > MaxMedia {
		return &MediaError{Path: "media", Reason: fmt.Sprintf("%d attachments; at most %d are allowed", len(media), MaxMedia)}
	}
	for i, m := range media {
		if err := validateMediaURL(m.URL); err != nil {
			return &MediaError{Path: fmt.Sprintf("media[%d].url", i), Reason: err.Error()}
		}
		if err := validateContentType(m.ContentType); err != nil {
			return &MediaError{Path: fmt.Sprintf("media[%d].content_type", i), Reason: err.Error()}
		}
	}
	return nil
}

func validateMediaURL(raw string) error {
	switch {
	case raw == "":
		return fmt.Errorf("required")
	case len(raw) > MaxMediaURLLen:
		return fmt.Errorf("%d bytes; at most %d", len(raw), MaxMediaURLLen)
	case !utf8.ValidString(raw) || strings.ContainsFunc(raw, isControlOrSpace):
		return fmt.Errorf("holds spaces, control characters or invalid UTF-8")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	if u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%q is not an absolute URL", raw)
	}
	if u.User != nil {
		return fmt.Errorf("must not carry user info")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("http is allowed only to a loopback host; use https")
	}
	return fmt.Errorf("scheme %q: must be https", u.Scheme)
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func isControlOrSpace(r rune) bool {
	return r <= ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
}

func validateContentType(ct string) error {
	if ct == "" {
		return fmt.Errorf("required (a MIME type such as image/jpeg)")
	}
	if len(ct) > MaxMediaContentType {
		return fmt.Errorf("%d bytes; at most %d", len(ct), MaxMediaContentType)
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("%q is not a MIME type: %w", ct, err)
	}
	if typ, sub, ok := strings.Cut(mt, "/"); !ok || typ == "" || sub == "" || typ == "*" || sub == "*" {
		return fmt.Errorf("%q is not a MIME type (want type/subtype)", ct)
	}
	return nil
}
