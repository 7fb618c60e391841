package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"smsdesk/crm"
	"smsdesk/i18n"
	"smsdesk/localdb"
	"smsdesk/safetext"
)

// recordTab is the record screen's tab.
type recordTab int

const (
	tabDetails  recordTab = iota // fields, owner, phones
	tabActivity                  // the record's conversations
)

// phoneEntry is one of a record's phone numbers with its slot.
type phoneEntry struct {
	field  crm.PhoneField
	number string
}

// recordScreen shows one record: its fields, owner, active state and phone
// numbers (each with a message icon that opens the conversation pane on
// it), and an Activity tab listing its conversations.
type recordScreen struct {
	ctx  *Context
	id   string
	back focus // where esc returns

	rec     crm.Record
	found   bool
	names   map[string]string
	links   []string // "Account: Fabrikam"… lines
	phones  []phoneEntry
	convs   []localdb.ConversationRow
	tab     recordTab
	list    vlist
	gen     uint64
	listTop int // body line of the list's first row, for clicks
}

// load (re)reads the record, its links and its conversations.
func (r *recordScreen) load() error {
	rec, ok, err := r.ctx.DB.Record(r.id)
	if err != nil {
		return err
	}
	r.rec, r.found = rec, ok
	if r.names, err = ownerNames(r.ctx); err != nil {
		return err
	}
	r.links = r.links[:0]
	for _, l := range []struct {
		key i18n.Key
		id  string
	}{{"record_screen.account", rec.AccountID}, {"record_screen.contact", rec.ContactID}} {
		if l.id == "" {
			continue
		}
		name := l.id
		if linked, ok, err := r.ctx.DB.Record(l.id); err != nil {
			return err
		} else if ok {
			name = linked.Name
		}
		r.links = append(r.links, r.ctx.T.T(l.key, name))
	}
	r.phones = r.phones[:0]
	for _, f := range []crm.PhoneField{crm.PhoneBusiness, crm.PhoneMobile, crm.PhoneMain} {
		if n := rec.Phones[f]; n != "" {
			r.phones = append(r.phones, phoneEntry{field: f, number: n})
		}
	}
	if r.convs, err = r.ctx.DB.RecordConversations(r.id); err != nil {
		return err
	}
	r.gen++
	r.list.clamp(r.rows())
	return nil
}

// rows is the length of the current tab's list.
func (r *recordScreen) rows() int {
	if r.tab == tabActivity {
		return len(r.convs)
	}
	return len(r.phones)
}

// fieldLabel names a record field in the user's language; a field the
// catalog does not know is shown under its own name.
func (c *Context) fieldLabel(name string) string {
	switch name {
	case "FirstName":
		return c.T.T("field.first_name")
	case "LastName":
		return c.T.T("field.last_name")
	case "Email":
		return c.T.T("field.email")
	case "JobTitle":
		return c.T.T("field.job_title")
	case "City":
		return c.T.T("field.city")
	case "Website":
		return c.T.T("field.website")
	case "EstimatedValue":
		return c.T.T("field.estimated_value")
	case "CloseDate":
		return c.T.T("field.close_date")
	case "Company":
		return c.T.T("field.company")
	}
	return safetext.Line(name)
}

// render draws the record screen in w×h.
func (r *recordScreen) render(w, h int) string {
	st, t := r.ctx.Styles, r.ctx.T
	if !r.found {
		return st.Muted.Render(fit(t.T("record_screen.gone"), w))
	}
	rec := r.rec
	state := st.Online.Render(t.T("records.active"))
	if !rec.Active {
		state = st.Muted.Render(t.T("records.inactive"))
	}
	lines := []string{
		fit(st.PaneTitle.Render(recordIcon(rec.Type)+" "+safetext.Line(rec.Name))+"  "+st.Muted.Render(r.ctx.recordTypeLabel(rec.Type))+" · "+state, w),
		fit(safetext.Line(t.T("record_screen.owner", r.ctx.ownerLabel(rec.Owner, r.names))+"   "+strings.Join(r.links, "   ")), w),
	}
	details, activity := t.T("record_screen.details"), t.T("record_screen.activity", len(r.convs))
	if r.tab == tabDetails {
		details = st.Prompt.Render("[" + details + "]")
		activity = st.Muted.Render(" " + activity + " ")
	} else {
		details = st.Muted.Render(" " + details + " ")
		activity = st.Prompt.Render("[" + activity + "]")
	}
	lines = append(lines, fit(details+"  "+activity, w), "")
	if r.tab == tabDetails {
		keys := make([]string, 0, len(rec.Fields))
		for k := range rec.Fields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			lines = append(lines, fit("  "+st.Muted.Render(fit(r.ctx.fieldLabel(k), 18))+" "+safetext.Line(rec.Fields[k]), w))
		}
		lines = append(lines, "", fit(st.Title.Render(t.T("record_screen.phones")), w))
		if len(r.phones) == 0 {
			lines = append(lines, fit(st.Warning.Render("⚠ "+t.T("pane.no_phone")), w))
		}
	} else if len(r.convs) == 0 {
		lines = append(lines, st.Muted.Render(fit(t.T("record_screen.no_activity"), w)))
	}
	r.listTop = len(lines)
	r.list.setHeight(h-len(lines), r.rows())
	rows := r.list.render(r.rows(), w,
		func(i int) (string, uint64) {
			if r.tab == tabActivity {
				return r.convs[i].ID, r.gen
			}
			return r.phones[i].number, r.gen
		},
		func(i, w int, sel bool) string { return r.drawRow(i, w, sel) })
	lines = append(lines, rows...)
	return strings.Join(lines, "\n")
}

