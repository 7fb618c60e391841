package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// adminClient calls a running server's /api/v1/admin/ endpoints.
type adminClient struct {
	server string // http(s)://host:port, no trailing slash
	token  string
	http   *http.Client
}

// apiError is the REST error body: {"error": {code, field, message}}.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *apiError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s, HTTP %d)", e.Field, e.Message, e.Code, e.Status)
	}
	return fmt.Sprintf("%s (%s, HTTP %d)", e.Message, e.Code, e.Status)
}

// unreachableError is a request that got no HTTP answer at all: nothing
// listens at the address, the host name does not resolve, or the server
// stayed silent past the deadline. runAdmin explains it in the caller's
// language, since a bare dial error does not tell an administrator that
// the server is down or the address wrong.
type unreachableError struct {
	Server      string // as given to --server, without the trailing slash
	Method, URL string // the request tried
	Err         error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
}

func (e *unreachableError) Unwrap() error { return e.Err }

// Cause is the transport's reason without url.Error's repetition of the
// method and URL, which the explanation already names.
func (e *unreachableError) Cause() error {
	if ue, ok := errors.AsType[*url.Error](e.Err); ok {
		return ue.Err
	}
	return e.Err
}

// neverAnswered reports whether err means the server could not be reached:
// the connection was never made (refused, no route, unknown host) or no
// answer came in time. Other transport failures (a TLS certificate the
// client does not trust, a connection cut mid-answer) mean something did
// answer, and are reported as they are.
func neverAnswered(err error) bool {
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return true
	}
	if oe, ok := errors.AsType[*net.OpError](err); ok && oe.Op == "dial" {
		return true
	}
	return false
}

func newAdminClient(server, token string) *adminClient {
	// No overall timeout: a backup of a large store streams for a while.
	// Each call carries the command's context instead.
	return &adminClient{server: strings.TrimSuffix(server, "/"), token: token, http: &http.Client{}}
}

// path joins escaped segments onto /api/v1/admin/.
func adminPath(segs ...string) string {
	var b strings.Builder
	b.WriteString("/api/v1/admin")
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// do sends a JSON request and decodes a JSON answer into out (may be nil).
func (c *adminClient) do(ctx context.Context, method, path string, in, out any) error {
	resp, err := c.send(ctx, method, path, in)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, err := io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return nil
}

// send performs the request and turns a non-2xx answer into *apiError.
// The caller closes the body of a successful response.
func (c *adminClient) send(ctx context.Context, method, path string, in any) (*http.Response, error) {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.server+path, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if neverAnswered(err) {
			return nil, &unreachableError{Server: c.server, Method: method, URL: c.server + path, Err: err}
		}
		return nil, fmt.Errorf("%s %s: %w", method, c.server, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	var eb struct {
		Error apiError `json:"error"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err := json.Unmarshal(raw, &eb); err != nil || eb.Error.Message == "" {
		return nil, &apiError{Status: resp.StatusCode, Code: "http", Message: strings.TrimSpace(string(raw))}
	}
	eb.Error.Status = resp.StatusCode
	return nil, &eb.Error
}

// download streams GET path into a new file at dst (0600), written to a
// temporary name first so a failed download never leaves a partial file
// under the final name. It returns the bytes written.
func (c *adminClient) download(ctx context.Context, path, dst string, create func(string) (io.WriteCloser, error), rename func(string, string) error) (int64, error) {
	resp, err := c.send(ctx, http.MethodGet, path, nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	tmp := dst + ".partial"
	f, err := create(tmp)
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", tmp, err)
	}
	n, err := io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("short download: %d of %d bytes", n, resp.ContentLength)
	}
	if err != nil {
		return n, fmt.Errorf("download to %s: %w", tmp, err)
	}
	if err := rename(tmp, dst); err != nil {
		return n, fmt.Errorf("rename %s: %w", tmp, err)
	}
	return n, nil
}

// defaultAdminTimeout bounds every call but backup and export.
const defaultAdminTimeout = 30 * time.Second
