package tui

// unreadMessages is the bell's number: the unread inbound messages of every
// conversation the seller holds, the sum of the grid's New column (filter
// or not). Both read the same cache rows, so they cannot disagree.
func (g *grid) unreadMessages() int {
	n := 0
	for _, r := range g.all {
		n += r.Unread
	}
	return n
}
