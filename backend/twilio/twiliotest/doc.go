// Package twiliotest is a fake Twilio for tests: an HTTP server on loopback
// that speaks the real wire format of the Messages API (Basic auth, form
// posts, JSON resources and error bodies, paging) and posts signed webhooks
// (status callbacks, inbound messages) the way Twilio does.
//
// It records every accepted send so a test can assert that a message went
// out exactly once, and it can fail, drop or hold answers on purpose to
// exercise retries and crash recovery. Poster signs and posts webhooks;
// Flood replays many prepared ones over raw keep-alive connections for
// load tests.
package twiliotest
