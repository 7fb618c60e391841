package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/safetext"
)

// pane is the conversation pane: the record's thread on one pair of numbers,
// its history, the number selectors and the compose box.
type pane struct {
	ctx *Context
	me  crm.User

	// convID is the thread on screen; "" for a new thread on a pair of
	// numbers that has none yet (newConvID is then the id it will get).
	convID    string
	newConvID string
	row       localdb.ConversationRow
	record    crm.Record
	hasRecord bool
	recordRef crm.RecordRef

	from, to selector
	// workItemID is the Sales accelerator step this thread was opened
	// for: the next send completes it.
	workItemID string
	// contactNumber is the customer number an opportunity without phones
	// borrows from its contact (related.go).
	contactNumber string
	history       *history
	compose       *composer
	width         int
	height        int
	// linkMsg and linkIdx are the attachment the copy key copied last, so
	// pressing it again on the same message copies the next one (media.go).
	linkMsg string
	linkIdx int
}

// errNoConversation: the conversation is not (or no longer) in the cache.
var errNoConversation = errors.New("conversation not in cache")

// openPane loads conversation id for display.
func openPane(ctx *Context, me crm.User, id string) (*pane, error) {
	p := &pane{ctx: ctx, me: me, history: newHistory(ctx), compose: newComposer(ctx)}
	if err := p.load(id); err != nil {
		return nil, err
	}
	// The words the seller left unsent here last time.
	draft, err := ctx.DB.Draft(id)
	if err != nil {
		return nil, err
	}
	p.compose.area.SetValue(draft)
	return p, nil
}

// load (re)reads the conversation row, its record and the number choices.
func (p *pane) load(id string) error {
	row, ok, err := p.ctx.DB.Conversation(id)
	if err != nil {
		return fmt.Errorf("load conversation %s: %w", id, err)
	}
	if !ok {
		return fmt.Errorf("open %s: %w", id, errNoConversation)
	}
	p.convID, p.newConvID, p.row, p.recordRef = id, "", row, row.Record
	if err := p.loadRecord(); err != nil {
		return err
	}
	if err := p.loadNumbers(row.BusinessNumber, row.CustomerNumber); err != nil {
		return err
	}
	return p.history.open(id)
}

func (p *pane) loadRecord() error {
	rec, ok, err := p.ctx.DB.Record(p.recordRef.ID)
	if err != nil {
		return fmt.Errorf("load record %s: %w", p.recordRef.ID, err)
	}
	p.record, p.hasRecord = rec, ok
	return p.borrowContactNumber()
}

// loadNumbers fills both selectors, pointing at from and to.
func (p *pane) loadNumbers(from, to string) error {
	opts, err := fromOptions(p.ctx, p.me, p.row.BusinessNumber)
	if err != nil {
		return err
	}
	p.from = selector{options: opts}
	p.from.point(from)
	p.to = selector{options: toOptions(p.ctx, p.record, p.hasRecord, p.row.CustomerNumber)}
	p.to.point(to)
	if many := len(p.to.options) > 1; many != p.history.manyTo {
		p.history.manyTo = many
		clear(p.history.blocks)
	}
	return nil
}

// noPhone reports whether the record has no phone number at all, in which
// case the pane shows a warning instead of the compose box.
func (p *pane) noPhone() bool {
	return p.hasRecord && len(p.record.Phones) == 0 && p.contactNumber == ""
}

// cannotReply reports whether the customer on screen is a short code or an
// alphanumeric sender, which no message can reach.
func (p *pane) cannotReply() bool { return p.convID != "" && !p.row.CanReply() }

// optedOut reports whether the customer on screen has opted out.
func (p *pane) optedOut() bool { return p.convID != "" && p.row.OptedOut }

// canSend reports whether the compose box is offered.
func (p *pane) canSend() bool {
	_, hasFrom := p.from.choice()
	_, hasTo := p.to.choice()
	return !p.cannotReply() && !p.noPhone() && !p.optedOut() && hasFrom && hasTo
}

// refresh rereads after a change to this conversation.
func (p *pane) refresh() error {
	if p.convID == "" {
		return nil
	}
	row, ok, err := p.ctx.DB.Conversation(p.convID)
	if err != nil {
		return fmt.Errorf("load conversation %s: %w", p.convID, err)
	}
	if !ok {
		return fmt.Errorf("refresh %s: %w", p.convID, errNoConversation)
	}
	moved := row.Record != p.row.Record
	p.row = row
	if moved {
		// Moved to another record (or its type changed): its name, its
		// phones and so the number choices follow.
		if err := p.reloadChoices(); err != nil {
			return err
		}
	}
	return p.history.refresh()
}

