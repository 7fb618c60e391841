package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// fit truncates s to w cells (with an ellipsis) and pads it with spaces to
// exactly w cells, so columns line up whatever the script or the emoji.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = oneLine(s)
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// fitRight is fit aligned to the right edge.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = oneLine(s)
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s = strings.Repeat(" ", pad) + s
	}
	return s
}

// oneLine folds line breaks and tabs into spaces for a single-line cell.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
}

// recordIcon is the glyph for a record type.
func recordIcon(t crm.RecordType) string {
	switch t {
	case crm.RecordContact:
		return "☺"
	case crm.RecordAccount:
		return "▣"
	case crm.RecordOpportunity:
		return "◆"
	case crm.RecordLead:
		return "✦"
	}
	return "·"
}

// recordTypeLabel is the record type's localised name.
func (c *Context) recordTypeLabel(t crm.RecordType) string {
	switch t {
	case crm.RecordContact:
		return c.T.T("record.contact")
	case crm.RecordAccount:
		return c.T.T("record.account")
	case crm.RecordOpportunity:
		return c.T.T("record.opportunity")
	case crm.RecordLead:
		return c.T.T("record.lead")
	}
	return safetext.Line(string(t)) // a newer server's type: its id, shown, not obeyed
}

// statusGlyph is a delivery state's glyph.
func statusGlyph(s crm.DeliveryStatus) string {
	switch s {
	case crm.StatusPending, crm.StatusQueued:
		return "◌"
	case crm.StatusSending:
		return "↑"
	case crm.StatusSent:
		return "✓"
	case crm.StatusDelivered, crm.StatusRead:
		return "✓✓"
	case crm.StatusFailed, crm.StatusUndelivered:
		return "✗"
	}
	return ""
}

// statusLabel is a delivery state's localised name.
func (c *Context) statusLabel(s crm.DeliveryStatus) string {
	switch s {
	case crm.StatusPending:
		return c.T.T("status.pending")
	case crm.StatusQueued:
		return c.T.T("status.queued")
	case crm.StatusSending:
		return c.T.T("status.sending")
	case crm.StatusSent:
		return c.T.T("status.sent")
	case crm.StatusDelivered:
		return c.T.T("status.delivered")
	case crm.StatusRead:
		return c.T.T("status.read")
	case crm.StatusFailed:
		return c.T.T("status.failed")
	case crm.StatusUndelivered:
		return c.T.T("status.undelivered")
	case crm.StatusReceived:
		return c.T.T("status.received")
	}
	return safetext.Line(string(s))
}

// statusStyle picks the colour of a delivery state.
func (s *Styles) status(st crm.DeliveryStatus) func(...string) string {
	switch st {
	case crm.StatusPending, crm.StatusQueued:
		return s.Pending.Render
	case crm.StatusSending:
		return s.Sending.Render
	case crm.StatusSent:
		return s.Sent.Render
	case crm.StatusDelivered, crm.StatusRead:
		return s.Delivered.Render
	case crm.StatusFailed, crm.StatusUndelivered:
		return s.Failed.Render
	}
	return s.Muted.Render
}

// failed reports whether a message's delivery failed.
func failed(m crm.Message) bool {
	return m.Status == crm.StatusFailed || m.Status == crm.StatusUndelivered
}

// reasonHint explains a failure reason and what to do about it, for the
// number the message went to: the reason is the provider's refusal, not a
// judgement of how the number is written (smsdesk checks that before it
// sends), so the advice never contradicts the number on screen.
func (c *Context) reasonHint(r crm.FailureReason, to string) string {
	switch r {
	case crm.ReasonInvalidSendingParameters:
		return c.T.T("reason.invalid_sending_parameters", to)
	case crm.ReasonOptedOut:
		return c.T.T("reason.opted_out")
	case crm.ReasonUnreachable:
		return c.T.T("reason.unreachable")
	case crm.ReasonUnknownHandset:
		return c.T.T("reason.unknown_handset")
	case crm.ReasonLandline:
		return c.T.T("reason.landline")
	case crm.ReasonFiltered:
		return c.T.T("reason.filtered")
	case crm.ReasonBlocked:
		return c.T.T("reason.blocked")
	case crm.ReasonNotPermitted:
		return c.T.T("reason.not_permitted")
	}
	return c.T.T("reason.unknown")
}

// phoneFieldLabel names a record's phone slot.
func (c *Context) phoneFieldLabel(f crm.PhoneField) string {
	switch f {
	case crm.PhoneBusiness:
		return c.T.T("phone.business")
	case crm.PhoneMobile:
		return c.T.T("phone.mobile")
	case crm.PhoneMain:
		return c.T.T("phone.main")
	}
	return safetext.Line(string(f))
}

// ansiWidth is a string's width in cells, escape sequences excluded.
func ansiWidth(s string) int { return ansi.StringWidth(s) }

// wrap breaks s into lines of at most w cells, at spaces when it can.
func wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	return strings.Split(ansi.Wrap(strings.ReplaceAll(s, "\r\n", "\n"), w, ""), "\n")
}

// reasonLabel names a failure reason in the seller's language; the
// reason's own name (InvalidSendingParameters…) is shown beside it.
func (c *Context) reasonLabel(r crm.FailureReason) string {
	switch r {
	case crm.ReasonInvalidSendingParameters:
		return c.T.T("reason_label.invalid_sending_parameters")
	case crm.ReasonOptedOut:
		return c.T.T("reason_label.opted_out")
	case crm.ReasonUnreachable:
		return c.T.T("reason_label.unreachable")
	case crm.ReasonUnknownHandset:
		return c.T.T("reason_label.unknown_handset")
	case crm.ReasonLandline:
		return c.T.T("reason_label.landline")
	case crm.ReasonFiltered:
		return c.T.T("reason_label.filtered")
	case crm.ReasonBlocked:
		return c.T.T("reason_label.blocked")
	case crm.ReasonNotPermitted:
		return c.T.T("reason_label.not_permitted")
	}
	return c.T.T("reason_label.unknown")
}
