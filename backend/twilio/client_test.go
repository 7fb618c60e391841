package twilio_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

var sidPattern = regexp.MustCompile(`^SM[0-9a-f]{32}$`)

const callback = "https://crm.example.com/webhooks/twilio/status"

func newClient(t *testing.T, fake *twiliotest.Server) *twilio.Client {
	t.Helper()
	return twilio.NewClient(twilio.ClientConfig{
		BaseURL:        fake.URL,
		AccountSID:     fake.AccountSID(),
		AuthToken:      fake.AuthToken,
		StatusCallback: callback,
	})
}

func newFake(t *testing.T, cfg twiliotest.Config) *twiliotest.Server {
	t.Helper()
	fake := twiliotest.New(cfg)
	t.Cleanup(fake.Close)
	return fake
}

func TestSendAgainstFakeTwilio(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := newClient(t, fake)
	res, err := c.Send(context.Background(), crm.OutboundSMS{MessageID: "cmd_01", From: biz, To: cust, Body: "Your quote is attached."})
	if err != nil {
		t.Fatal(err)
	}
	if !sidPattern.MatchString(res.ProviderID) || res.Status != crm.StatusQueued || res.Segments != 1 || res.ErrorCode != "" {
		t.Errorf("result = %+v", res)
	}
	sends := fake.Sends()
	if len(sends) != 1 {
		t.Fatalf("fake recorded %d sends, want 1", len(sends))
	}
	s := sends[0]
	if s.SID != res.ProviderID || s.To != cust || s.From != biz || s.Body != "Your quote is attached." {
		t.Errorf("recorded %+v", s)
	}
	if s.StatusCallback != callback+"?mid=cmd_01" {
		t.Errorf("StatusCallback %q", s.StatusCallback)
	}
}

