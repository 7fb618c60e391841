package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/language"

	"smsdesk/sync/client"
)

// Offline because the server can't be reached, the header says when the next
// attempt is; offline on purpose (ctrl+o), it doesn't; and with no user known
// yet, no dangling separator follows the app name.
func TestHeaderShowsTheNextReconnectAttempt(t *testing.T) {
	ctx := timeContext(t, language.English)
	ctx.Styles = NewStyles(true, true)
	bar := newProgress(ctx.Styles)
	retry := time.Date(2026, 11, 20, 23, 31, 0, 0, time.UTC) // 00:31 in the user's zone
	h := headerState{hasLink: true, status: client.Status{State: client.StateOffline, Queued: 2, Retry: retry}}

	got := ansi.Strip(renderHeader(ctx, h, bar, 100))
	if !strings.Contains(got, "Offline · 2 queued · next try at 12:31 AM") {
		t.Errorf("unreachable server: header %q lacks the next attempt", got)
	}
	if strings.HasPrefix(strings.TrimSpace(got), "smsdesk ·") {
		t.Errorf("no user yet: header %q starts with a dangling separator", got)
	}

	h.status.Retry = time.Time{}
	if got := ansi.Strip(renderHeader(ctx, h, bar, 100)); strings.Contains(got, "next try") {
		t.Errorf("offline on purpose: header %q names a next attempt", got)
	}

	fr := timeContext(t, language.French)
	fr.Styles = ctx.Styles
	h.status.Retry = retry
	if got := ansi.Strip(renderHeader(fr, h, bar, 100)); !strings.Contains(got, "nouvel essai à 00:31") {
		t.Errorf("French header %q lacks the next attempt", got)
	}
}
