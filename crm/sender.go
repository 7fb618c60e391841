package crm

import (
	"fmt"
	"strings"
)

// SenderKind tells a customer number smsdesk can reply to (a phone number,
// kept in E.164) from the two kinds of sender that can text a business
// number but never receive a reply: a carrier short code and an
// alphanumeric sender id ("AMAZON", "MyBank").
type SenderKind string

const (
	SenderPhone        SenderKind = "phone"
	SenderShortCode    SenderKind = "short_code"
	SenderAlphanumeric SenderKind = "alphanumeric"
)

// Short codes are 3 to 8 digits in every country that has them;
// alphanumeric sender ids are at most 11 characters of letters, digits and
// spaces, at least one of them a letter (the GSM 03.38 / carrier rule).
const (
	minShortCode   = 3
	maxShortCode   = 8
	maxAlphaSender = 11
)

// CanReply reports whether a message can be sent on c: not when its
// customer is a short code or an alphanumeric sender.
func (c Conversation) CanReply() bool {
	return c.SenderKind == "" || c.SenderKind == SenderPhone
}

// NormalizeSender reads an inbound message's From. A phone number is
// normalised like NormalizePhone(raw, ""); a short code ("72345") is
// kept as its digits; an alphanumeric sender id is kept as sent, trimmed.
// Anything else is refused with an error wrapping ErrInvalidPhone.
func NormalizeSender(raw string) (string, SenderKind, error) {
	e164, err := NormalizePhone(raw, "")
	if err == nil {
		return e164, SenderPhone, nil
	}
	s := strings.TrimSpace(raw)
	// A short code is digits with no "+": "+1555" is a phone number cut
	// short, not a short code.
	if len(s) >= minShortCode && len(s) <= maxShortCode && strings.Trim(s, "0123456789") == "" {
		return s, SenderShortCode, nil
	}
	if isAlphaSender(s) {
		return s, SenderAlphanumeric, nil
	}
	return "", "", fmt.Errorf("sender %q: not a phone number (E.164), a short code (%d-%d digits) or an alphanumeric sender id (up to %d letters, digits and spaces): %w",
		raw, minShortCode, maxShortCode, maxAlphaSender, ErrInvalidPhone)
}

func isAlphaSender(s string) bool {
	if s == "" || len(s) > maxAlphaSender || strings.Contains(s, "  ") {
		return false
	}
	letter := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9', r == ' ':
		default:
			return false
		}
	}
	return letter
}
