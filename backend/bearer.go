package backend

import "strings"

// BearerToken reads the token of an "Authorization: Bearer <token>" header
// value. The scheme is case-insensitive (RFC 9110 §11.1: "bearer" and
// "BEARER" are the same scheme), and any run of spaces or tabs may follow
// it. ok is false for an empty header, another scheme or a missing token.
// REST, the admin endpoints, /healthz and the sync websocket all read the
// header through it, so none can accept what another refuses.
func BearerToken(header string) (token string, ok bool) {
	header = strings.TrimSpace(header)
	i := strings.IndexAny(header, " \t")
	if i < 0 || !strings.EqualFold(header[:i], "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(header[i:])
	return token, token != ""
}
