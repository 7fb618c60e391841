package twilio

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"smsdesk/crm"
)

// Paths Twilio is configured with, relative to the public URL: the number's
// "A message comes in" webhook and the StatusCallback of every send.
const (
	InboundPath = "/webhooks/twilio/sms"
	StatusPath  = "/webhooks/twilio/status"
)

// Defaults for WebhookConfig's zero values.
const (
	// DefaultMaxBody fits the largest genuine webhook with room to spare: a
	// 1,600-character Body of 4-byte runes percent-encoded is about 19 KiB,
	// plus ten media URLs and Twilio's geographic parameters.
	DefaultMaxBody = 64 << 10
	// DefaultMaxInFlight bounds concurrent webhook requests. Twilio gives up
	// after 15 s anyway, so queueing more work than the store can commit in
	// that time only turns overload into timeouts for everyone. By default
	// Twilio does not retry a 503 (nor a 500), so a shed message is only
	// redelivered when the number's webhook URL asks for retries with
	// Twilio's connection overrides (a URL fragment such as #rc=3&rp=5xx)
	// or has a fallback URL; the limit is set high enough that only a real
	// overload reaches it.
	DefaultMaxInFlight = 512
	// DefaultRetryAfter is the Retry-After sent with a shed request.
	DefaultRetryAfter = time.Second
	// DefaultBodyTimeout bounds the time a webhook's body may take to
	// arrive once its headers are read. Twilio sends the whole request at
	// once (a few KiB at most); only a slow or hostile client needs longer.
	DefaultBodyTimeout = 10 * time.Second
)

// twimlEmpty is the answer Twilio expects: an empty body is error 11200.
const twimlEmpty = "<Response></Response>"

// WebhookConfig configures NewWebhookHandler.
type WebhookConfig struct {
	// AuthToken returns the account's current auth token. It is called for
	// every request so that a rotated token takes effect without a restart.
	// An empty token refuses every request: an HMAC keyed with "" proves
	// nothing.
	AuthToken func() string
	// PublicURL is the scheme://host[:port][/prefix] Twilio is configured
	// with, without a trailing slash. Twilio signs the URL it called, which
	// behind a proxy or tunnel is not the address this server listens on, so
	// the signed URL is PublicURL + the request's path and query. Empty means
	// "trust the request": scheme from TLS, host from the Host header.
	PublicURL string
	// Receiver takes inbound messages and status reports; a nil error means
	// they are durably committed.
	Receiver crm.Receiver
	Logger   *slog.Logger
	// MaxBody limits a request body; larger ones get 413. Default DefaultMaxBody.
	MaxBody int64
	// MaxInFlight is how many authenticated requests may be in the
	// Receiver at once; more get 503 with Retry-After. A request takes its
	// slot only once its body is read and its signature checked, so slow or
	// unsigned requests cannot use the slots up. Default DefaultMaxInFlight.
	MaxInFlight int
	// BodyTimeout bounds reading a request's body (from the moment the
	// handler starts); a body not complete by then gets 408 and the
	// connection is closed. Default DefaultBodyTimeout.
	BodyTimeout time.Duration
	// RetryAfter is advertised on shed requests. Default DefaultRetryAfter.
	RetryAfter time.Duration
}

// webhook holds a WebhookConfig with its defaults applied.
type webhook struct {
	cfg        WebhookConfig
	log        *slog.Logger
	slots      chan struct{} // one token per request in flight
	retryAfter string
}

