package twiliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// messageResource is Twilio's Message JSON, field for field.
type messageResource struct {
	AccountSID          string            `json:"account_sid"`
	APIVersion          string            `json:"api_version"`
	Body                string            `json:"body"`
	DateCreated         string            `json:"date_created"`
	DateSent            *string           `json:"date_sent"`
	DateUpdated         string            `json:"date_updated"`
	Direction           string            `json:"direction"`
	ErrorCode           *int              `json:"error_code"`
	ErrorMessage        *string           `json:"error_message"`
	From                string            `json:"from"`
	MessagingServiceSID *string           `json:"messaging_service_sid"`
	NumMedia            string            `json:"num_media"`
	NumSegments         string            `json:"num_segments"`
	Price               *string           `json:"price"`
	PriceUnit           string            `json:"price_unit"`
	SID                 string            `json:"sid"`
	Status              string            `json:"status"`
	SubresourceURIs     map[string]string `json:"subresource_uris"`
	To                  string            `json:"to"`
	URI                 string            `json:"uri"`
}

func (s *Server) resource(m Send) messageResource {
	created := m.Created.UTC().Format(time.RFC1123Z)
	uri := fmt.Sprintf("/2010-04-01/Accounts/%s/Messages/%s.json", s.cfg.AccountSID, m.SID)
	r := messageResource{
		AccountSID: s.cfg.AccountSID, APIVersion: "2010-04-01", Body: m.Body,
		DateCreated: created, DateUpdated: created, Direction: "outbound-api",
		From: m.From, NumMedia: "0", NumSegments: strconv.Itoa(Segments(m.Body)),
		PriceUnit: "USD", SID: m.SID, Status: m.Status, To: m.To, URI: uri,
		SubresourceURIs: map[string]string{"media": uri[:len(uri)-len(".json")] + "/Media.json"},
	}
	if m.Status != "queued" && m.Status != "accepted" {
		r.DateSent = &created
	}
	return r
}

// apiError writes Twilio's JSON error body.
func apiError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"code": code, "message": msg, "status": status,
		"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code),
	})
}

// authorize checks Basic auth and the account in the path, as Twilio does.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok || user != s.cfg.AccountSID || pass != s.cfg.AuthToken {
		w.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
		apiError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return false
	}
	if r.PathValue("account") != s.cfg.AccountSID {
		apiError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return false
	}
	return true
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	var fail int
	if len(s.failNext) > 0 {
		fail, s.failNext = s.failNext[0], s.failNext[1:]
	}
	s.mu.Unlock()
	if fail != 0 {
		apiError(w, fail, 20000+fail, http.StatusText(fail))
		return
	}
	if !s.authorize(w, r) {
		return
	}
	if err := r.ParseForm(); err != nil {
		apiError(w, http.StatusBadRequest, 21600, "malformed form")
		return
	}
	to, from, body := r.PostForm.Get("To"), r.PostForm.Get("From"), r.PostForm.Get("Body")
	switch {
	case to == "":
		apiError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
		return
	case from == "":
		apiError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
		return
	case body == "":
		apiError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return
	case utf8.RuneCountInString(body) > 1600:
		apiError(w, http.StatusBadRequest, 21617, "The concatenated message body exceeds the 1600 character limit.")
		return
	case !s.validNumber(to):
		apiError(w, http.StatusBadRequest, 21211, fmt.Sprintf("Invalid 'To' Phone Number: %s", to))
		return
	}
	s.mu.Lock()
	s.nextSID++
	m := Send{
		SID: fmt.Sprintf("SM5e%030x", s.nextSID), To: to, From: from, Body: body,
		StatusCallback: r.PostForm.Get("StatusCallback"), Status: "queued",
		Created: s.cfg.Now().UTC().Truncate(time.Second),
	}
	s.bySID[m.SID] = len(s.sends)
	s.sends = append(s.sends, m)
	drop := s.dropNext > 0
	if drop {
		s.dropNext--
	}
	var hold chan struct{}
	var held *Hold
	if !drop && s.holdNext > 0 {
		s.holdNext--
		hold = s.hold
	} else if !drop {
		held = s.takeHold()
	}
	s.mu.Unlock()
	if drop {
		hangUp(w)
		return
	}
	if held != nil {
		held.arrived <- m
		hold = held.released
	}
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return // the client gave up; the message stays accepted
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(s.resource(m))
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func (s *Server) validNumber(to string) bool {
	s.mu.Lock()
	bad := s.invalid[to]
	s.mu.Unlock()
	if bad {
		return false
	}
	// Twilio reads numbers without a + as US numbers.
	num, err := phonenumbers.Parse(to, "US")
	return err == nil && phonenumbers.IsValidNumber(num)
}

// listMessages serves GET Messages.json with Twilio's To, From and
// DateSent>= filters (dates only), newest first, paged by PageSize and Page.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	q := r.URL.Query()
	var since time.Time
	if d := q.Get("DateSent>="); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			apiError(w, http.StatusBadRequest, 20001, "Invalid DateSent")
			return
		}
		since = t
	}
	size, page := max(atoiDefault(q.Get("PageSize"), 50), 1), atoiDefault(q.Get("Page"), 0)
	var match []messageResource
	s.mu.Lock()
	for i := len(s.sends) - 1; i >= 0; i-- {
		m := s.sends[i]
		if (q.Get("To") != "" && m.To != q.Get("To")) || (q.Get("From") != "" && m.From != q.Get("From")) {
			continue
		}
		// Like Twilio, a message not yet sent has no date_sent and does not
		// match a DateSent filter.
		if !since.IsZero() && (m.Status == "queued" || m.Created.Before(since)) {
			continue
		}
		match = append(match, s.resource(m))
	}
	s.mu.Unlock()
	lo, hi := min(page*size, len(match)), min((page+1)*size, len(match))
	out := map[string]any{"messages": match[lo:hi], "page": page, "page_size": size, "next_page_uri": nil}
	if hi < len(match) {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("Page", strconv.Itoa(page+1))
		out["next_page_uri"] = r.URL.Path + "?" + nq.Encode()
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func atoiDefault(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return def
	}
	return n
}
