package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// mediaType is an attachment's MIME type without its parameters
// ("image/jpeg" of "image/jpeg; name=x"): what a seller needs to know, and
// nothing of the provider's text beyond a validated type/subtype.
func mediaType(md crm.Media) string {
	t, _, _ := strings.Cut(md.ContentType, ";")
	return strings.TrimSpace(t)
}

// mediaPreview is the grid's text for a message's attachments, shown when
// it has no body (a picture-only MMS): never an empty cell.
func mediaPreview(m crm.Message) string {
	if len(m.Media) == 0 {
		return ""
	}
	types := make([]string, len(m.Media))
	for i, md := range m.Media {
		types[i] = mediaType(md)
	}
	return "📎 " + strings.Join(types, ", ")
}

// messagePreview is a message's text for one-line cells: its body, or its
// attachments when it has none.
func messagePreview(m crm.Message) string {
	if m.Body == "" {
		return mediaPreview(m)
	}
	return m.Body
}

// attachmentLines draws a message's attachments, one line each with its
// type; the focused message also shows each link in full (wrapped to w) and
// the key that copies it. The URL is shown as plain text and never opened.
func (h *history) attachmentLines(m crm.Message, focused bool, w int) []string {
	ctx, st := h.ctx, h.ctx.Styles
	var lines []string
	for i, md := range m.Media {
		label := "📎 " + ctx.T.T("media.attachment", ordinal(i, len(m.Media)), safetext.Line(mediaType(md)))
		lines = append(lines, st.Hint.Render(label))
		if focused {
			for _, l := range wrap(safetext.Line(md.URL), max(w-3, 10)) {
				lines = append(lines, "   "+st.Muted.Render(l))
			}
		}
	}
	if focused && len(m.Media) > 0 {
		lines = append(lines, st.Muted.Render(ctx.T.T("media.copy_hint", ctx.Keys.Pane.CopyLink.Help().Key)))
	}
	return lines
}

// copyLink copies an attachment link of the focused message to the
// clipboard (OSC 52, which works over ssh too) and shows it in full on the
// notice line. Pressing the key again on the same message copies its next
// attachment, so every link of an MMS can be reached.
func (m *Model) copyLink() tea.Cmd {
	p := m.pane
	msg, ok := p.history.selected()
	if !ok || len(msg.Media) == 0 {
		m.setFlash(m.ctx.T.T("media.no_attachment"), false)
		return nil
	}
	if p.linkMsg != msg.ID {
		p.linkMsg, p.linkIdx = msg.ID, 0
	} else {
		p.linkIdx = (p.linkIdx + 1) % len(msg.Media)
	}
	md := msg.Media[p.linkIdx]
	m.setFlash(m.ctx.T.T("media.copied", ordinal(p.linkIdx, len(msg.Media)), md.URL), false)
	return tea.SetClipboard(md.URL)
}

// cannotReplyText says why a conversation offers no compose box: its
// customer is a short code or an alphanumeric sender.
func cannotReplyText(ctx *Context, kind crm.SenderKind) string {
	if kind == crm.SenderShortCode {
		return ctx.T.T("pane.cannot_reply_short_code")
	}
	return ctx.T.T("pane.cannot_reply_alphanumeric")
}

// ordinal is "2/3": attachment i (from 0) of n, the same in every language.
func ordinal(i, n int) string { return fmt.Sprintf("%d/%d", i+1, n) }
