package twilio

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"smsdesk/crm"
)

// maxMedia bounds the MediaUrlN loop. Twilio sends at most 10 attachments;
// the margin tolerates a future raise without trusting NumMedia blindly.
const maxMedia = 100

// ParseInbound turns an inbound-message webhook form into a crm.InboundSMS.
// MessageSid, From and To are required. Parameters it does not map to a
// field (AccountSid, FromCity, OptOutType, whatever Twilio adds next) are
// kept in Extra, first value only, as Twilio sends each once.
func ParseInbound(form url.Values) (crm.InboundSMS, error) {
	m := crm.InboundSMS{
		ProviderID: form.Get("MessageSid"),
		From:       form.Get("From"),
		To:         form.Get("To"),
		Body:       form.Get("Body"),
		Segments:   atoiOrZero(form.Get("NumSegments")),
	}
	var missing []string
	for _, f := range []struct{ name, val string }{
		{"MessageSid", m.ProviderID}, {"From", m.From}, {"To", m.To},
	} {
		if f.val == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return crm.InboundSMS{}, fmt.Errorf("inbound webhook: missing %s", strings.Join(missing, ", "))
	}
	n := min(atoiOrZero(form.Get("NumMedia")), maxMedia)
	for i := range n {
		idx := strconv.Itoa(i)
		if u := form.Get("MediaUrl" + idx); u != "" {
			m.Media = append(m.Media, crm.Media{URL: u, ContentType: form.Get("MediaContentType" + idx)})
		}
	}
	for k, v := range form {
		if len(v) == 0 || mappedInbound(k, n) {
			continue
		}
		if m.Extra == nil {
			m.Extra = make(map[string]string, len(form))
		}
		m.Extra[k] = v[0]
	}
	return m, nil
}

// ParseStatus turns a status-callback form into a crm.StatusReport. known is
// false when MessageStatus is not one MapStatus knows; the report then has
// only ProviderID set. MessageStatus falls back to SmsStatus, which Twilio
// sends alongside it for SMS.
func ParseStatus(form url.Values) (rep crm.StatusReport, known bool, err error) {
	rep.ProviderID = form.Get("MessageSid")
	raw := form.Get("MessageStatus")
	if raw == "" {
		raw = form.Get("SmsStatus")
	}
	switch {
	case rep.ProviderID == "" && raw == "":
		return crm.StatusReport{}, false, fmt.Errorf("status callback: missing MessageSid, MessageStatus")
	case rep.ProviderID == "":
		return crm.StatusReport{}, false, fmt.Errorf("status callback: missing MessageSid")
	case raw == "":
		return crm.StatusReport{}, false, fmt.Errorf("status callback: missing MessageStatus")
	}
	rep.Status, known = MapStatus(raw)
	if !known {
		return crm.StatusReport{ProviderID: rep.ProviderID}, false, nil
	}
	rep.ErrorCode = form.Get("ErrorCode")
	return rep, true, nil
}

// mappedInbound tells the parameters ParseInbound turns into fields (and so
// leaves out of Extra) from the rest.
func mappedInbound(k string, numMedia int) bool {
	switch k {
	case "MessageSid", "From", "To", "Body", "NumSegments", "NumMedia":
		return true
	}
	for _, prefix := range [...]string{"MediaUrl", "MediaContentType"} {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			i, err := strconv.Atoi(rest)
			return err == nil && i >= 0 && i < numMedia
		}
	}
	return false
}

// atoiOrZero reads Twilio's small counters. A malformed one is not worth
// losing a customer's message over, so it reads as 0.
func atoiOrZero(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
