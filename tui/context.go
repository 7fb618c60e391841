// Package tui is smsdesk's terminal client: the "My text messages" grid, the
// conversation pane with its compose box, the notification center and the
// header, built with Bubble Tea v2. It reads only the local cache (localdb)
// and writes only commands into its outbox; the sync link delivers them.
package tui

import (
	"io"
	"time"

	"smsdesk/i18n"
	"smsdesk/localdb"
)

// Context is what every screen needs and shares: one value, owned by the
// root model and handed down by pointer, so a resize or a theme change is
// seen by all screens at once (the gh-dash pattern).
type Context struct {
	Width, Height int

	Styles *Styles
	Keys   *KeyMap
	T      *i18n.Printer

	// Now and Loc are injected so times in the grid and the day separators
	// are deterministic in tests.
	Now func() time.Time
	Loc *time.Location
	// Rand feeds crm.NewID for command and conversation ids.
	Rand io.Reader

	DB   *localdb.DB
	Link Link // nil when running without a server (some tests)
	// Server is the URL the link dials, for saying which server cannot be
	// reached; "" when not known.
	Server string

	Dark    bool
	NoColor bool
}

// local converts t to the user's time zone.
func (c *Context) local(t time.Time) time.Time { return t.In(c.Loc) }

// today is the user's current calendar day.
func (c *Context) today() time.Time { return c.local(c.Now()) }
