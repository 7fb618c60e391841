package twilio_test

import (
	"context"
	"net/http"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
)

// With MaxInFlight requests held inside the receiver, the next one is shed
// with 503 and Retry-After instead of queueing; once they finish, requests
// are served again.
func TestLoadSheddingAnswers503WithRetryAfter(t *testing.T) {
	const limit = 2
	rec := &recorder{entered: make(chan struct{}), gate: make(chan struct{})}
	h := newHarness(t, twilio.WebhookConfig{Receiver: rec, MaxInFlight: limit})

	type result struct {
		resp twiliotest.Response
		err  error
	}
	done := make(chan result, limit)
	for i := range limit {
		go func() {
			p := inbound(twiliotest.InboundSID(uint64(200+i)), "held")
			r, err := h.poster.Post(context.Background(), h.public+twilio.InboundPath, h.srv.URL+twilio.InboundPath, p)
			done <- result{r, err}
		}()
	}
	for range limit {
		<-rec.entered // both requests are inside the receiver
	}

	r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(299), "shed"))
	if r.Status != http.StatusServiceUnavailable {
		t.Errorf("over the limit: %d, want 503", r.Status)
	}
	if ra := r.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After %q, want \"1\"", ra)
	}

	close(rec.gate)
	for range limit {
		res := <-done
		if res.err != nil || res.resp.Status != http.StatusOK {
			t.Errorf("held request: %v, %d", res.err, res.resp.Status)
		}
	}
	// Slots are released: a new request is served (the closed gate lets it
	// through; entered must still be drained).
	go func() { <-rec.entered }()
	if r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(300), "after")); r.Status != http.StatusOK {
		t.Errorf("after the burst: %d, want 200", r.Status)
	}
	if n := len(rec.inbound()); n != limit+1 {
		t.Errorf("receiver stored %d, want %d (the shed one must not be passed on)", n, limit+1)
	}
}