// NewWebhookHandler serves POST InboundPath and POST StatusPath. Mount it on
// the backend's mux for both paths (or for "/webhooks/twilio/").
func NewWebhookHandler(cfg WebhookConfig) http.Handler {
	if cfg.Receiver == nil {
		panic("twilio: NewWebhookHandler needs a Receiver") // a wiring bug, not a runtime condition
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = DefaultRetryAfter
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = DefaultBodyTimeout
	}
	if cfg.AuthToken == nil {
		cfg.AuthToken = func() string { return "" }
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &webhook{
		cfg:   cfg,
		log:   log.With("component", "twilio-webhook"),
		slots: make(chan struct{}, cfg.MaxInFlight),
		// Retry-After is whole seconds; round up so it is never 0.
		retryAfter: strconv.Itoa(int((cfg.RetryAfter + time.Second - 1) / time.Second)),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+InboundPath, h.inbound)
	mux.HandleFunc("POST "+StatusPath, h.status)
	return h.deadline(mux)
}

// acquire takes a slot for an authenticated request's work, or answers 503
// at once when MaxInFlight requests are already in the Receiver, instead of
// letting goroutines pile up behind the store. It is called only after the
// body is read and the signature checked: a slot held while a client
// trickles its body would let anyone shut out every genuine webhook
// (issue 13). release must be called when ok.
func (h *webhook) acquire(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots }, true
	default:
		h.log.Warn("webhook shed: too many requests in flight",
			"path", r.URL.Path, "limit", cap(h.slots))
		w.Header().Set("Retry-After", h.retryAfter)
		http.Error(w, "server busy, retry later", http.StatusServiceUnavailable)
		return nil, false
	}
}

func (h *webhook) inbound(w http.ResponseWriter, r *http.Request) {
	form, ok := h.authenticate(w, r)
	if !ok {
		return
	}
	m, err := ParseInbound(form)
	if err != nil {
		h.log.Warn("inbound webhook rejected", "err", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	release, ok := h.acquire(w, r)
	if !ok {
		return
	}
	defer release()
	if err := h.cfg.Receiver.ReceiveSMS(r.Context(), m); err != nil {
		if isPermanent(err) {
			// A number that is not ours, say: no redelivery can succeed, so
			// it is the request that is wrong (4xx), not this server (5xx).
			h.log.Warn("inbound message refused", "message_sid", m.ProviderID,
				"from", m.From, "to", m.To, "err", err)
			http.Error(w, "message refused: "+err.Error(), http.StatusUnprocessableEntity)
			return
		}
		// Twilio does not retry a 500 (only connection failures), so the
		// log line is what an operator has to go on.
		h.log.Error("inbound message not stored", "message_sid", m.ProviderID,
			"idempotency_token", r.Header.Get("I-Twilio-Idempotency-Token"), "err", err)
		http.Error(w, "message not stored", http.StatusInternalServerError)
		return
	}
	writeTwiML(w)
}

func (h *webhook) status(w http.ResponseWriter, r *http.Request) {
	form, ok := h.authenticate(w, r)
	if !ok {
		return
	}
	rep, known, err := ParseStatus(form)
	if err != nil {
		h.log.Warn("status callback rejected", "err", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !known {
		// A status Twilio added after this was written. Refusing it would
		// only fill Twilio's debugger; the next known status will follow.
		h.log.Warn("status callback with unknown MessageStatus ignored",
			"message_sid", rep.ProviderID, "status", form.Get("MessageStatus"))
		writeTwiML(w)
		return
	}
	release, ok := h.acquire(w, r)
	if !ok {
		return
	}
	defer release()
	if err := h.cfg.Receiver.ReceiveStatus(r.Context(), rep); err != nil {
		h.log.Error("status report not stored", "message_sid", rep.ProviderID,
			"status", rep.Status, "err", err)
		http.Error(w, "status not stored", http.StatusInternalServerError)
		return
	}
	writeTwiML(w)
}

// isPermanent reports whether a Receiver's error says that retrying the
// same webhook cannot succeed. The backend marks such errors with a
// Permanent() method, so this package needs no import of it.
func isPermanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

func writeTwiML(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(twimlEmpty))
}

// formError tells a body over MaxBody (413), one that is not a form (415)
// and one that did not arrive in time (408) from a malformed one (400).
func formError(err error) (int, string) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooBig.Limit)
	case errors.Is(err, errBodyTimeout):
		return http.StatusRequestTimeout, errBodyTimeout.Error()
	case errors.Is(err, errNotForm):
		return http.StatusUnsupportedMediaType, errNotForm.Error()
	}
	return http.StatusBadRequest, "malformed form body"
}
