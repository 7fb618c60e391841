package twiliotest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"smsdesk/backend/twilio/twiliotest"
)

func TestFloodPostsEveryRequestOnceWithItsSignature(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{} // body -> signature
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen[string(b)] = r.Header.Get("X-Twilio-Signature")
		mu.Unlock()
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			w.WriteHeader(http.StatusUnsupportedMediaType)
			return
		}
		_, _ = w.Write([]byte("<Response></Response>"))
	}))
	defer srv.Close()
	p := twiliotest.Poster{AuthToken: "tok"}
	reqs := make([]twiliotest.Prepared, 100)
	for i := range reqs {
		reqs[i] = p.Prepare("https://x/sms", url.Values{"MessageSid": {twiliotest.InboundSID(uint64(i))}})
	}
	res, err := twiliotest.Flood{Target: srv.URL + "/sms", Conns: 8}.Run(context.Background(), reqs)
	if err != nil || res.Status[http.StatusOK] != len(reqs) || len(res.Status) != 1 {
		t.Fatalf("result %v, err %v", res.Status, err)
	}
	for _, r := range reqs {
		if seen[r.Body] != r.Signature {
			t.Errorf("request %q arrived with signature %q, want %q", r.Body, seen[r.Body], r.Signature)
		}
	}
}
