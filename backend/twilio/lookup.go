package twilio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"smsdesk/crm"
)

// Lookup paging limits: a crash-recovery check looks at a short window, so
// a few pages of one sender-recipient pair are plenty.
const (
	lookupPageSize = 50
	lookupMaxPages = 10
)

// trialPrefix is what Twilio prepends to bodies sent from trial accounts.
const trialPrefix = "Sent from your Twilio trial account - "

type messagePage struct {
	Messages    []messageJSON `json:"messages"`
	NextPageURI string        `json:"next_page_uri"`
}

// Lookup finds a message Twilio already accepted for m: same To, From and
// Body, created at or after since. The backend calls it before re-sending a
// message whose Send answer was lost (a crash, a timeout), so the customer
// does not get the text twice. found is false when Twilio has no such
// message; err is set when Twilio could not be asked.
//
// It filters on To and From only and checks date_created here: Twilio's
// DateSent>= filter works on whole days and skips messages still queued
// (no date_sent yet), which are exactly the ones a crash tends to leave.
func (c *Client) Lookup(ctx context.Context, m crm.OutboundSMS, since time.Time) (crm.SendResult, bool, error) {
	return c.LookupExcept(ctx, m, since, nil)
}

// LookupExcept is Lookup passing over the messages whose sid known reports
// (nil: none): the backend passes the sids it already recorded for other
// messages, so an earlier SMS with the same numbers and text is not taken
// for this one.
func (c *Client) LookupExcept(ctx context.Context, m crm.OutboundSMS, since time.Time, known func(sid string) bool) (crm.SendResult, bool, error) {
	q := url.Values{
		"To":       {m.To},
		"From":     {m.From},
		"PageSize": {fmt.Sprint(lookupPageSize)},
	}
	next := c.messagesURL() + "?" + q.Encode()
	sinceSec := since.Truncate(time.Second)
	for page := 0; next != "" && page < lookupMaxPages; page++ {
		p, err := c.getPage(ctx, next)
		if err != nil {
			return crm.SendResult{}, false, fmt.Errorf("lookup %s: %w", m.MessageID, err)
		}
		for _, msg := range p.Messages {
			if !msg.DateCreated.IsZero() && msg.DateCreated.Before(sinceSec) {
				continue
			}
			if msg.Body != m.Body && msg.Body != trialPrefix+m.Body {
				continue
			}
			if res := msg.result(); known == nil || !known(res.ProviderID) {
				return res, true, nil
			}
		}
		next = ""
		if p.NextPageURI != "" {
			next = c.cfg.BaseURL + "/" + strings.TrimPrefix(p.NextPageURI, "/")
		}
	}
	return crm.SendResult{}, false, nil
}

func (c *Client) getPage(ctx context.Context, u string) (messagePage, error) {
	req, err := c.newRequest(ctx, http.MethodGet, u, nil)
	if err != nil {
		return messagePage{}, err
	}
	body, status, err := c.do(req)
	if err != nil {
		return messagePage{}, err
	}
	if status != http.StatusOK {
		return messagePage{}, httpError(status, body)
	}
	var p messagePage
	if err := json.Unmarshal(body, &p); err != nil {
		return messagePage{}, fmt.Errorf("decode message page: %w", err)
	}
	return p, nil
}
