package twiliotest

import (
	"fmt"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// TestAccountSID is the account the fake uses when Config leaves it empty.
const TestAccountSID = "AC00000000000000000000000000000001"

// InboundSID returns a message sid for the nth test inbound message: "SM"
// and 32 hex digits, like Twilio's, in a range the fake's own sends never use.
func InboundSID(n uint64) string { return fmt.Sprintf("SM1b%030x", n) }

// InboundParams is the form Twilio posts to "A message comes in" for an SMS,
// with the geographic and bookkeeping parameters it really sends.
func InboundParams(accountSID, sid, from, to, body string) url.Values {
	return url.Values{
		"ToCountry":     {"US"},
		"ToState":       {"CA"},
		"SmsMessageSid": {sid},
		"NumMedia":      {"0"},
		"ToCity":        {"SAN FRANCISCO"},
		"FromZip":       {"94105"},
		"SmsSid":        {sid},
		"FromState":     {"CA"},
		"SmsStatus":     {"received"},
		"FromCity":      {"SAN FRANCISCO"},
		"Body":          {body},
		"FromCountry":   {"US"},
		"To":            {to},
		"ToZip":         {"94103"},
		"NumSegments":   {strconv.Itoa(Segments(body))},
		"MessageSid":    {sid},
		"AccountSid":    {accountSID},
		"From":          {from},
		"ApiVersion":    {"2010-04-01"},
	}
}

// StatusParams is the form of a status callback.
func StatusParams(accountSID, sid, from, to, status, errorCode string) url.Values {
	v := url.Values{
		"SmsSid":        {sid},
		"SmsStatus":     {status},
		"MessageStatus": {status},
		"To":            {to},
		"MessageSid":    {sid},
		"AccountSid":    {accountSID},
		"From":          {from},
		"ApiVersion":    {"2010-04-01"},
	}
	if errorCode != "" {
		v.Set("ErrorCode", errorCode)
	}
	if status == "delivered" || status == "undelivered" {
		v.Set("RawDlrDoneDate", "2601011200")
	}
	return v
}

// Segments approximates Twilio's count: 160/153 characters for plain text,
// 70/67 as soon as one character is not ASCII. Close enough for a fake; the
// product's own count lives in crm.
func Segments(body string) int {
	n := utf8.RuneCountInString(body)
	single, multi := 160, 153
	for _, r := range body {
		if r >= 0x80 {
			single, multi = 70, 67
			break
		}
	}
	switch {
	case n == 0:
		return 1
	case n <= single:
		return 1
	default:
		return (n + multi - 1) / multi
	}
}

// MediaItem is one MMS attachment as Twilio posts it: a MediaUrl{N} and
// its MediaContentType{N}.
type MediaItem struct {
	URL, ContentType string
}

// MMSParams is the form Twilio posts for an MMS: InboundParams with
// NumMedia and one MediaUrl{N} / MediaContentType{N} pair per item. body
// may be empty (a picture-only MMS).
func MMSParams(accountSID, sid, from, to, body string, media ...MediaItem) url.Values {
	v := InboundParams(accountSID, sid, from, to, body)
	v.Set("NumMedia", strconv.Itoa(len(media)))
	for i, m := range media {
		v.Set("MediaUrl"+strconv.Itoa(i), m.URL)
		v.Set("MediaContentType"+strconv.Itoa(i), m.ContentType)
	}
	return v
}
