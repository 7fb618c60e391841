package twiliotest

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"time"
)

// SlowBody is one connection of the slow-body attack of issue 13: a
// webhook's headers with a well-formed (28-character base64) but wrong
// X-Twilio-Signature, a Content-Length larger than what is sent, and the
// body's first byte. Trickle sends one more byte. It holds no goroutine,
// so a test can keep a thousand of them open at the cost of their sockets.
type SlowBody struct {
	Conn net.Conn
}

// DialSlowBody opens a SlowBody to addr (host:port) for path, from the
// local address local (nil: the system's choice; Linux routes all of
// 127.0.0.0/8 to loopback, so 127.0.0.2 and up are other peers). declared
// is the Content-Length announced.
func DialSlowBody(local net.IP, addr, path string, declared int) (*SlowBody, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	if local != nil {
		d.LocalAddr = &net.TCPAddr{IP: local}
	}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("slow body: dial %s from %v: %w", addr, local, err)
	}
	sig := make([]byte, 20) // an HMAC-SHA1's length: 28 characters of base64
	_, _ = rand.Read(sig)
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"User-Agent: TwilioProxy/1.1\r\nX-Twilio-Signature: %s\r\nContent-Length: %d\r\n\r\nT",
		path, addr, base64.StdEncoding.EncodeToString(sig), declared)
	if _, err := c.Write([]byte(head)); err != nil {
		c.Close()
		return nil, fmt.Errorf("slow body: write headers: %w", err)
	}
	return &SlowBody{Conn: c}, nil
}

// Trickle sends one more byte of the body.
func (s *SlowBody) Trickle() error {
	_, err := s.Conn.Write([]byte("o"))
	return err
}

// Close closes the connection.
func (s *SlowBody) Close() error { return s.Conn.Close() }
