package tui

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/i18n"
	"smsdesk/localdb"
	"smsdesk/sync/client"
)

// focus says which part of the screen has the keyboard.
type focus int

const (
	focusGrid focus = iota
	focusFilter
	focusPane
	focusCompose
	focusFromSelector
	focusToSelector
	focusNotifications
	focusHelp
	// The workflow screens (workflows.go).
	focusRecords
	focusRecord
	focusMove
	focusTemplates
	focusTemplateForm
	focusRelated
	focusWorklist
	// The Phone numbers screen and its owner lookup (phone_numbers.go).
	focusPhoneNumbers
	focusOwnerLookup
)

// Options configure New. DB and Printer are required.
type Options struct {
	DB      *localdb.DB
	Link    Link // nil: no server (the header shows offline)
	Printer *i18n.Printer
	// Now and Location default to time.Now and time.Local; Rand to
	// crypto/rand. Tests inject all three.
	Now      func() time.Time
	Location *time.Location
	Rand     io.Reader
	// NoColor drops colours; New also honours the NO_COLOR variable via
	// Getenv when it is set.
	NoColor bool
	Getenv  func(string) string
	// Dark is the background assumed until the terminal reports its own.
	Dark bool
	// Server is the address the link dials, named when it cannot be
	// reached; empty when there is no server (tests, the demo's own link).
	Server string
}

// Model is the root model: it owns the context, the focus and every screen,
// and routes each message to the screen that has the focus.
type Model struct {
	ctx *Context

	focus     focus
	prevFocus focus // where the help overlay and the center return to

	grid      *grid
	pane      *pane // nil while no conversation is open
	notes     *notifCenter
	notesOpen bool

	me      crm.User
	org     crm.Org
	header  headerState
	bar     progress.Model
	help    help.Model
	changes <-chan localdb.Change
	cancel  func()
	flash   string // one-line notice under the screens, cleared by the next key
	// stopped is why the sync link gave up, shown when no flash is.
	stopped  string
	flashBad bool

	frame     frameCache
	lastClick click
	readUpTo  map[string]time.Time // conversation → last message marked read
	readDue   string               // conversation whose debounced mark is pending
	why       *whyPanel            // "why is this message here?" over the pane (routing_why.go)
	day       time.Time            // the day the cached renderings were made on
	offline   bool                 // the seller cut the link on purpose

	wf workflows // records, moves, templates, related records, work list

	numbers *phoneNumbers // the Phone numbers screen; nil until first opened
}

// click remembers the last left click to recognise a double click.
type click struct {
	at   time.Time
	x, y int
	area clickArea
	row  int
}

// clickArea is the list a click landed in.
type clickArea int

const (
	clickNone clickArea = iota
	clickGrid
	clickNotifications
	clickScreen // a workflow screen's list
)

// doubleClickWindow is how close two clicks must be to make a double click.
const doubleClickWindow = 500 * time.Millisecond

