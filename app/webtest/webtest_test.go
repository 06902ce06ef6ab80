package webtest_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kinko-jp/kinko/app/webtest"
)

type Greeter struct{}

func (Greeter) Hello(name string, times int) string {
	return strings.Repeat("こんにちは "+name, times)
}
func (Greeter) Fail() error        { return errors.New(`{"code":"job.not_found"}`) }
func (Greeter) Both() (int, error) { return 7, nil }

func newServer() *webtest.Server {
	dist := fstest.MapFS{
		"index.html":  {Data: []byte("<html><head><title>x</title></head><body></body></html>")},
		"assets/a.js": {Data: []byte("console.log(1)")},
	}
	return webtest.New(dist, Greeter{})
}

func call(t *testing.T, h http.Handler, body string) map[string]any {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/__kinko/call", strings.NewReader(body))
	req.RemoteAddr = "127.0.0.1:5555"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("status %d, body %q: %v", rec.Code, rec.Body, err)
	}
	return out
}

func TestCall(t *testing.T) {
	h := newServer()
	tests := []struct {
		name, body string
		key        string
		want       any
	}{
		{"arguments are decoded into parameter types", `{"service":"Greeter","method":"Hello","args":["山田",2]}`, "result", "こんにちは 山田こんにちは 山田"},
		{"an error result becomes a rejection with its text", `{"service":"Greeter","method":"Fail","args":[]}`, "error", `{"code":"job.not_found"}`},
		{"value and nil error", `{"service":"Greeter","method":"Both","args":[]}`, "result", float64(7)},
		{"wrong argument count", `{"service":"Greeter","method":"Hello","args":["x"]}`, "error", "webtest: Greeter.Hello takes 2 arguments, got 1"},
		{"wrong argument type", `{"service":"Greeter","method":"Hello","args":[1,2]}`, "error", ""},
		{"unknown method", `{"service":"Greeter","method":"Nope","args":[]}`, "error", "webtest: no method Greeter.Nope"},
		{"unknown service", `{"service":"Nope","method":"X","args":[]}`, "error", `webtest: no service "Nope"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := call(t, h, tc.body)
			got, ok := out[tc.key]
			if !ok {
				t.Fatalf("response %v has no %q", out, tc.key)
			}
			if tc.want != "" && got != tc.want {
				t.Errorf("%s = %v, want %v", tc.key, got, tc.want)
			}
		})
	}
}

func TestIndexGetsTheShimAndServicesAreListed(t *testing.T) {
	h := newServer()
	get := func(path string) string {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "[::1]:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		b, _ := io.ReadAll(rec.Body)
		return string(b)
	}
	if page := get("/"); !strings.Contains(page, `<head><script src="/__kinko/shim.js"></script>`) {
		t.Errorf("index has no shim: %s", page)
	}
	if shim := get("/__kinko/shim.js"); !strings.Contains(shim, `"Greeter":[`) || !strings.Contains(shim, `"Hello"`) {
		t.Errorf("shim does not list the bound methods: %.200s", shim)
	}
	if js := get("/assets/a.js"); js != "console.log(1)" {
		t.Errorf("static file = %q", js)
	}
}

func TestLoopbackOnly(t *testing.T) {
	h := newServer()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = "192.0.2.10:4000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("non-loopback peer got %d, want 403", rec.Code)
	}
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", "localhost:0", "nonsense"} {
		if ln, err := webtest.Listen(addr); err == nil {
			ln.Close()
			t.Errorf("Listen(%q) succeeded; only loopback IPs are allowed", addr)
		}
	}
	ln, err := webtest.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
}
