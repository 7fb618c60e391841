package twilio_test

import (
	"net/url"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/crm"
)

func TestParseInboundMediaBeyondNumMediaStaysInExtra(t *testing.T) {
	form := url.Values{
		"MessageSid": {"SM1"}, "From": {cust}, "To": {biz}, "Body": {""},
		"NumMedia": {"1"}, "MediaUrl0": {"https://m/0"}, "MediaContentType0": {"image/png"},
		"MediaUrl1": {"https://m/1"}, "NumSegments": {"x"},
	}
	m, err := twilio.ParseInbound(form)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Media) != 1 || m.Media[0] != (crm.Media{URL: "https://m/0", ContentType: "image/png"}) {
		t.Errorf("Media = %+v", m.Media)
	}
	if m.Extra["MediaUrl1"] != "https://m/1" || len(m.Extra) != 1 {
		t.Errorf("Extra = %v, want only MediaUrl1", m.Extra)
	}
	if m.Segments != 0 {
		t.Errorf("malformed NumSegments read as %d", m.Segments)
	}
}

func TestParseStatusFallsBackToSmsStatus(t *testing.T) {
	rep, known, err := twilio.ParseStatus(url.Values{"MessageSid": {"SM1"}, "SmsStatus": {"sent"}})
	if err != nil || !known || rep != (crm.StatusReport{ProviderID: "SM1", Status: crm.StatusSent}) {
		t.Errorf("got %+v known=%v err=%v", rep, known, err)
	}
}
