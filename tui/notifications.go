package tui

import (
	"fmt"
	"strings"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// notificationLimit is how many notifications the center lists.
const notificationLimit = 200

// notifCenter lists the user's notifications, newest first.
type notifCenter struct {
	ctx   *Context
	items []crm.Notification
	list  vlist
}

func newNotifCenter(ctx *Context) *notifCenter {
	return &notifCenter{ctx: ctx, list: newVList()}
}

// load rereads the notifications, keeping the cursor on the same one.
func (n *notifCenter) load() error {
	keep := ""
	if it, ok := n.selected(); ok {
		keep = it.ID
	}
	items, err := n.ctx.DB.Notifications(notificationLimit)
	if err != nil {
		return fmt.Errorf("load notifications: %w", err)
	}
	n.items = items
	for i, it := range items {
		if it.ID == keep {
			n.list.cursor = i
		}
	}
	n.list.clamp(len(items))
	n.list.invalidate()
	return nil
}

func (n *notifCenter) selected() (crm.Notification, bool) {
	if n.list.cursor < 0 || n.list.cursor >= len(n.items) {
		return crm.Notification{}, false
	}
	return n.items[n.list.cursor], true
}

// notificationIcon is a notification kind's glyph.
func notificationIcon(k crm.NotificationKind) string {
	switch k {
	case crm.NotifyInboundMessage:
		return "✉"
	case crm.NotifyDeliveryFailed:
		return "✗"
	case crm.NotifyNewLead:
		return "✦"
	case crm.NotifyInsufficientPrivilege, crm.NotifyPrivilegeRevoked:
		return "⚠"
	}
	return "•"
}

// notificationText renders a notification in the user's language from its
// kind and parameters: the server never sends a sentence.
func (c *Context) notificationText(it crm.Notification) string {
	p := func(k string) string { return safetext.Line(it.Params[k]) }
	who := p("record_name")
	if who == "" {
		who = p("customer")
	}
	switch it.Kind {
	case crm.NotifyInboundMessage:
		return c.T.T("notify.inbound_message", who, p("body"))
	case crm.NotifyDeliveryFailed:
		reason := p("reason")
		if reason == "" {
			reason = string(crm.ReasonUnknown)
		}
		return c.T.T("notify.delivery_failed", who, reason)
	case crm.NotifyNewLead:
		return c.T.T("notify.new_lead", p("customer"))
	case crm.NotifyInsufficientPrivilege:
		if it.ConversationID == "" {
			// The one notice a user without the seller role gets: no
			// inbound message reaches them (issue 14).
			return c.T.T("notify.no_seller_role")
		}
		return c.T.T("notify.insufficient_privilege", who)
	case crm.NotifyPrivilegeRevoked:
		// An administrator took a role away: params role and by, no
		// conversation (docs/admin.md).
		by := p("by")
		if by == "" {
			by = c.T.T("notify.an_administrator")
		}
		return c.T.T("notify.privilege_revoked_role", c.rolesLabel([]crm.Role{crm.Role(p("role"))}), by)
	}
	return c.T.T("notify.other")
}

// render draws the center in width×height.
func (n *notifCenter) render(width, height int) string {
	st, t := n.ctx.Styles, n.ctx.T
	var b strings.Builder
	b.WriteString(fit(st.Title.Render(t.T("notify.title")), width))
	n.list.setHeight(height-1, len(n.items))
	lines := n.list.render(len(n.items), width,
		func(i int) (string, uint64) {
			v := uint64(0)
			if n.items[i].ReadAt != nil {
				v = 1
			}
			return n.items[i].ID, v
		},
		func(i, w int, sel bool) string { return n.drawItem(n.items[i], w, sel) })
	for _, l := range lines {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	if len(n.items) == 0 {
		b.WriteByte('\n')
		b.WriteString(st.Muted.Render(fit(t.T("notify.empty"), width)))
		lines = append(lines, "")
	}
	for i := len(lines); i < height-1; i++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (n *notifCenter) drawItem(it crm.Notification, w int, sel bool) string {
	ctx, st := n.ctx, n.ctx.Styles
	unread := " "
	if it.ReadAt == nil {
		unread = "●"
	}
	when := ctx.gridTime(it.CreatedAt)
	line := fit(unread+" "+notificationIcon(it.Kind)+" "+ctx.notificationText(it), max(w-11, 10)) + " " + fitRight(when, 10)
	line = fit(line, w)
	switch {
	case sel:
		return st.RowSelected.Render(line)
	case it.ReadAt == nil:
		return st.RowUnread.Render(line)
	}
	return st.Muted.Render(line)
}
