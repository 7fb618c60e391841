package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// toggleMark selects or unselects the row under the cursor for a move and
// steps down, so a run of rows is selected by holding the key.
func (g *grid) toggleMark() {
	r := g.selected()
	if r == nil {
		return
	}
	if g.marked[r.ID] {
		delete(g.marked, r.ID)
	} else {
		g.marked[r.ID] = true
	}
	g.bump(r)
	g.list.move(1, len(g.view))
}

// markAll selects every visible row, or unselects them all when they
// already are.
func (g *grid) markAll() {
	all := len(g.view) > 0
	for _, r := range g.view {
		all = all && g.marked[r.ID]
	}
	for _, r := range g.view {
		if all {
			delete(g.marked, r.ID)
		} else {
			g.marked[r.ID] = true
		}
		g.bump(r)
	}
}

// clearMarks unselects everything.
func (g *grid) clearMarks() {
	for id := range g.marked {
		if r, ok := g.byID[id]; ok {
			g.bump(r)
		}
	}
	clear(g.marked)
}

// bump gives a row a new version so its cached rendering is redrawn.
func (g *grid) bump(r *gridRow) {
	g.version++
	r.version = g.version
}

// selection is what a move applies to: the selected rows still in the
// grid, in screen order, or else the row under the cursor.
func (g *grid) selection() []string {
	var ids []string
	for _, r := range g.all {
		if g.marked[r.ID] {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		if r := g.selected(); r != nil {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// moveLookup is the "Change" lookup: search records of every type, pick
// one, confirm; the conversations then move to it.
type moveLookup struct {
	*recordSearch
	convIDs []string
	back    focus
	chosen  *crm.Record // set once picked: the confirmation shows
}

// moveUndo remembers the last move so the undo key can put every
// conversation back where it was.
type moveUndo struct {
	to      string // the record's name, for the confirmation
	entries []movedConversation
}

type movedConversation struct {
	convID string
	from   crm.RecordRef
}

// openMove opens the lookup for conversations ids; back is where it returns.
func (m *Model) openMove(ids []string, back focus) tea.Cmd {
	if len(ids) == 0 {
		m.setFlash(m.ctx.T.T("move.nothing"), false)
		return nil
	}
	s, err := newRecordSearch(m.ctx)
	if err != nil {
		m.fail(err)
		return nil
	}
	m.blurCompose()
	m.wf.move = &moveLookup{recordSearch: s, convIDs: ids, back: back}
	m.focus = focusMove
	return nil
}

// render draws the lookup, or the confirmation once a record is picked.
func (l *moveLookup) render(w, h int) string {
	t, st := l.ctx.T, l.ctx.Styles
	if l.chosen == nil {
		return l.recordSearch.render(w, h, t.T("move.prompt", len(l.convIDs)))
	}
	r := l.chosen
	lines := []string{
		fit(st.Warning.Render(t.T("move.confirm", len(l.convIDs), recordIcon(r.Type)+" "+safetext.Line(r.Name), l.ctx.recordTypeLabel(r.Type))), w),
		fit(st.Muted.Render(t.T("move.confirm_keys")), w),
		"",
	}
	for _, id := range l.convIDs {
		if len(lines) >= h {
			break
		}
		row, ok, err := l.ctx.DB.Conversation(id)
		if err != nil || !ok {
			continue
		}
		lines = append(lines, fit("  "+recordIcon(row.Record.Type)+" "+safetext.Line(row.RecordName)+"  "+
			st.Muted.Render(safetext.Line(row.BusinessNumber+" → "+row.CustomerNumber)), w))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) moveKey(msg tea.KeyPressMsg) tea.Cmd {
	l, k := m.wf.move, m.ctx.Keys.Workflow
	if l.chosen != nil {
		switch {
		case key.Matches(msg, k.Move.Confirm):
			to := *l.chosen
			m.wf.move = nil
			m.closeScreen(l.back)
			return m.applyMove(l.convIDs, to)
		case key.Matches(msg, k.List.Back):
			l.chosen = nil
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.List.Back):
		m.wf.move = nil
		m.closeScreen(l.back)
	case key.Matches(msg, k.List.Open):
		if r, ok := l.selected(); ok {
			l.chosen = &r
		}
	case m.listKeys(msg, &l.list, len(l.items), false):
	default:
		q := l.query
		if editLine(&q, msg) && q != l.query {
			if err := l.setQuery(q); err != nil {
				m.fail(err)
			}
		}
	}
	return nil
}

// applyMove queues one move_conversation per conversation (the cache moves
// them at once, the outbox delivers the commands, offline too) and keeps
// what the undo key needs.
func (m *Model) applyMove(ids []string, to crm.Record) tea.Cmd {
	undo := &moveUndo{to: to.Name}
	for _, id := range ids {
		row, ok, err := m.ctx.DB.Conversation(id)
		if err != nil {
			m.fail(err)
			return nil
		}
		if !ok || row.Record.ID == to.ID {
			continue
		}
		if err := m.queueMove(id, to.Ref()); err != nil {
			m.setFlash(m.ctx.T.T("error.queue", err.Error()), true)
			return nil
		}
		undo.entries = append(undo.entries, movedConversation{convID: id, from: row.Record})
	}
	m.grid.clearMarks()
	m.wf.undo = nil
	if len(undo.entries) == 0 {
		m.setFlash(m.ctx.T.T("move.already", to.Name), false)
		return nil
	}
	m.wf.undo = undo
	m.afterMove(ids)
	return m.flush()
}

// queueMove enqueues one move command.
func (m *Model) queueMove(convID string, to crm.RecordRef) error {
	return m.ctx.DB.Enqueue(crm.Command{
		ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdMoveConversation,
		Move: &crm.MoveConversation{ConversationID: convID, To: to},
	})
}

// afterMove shows the moved conversations' new records at once, without
// waiting for the cache's change to come round.
func (m *Model) afterMove(ids []string) {
	if err := m.grid.patch(ids, nil); err != nil {
		m.fail(err)
		return
	}
	if m.pane != nil && m.pane.convID != "" {
		for _, id := range ids {
			if id == m.pane.convID {
				if err := m.pane.refresh(); err != nil {
					m.fail(err)
				}
				break
			}
		}
	}
	if m.wf.record != nil {
		if err := m.wf.record.load(); err != nil {
			m.fail(err)
		}
	}
}

// undoNotice is the confirmation of the last move with its undo key.
func (m *Model) undoNotice() string {
	u := m.wf.undo
	return m.ctx.T.T("move.done", len(u.entries), u.to, m.ctx.Keys.Global.Undo.Help().Key)
}

// undoMove moves the conversations of the last move back.
func (m *Model) undoMove() tea.Cmd {
	u := m.wf.undo
	m.wf.undo = nil
	ids := make([]string, 0, len(u.entries))
	for _, e := range u.entries {
		if err := m.queueMove(e.convID, e.from); err != nil {
			m.setFlash(m.ctx.T.T("error.queue", fmt.Sprint(err)), true)
			return nil
		}
		ids = append(ids, e.convID)
	}
	m.afterMove(ids)
	m.setFlash(m.ctx.T.T("move.undone", len(ids)), false)
	return m.flush()
}
