package twilio

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"time"
)

// errNotForm marks a body that is not form-encoded: Twilio never sends one.
var errNotForm = errors.New("webhook body must be application/x-www-form-urlencoded")

// errBodyTimeout marks a body that did not arrive within BodyTimeout.
var errBodyTimeout = errors.New("request body not received in time")

// preGrowLimit caps the buffer reserved from a request's Content-Length
// before any of it has arrived: a client declaring MaxBody and sending one
// byte must not make every one of its connections cost MaxBody. Genuine
// webhooks are well under it, so they still read into one allocation.
const preGrowLimit = 4 << 10

// readForm reads the form-encoded body, at most MaxBody bytes, within
// BodyTimeout. It is r.ParseForm without the merged copy into r.Form,
// which a webhook never uses: this runs for every message, and at
// thousands a second the allocations show.
func (h *webhook) readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	const formType = "application/x-www-form-urlencoded"
	if ct := r.Header.Get("Content-Type"); ct != formType { // the exact header is what Twilio sends
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != formType {
			return nil, fmt.Errorf("content type %q: %w", ct, errNotForm)
		}
	}
	body, err := h.readBody(w, r)
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("parse form: %w", err)
	}
	return form, nil
}

// deadline starts every request's BodyTimeout before anything else, so it
// also bounds the body a refused request leaves unread (net/http reads it
// off the connection after the handler to reuse the connection). Without
// it, a client announcing a Content-Length and trickling a byte every few
// seconds holds its connection and goroutine for as long as it likes.
// Once the body has been read to its end, net/http clears the deadline
// itself (it starts its background read of the connection then), so the
// work that follows, a store commit, is not bounded by it:
// TestBodyTimeoutDoesNotCutTheWorkAfterTheBody holds it to that.
func (h *webhook) deadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ErrNotSupported (a ResponseWriter that is not a connection's, as
		// in a unit test with a recorder) leaves the body unbounded in time.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(h.cfg.BodyTimeout))
		next.ServeHTTP(w, r)
	})
}

// readBody reads the whole body, at most MaxBody bytes, under the deadline
// set by deadline.
func (h *webhook) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	var buf bytes.Buffer
	if r.ContentLength > 0 && r.ContentLength <= h.cfg.MaxBody {
		buf.Grow(int(min(r.ContentLength, preGrowLimit)))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return nil, fmt.Errorf("read body: %w after %s (%w)", errBodyTimeout, h.cfg.BodyTimeout, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return buf.Bytes(), nil
}
