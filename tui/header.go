package tui

import (
	"charm.land/bubbles/v2/progress"

	"smsdesk/safetext"
	"smsdesk/sync/client"
)

// headerState is what the header shows, kept current by the root model.
type headerState struct {
	userName    string
	status      client.Status
	hasLink     bool
	wasOnline   bool // a later Connecting reads as "reconnecting"
	queued      int  // outbox length from the cache
	unreadNotes int
	// alerts: an unread notification that is not about a message waits.
	alerts    bool
	bellShown bool // org.InAppNotifications
}

// newProgress is the first-sync bar. It is drawn with ViewAs, never
// animated, so no frame ticker runs while it waits for the next status.
func newProgress(st *Styles) progress.Model {
	return progress.New(
		progress.WithWidth(20),
		progress.WithoutPercentage(),
		progress.WithColors(st.ProgressFull),
	)
}

// renderHeader draws the header line: app and user on the left, connection
// state (and the sync bar) in the middle, the bell on the right.
func renderHeader(ctx *Context, h headerState, bar progress.Model, width int) string {
	st, t := ctx.Styles, ctx.T
	left := st.AppName.Render(t.T("app.name"))
	if h.userName != "" {
		left += " · " + st.User.Render(safetext.Line(h.userName))
	}
	queued := max(h.queued, h.status.Queued)
	var conn string
	switch {
	case !h.hasLink:
		conn = st.Offline.Render("○ " + t.T("conn.offline", queued))
	case h.status.State == client.StateOnline:
		conn = st.Online.Render("● " + t.T("conn.online"))
		if queued > 0 {
			conn += st.Muted.Render(" · " + t.T("conn.queued", queued))
		}
	case h.status.State == client.StateSyncing && h.wasOnline:
		// A catch-up after a reconnection is short: no bar for it.
		conn = st.Reconnecting.Render("◌ " + t.T("conn.catching_up"))
	case h.status.State == client.StateSyncing:
		conn = st.Reconnecting.Render("◌ "+t.T("conn.syncing", int(h.status.Progress*100))) + " " + bar.ViewAs(h.status.Progress)
	case h.status.State == client.StateOffline:
		conn = st.Offline.Render("○ " + t.T("conn.offline", queued))
		// Retry is zero when the seller went offline on purpose (ctrl+o).
		if !h.status.Retry.IsZero() {
			conn += st.Muted.Render(" · " + t.T("conn.retry_at", ctx.clock(h.status.Retry)))
		}
	case h.wasOnline:
		conn = st.Reconnecting.Render("◌ " + t.T("conn.reconnecting", queued))
	default:
		conn = st.Reconnecting.Render("◌ " + t.T("conn.connecting"))
	}
	right := ""
	if h.bellShown {
		if h.unreadNotes > 0 {
			right = st.BellUnread.Render("🔔 " + t.T("bell.unread", h.unreadNotes))
		} else {
			right = st.Bell.Render("🔔")
		}
	}
	gap := width - ansiWidth(left) - ansiWidth(conn) - ansiWidth(right) - 2
	if gap < 0 {
		// Narrow: drop the user name before the state or the bell.
		left = st.AppName.Render(t.T("app.name"))
		gap = max(width-ansiWidth(left)-ansiWidth(conn)-ansiWidth(right)-2, 0)
	}
	l, r := gap/2, gap-gap/2
	return fit(left+" "+spaces(l)+conn+spaces(r)+" "+right, width)
}

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
