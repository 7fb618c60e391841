package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