func (r *recordScreen) drawRow(i, w int, sel bool) string {
	st, ctx := r.ctx.Styles, r.ctx
	var line string
	if r.tab == tabActivity {
		c := r.convs[i]
		last := ""
		if c.LastMessage != nil {
			last = safetext.Line(messagePreview(*c.LastMessage))
			if c.LastMessage.Direction == crm.Outbound {
				last = ctx.T.T("grid.you_prefix", last)
			}
		}
		unread := ""
		if c.Unread > 0 {
			unread = fmt.Sprint(c.Unread)
		}
		line = fit("  ✉ "+safetext.Line(c.BusinessNumber+" → "+c.CustomerNumber)+"  "+fit(last, max(w-48, 10))+" "+
			fitRight(ctx.gridTime(c.LastMessageAt), 10)+" "+fitRight(unread, 3), w)
	} else {
		p := r.phones[i]
		line = "  ✉ " + fit(safetext.Line(p.number), 16) + " " + fit(ctx.phoneFieldLabel(p.field), 10)
		if sel {
			line += "  " + ctx.T.T("record_screen.message_hint")
		}
		line = fit(line, w)
	}
	if sel {
		return st.RowSelected.Render(fit(ansi.Strip(line), w))
	}
	return line
}

// openRecordScreen shows record id's screen; esc returns to back.
func (m *Model) openRecordScreen(id string, back focus) tea.Cmd {
	if back == focusRecord && m.wf.record != nil {
		back = m.wf.record.back
	}
	r := &recordScreen{ctx: m.ctx, id: id, back: back, list: newVList()}
	if err := r.load(); err != nil {
		m.fail(err)
		return nil
	}
	if !r.found {
		m.setFlash(m.ctx.T.T("record_screen.gone"), true)
		return nil
	}
	if len(r.phones) == 0 && len(r.convs) > 0 {
		r.tab = tabActivity
	}
	m.blurCompose()
	m.wf.record = r
	m.focus = focusRecord
	return nil
}

func (m *Model) recordKey(msg tea.KeyPressMsg) tea.Cmd {
	r, k := m.wf.record, m.ctx.Keys.Workflow
	switch {
	case key.Matches(msg, k.List.Back):
		// Closed, it no longer follows the cache's changes.
		m.wf.record = nil
		m.closeScreen(r.back)
	case key.Matches(msg, k.Record.Tab):
		r.tab = 1 - r.tab
		r.list.jump(0, r.rows())
		r.gen++
	case m.listKeys(msg, &r.list, r.rows(), true):
	case key.Matches(msg, k.Record.Message):
		i := r.list.cursor
		if i < 0 || i >= r.rows() {
			return nil
		}
		var cmd tea.Cmd
		if r.tab == tabActivity {
			cmd = m.openConversation(r.convs[i].ID)
		} else {
			cmd = m.openThread(r.rec, r.phones[i].number)
		}
		if m.pane != nil && m.focus == focusPane {
			m.wf.paneFrom = focusRecord
		}
		return cmd
	case key.Matches(msg, k.Record.Change):
		if r.tab == tabActivity && r.list.cursor < len(r.convs) {
			return m.openMove([]string{r.convs[r.list.cursor].ID}, focusRecord)
		}
		m.setFlash(m.ctx.T.T("move.pick_in_activity"), false)
	}
	return nil
}

// clickRecord selects the clicked phone or conversation; a double click
// opens it.
func (m *Model) clickRecord(y int, double func(clickArea, int) bool) tea.Cmd {
	r := m.wf.record
	i := r.list.rowAt(y-r.listTop, r.rows())
	if i < 0 {
		return nil
	}
	r.list.jump(i, r.rows())
	if double(clickScreen, i) {
		return m.recordKey(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	return nil
}

// openThread opens the pane on the record's conversation with number to:
// the newest existing one from a number the seller may use, else a new
// thread from the seller's first number.
func (m *Model) openThread(rec crm.Record, to string) tea.Cmd {
	opts, err := fromOptions(m.ctx, m.me, "")
	if err != nil {
		m.fail(err)
		return nil
	}
	mine := func(n string) bool {
		return slices.ContainsFunc(opts, func(o numberOption) bool { return o.Number == n })
	}
	rows, err := m.ctx.DB.RecordConversations(rec.ID)
	if err != nil {
		m.fail(err)
		return nil
	}
	for _, r := range rows {
		if r.CustomerNumber == to && mine(r.BusinessNumber) {
			return m.openConversation(r.ID)
		}
	}
	from := ""
	if len(opts) > 0 {
		from = opts[0].Number
	}
	p, err := newThreadPane(m.ctx, m.me, rec, from, to)
	if err != nil {
		m.fail(err)
		return nil
	}
	m.showPane(p)
	return nil
}

// newThreadPane is a pane on a thread that does not exist yet: the record,
// from and to; its id is made up now and sent with the first message.
func newThreadPane(ctx *Context, me crm.User, rec crm.Record, from, to string) (*pane, error) {
	p := &pane{ctx: ctx, me: me, history: newHistory(ctx), compose: newComposer(ctx)}
	p.showThread(rec, from, to)
	if err := p.borrowContactNumber(); err != nil {
		return nil, err
	}
	if err := p.loadNumbers(from, to); err != nil {
		return nil, err
	}
	return p, p.history.open("")
}

// showThread points the pane at a new thread of rec on (from, to).
func (p *pane) showThread(rec crm.Record, from, to string) {
	p.record, p.hasRecord, p.recordRef = rec, true, rec.Ref()
	p.convID, p.newConvID = "", crm.NewID("cv", p.ctx.Rand)
	p.row = localdb.ConversationRow{Conversation: crm.Conversation{
		Record: rec.Ref(), RecordName: rec.Name, BusinessNumber: from, CustomerNumber: to,
	}}
}
