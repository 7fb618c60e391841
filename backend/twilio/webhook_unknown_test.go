package twilio_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
)

// lockedBuffer is a log destination safe to read while the handler writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// An inbound message to a number the organisation does not have can never
// be stored, so redelivering it is pointless: the real backend's
// ErrUnknownNumber is answered 422 (not 500), logged, and nothing is stored.
func TestInboundToUnknownNumberIs4xx(t *testing.T) {
	e := startE2E(t)
	var logs lockedBuffer
	hooks := twilio.NewWebhookHandler(twilio.WebhookConfig{
		AuthToken: func() string { return token }, PublicURL: e2ePublic, Receiver: e.svc,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	// The real backend behind a handler whose log the test reads.
	srv := httptest.NewServer(hooks)
	defer srv.Close()
	before := e.svc.LastSeq()
	const unknown = "+14155550999"
	resp, err := e.poster.Post(context.Background(), e2ePublic+twilio.InboundPath, srv.URL+twilio.InboundPath,
		twiliotest.InboundParams(account, twiliotest.InboundSID(90), cust, unknown, "Anyone there?"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d %q, want 422", resp.Status, resp.Body)
	}
	if got := e.svc.LastSeq(); got != before {
		t.Fatalf("something was stored: seq %d -> %d", before, got)
	}
	if l := logs.String(); !strings.Contains(l, "inbound message refused") || !strings.Contains(l, unknown) {
		t.Fatalf("log does not name the refusal and the number: %s", l)
	}
	// The same for an invalid customer number.
	resp, err = e.poster.Post(context.Background(), e2ePublic+twilio.InboundPath, srv.URL+twilio.InboundPath,
		twiliotest.InboundParams(account, twiliotest.InboundSID(91), "+1555", biz, "bad from"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status/100 != 4 {
		t.Fatalf("invalid From: status %d %q, want 4xx", resp.Status, resp.Body)
	}
}