// reloadChoices rereads the record and the number choices, keeping the
// numbers in use selected.
func (p *pane) reloadChoices() error {
	p.recordRef = p.row.Record
	if err := p.loadRecord(); err != nil {
		return err
	}
	from, _ := p.from.choice()
	to, _ := p.to.choice()
	return p.loadNumbers(from.Number, to.Number)
}

// choosePair switches the pane to the thread on (from, to): the existing
// conversation of this record on that pair, or a new thread whose id the
// client makes up now and sends with the first message.
func (p *pane) choosePair(from, to string) error {
	if from == p.row.BusinessNumber && to == p.row.CustomerNumber && p.convID != "" {
		return nil
	}
	rows, err := p.ctx.DB.RecordConversations(p.recordRef.ID)
	if err != nil {
		return fmt.Errorf("load conversations of %s: %w", p.recordRef.ID, err)
	}
	for _, r := range rows {
		if r.BusinessNumber == from && r.CustomerNumber == to {
			if err := p.load(r.ID); err != nil {
				return err
			}
			return nil
		}
	}
	p.convID, p.newConvID = "", crm.NewID("cv", p.ctx.Rand)
	p.row.OptedOut = false
	p.from.point(from)
	p.to.point(to)
	return p.history.open("")
}

// send enqueues the compose box's text as a send_message command. The cache
// echoes it at once as a pending message; the sync link delivers it.
func (p *pane) send() (crm.Command, error) {
	cmd, err := p.sendBody(p.compose.value())
	if err == nil && cmd.ID != "" {
		p.compose.reset()
		err = p.ctx.DB.SaveDraft(cmd.Send.ConversationID, "")
	}
	return cmd, err
}

// sendBody enqueues body as a send_message command from and to the numbers
// chosen in the pane, and focuses it.
func (p *pane) sendBody(body string) (crm.Command, error) {
	from, okFrom := p.from.choice()
	to, okTo := p.to.choice()
	if body == "" || !okFrom || !okTo {
		return crm.Command{}, nil
	}
	convID := p.convID
	if convID == "" {
		convID = p.newConvID
	}
	cmd := crm.Command{
		ID:   crm.NewID("cmd", p.ctx.Rand),
		Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{
			ConversationID: convID,
			Record:         p.recordRef,
			From:           from.Number,
			To:             to.Number,
			Body:           body,
			WorkItemID:     p.workItemID,
		},
	}
	if err := p.ctx.DB.Enqueue(cmd); err != nil {
		return crm.Command{}, fmt.Errorf("queue message: %w", err)
	}
	p.workItemID = ""
	if p.convID == "" {
		// The new thread exists in the cache from now on (local echo).
		if row, ok, err := p.ctx.DB.Conversation(convID); err == nil && ok {
			p.convID, p.row = convID, row
			if err := p.history.open(convID); err != nil {
				return cmd, err
			}
			return cmd, nil
		}
		p.convID = convID
		if err := p.history.open(convID); err != nil {
			return cmd, err
		}
		return cmd, nil
	}
	if err := p.history.refresh(); err != nil {
		return cmd, err
	}
	// Focus what was just sent, so its delivery report (and a failure's
	// reason) is the one explained.
	p.history.toNewest()
	return cmd, nil
}

// setSize lays the pane out in width×height.
func (p *pane) setSize(width, height int) {
	p.width, p.height = width, height
	p.compose.setWidth(width)
	p.history.setSize(width, max(height-p.chromeHeight(), 1))
}

// chromeHeight is the lines around the history: title, numbers, rule, and
// the compose box or the warning that replaces it.
func (p *pane) chromeHeight() int {
	if w := p.warningLines(); w != nil {
		return 3 + 1 + len(w)
	}
	return 3 + p.compose.height()
}

