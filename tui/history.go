package tui

import (
	"fmt"
	"strings"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// history is the conversation's messages as a virtual, line-scrolled window.
// It holds only the messages read so far (the newest page, then older pages
// as the seller scrolls up) and draws only the lines on screen: each
// message's block of lines is cached by (id, status, width, focus), and the
// scroll position is an anchor (first visible message, line within it), so
// neither a frame nor a scroll step costs anything proportional to the
// thread's length.
type history struct {
	ctx    *Context
	convID string

	msgs     []crm.Message // oldest first
	hasOlder bool          // the cache holds messages before msgs[0]

	top, topLine int // first visible line: message top, its line topLine
	sel          int // focused message, -1 when there is none
	height       int
	width        int

	blocks map[blockKey][]string
	// manyTo is true when the record has another number to text: a failed
	// message's keys then offer it.
	manyTo bool
}

type blockKey struct {
	id        string
	status    crm.DeliveryStatus
	width     int
	focused   bool
	separator bool
	manyTo    bool
}

// historyPage is how many messages one read brings: a few screens, so
// opening a 5,000-message thread reads 100 of them.
const historyPage = 100

// refreshSpan bounds how many of the newest messages a live refresh rereads;
// status changes older than that are picked up when the pane reopens.
const refreshSpan = 500

func newHistory(ctx *Context) *history {
	return &history{ctx: ctx, sel: -1, blocks: map[blockKey][]string{}}
}

// open loads the newest page of conversation id and shows its end.
func (h *history) open(id string) error {
	h.convID, h.msgs, h.top, h.topLine, h.sel = id, nil, 0, 0, -1
	clear(h.blocks)
	if id == "" {
		h.hasOlder = false
		return nil
	}
	msgs, err := h.ctx.DB.LastMessages(id, historyPage)
	if err != nil {
		return fmt.Errorf("read messages of %s: %w", id, err)
	}
	h.msgs = msgs
	h.hasOlder = len(msgs) == historyPage
	h.sel = len(msgs) - 1
	h.scrollToBottom()
	return nil
}

// refresh merges the newest messages after a change: status updates replace
// messages in place, new ones are appended. The view stays anchored where
// the seller left it unless it was at the bottom, in which case it follows.
func (h *history) refresh() error {
	if h.convID == "" {
		return nil
	}
	follow := h.atBottom()
	selLast := h.sel == len(h.msgs)-1
	n := min(max(len(h.msgs)-h.top+h.height, 50), refreshSpan)
	fresh, err := h.ctx.DB.LastMessages(h.convID, n)
	if err != nil {
		return fmt.Errorf("read messages of %s: %w", h.convID, err)
	}
	// The fresh messages already on screen can only be among our last n.
	pos := make(map[string]int, len(fresh))
	start := max(len(h.msgs)-n, 0)
	for i := start; i < len(h.msgs); i++ {
		pos[h.msgs[i].ID] = i
	}
	for _, m := range fresh {
		if i, ok := pos[m.ID]; ok {
			h.msgs[i] = m
			continue
		}
		h.msgs = append(h.msgs, m)
	}
	if len(h.msgs) > 0 && h.sel < 0 {
		h.sel = len(h.msgs) - 1
	}
	if selLast && follow {
		h.sel = len(h.msgs) - 1
	}
	if follow {
		h.scrollToBottom()
	}
	return nil
}

// loadOlder prepends the page before msgs[0]; it reports whether it read any.
func (h *history) loadOlder() (bool, error) {
	if !h.hasOlder || len(h.msgs) == 0 {
		return false, nil
	}
	older, err := h.ctx.DB.MessagesBefore(h.convID, h.msgs[0], historyPage)
	if err != nil {
		return false, fmt.Errorf("read older messages of %s: %w", h.convID, err)
	}
	h.hasOlder = len(older) == historyPage
	if len(older) == 0 {
		return false, nil
	}
	h.msgs = append(older, h.msgs...)
	h.top += len(older)
	h.sel += len(older)
	return true, nil
}

// setSize sets the viewport and keeps the bottom in view when it was.
func (h *history) setSize(width, height int) {
	if width == h.width && height == h.height {
		return
	}
	follow := h.height == 0 || h.atBottom()
	h.width, h.height = width, max(height, 1)
	if follow {
		h.scrollToBottom()
	}
}

// block is message i's lines, from the cache when it can be.
func (h *history) block(i int) []string {
	m := h.msgs[i]
	sep := i == 0 || !sameDay(h.ctx.local(h.msgs[i-1].CreatedAt), h.ctx.local(m.CreatedAt))
	k := blockKey{id: m.ID, status: m.Status, width: h.width, focused: i == h.sel, separator: sep, manyTo: h.manyTo}
	if b, ok := h.blocks[k]; ok {
		return b
	}
	if len(h.blocks) > maxCachedRows {
		clear(h.blocks)
	}
	b := h.drawBlock(m, k)
	h.blocks[k] = b
	return b
}

// drawBlock renders one message: an optional day separator, a label line,
// the wrapped body and, for outbound messages, the delivery report; a
// focused failed message also shows its reason and what to do about it.
func (h *history) drawBlock(m crm.Message, k blockKey) []string {
	ctx, st := h.ctx, h.ctx.Styles
	w := h.width
	var lines []string
	if k.separator {
		label := " " + ctx.dayLabel(m.CreatedAt) + " "
		side := max((w-ansiWidth(label))/2, 1)
		lines = append(lines, st.DaySeparator.Render(fit(strings.Repeat("─", side)+label+strings.Repeat("─", side), w)))
	}
	bubble := max(w*3/4, 10)
	out := m.Direction == crm.Outbound
	marker := "  "
	if k.focused {
		marker = st.Focused.Render("▌ ")
	}
	align := func(s string) string {
		if out {
			return fitRight(s, w-2)
		}
		return fit(s, w-2)
	}
	var label string
	if out {
		label = st.OutboundLabel.Render(ctx.T.T("pane.you")) + " " + st.Muted.Render(ctx.clock(m.CreatedAt))
	} else {
		label = st.InboundLabel.Render(ctx.T.T("pane.customer")) + " " + st.Muted.Render(ctx.clock(m.CreatedAt))
	}
	lines = append(lines, marker+align(label))
	bodyStyle := st.Inbound
	if out {
		bodyStyle = st.Outbound
	}
	var body []string
	if m.Body != "" || len(m.Media) == 0 {
		body = wrap(safetext.Block(m.Body), bubble-2)
	}
	bw := 0
	for _, l := range body {
		bw = max(bw, ansiWidth(l))
	}
	for _, l := range body {
		lines = append(lines, marker+align(bodyStyle.Render(" "+fit(l, bw)+" ")))
	}
	for _, l := range h.attachmentLines(m, k.focused, bubble) {
		lines = append(lines, marker+align(l))
	}
	if out {
		report := statusGlyph(m.Status) + " " + ctx.statusLabel(m.Status)
		if !m.StatusAt.IsZero() && m.Status != crm.StatusPending {
			report += " " + ctx.clock(m.StatusAt)
		}
		lines = append(lines, marker+align(st.status(m.Status)(report)))
		if failed(m) {
			reason := m.FailureReason
			if reason == "" {
				reason = crm.ReasonUnknown
			}
			if k.focused {
				lines = append(lines, alignBlock(wrap(ctx.failureTitle(m, reason), bubble-2), st.Reason.Render, marker, align)...)
				// A left-aligned block, aligned as a whole like the body:
				// ragged-left prose is hard to read.
				lines = append(lines, alignBlock(wrap(ctx.reasonHint(reason, safetext.Line(m.To)), bubble-2), st.Hint.Render, marker, align)...)
				lines = append(lines, marker+align(st.Muted.Render(ctx.retryKeys(k.manyTo))))
			} else {
				lines = append(lines, marker+align(st.Muted.Render(ctx.T.T("pane.focus_for_reason"))))
			}
		}
	}
	return lines
}

// atBottom reports whether the last line is on screen.
func (h *history) atBottom() bool {
	if len(h.msgs) == 0 {
		return true
	}
	seen := -h.topLine
	for i := h.top; i < len(h.msgs); i++ {
		seen += len(h.block(i))
		if seen > h.height {
			return false
		}
	}
	return true
}

// scrollToBottom shows the last lines.
func (h *history) scrollToBottom() {
	h.top, h.topLine = 0, 0
	total := 0
	for i := len(h.msgs) - 1; i >= 0; i-- {
		n := len(h.block(i))
		total += n
		if total >= h.height {
			h.top, h.topLine = i, total-h.height
			return
		}
	}
}

// scroll moves the window by delta lines (negative: up), reading older
// pages when it reaches the top of what was read.
func (h *history) scroll(delta int) error {
	for ; delta > 0 && !h.atBottom(); delta-- {
		h.topLine++
		if h.topLine >= len(h.block(h.top)) {
			h.top++
			h.topLine = 0
		}
	}
	for ; delta < 0; delta++ {
		switch {
		case h.topLine > 0:
			h.topLine--
		case h.top > 0:
			h.top--
			h.topLine = len(h.block(h.top)) - 1
		default:
			more, err := h.loadOlder()
			if err != nil {
				return err
			}
			if !more {
				return nil
			}
			delta-- // retry this step with the older page in place
		}
	}
	return nil
}

// moveSel focuses the message delta positions away and scrolls to show it.
func (h *history) moveSel(delta int) error {
	if len(h.msgs) == 0 {
		return nil
	}
	target := h.sel + delta
	for target < 0 && h.hasOlder {
		more, err := h.loadOlder()
		if err != nil {
			return err
		}
		if !more {
			break
		}
		target = h.sel + delta
	}
	h.sel = min(max(target, 0), len(h.msgs)-1)
	h.ensureVisible()
	return nil
}

// toOldest reads the whole thread and shows its first message.
func (h *history) toOldest() error {
	for h.hasOlder {
		if _, err := h.loadOlder(); err != nil {
			return err
		}
	}
	h.sel, h.top, h.topLine = 0, 0, 0
	return nil
}

// toNewest shows and focuses the last message.
func (h *history) toNewest() {
	h.sel = len(h.msgs) - 1
	h.scrollToBottom()
}

// ensureVisible scrolls the least needed to show the whole focused message.
func (h *history) ensureVisible() {
	if h.sel < 0 {
		return
	}
	if h.sel < h.top || (h.sel == h.top && h.topLine > 0) {
		h.top, h.topLine = h.sel, 0
		return
	}
	end := -h.topLine
	for i := h.top; i <= h.sel; i++ {
		end += len(h.block(i))
	}
	if end <= h.height {
		return
	}
	if len(h.block(h.sel)) >= h.height {
		h.top, h.topLine = h.sel, 0
		return
	}
	for excess := end - h.height; excess > 0; excess-- {
		h.topLine++
		if h.topLine >= len(h.block(h.top)) {
			h.top++
			h.topLine = 0
		}
	}
}

// padding is how many blank lines go above a thread too short to fill the
// window, so its newest message sits just above the compose box, where the
// seller's eyes are, as in every messaging app.
func (h *history) padding() int {
	if h.top != 0 || h.topLine != 0 || h.hasOlder {
		return 0
	}
	n := 0
	for i := range h.msgs {
		n += len(h.block(i))
		if n >= h.height {
			return 0
		}
	}
	return h.height - n
}

// render returns exactly height lines of history.
func (h *history) render() []string {
	lines := make([]string, h.padding(), h.height)
	skip := h.topLine
	for i := h.top; i < len(h.msgs) && len(lines) < h.height; i++ {
		b := h.block(i)
		for _, l := range b[min(skip, len(b)):] {
			if len(lines) == h.height {
				break
			}
			lines = append(lines, l)
		}
		skip = 0
	}
	for len(lines) < h.height {
		lines = append(lines, "")
	}
	return lines
}

// selected is the focused message, if any.
func (h *history) selected() (crm.Message, bool) {
	if h.sel < 0 || h.sel >= len(h.msgs) {
		return crm.Message{}, false
	}
	return h.msgs[h.sel], true
}

// messageAt maps a line of the visible history to a message index, -1 for
// none.
func (h *history) messageAt(line int) int {
	line -= h.padding()
	if line < 0 {
		return -1
	}
	skip := h.topLine
	for i := h.top; i < len(h.msgs); i++ {
		n := len(h.block(i)) - skip
		if line < n {
			return i
		}
		line -= n
		skip = 0
	}
	return -1
}
