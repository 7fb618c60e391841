package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is every style the TUI draws with, in one place. It is rebuilt when
// the terminal reports its background colour, so colours suit light and dark
// terminals; with NO_COLOR it keeps only attributes (bold, faint, reverse),
// which is also why the selection uses reverse video rather than a colour.
type Styles struct {
	Header        lipgloss.Style
	AppName       lipgloss.Style
	User          lipgloss.Style
	Online        lipgloss.Style
	Reconnecting  lipgloss.Style
	Offline       lipgloss.Style
	Bell          lipgloss.Style
	BellUnread    lipgloss.Style
	Title         lipgloss.Style
	Muted         lipgloss.Style
	ColumnHeader  lipgloss.Style
	Row           lipgloss.Style
	RowSelected   lipgloss.Style
	RowUnread     lipgloss.Style
	UnreadBadge   lipgloss.Style
	Pending       lipgloss.Style
	Sending       lipgloss.Style
	Sent          lipgloss.Style
	Delivered     lipgloss.Style
	Failed        lipgloss.Style
	PaneBorder    lipgloss.Style // the rule between grid and pane
	PaneTitle     lipgloss.Style
	DaySeparator  lipgloss.Style
	Inbound       lipgloss.Style
	Outbound      lipgloss.Style
	InboundLabel  lipgloss.Style
	OutboundLabel lipgloss.Style
	Focused       lipgloss.Style
	Reason        lipgloss.Style
	Hint          lipgloss.Style
	Warning       lipgloss.Style
	Error         lipgloss.Style
	Counter       lipgloss.Style
	Compose       lipgloss.Style
	Overlay       lipgloss.Style
	Prompt        lipgloss.Style
	FieldFocused  lipgloss.Style // the label of the form field that has the keyboard
	Help          help.Styles

	// ProgressFull and ProgressEmpty colour the first-sync bar.
	ProgressFull  color.Color
	ProgressEmpty color.Color
}

// NewStyles builds the styles for a dark or light background; noColor drops
// every colour (NO_COLOR, https://no-color.org).
func NewStyles(dark, noColor bool) *Styles {
	ld := lipgloss.LightDark(dark)
	c := func(light, darkHex string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(darkHex))
	}
	var (
		accent  = c("#5A3FC0", "#A48CFF")
		muted   = c("#6B6B6B", "#8C8C8C")
		green   = c("#1E7B34", "#5FD37A")
		yellow  = c("#8A6100", "#E8C15A")
		red     = c("#B3261E", "#FF6B6B")
		blue    = c("#1F5FAD", "#6FB3FF")
		selBg   = c("#DCD6F7", "#3B3360")
		outBg   = c("#E8F0FB", "#1F2A3A")
		border  = c("#B8B8B8", "#4A4A4A")
		inText  = c("#1A1A1A", "#E6E6E6")
		outText = c("#0F2F57", "#D6E6FF")
	)
	s := lipgloss.NewStyle
	st := &Styles{
		Header:        s().Bold(true),
		AppName:       s().Bold(true).Foreground(accent),
		User:          s().Bold(true),
		Online:        s().Foreground(green),
		Reconnecting:  s().Foreground(yellow),
		Offline:       s().Foreground(red).Bold(true),
		Bell:          s().Foreground(muted),
		BellUnread:    s().Foreground(yellow).Bold(true),
		Title:         s().Bold(true).Foreground(accent),
		Muted:         s().Foreground(muted),
		ColumnHeader:  s().Bold(true).Foreground(muted).Underline(true),
		Row:           s(),
		RowSelected:   s().Background(selBg).Bold(true),
		RowUnread:     s().Bold(true),
		UnreadBadge:   s().Foreground(accent).Bold(true),
		Pending:       s().Foreground(muted).Italic(true),
		Sending:       s().Foreground(yellow),
		Sent:          s().Foreground(blue),
		Delivered:     s().Foreground(green),
		Failed:        s().Foreground(red).Bold(true),
		PaneBorder:    s().Foreground(border),
		PaneTitle:     s().Bold(true),
		DaySeparator:  s().Foreground(muted),
		Inbound:       s().Foreground(inText),
		Outbound:      s().Foreground(outText).Background(outBg),
		InboundLabel:  s().Foreground(muted).Bold(true),
		OutboundLabel: s().Foreground(blue).Bold(true),
		Focused:       s().Bold(true).Foreground(accent),
		Reason:        s().Foreground(red).Bold(true),
		Hint:          s().Foreground(muted).Italic(true),
		Warning:       s().Foreground(yellow).Bold(true),
		Error:         s().Foreground(red),
		Counter:       s().Foreground(muted),
		Compose:       s().Border(lipgloss.RoundedBorder()).BorderForeground(border),
		Overlay:       s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Prompt:        s().Foreground(accent).Bold(true),
		FieldFocused:  s().Foreground(accent).Background(selBg).Bold(true),
		Help:          help.DefaultStyles(dark),
		ProgressFull:  accent,
		ProgressEmpty: border,
	}
	if noColor {
		// Without colours the selection and the outbound bubbles need
		// attributes to stay visible.
		st.RowSelected = s().Reverse(true)
		st.FieldFocused = s().Reverse(true)
		st.Outbound = s()
		st.Help = help.Styles{
			ShortKey: s().Bold(true), ShortDesc: s(), ShortSeparator: s(),
			FullKey: s().Bold(true), FullDesc: s(), FullSeparator: s(), Ellipsis: s(),
		}
	}
	return st
}
