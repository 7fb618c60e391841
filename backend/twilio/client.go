package twilio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"smsdesk/crm"
)

// DefaultBaseURL is Twilio's REST API.
const DefaultBaseURL = "https://api.twilio.com"

// maxResponse bounds what is read from Twilio: a page of 50 messages is
// about 60 KiB.
const maxResponse = 1 << 20

// ClientConfig configures NewClient.
type ClientConfig struct {
	// BaseURL is scheme://host of the API; default DefaultBaseURL. Tests
	// point it at twiliotest on loopback.
	BaseURL    string
	AccountSID string
	// AuthToken returns the current auth token (it may be rotated while
	// running).
	AuthToken func() string
	// StatusCallback is PublicURL + StatusPath, sent with every message so
	// Twilio reports delivery to the webhook handler. Empty sends none.
	StatusCallback string
	// HTTP is the client used; default one with connect, header and overall
	// timeouts. A send that hangs must end so the backend can retry it.
	HTTP   *http.Client
	Logger *slog.Logger
}

// Client sends SMS through Twilio's Messages API. It implements crm.Provider.
type Client struct {
	cfg  ClientConfig
	http *http.Client
	log  *slog.Logger
}

var _ crm.Provider = (*Client)(nil)

// NewClient returns a Client with cfg's defaults applied.
func NewClient(cfg ClientConfig) *Client {
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.AuthToken == nil {
		cfg.AuthToken = func() string { return "" }
	}
	hc := cfg.HTTP
	if hc == nil {
		hc = defaultHTTPClient()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Client{cfg: cfg, http: hc, log: log.With("component", "twilio-client")}
}

func defaultHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = 5 * time.Second
	tr.ResponseHeaderTimeout = 15 * time.Second
	tr.MaxIdleConnsPerHost = 32
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// APIError is Twilio's JSON error body. Send returns it (wrapped) for
// answers that say nothing about the message itself: bad credentials, rate
// limits, an unknown account. Those are worth retrying once fixed.
type APIError struct {
	HTTPStatus int    `json:"status"`
	Code       int    `json:"code"`
	Message    string `json:"message"`
	MoreInfo   string `json:"more_info"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("twilio: HTTP %d, code %d: %s", e.HTTPStatus, e.Code, e.Message)
}

// messageJSON is the part of Twilio's Message resource smsdesk reads.
type messageJSON struct {
	SID          string     `json:"sid"`
	Status       string     `json:"status"`
	To           string     `json:"to"`
	From         string     `json:"from"`
	Body         string     `json:"body"`
	ErrorCode    flexCode   `json:"error_code"`
	ErrorMessage *string    `json:"error_message"`
	NumSegments  flexCode   `json:"num_segments"`
	DateCreated  twilioTime `json:"date_created"`
}

// Send posts one message. An answer that refuses the message itself (HTTP
// 400: invalid To, unroutable, opted out...) is a delivery outcome, not an
// error: the result has Status failed and Twilio's code. Network errors,
// 5xx, and 401/403/404/429 are errors, which the caller may retry.
func (c *Client) Send(ctx context.Context, m crm.OutboundSMS) (crm.SendResult, error) {
	form := url.Values{"To": {m.To}, "From": {m.From}, "Body": {m.Body}}
	if c.cfg.StatusCallback != "" {
		form.Set("StatusCallback", c.statusCallbackFor(m.MessageID))
	}
	req, err := c.newRequest(ctx, http.MethodPost, c.messagesURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return crm.SendResult{}, fmt.Errorf("send %s: %w", m.MessageID, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	body, status, err := c.do(req)
	if err != nil {
		return crm.SendResult{}, fmt.Errorf("send %s: %w", m.MessageID, err)
	}
	if status == http.StatusBadRequest {
		apiErr, err := parseAPIError(status, body)
		if err != nil {
			return crm.SendResult{}, fmt.Errorf("send %s: %w", m.MessageID, err)
		}
		c.log.Info("twilio refused message", "message_id", m.MessageID, "code", apiErr.Code, "msg", apiErr.Message)
		return crm.SendResult{Status: crm.StatusFailed, ErrorCode: strconv.Itoa(apiErr.Code)}, nil
	}
	if status < 200 || status > 299 {
		return crm.SendResult{}, fmt.Errorf("send %s: %w", m.MessageID, httpError(status, body))
	}
	var msg messageJSON
	if err := json.Unmarshal(body, &msg); err != nil {
		return crm.SendResult{}, fmt.Errorf("send %s: decode answer: %w", m.MessageID, err)
	}
	if msg.SID == "" {
		return crm.SendResult{}, fmt.Errorf("send %s: answer has no sid", m.MessageID)
	}
	return msg.result(), nil
}

// statusCallbackFor echoes smsdesk's message id in the callback URL, so a
// receipt that overtakes Send's own answer can still be told apart in logs.
// Twilio signs the full URL, query included, and the handler checks it so.
func (c *Client) statusCallbackFor(messageID string) string {
	if messageID == "" {
		return c.cfg.StatusCallback
	}
	sep := "?"
	if strings.Contains(c.cfg.StatusCallback, "?") {
		sep = "&"
	}
	return c.cfg.StatusCallback + sep + "mid=" + url.QueryEscape(messageID)
}

func (msg messageJSON) result() crm.SendResult {
	st, ok := MapStatus(msg.Status)
	if !ok {
		// Twilio accepted it; whatever the new state means, it is on its way.
		st = crm.StatusQueued
	}
	return crm.SendResult{
		ProviderID: msg.SID,
		Status:     st,
		ErrorCode:  string(msg.ErrorCode),
		Segments:   atoiOrZero(string(msg.NumSegments)),
	}
}

func (c *Client) messagesURL() string {
	return c.cfg.BaseURL + "/2010-04-01/Accounts/" + url.PathEscape(c.cfg.AccountSID) + "/Messages.json"
}

func (c *Client) newRequest(ctx context.Context, method, u string, body io.Reader) (*http.Request, error) {
	token := c.cfg.AuthToken()
	if c.cfg.AccountSID == "" || token == "" {
		return nil, errors.New("twilio account SID or auth token not configured")
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.SetBasicAuth(c.cfg.AccountSID, token)
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// do runs req and reads a bounded body.
func (c *Client) do(req *http.Request) ([]byte, int, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, 0, fmt.Errorf("%s %s: read answer: %w", req.Method, req.URL.Path, err)
	}
	return body, resp.StatusCode, nil
}

func parseAPIError(status int, body []byte) (*APIError, error) {
	var e APIError
	if err := json.Unmarshal(body, &e); err != nil || e.Code == 0 {
		return nil, fmt.Errorf("HTTP %d with unreadable error body %.200q", status, body)
	}
	e.HTTPStatus = status
	return &e, nil
}

// httpError describes a non-2xx answer, as an *APIError when Twilio sent one.
func httpError(status int, body []byte) error {
	if e, err := parseAPIError(status, body); err == nil {
		return e
	}
	return fmt.Errorf("HTTP %d: %.200q", status, body)
}

// flexCode reads a JSON number, string or null as a string: error_code is a
// number or null, num_segments a string.
type flexCode string

func (f *flexCode) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch {
	case s == "null":
		*f = ""
	case strings.HasPrefix(s, `"`):
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*f = flexCode(v)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*f = flexCode(n.String())
	}
	return nil
}

// twilioTime reads Twilio's RFC 1123 dates ("Mon, 16 Aug 2010 03:45:01 +0000").
type twilioTime struct{ time.Time }

func (t *twilioTime) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil || *s == "" {
		t.Time = time.Time{}
		return nil
	}
	v, err := time.Parse(time.RFC1123Z, *s)
	if err != nil {
		return fmt.Errorf("twilio date %q: %w", *s, err)
	}
	t.Time = v
	return nil
}
