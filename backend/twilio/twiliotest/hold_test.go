package twiliotest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// post sends one message to the fake as Twilio's API expects it.
func post(t *testing.T, s *Server, body string) (*http.Response, error) {
	t.Helper()
	form := url.Values{"To": {"+14155552671"}, "From": {"+14155550100"}, "Body": {body}}
	req, err := http.NewRequest("POST", s.URL+"/2010-04-01/Accounts/"+s.AccountSID()+"/Messages.json", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(s.AccountSID(), s.AuthToken())
	return http.DefaultClient.Do(req)
}

// A held send is reported on Arrived once accepted, its answer comes only
// after Release; a hold released before any send catches none.
func TestHoldNextAnswer(t *testing.T) {
	s := New(Config{})
	defer s.Close()

	unused := s.HoldNextAnswer()
	unused.Release()

	h := s.HoldNextAnswer()
	answered := make(chan int, 1)
	go func() {
		resp, err := post(t, s, "held")
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	var got Send
	select {
	case got = <-h.Arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("held send never arrived")
	}
	if got.Body != "held" || s.SendCount() != 1 {
		t.Fatalf("arrived %+v, %d sends", got, s.SendCount())
	}
	select {
	case st := <-answered:
		t.Fatalf("answered %d before the release", st)
	default:
	}
	h.Release()
	if st := <-answered; st != http.StatusCreated {
		t.Fatalf("answer after release: %d", st)
	}
	// The withdrawn hold did not catch this one: it is answered at once.
	resp, err := post(t, s, "free")
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("unheld send: %v %v", resp, err)
	}
	resp.Body.Close()
}
