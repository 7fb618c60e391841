package twilio_test

import (
	"net/http"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

// Every MessageStatus Twilio documents, posted as a real signed callback.
func TestStatusCallbacksMapEveryTwilioStatus(t *testing.T) {
	cases := []struct {
		twilio string
		want   crm.DeliveryStatus
		code   string
	}{
		{"queued", crm.StatusQueued, ""},
		{"accepted", crm.StatusQueued, ""},
		{"scheduled", crm.StatusQueued, ""},
		{"sending", crm.StatusSending, ""},
		{"sent", crm.StatusSent, ""},
		{"delivered", crm.StatusDelivered, ""},
		{"partially_delivered", crm.StatusDelivered, "30008"},
		{"undelivered", crm.StatusUndelivered, "30003"},
		{"failed", crm.StatusFailed, "30007"},
		{"canceled", crm.StatusFailed, ""},
		{"receiving", crm.StatusReceived, ""},
		{"received", crm.StatusReceived, ""},
		{"read", crm.StatusRead, ""},
	}
	h := newHarness(t, twilio.WebhookConfig{})
	for i, tc := range cases {
		t.Run(tc.twilio, func(t *testing.T) {
			sid := twiliotest.InboundSID(uint64(100 + i))
			r := h.post(t, twilio.StatusPath, twiliotest.StatusParams(account, sid, biz, cust, tc.twilio, tc.code))
			if r.Status != http.StatusOK || r.Body != "<Response></Response>" {
				t.Fatalf("answer %d %q", r.Status, r.Body)
			}
			got := h.rec.statuses()
			last := got[len(got)-1]
			want := crm.StatusReport{ProviderID: sid, Status: tc.want, ErrorCode: tc.code}
			if last != want {
				t.Errorf("report = %+v, want %+v", last, want)
			}
		})
	}
}

func TestUnknownStatusIsAcknowledgedButNotPassedOn(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	r := h.post(t, twilio.StatusPath, twiliotest.StatusParams(account, "SM5e9", biz, cust, "teleported", ""))
	if r.Status != http.StatusOK {
		t.Errorf("status %d, want 200", r.Status)
	}
	if n := len(h.rec.statuses()); n != 0 {
		t.Errorf("receiver got %d reports for an unknown status", n)
	}
}

func TestMapStatusRejectsUnknown(t *testing.T) {
	if _, ok := twilio.MapStatus("teleported"); ok {
		t.Error("unknown status mapped")
	}
	if _, ok := twilio.MapStatus(""); ok {
		t.Error("empty status mapped")
	}
}