// New builds the root model from the cache; the first View is ready as soon
// as it returns.
func New(opts Options) (*Model, error) {
	if opts.DB == nil || opts.Printer == nil {
		return nil, errors.New("tui: DB and Printer are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	noColor := opts.NoColor || opts.Getenv("NO_COLOR") != ""
	ctx := &Context{
		T:       opts.Printer,
		Keys:    NewKeyMap(opts.Printer),
		Styles:  NewStyles(opts.Dark, noColor),
		Now:     opts.Now,
		Loc:     opts.Location,
		Rand:    opts.Rand,
		DB:      opts.DB,
		Link:    opts.Link,
		Server:  opts.Server,
		Dark:    opts.Dark,
		NoColor: noColor,
		Width:   80,
		Height:  24,
	}
	m := &Model{ctx: ctx, grid: newGrid(ctx), notes: newNotifCenter(ctx), readUpTo: map[string]time.Time{}}
	m.help = help.New()
	m.help.Styles = ctx.Styles.Help
	m.bar = newProgress(ctx.Styles)
	m.header.hasLink = opts.Link != nil
	// Subscribe before reading: a change stored between the reads and the
	// subscription (a first sync already running) would otherwise be lost,
	// leaving, say, the grid filled and the seller's identity empty.
	m.changes, m.cancel = opts.DB.Subscribe()
	load := func() error {
		if err := m.loadIdentity(); err != nil {
			return err
		}
		if err := m.grid.load(); err != nil {
			return err
		}
		return m.loadCounters()
	}
	if err := load(); err != nil {
		m.Close()
		return nil, err
	}
	m.day = startOfDay(ctx.today())
	return m, nil
}

// Close stops the cache subscription.
func (m *Model) Close() {
	// What the seller was typing when they quit is there next time.
	m.keepDraft()
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
}

// loadIdentity reads the user and the org settings.
func (m *Model) loadIdentity() error {
	me, _, err := m.ctx.DB.Me()
	if err != nil {
		return fmt.Errorf("load user: %w", err)
	}
	org, err := m.ctx.DB.Org()
	if err != nil {
		return fmt.Errorf("load org: %w", err)
	}
	m.me, m.org = me, org
	m.header.userName = me.Name
	m.header.bellShown = org.InAppNotifications
	m.applyRoles()
	return nil
}

// loadCounters reads the bell's count and the outbox length. The bell
// counts what the New column counts, unread inbound messages (see
// unreadMessages); other notifications wait in the center.
func (m *Model) loadCounters() error {
	n := m.grid.unreadMessages()
	q, err := m.ctx.DB.OutboxLen()
	if err != nil {
		return fmt.Errorf("count outbox: %w", err)
	}
	m.header.unreadNotes, m.header.queued = n, q
	return nil
}

// Init starts listening to the cache and the link, and asks the terminal
// for its background colour.
func (m *Model) Init() tea.Cmd {
	var status <-chan client.Status
	if m.ctx.Link != nil {
		status = m.ctx.Link.Status()
	}
	return tea.Batch(waitChanges(m.changes), waitStatus(status), tea.RequestBackgroundColor)
}

// Update routes a message to the screen that should see it.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.Width, m.ctx.Height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.setTheme(msg.IsDark())
		return m, nil
	case changesMsg:
		if err := m.applyChange(msg.change); err != nil {
			m.fail(err)
		}
		return m, tea.Batch(m.markShownRead(), waitChanges(m.changes))
	case statusMsg:
		m.applyStatus(msg.status)
		if m.ctx.Link == nil {
			return m, nil
		}
		return m, waitStatus(m.ctx.Link.Status())
	case LinkStopped:
		return m, m.linkStopped(msg.Err)
	case snoozeWakeMsg:
		return m, m.snoozeWoke(msg)
	case readDueMsg:
		return m, m.readNow(msg.convID)
	case tea.KeyPressMsg:
		// The undo key works only while the move's confirmation shows,
		// which a notice hides.
		m.wf.undoShown = m.wf.undo != nil && m.flash == ""
		m.flash = ""
		return m, m.handleKey(msg)
	case tea.MouseClickMsg:
		return m, m.handleClick(msg)
	case tea.MouseWheelMsg:
		m.handleWheel(msg)
		return m, nil
	case tea.PasteMsg:
		if m.focus == focusCompose && m.pane != nil {
			return m, m.pane.compose.update(msg)
		}
		if m.focus == focusFilter {
			m.grid.setFilter(m.grid.filter + oneLine(msg.Content))
		}
		return m, nil
	}
	if m.focus == focusCompose && m.pane != nil {
		return m, m.pane.compose.update(msg)
	}
	return m, nil
}

// setTheme rebuilds the styles for the terminal's background.
func (m *Model) setTheme(dark bool) {
	if dark == m.ctx.Dark {
		return
	}
	m.ctx.Dark = dark
	m.ctx.Styles = NewStyles(dark, m.ctx.NoColor)
	m.help.Styles = m.ctx.Styles.Help
	m.bar = newProgress(m.ctx.Styles)
	m.invalidate()
}

// invalidate drops every cached rendering.
func (m *Model) invalidate() {
	m.grid.list.invalidate()
	m.notes.list.invalidate()
	if m.pane != nil {
		clear(m.pane.history.blocks)
	}
}

// linkStopped keeps the reason the link gave up on the notice line, and
// there it stays: a key press does not make the link work again. A refused
// token also ends the program: the seller is no longer allowed to see what
// the cache holds, and an empty or frozen screen would only look like a
// slow network. The caller explains the refusal once the terminal is back.
func (m *Model) linkStopped(err error) tea.Cmd {
	m.header.status.State = client.StateOffline
	if errors.Is(err, client.ErrUnauthorized) {
		m.stopped = m.ctx.T.T("conn.unauthorized")
		return tea.Quit
	}
	m.stopped = m.ctx.T.T("conn.stopped", fmt.Sprint(err))
	return nil
}

// applyStatus takes the link's newest status.
func (m *Model) applyStatus(s client.Status) {
	if s.State == client.StateOnline {
		m.header.wasOnline = true
	}
	m.header.status = s
	m.grid.unreachable = m.unreachableLines()
}

// applyChange brings the screens up to date with a coalesced cache change.
func (m *Model) applyChange(c localdb.Change) error {
	if c.Snapshot || slices.ContainsFunc(c.Kinds, func(k crm.EventKind) bool {
		return k == crm.EventUser || k == crm.EventOrg || k == crm.EventTeam
	}) {
		if err := m.loadIdentity(); err != nil {
			return err
		}
	}
	if c.Snapshot {
		if err := m.grid.load(); err != nil {
			return err
		}
	} else if len(c.Conversations) > 0 || len(c.Removed) > 0 {
		if err := m.grid.patch(c.Conversations, c.Removed); err != nil {
			return err
		}
	}
	if err := m.refreshPane(c); err != nil {
		return err
	}
	if m.pane != nil && (c.Snapshot || slices.ContainsFunc(c.Kinds, func(k crm.EventKind) bool {
		return k == crm.EventRecord || k == crm.EventNumber || k == crm.EventUser || k == crm.EventTeam
	})) {
		// A phone, a number's owner or the user's teams changed: the
		// selectors must offer what is allowed now.
		m.pane.me = m.me
		if err := m.pane.reloadChoices(); err != nil {
			return err
		}
	}
	if err := m.loadCounters(); err != nil {
		return err
	}
	if err := m.refreshWorkflows(c); err != nil {
		return err
	}
	if err := m.refreshPhoneNumbers(c); err != nil {
		return err
	}
	if m.notesOpen {
		return m.notes.load()
	}
	return nil
}

