package twilio_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

const (
	token   = "secret-token-1"
	account = twiliotest.TestAccountSID
	biz     = "+14155550100"
	cust    = "+14155550123"
)

// harness runs the real handler on loopback.
type harness struct {
	srv    *httptest.Server
	rec    *recorder
	poster twiliotest.Poster
	public string // URL Twilio is configured with (the signature's URL)
}

func newHarness(t testing.TB, cfg twilio.WebhookConfig) *harness {
	t.Helper()
	h := &harness{rec: &recorder{}}
	if cfg.Receiver == nil {
		cfg.Receiver = h.rec
	} else if rec, ok := cfg.Receiver.(*recorder); ok {
		h.rec = rec
	}
	if cfg.AuthToken == nil {
		cfg.AuthToken = func() string { return token }
	}
	h.srv = httptest.NewServer(twilio.NewWebhookHandler(cfg))
	t.Cleanup(h.srv.Close)
	h.poster = twiliotest.Poster{AuthToken: token, HTTP: h.srv.Client()}
	h.public = strings.TrimSuffix(cfg.PublicURL, "/")
	if h.public == "" {
		h.public = h.srv.URL
	}
	return h
}

// post signs params over the public URL + path and posts to the loopback server.
func (h *harness) post(t *testing.T, path string, params url.Values) twiliotest.Response {
	t.Helper()
	resp, err := h.poster.Post(context.Background(), h.public+path, h.srv.URL+path, params)
	if err != nil {
		t.Fatalf("post %s: %v", path, err)
	}
	return resp
}

func inbound(sid, body string) url.Values {
	return twiliotest.InboundParams(account, sid, cust, biz, body)
}

func TestInboundSignedIsStoredAndAnsweredWithTwiML(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	resp := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(1), "Hi, is the quote ready?"))
	if resp.Status != http.StatusOK {
		t.Fatalf("status %d, body %q", resp.Status, resp.Body)
	}
	if resp.Body != "<Response></Response>" {
		t.Errorf("body %q, want empty TwiML", resp.Body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Errorf("Content-Type %q, want text/xml", ct)
	}
	got := h.rec.inbound()
	if len(got) != 1 {
		t.Fatalf("receiver got %d messages, want 1", len(got))
	}
	m := got[0]
	if m.ProviderID != twiliotest.InboundSID(1) || m.From != cust || m.To != biz ||
		m.Body != "Hi, is the quote ready?" || m.Segments != 1 || len(m.Media) != 0 {
		t.Errorf("inbound = %+v", m)
	}
	if m.Extra["AccountSid"] != account || m.Extra["FromCity"] != "SAN FRANCISCO" {
		t.Errorf("Extra lost Twilio's parameters: %v", m.Extra)
	}
	for _, k := range []string{"MessageSid", "From", "To", "Body", "NumSegments", "NumMedia"} {
		if _, ok := m.Extra[k]; ok {
			t.Errorf("Extra repeats mapped field %s", k)
		}
	}
}

func TestInboundBadSignaturesRefusedAndNothingPassedOn(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	params := inbound(twiliotest.InboundSID(2), "hello")
	target := h.srv.URL + twilio.InboundPath
	tampered := url.Values{}
	for k, v := range params {
		tampered[k] = v
	}
	tampered.Set("Body", "hello, tampered")
	cases := []struct {
		name   string
		params url.Values
		sig    string
	}{
		{"missing", params, ""},
		{"garbage", params, "bm90IGEgc2lnbmF0dXJl"},
		{"other token", params, twiliotest.Signature("other-token", h.public+twilio.InboundPath, params)},
		{"other path", params, twiliotest.Signature(token, h.public+twilio.StatusPath, params)},
		{"tampered body", tampered, twiliotest.Signature(token, h.public+twilio.InboundPath, params)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := h.poster.PostWithSignature(context.Background(), target, tc.params, tc.sig)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", resp.Status)
			}
		})
	}
	if n := len(h.rec.inbound()); n != 0 {
		t.Errorf("receiver got %d messages from refused requests", n)
	}
}

func TestSignatureIsOverThePublicURLNotTheLoopbackOne(t *testing.T) {
	const public = "https://crm.example.com:8443/smsdesk"
	h := newHarness(t, twilio.WebhookConfig{PublicURL: public + "/"})
	// Twilio signs the URL it was configured with, query string included.
	path := twilio.StatusPath + "?mid=cmd_01"
	params := twiliotest.StatusParams(account, "SM5e1", biz, cust, "delivered", "")
	resp := h.post(t, path, params)
	if resp.Status != http.StatusOK {
		t.Fatalf("signed over public URL: status %d %q", resp.Status, resp.Body)
	}
	// The same request signed over the address the server listens on is
	// not what Twilio would send: refused.
	resp, err := h.poster.Post(context.Background(), h.srv.URL+path, h.srv.URL+path, params)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusForbidden {
		t.Errorf("signed over loopback URL: status %d, want 403", resp.Status)
	}
	if got := h.rec.statuses(); len(got) != 1 || got[0].Status != crm.StatusDelivered {
		t.Errorf("statuses = %+v, want one delivered", got)
	}
}