func TestSendLongBodyReportsSegments(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	res, err := newClient(t, fake).Send(context.Background(), crm.OutboundSMS{From: biz, To: cust, Body: strings.Repeat("a", 400)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Segments != 3 {
		t.Errorf("Segments = %d, want 3", res.Segments)
	}
}

// A refused number is a delivery outcome the seller can act on, not an error.
func TestSendInvalidNumberIsAFailedResultNotAnError(t *testing.T) {
	fake := newFake(t, twiliotest.Config{Invalid: []string{"+14155550199"}})
	c := newClient(t, fake)
	for _, to := range []string{"+14155550199", "+1234", "not a number"} {
		res, err := c.Send(context.Background(), crm.OutboundSMS{From: biz, To: to, Body: "hello"})
		if err != nil {
			t.Fatalf("to %q: %v", to, err)
		}
		if res.Status != crm.StatusFailed || res.ErrorCode != "21211" || res.ProviderID != "" {
			t.Errorf("to %q: result %+v, want failed 21211", to, res)
		}
		if r := crm.ReasonForTwilioCode(res.ErrorCode); r != crm.ReasonInvalidSendingParameters {
			t.Errorf("reason %q, want %q", r, crm.ReasonInvalidSendingParameters)
		}
	}
	if n := fake.SendCount(); n != 0 {
		t.Errorf("fake accepted %d sends to invalid numbers", n)
	}
}

func TestSendServerErrorsAreRetryableErrors(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := newClient(t, fake)
	for _, status := range []int{500, 503, 429} {
		fake.FailNext(status)
		_, err := c.Send(context.Background(), crm.OutboundSMS{MessageID: "cmd_x", From: biz, To: cust, Body: "hi"})
		var apiErr *twilio.APIError
		if !errors.As(err, &apiErr) || apiErr.HTTPStatus != status {
			t.Errorf("HTTP %d: err = %v, want *APIError with that status", status, err)
		}
	}
	if n := fake.SendCount(); n != 0 {
		t.Errorf("fake recorded %d sends", n)
	}
}

func TestSendWithWrongCredentialsIsAnError(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := twilio.NewClient(twilio.ClientConfig{BaseURL: fake.URL, AccountSID: fake.AccountSID(),
		AuthToken: func() string { return "wrong" }})
	_, err := c.Send(context.Background(), crm.OutboundSMS{From: biz, To: cust, Body: "hi"})
	var apiErr *twilio.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusUnauthorized || apiErr.Code != 20003 {
		t.Errorf("err = %v, want 401 code 20003", err)
	}
}

func TestSendWithoutCredentialsDoesNotCallTwilio(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := twilio.NewClient(twilio.ClientConfig{BaseURL: fake.URL, AccountSID: fake.AccountSID()})
	if _, err := c.Send(context.Background(), crm.OutboundSMS{From: biz, To: cust, Body: "hi"}); err == nil {
		t.Error("send without a token succeeded")
	}
	if fake.Requests() != 0 {
		t.Error("a request reached Twilio without credentials")
	}
}

func TestSendNetworkErrorIsAnError(t *testing.T) {
	fake := twiliotest.New(twiliotest.Config{})
	c := newClient(t, fake)
	fake.Close()
	if _, err := c.Send(context.Background(), crm.OutboundSMS{From: biz, To: cust, Body: "hi"}); err == nil {
		t.Error("send to a closed server succeeded")
	}
}

// The answer to a send is lost after Twilio accepted it: Lookup finds the
// message, so the backend can record it instead of sending it twice.
func TestLookupFindsASendWhoseAnswerWasLost(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := newClient(t, fake)
	ctx := context.Background()
	since := time.Now().Add(-time.Minute)
	m := crm.OutboundSMS{MessageID: "cmd_lost", From: biz, To: cust, Body: "See you Tuesday at 10."}

	fake.DropNextAnswers(1)
	if _, err := c.Send(ctx, m); err == nil {
		t.Fatal("send with a dropped answer reported success")
	}
	res, found, err := c.Lookup(ctx, m, since)
	if err != nil || !found {
		t.Fatalf("lookup: found=%v err=%v", found, err)
	}
	sends := fake.Sends()
	if len(sends) != 1 || res.ProviderID != sends[0].SID || res.Status != crm.StatusQueued {
		t.Errorf("lookup = %+v, sends = %+v", res, sends)
	}

	other := m
	other.Body = "A different text"
	if _, found, err := c.Lookup(ctx, other, since); err != nil || found {
		t.Errorf("lookup of an unsent body: found=%v err=%v", found, err)
	}
	if _, found, err := c.Lookup(ctx, m, time.Now().Add(time.Hour)); err != nil || found {
		t.Errorf("lookup after the send's time: found=%v err=%v", found, err)
	}
}

func TestLookupFollowsPages(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := newClient(t, fake)
	ctx := context.Background()
	first := crm.OutboundSMS{From: biz, To: cust, Body: "the oldest one"}
	if _, err := c.Send(ctx, first); err != nil {
		t.Fatal(err)
	}
	for i := range 120 { // newer messages push it to the third page
		if _, err := c.Send(ctx, crm.OutboundSMS{From: biz, To: cust, Body: "filler " + string(rune('a'+i%26))}); err != nil {
			t.Fatal(err)
		}
	}
	res, found, err := c.Lookup(ctx, first, time.Now().Add(-time.Minute))
	if err != nil || !found || res.ProviderID != fake.Sends()[0].SID {
		t.Errorf("lookup = %+v found=%v err=%v", res, found, err)
	}
}

func TestHeldAnswerIsSentOnRelease(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := newClient(t, fake)
	release := fake.HoldNextAnswers(1)
	done := make(chan error, 1)
	go func() {
		_, err := c.Send(context.Background(), crm.OutboundSMS{From: biz, To: cust, Body: "held"})
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for fake.SendCount() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("send never reached the fake")
		}
		time.Sleep(time.Millisecond) // polling interval
	}
	select {
	case err := <-done:
		t.Fatalf("held send answered before release: %v", err)
	default:
	}
	release()
	if err := <-done; err != nil {
		t.Errorf("released send: %v", err)
	}
}