// warningLines is the warning shown instead of the compose box, wrapped to
// the pane's width, or nil when the compose box is offered. It takes as
// many lines as it needs but leaves the title, numbers, rule, the blank line
// above it and one line of history on the pane.
func (p *pane) warningLines() []string {
	t := p.ctx.T
	var text string
	switch {
	case p.cannotReply():
		text = cannotReplyText(p.ctx, p.row.SenderKind)
	case p.noPhone():
		text = t.T("pane.no_phone")
	case p.optedOut():
		text = t.T("pane.opted_out")
	case !p.canSend():
		text = t.T("pane.no_from_number")
	default:
		return nil
	}
	w := p.width
	lines := wrap(oneLine("⚠ "+text), w)
	if room := max(p.height-3-1-1, 1); len(lines) > room {
		// Too short a pane for the whole warning: its last line shows
		// that more was cut.
		lines = append(lines[:room-1], fit(strings.Join(lines[room-1:], " "), w))
	}
	for i, l := range lines {
		lines[i] = fit(p.ctx.Styles.Warning.Render(l), w)
	}
	return lines
}

// title is the pane's first line: record type, name.
func (p *pane) title() string {
	name := p.row.RecordName
	if p.hasRecord {
		name = p.record.Name
	}
	return recordIcon(p.recordRef.Type) + " " + safetext.Line(name) + "  " +
		p.ctx.Styles.Muted.Render(p.ctx.recordTypeLabel(p.recordRef.Type))
}

// numbersLine shows from → to with their labels and the selector keys,
// dropping the labels first when the pane is too narrow for them: the
// numbers themselves are what a seller must always see.
func (p *pane) numbersLine() string {
	t, st := p.ctx.T, p.ctx.Styles
	from, _ := p.from.choice()
	to, _ := p.to.choice()
	hint := ""
	if len(p.from.options) > 1 {
		hint = "  " + st.Muted.Render(t.T("pane.from_choices", len(p.from.options)))
	}
	s := t.T("pane.from", optionText(from)) + "  →  " + t.T("pane.to", optionText(to)) + hint
	if ansiWidth(s) > p.width {
		s = t.T("pane.from", safetext.Line(from.Number)) + "  →  " + t.T("pane.to", safetext.Line(to.Number)) + hint
	}
	return s
}

// optionText is a number choice as shown: both parts come from outside.
func optionText(o numberOption) string {
	if o.Label == "" {
		return safetext.Line(o.Number)
	}
	return safetext.Line(o.Number + " (" + o.Label + ")")
}

// render draws the pane; sel is the open selector, if any.
func (p *pane) render(sel *selector, selTitle string) string {
	var box []string
	if sel != nil {
		box = renderSelector(p.ctx, sel, selTitle, p.width)
	}
	return p.renderWith(box)
}

// renderWith draws the pane with box (a selector, the related records
// drop-down) over the bottom of the history.
func (p *pane) renderWith(box []string) string {
	st, t := p.ctx.Styles, p.ctx.T
	w := p.width
	lines := []string{
		fit(st.PaneTitle.Render(p.title()), w),
		fit(p.numbersLine(), w),
	}
	if p.convID == "" {
		lines = append(lines, fit(st.Muted.Render(t.T("pane.new_thread")), w))
	} else {
		lines = append(lines, st.Muted.Render(strings.Repeat("─", w)))
	}
	var hist []string
	if h := p.history; box != nil && len(box) < h.height {
		// The box takes the bottom of the history area: the history is
		// drawn in what is left, scrolled so the focused message (the one
		// the box may be about) stays in sight above it.
		full := h.height
		h.height = full - len(box)
		h.ensureVisible()
		hist = append(h.render(), box...)
		h.height = full
	} else {
		hist = h.render()
	}
	lines = append(lines, hist...)
	if warning := p.warningLines(); warning != nil {
		lines = append(lines, "")
		lines = append(lines, warning...)
	} else {
		lines = append(lines, p.compose.render(w))
	}
	return strings.Join(lines, "\n")
}

// renderSelector draws a selector as a titled list.
func renderSelector(ctx *Context, s *selector, title string, w int) []string {
	st := ctx.Styles
	lines := []string{fit(st.Title.Render(title), w)}
	for i, o := range s.options {
		line := fit("  "+optionText(o), w)
		if i == s.cursor {
			line = st.RowSelected.Render(fit("▸ "+optionText(o), w))
		}
		lines = append(lines, line)
	}
	return lines
}

// focusCompose gives the compose box the keyboard.
func (p *pane) focusCompose() tea.Cmd {
	return p.compose.focus()
}

// blurCompose takes it back.
func (p *pane) blurCompose() {
	p.compose.blur()
}