func TestAuthTokenIsReadPerRequest(t *testing.T) {
	var mu sync.Mutex
	current := token
	h := newHarness(t, twilio.WebhookConfig{AuthToken: func() string {
		mu.Lock()
		defer mu.Unlock()
		return current
	}})
	if r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(3), "a")); r.Status != http.StatusOK {
		t.Fatalf("before rotation: %d", r.Status)
	}
	mu.Lock()
	current = "rotated-token"
	mu.Unlock()
	if r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(4), "b")); r.Status != http.StatusForbidden {
		t.Errorf("old token after rotation: %d, want 403", r.Status)
	}
	h.poster.AuthToken = "rotated-token"
	if r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(5), "c")); r.Status != http.StatusOK {
		t.Errorf("new token after rotation: %d, want 200", r.Status)
	}
}

func TestEmptyAuthTokenRefusesEverything(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{AuthToken: func() string { return "" }})
	h.poster.AuthToken = "" // an attacker can compute an HMAC keyed with ""
	if r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(6), "x")); r.Status != http.StatusForbidden {
		t.Errorf("status %d, want 403", r.Status)
	}
	if len(h.rec.inbound()) != 0 {
		t.Error("message passed on without a configured token")
	}
}

func TestInboundKeepsUnknownParametersAndMedia(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	p := inbound(twiliotest.InboundSID(7), "photo of the site")
	p.Set("NumMedia", "2")
	p.Set("MediaUrl0", "https://api.twilio.com/media/ME1")
	p.Set("MediaContentType0", "image/jpeg")
	p.Set("MediaUrl1", "https://api.twilio.com/media/ME2")
	p.Set("MediaContentType1", "application/pdf")
	p.Set("NumSegments", "3")
	p.Set("OptOutType", "STOP")
	p.Set("SomethingTwilioAddsNextYear", "42")
	if r := h.post(t, twilio.InboundPath, p); r.Status != http.StatusOK {
		t.Fatalf("status %d %q", r.Status, r.Body)
	}
	m := h.rec.inbound()[0]
	want := []crm.Media{
		{URL: "https://api.twilio.com/media/ME1", ContentType: "image/jpeg"},
		{URL: "https://api.twilio.com/media/ME2", ContentType: "application/pdf"},
	}
	if len(m.Media) != 2 || m.Media[0] != want[0] || m.Media[1] != want[1] {
		t.Errorf("Media = %+v, want %+v", m.Media, want)
	}
	if m.Segments != 3 {
		t.Errorf("Segments = %d, want 3", m.Segments)
	}
	if m.Extra["SomethingTwilioAddsNextYear"] != "42" || m.Extra["OptOutType"] != "STOP" {
		t.Errorf("unknown parameters not kept: %v", m.Extra)
	}
	if _, ok := m.Extra["MediaUrl0"]; ok {
		t.Error("Extra repeats MediaUrl0")
	}
}

func TestOversizeBodyIs413(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{MaxBody: 2048})
	r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(8), strings.Repeat("é", 1600)))
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", r.Status)
	}
	if len(h.rec.inbound()) != 0 {
		t.Error("oversize message passed on")
	}
}

func TestLongestGenuineBodyFitsTheDefaultLimit(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	body := strings.Repeat("😀", 1600) // 4 UTF-8 bytes, 12 once percent-encoded
	if r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(9), body)); r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	if got := h.rec.inbound()[0].Body; got != body {
		t.Errorf("body of %d bytes came back as %d bytes", len(body), len(got))
	}
}

func TestMissingFieldsAre400(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	for _, field := range []string{"MessageSid", "From", "To"} {
		p := inbound(twiliotest.InboundSID(10), "x")
		p.Del(field)
		if r := h.post(t, twilio.InboundPath, p); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, field) {
			t.Errorf("inbound without %s: %d %q, want 400 naming it", field, r.Status, r.Body)
		}
	}
	for _, field := range []string{"MessageSid", "MessageStatus"} {
		p := twiliotest.StatusParams(account, "SM5e2", biz, cust, "sent", "")
		p.Del(field)
		if field == "MessageStatus" {
			p.Del("SmsStatus")
		}
		if r := h.post(t, twilio.StatusPath, p); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, field) {
			t.Errorf("status without %s: %d %q, want 400 naming it", field, r.Status, r.Body)
		}
	}
	if len(h.rec.inbound())+len(h.rec.statuses()) != 0 {
		t.Error("incomplete request passed on")
	}
}

func TestReceiverErrorIs500(t *testing.T) {
	rec := &recorder{err: errors.New("disk full")}
	h := newHarness(t, twilio.WebhookConfig{Receiver: rec})
	if r := h.post(t, twilio.InboundPath, inbound(twiliotest.InboundSID(11), "x")); r.Status != http.StatusInternalServerError {
		t.Errorf("inbound: %d, want 500", r.Status)
	}
	if r := h.post(t, twilio.StatusPath, twiliotest.StatusParams(account, "SM5e3", biz, cust, "sent", "")); r.Status != http.StatusInternalServerError {
		t.Errorf("status: %d, want 500", r.Status)
	}
}

func TestOnlyPOSTIsServed(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	resp, err := h.srv.Client().Get(h.srv.URL + twilio.InboundPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d, want 405", resp.StatusCode)
	}
}

func TestNonFormBodyIs415(t *testing.T) {
	h := newHarness(t, twilio.WebhookConfig{})
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+twilio.InboundPath, strings.NewReader(`{"MessageSid":"SM1"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(twilio.SignatureHeader, twiliotest.Signature(token, h.public+twilio.InboundPath, nil))
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("JSON body: %d, want 415", resp.StatusCode)
	}
	if len(h.rec.inbound()) != 0 {
		t.Error("a JSON body was passed on")
	}
}
