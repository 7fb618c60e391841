package twilio_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

// A send through the client, then the fake's signed status callbacks to the
// StatusCallback URL the client gave (public URL with ?mid=), relayed to the
// handler on loopback as a tunnel would.
func TestSendThenStatusCallbacksReachTheHandler(t *testing.T) {
	const public = "https://crm.example.com"
	h := newHarness(t, twilio.WebhookConfig{PublicURL: public})
	fake := newFake(t, twiliotest.Config{
		AuthToken:      token,
		CallbackTarget: func(u string) string { return h.srv.URL + strings.TrimPrefix(u, public) },
	})
	c := twilio.NewClient(twilio.ClientConfig{BaseURL: fake.URL, AccountSID: fake.AccountSID(),
		AuthToken: fake.AuthToken, StatusCallback: public + twilio.StatusPath})
	ctx := context.Background()
	res, err := c.Send(ctx, crm.OutboundSMS{MessageID: "cmd_rt", From: biz, To: cust, Body: "Thanks!"})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{"sent", "undelivered"} {
		code := ""
		if st == "undelivered" {
			code = "30003"
		}
		r, err := fake.SendStatus(ctx, res.ProviderID, st, code)
		if err != nil || r.Status != http.StatusOK {
			t.Fatalf("callback %s: %v %d %q", st, err, r.Status, r.Body)
		}
	}
	want := []crm.StatusReport{
		{ProviderID: res.ProviderID, Status: crm.StatusSent},
		{ProviderID: res.ProviderID, Status: crm.StatusUndelivered, ErrorCode: "30003"},
	}
	got := h.rec.statuses()
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("reports = %+v, want %+v", got, want)
	}
	if r := crm.ReasonForTwilioCode(got[1].ErrorCode); r != crm.ReasonUnreachable {
		t.Errorf("30003 reason %q", r)
	}

	// And an inbound reply through the same fake.
	resp, err := fake.PostInbound(ctx, public+twilio.InboundPath, h.srv.URL+twilio.InboundPath,
		twiliotest.InboundSID(1), cust, biz, "Got it")
	if err != nil || resp.Status != http.StatusOK {
		t.Fatalf("inbound: %v %d", err, resp.Status)
	}
	if in := h.rec.inbound(); len(in) != 1 || in[0].Body != "Got it" {
		t.Errorf("inbound = %+v", in)
	}
}