// refreshPane updates the open conversation, or closes it when the user
// can no longer see it.
func (m *Model) refreshPane(c localdb.Change) error {
	p := m.pane
	if p == nil {
		return nil
	}
	id := p.convID
	if id == "" {
		id = p.newConvID
	}
	if slices.Contains(c.Removed, id) {
		m.closePane()
		m.setFlash(m.ctx.T.T("pane.revoked"), true)
		return nil
	}
	if !c.Snapshot && !slices.Contains(c.Conversations, id) {
		return nil
	}
	if p.convID == "" {
		// A new thread appears in the cache under the id we made up.
		if _, ok, err := m.ctx.DB.Conversation(id); err != nil || !ok {
			return err
		}
		p.convID = id
	}
	err := p.refresh()
	if errors.Is(err, errNoConversation) {
		m.closePane()
		m.setFlash(m.ctx.T.T("pane.revoked"), true)
		return nil
	}
	return err
}

// markShownRead marks the open conversation read when a reply arrives while
// it is on screen: what the seller sees is read. A burst of replies makes
// one command: the mark waits readDelay for the rest (read_debounce.go).
// readUpTo remembers the last message marked, so the mark's own echo cannot
// trigger another.
func (m *Model) markShownRead() tea.Cmd {
	if !m.shownUnread() {
		return nil
	}
	return m.scheduleRead(m.pane.convID)
}

// shownUnread: the open pane shows a reply not yet marked read.
func (m *Model) shownUnread() bool {
	p := m.pane
	if p == nil || p.convID == "" || p.row.Unread == 0 || m.layout().paneW == 0 {
		return false
	}
	at, ok := m.readUpTo[p.convID]
	return !ok || p.row.LastMessageAt.After(at)
}

func (m *Model) setFlash(s string, bad bool) { m.flash, m.flashBad = s, bad }

// fail shows an error on the notice line, in words a seller can act on when
// there are some (a conversation that is gone), else with its details.
func (m *Model) fail(err error) {
	if errors.Is(err, errNoConversation) {
		m.setFlash(m.ctx.T.T("pane.revoked"), true)
		return
	}
	m.setFlash(m.ctx.T.T("error.generic", err.Error()), true)
}

// showPane puts p in the pane with the focus; the compose box of the pane
// it replaces loses its cursor first. Esc from it goes back to the grid.
func (m *Model) showPane(p *pane) {
	if m.pane != nil {
		m.pane.blurCompose()
		m.keepDraft()
	}
	m.pane, m.focus, m.wf.paneFrom = p, focusPane, focusGrid
	m.grid.setDetached(false)
}

// openConversation opens id in the pane, gives it the focus and marks it
// read.
func (m *Model) openConversation(id string) tea.Cmd {
	p, err := openPane(m.ctx, m.me, id)
	if err != nil {
		m.fail(err)
		return nil
	}
	m.showPane(p)
	m.grid.selectID(id)
	if p.row.Unread > 0 {
		m.readUpTo[id] = p.row.LastMessageAt
		return m.enqueue(crm.Command{ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdMarkRead, ConversationID: id})
	}
	return nil
}

// closePane closes the conversation and returns the keyboard to the grid.
func (m *Model) closePane() {
	if m.pane != nil {
		m.pane.blurCompose()
		m.keepDraft()
	}
	m.pane = nil
	m.grid.setDetached(false)
	// Only the pane's own focus moves: a workflow screen, the filter or
	// the center in front stays where it is.
	switch m.focus {
	case focusGrid, focusPane, focusCompose, focusFromSelector, focusToSelector, focusRelated:
		m.focus = m.paneReturn()
	}
}

// enqueue writes a command to the outbox and nudges the link.
func (m *Model) enqueue(cmd crm.Command) tea.Cmd {
	if err := m.ctx.DB.Enqueue(cmd); err != nil {
		m.setFlash(m.ctx.T.T("error.queue", err.Error()), true)
		return nil
	}
	return m.flush()
}

// flush asks the link to send the outbox, off the update loop.
func (m *Model) flush() tea.Cmd {
	link := m.ctx.Link
	if link == nil {
		return nil
	}
	return func() tea.Msg {
		link.Flush()
		return nil
	}
}

// bellShown reports whether the bell and its center are available.
func (m *Model) bellShown() bool { return m.header.bellShown }
