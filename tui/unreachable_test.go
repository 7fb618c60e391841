package tui

import (
	"net"
	"testing"
)

// deadURL is the address of a loopback port nobody listens on.
func deadURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return url
}

// smsdesk tui against a server that is not running, on an empty cache:
// not "No conversations yet" (an empty inbox), but the address it cannot
// reach, what to check and the cause.
func TestUnreachableServerWithAnEmptyCacheIsNamed(t *testing.T) {
	url := deadURL(t)
	c := startClient(t, url, tokAlice, clientSetup{cache: "cache.db", syncSeed: [2]uint64{1, 2}, modelSeed: 7}, 120, 32)
	s := &stack{t: t, screen: c.screen}
	screen := s.waitScreen("the unreachable server named", "Cannot reach the server at "+url+".",
		"Check that smsdesk serve is running there", "Cause:", "connection refused")
	mustNotContain(t, screen, "No conversations yet")
}

// With a cache filled by an earlier session, the grid works from it and
// the notice line says that it is offline from the cache, naming the server.
func TestUnreachableServerWithAFilledCacheWorksOffline(t *testing.T) {
	st := startStack(t, 120, 32)
	dir := t.TempDir()
	first := startClient(t, st.url, tokAlice, clientSetup{cache: "cache.db", dir: dir, syncSeed: [2]uint64{3, 4}, modelSeed: 8}, 120, 32)
	(&stack{t: t, screen: first.screen}).waitScreen("the first sync", "Online", "Jane Cooper")
	// End that session (as quitting would) before the next opens the file.
	first.stop()

	url := deadURL(t)
	c := startClient(t, url, tokAlice, clientSetup{cache: "cache.db", dir: dir, syncSeed: [2]uint64{5, 6}, modelSeed: 9}, 120, 32)
	(&stack{t: t, screen: c.screen}).waitScreen("the cached grid, offline and saying so", "Jane Cooper",
		"Working offline from this device's cache: no answer from "+url)
}
