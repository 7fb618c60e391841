package twiliotest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"
)

// Config configures New. Zero values are usable.
type Config struct {
	AccountSID string // default TestAccountSID
	AuthToken  string // default "test-auth-token"
	// Invalid numbers are refused with 400 code 21211 even if they parse.
	Invalid []string
	// Now stamps date_created; default time.Now.
	Now func() time.Time
	// CallbackTarget maps a StatusCallback URL (the public URL the signature
	// is computed over) to the address to post to; default the URL itself.
	CallbackTarget func(publicURL string) string
	// HTTP posts webhooks; default a client of its own.
	HTTP *http.Client
}

// Send is one message the fake accepted.
type Send struct {
	SID            string
	To, From, Body string
	StatusCallback string
	Status         string // latest status the fake reported for it
	Created        time.Time
}

// Server is a running fake Twilio. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL (http://127.0.0.1:port) to use as the client's
	// BaseURL.
	URL string

	cfg    Config
	srv    *httptest.Server
	poster Poster

	mu       sync.Mutex
	sends    []Send // in acceptance order
	bySID    map[string]int
	invalid  map[string]bool
	nextSID  uint64
	failNext []int // statuses to answer the next sends with
	dropNext int   // sends to record and then hang up on
	holdNext int   // sends to record and then leave unanswered until released
	hold     chan struct{}
	holds    []*Hold // HoldNextAnswer's, in order
	requests int     // every Messages.json POST, answered or not
}

// New starts a fake Twilio on loopback. Close it when done.
func New(cfg Config) *Server {
	if cfg.AccountSID == "" {
		cfg.AccountSID = TestAccountSID
	}
	if cfg.AuthToken == "" {
		cfg.AuthToken = "test-auth-token"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CallbackTarget == nil {
		cfg.CallbackTarget = func(u string) string { return u }
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 15 * time.Second} // Twilio's own limit
	}
	s := &Server{
		cfg:     cfg,
		poster:  Poster{AuthToken: cfg.AuthToken, HTTP: cfg.HTTP},
		bySID:   make(map[string]int),
		invalid: make(map[string]bool),
	}
	for _, n := range cfg.Invalid {
		s.invalid[n] = true
	}
	mux := http.NewServeMux()
	base := "/2010-04-01/Accounts/{account}/Messages.json"
	mux.HandleFunc("POST "+base, s.createMessage)
	mux.HandleFunc("GET "+base, s.listMessages)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// AccountSID and AuthToken are the credentials the fake accepts.
func (s *Server) AccountSID() string { return s.cfg.AccountSID }
func (s *Server) AuthToken() string  { return s.cfg.AuthToken }

// Poster posts webhooks signed with the fake's auth token.
func (s *Server) Poster() Poster { return s.poster }

// Sends returns every accepted send, in order.
func (s *Server) Sends() []Send {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sends)
}

// SendCount is len(Sends()) without the copy.
func (s *Server) SendCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sends)
}

// Requests counts every POST to Messages.json, including refused, failed
// and dropped ones.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// SetInvalid adds numbers to refuse with 21211.
func (s *Server) SetInvalid(numbers ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range numbers {
		s.invalid[n] = true
	}
}

// FailNext answers the next len(statuses) sends with those HTTP statuses
// (500, 503, 429...) and a Twilio JSON error body, accepting nothing.
func (s *Server) FailNext(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = append(s.failNext, statuses...)
}

// DropNextAnswers makes the next n sends be accepted and recorded, then the
// connection closed with no answer: what a client sees when Twilio took the
// message but the answer was lost.
func (s *Server) DropNextAnswers(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropNext += n
}

// HoldNextAnswers makes the next n sends be accepted and recorded, then
// left unanswered until release is called (they are then answered
// normally) or the client gives up: a server that crashes while it waits
// for Twilio's answer.
func (s *Server) HoldNextAnswers(n int) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdNext += n
	if s.hold == nil {
		s.hold = make(chan struct{})
	}
	ch := s.hold
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			if s.hold == ch {
				s.hold = nil
			}
			s.mu.Unlock()
			close(ch)
		})
	}
}

// SendStatus posts a signed status callback for an accepted send to its
// StatusCallback, as Twilio does, and records the status. errorCode may be
// empty. It returns the handler's answer.
func (s *Server) SendStatus(ctx context.Context, sid, status, errorCode string) (Response, error) {
	s.mu.Lock()
	i, ok := s.bySID[sid]
	var snd Send
	if ok {
		s.sends[i].Status = status
		snd = s.sends[i]
	}
	s.mu.Unlock()
	if !ok {
		return Response{}, fmt.Errorf("status %s for %s: no such send", status, sid)
	}
	if snd.StatusCallback == "" {
		return Response{}, fmt.Errorf("status %s for %s: send had no StatusCallback", status, sid)
	}
	params := StatusParams(s.cfg.AccountSID, sid, snd.From, snd.To, status, errorCode)
	return s.poster.Post(ctx, snd.StatusCallback, s.cfg.CallbackTarget(snd.StatusCallback), params)
}

// PostInbound posts a signed inbound-message webhook: signURL is the URL
// Twilio would be configured with, target where to really post it.
func (s *Server) PostInbound(ctx context.Context, signURL, target, sid, from, to, body string) (Response, error) {
	return s.poster.Post(ctx, signURL, target, InboundParams(s.cfg.AccountSID, sid, from, to, body))
}
