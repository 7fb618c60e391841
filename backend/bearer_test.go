package backend

import (
	"net/http"
	"testing"
)

func TestBearerTokenParsesTheSchemeInAnyCase(t *testing.T) {
	for header, want := range map[string]string{
		"Bearer tok-1":       "tok-1",
		"bearer tok-1":       "tok-1",
		"BEARER tok-1":       "tok-1",
		"bEaReR tok-1":       "tok-1",
		"Bearer   tok-1  ":   "tok-1",
		"Bearer\ttok-1":      "tok-1",
		"  bearer tok-1":     "tok-1",
		"":                   "",
		"Bearer":             "",
		"Bearer ":            "",
		"Bearertok-1":        "",
		"Basic YWxpY2U6eA==": "",
		"Token tok-1":        "",
	} {
		got, ok := BearerToken(header)
		if got != want || ok != (want != "") {
			t.Errorf("BearerToken(%q) = %q, %v; want %q", header, got, ok, want)
		}
	}
}

// Issue 13, finding 6: REST refused "bearer" in lower case while the
// websocket accepted it. Every endpoint that takes a token now reads it
// with BearerToken: a user endpoint, an admin endpoint and /healthz's
// counts, each in lower, upper and mixed case.
func TestBearerSchemeAnyCaseOnEveryEndpoint(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		for _, c := range []struct{ path, token string }{
			{"/api/v1/me", tokAlice},
			{"/api/v1/admin/users", tokRoot},
			{"/healthz", tokRoot},
		} {
			req, err := http.NewRequest(http.MethodGet, e.srv.URL+c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", scheme+" "+c.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s with %q: %d, want 200", c.path, scheme+" …", resp.StatusCode)
			}
		}
	}
}
