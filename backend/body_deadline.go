package backend

import (
	"net/http"
	"time"
)

// DefaultBodyTimeout bounds the time a request's body may take to arrive
// once its headers are read. Every body this server accepts is at most
// MaxJSONBody (64 KiB) and is sent at once by its clients; only a slow or
// hostile client needs longer.
const DefaultBodyTimeout = 10 * time.Second

// limitBody gives a request that has a body a read deadline of timeout and
// a size limit of MaxJSONBody. Without the deadline, a client announcing a
// Content-Length and trickling a byte every few seconds holds its
// connection and goroutine for as long as it likes (issue 13): net/http has
// no body deadline of its own short of Server.ReadTimeout, which would stay
// armed under every handler. This one ends with the body: once a body has
// been read to its end, net/http clears the connection's read deadline
// itself (it starts its background read then), so the handler's work that
// follows is not bounded by it. A body the handler leaves unread stays
// bounded while net/http drains it for the next request.
func limitBody(w http.ResponseWriter, r *http.Request, timeout time.Duration) {
	if r.Body == nil || r.ContentLength == 0 {
		return // GET, the websocket upgrade: nothing to wait for
	}
	// ErrNotSupported (a ResponseWriter that is not a connection's) leaves
	// the body bounded in size only.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(timeout))
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
}
