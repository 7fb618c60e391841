package tui

import (
	"smsdesk/safetext"
	"smsdesk/sync/client"
)

// unreachable is true while the server has not answered once since start:
// the link is offline with a failed attempt and never was online. What is
// on screen then comes from the cache alone (or is empty because the cache
// is), and the seller must be told so, with the address tried.
func (m *Model) unreachable() bool {
	s := m.header.status
	return m.ctx.Server != "" && !m.header.wasOnline && s.State == client.StateOffline && s.LastError != ""
}

// unreachableLines is what the empty grid says when the server has never
// answered: the address, what to check, the cause. nil when it answered.
func (m *Model) unreachableLines() []string {
	if !m.unreachable() {
		return nil
	}
	t := m.ctx.T
	return []string{
		t.T("conn.unreachable", safetext.Line(m.ctx.Server)),
		t.T("conn.unreachable_check"),
		// A dial error can quote what a proxy or a DNS answer said.
		t.T("conn.unreachable_cause", safetext.Line(m.header.status.LastError)),
	}
}

// offlineFromCacheNotice says, on the notice line, that the conversations
// shown come from the cache because the server has not answered; "" when
// it has, or when the grid is empty (the grid says it then).
func (m *Model) offlineFromCacheNotice() string {
	if !m.unreachable() || len(m.grid.all) == 0 {
		return ""
	}
	return m.ctx.T.T("conn.offline_from_cache", m.ctx.Server)
}
