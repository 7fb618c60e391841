package tui

import (
	"errors"
	"strings"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// failureTitle is a failed message's reason line: the reason in the
// seller's words, its name as the CRM shows it (InvalidSendingParameters…),
// and the provider's own code when it gave one.
func (c *Context) failureTitle(m crm.Message, reason crm.FailureReason) string {
	parts := []string{c.reasonLabel(reason), safetext.Line(string(reason))}
	if code := strings.TrimSpace(m.ErrorCode); code != "" {
		parts = append(parts, c.T.T("reason.provider_code", safetext.Line(code)))
	}
	return strings.Join(parts, " · ")
}

// retryKeys says how to send a failed message again, and to another of
// the record's numbers when it has one.
func (c *Context) retryKeys(manyTo bool) string {
	retry := c.Keys.Pane.Retry.Help().Key
	if manyTo {
		return c.T.T("pane.retry_keys", retry, c.Keys.Pane.ToNumber.Help().Key)
	}
	return c.T.T("pane.retry_key", retry)
}

// alignBlock pads lines to the width of the widest, styles them, and
// aligns the block as a whole with align, each line after marker.
func alignBlock(lines []string, style func(...string) string, marker string, align func(string) string) []string {
	w := 0
	for _, l := range lines {
		w = max(w, ansiWidth(l))
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, marker+align(style(fit(l, w))))
	}
	return out
}

// retry sends the focused failed message again as a new send_message
// command (a new command id: the outbox sends it exactly once, like any
// send), from and to the numbers the pane has chosen now, so a seller can
// pick another number with t first.
func (p *pane) retry() (string, error) {
	m, ok := p.history.selected()
	if !ok || m.Direction != crm.Outbound || !failed(m) {
		return "", errNotFailed
	}
	to, _ := p.to.choice()
	if _, err := p.sendBody(m.Body); err != nil {
		return "", err
	}
	return to.Number, nil
}

// failedBody is the text of the focused message when it is an outbound
// one that failed, "" otherwise.
func (p *pane) failedBody() string {
	m, ok := p.history.selected()
	if !ok || m.Direction != crm.Outbound || !failed(m) {
		return ""
	}
	return m.Body
}

// errNotFailed is retry's answer on a message that did not fail.
var errNotFailed = errors.New("the focused message did not fail")
