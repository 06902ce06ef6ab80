// Package webtest serves the built frontend to a real browser with the real
// Go services behind it, for end-to-end tests without a desktop window.
//
// It stands in for the Wails webview and nothing else: the page gets
// window.go.app.<Service>.<Method> functions that POST to this server, which
// calls the same bound structs the app binds, and a window.runtime whose
// events arrive over server-sent events. It listens on loopback only and
// refuses other peers; it is never part of the shipped binary.
package webtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"reflect"
	"sync"

	_ "embed"
)

//go:embed shim.js
var shim []byte

// Server is an http.Handler for one browser test session.
type Server struct {
	dist     fs.FS
	services map[string]reflect.Value
	static   http.Handler

	mu      sync.Mutex
	clients map[chan []byte]struct{}
}

// New serves dist and binds services under window.go.app.<TypeName>, as
// Wails does for structs in package app.
func New(dist fs.FS, services ...any) *Server {
	s := &Server{dist: dist, services: map[string]reflect.Value{}, static: http.FileServerFS(dist), clients: map[chan []byte]struct{}{}}
	for _, svc := range services {
		v := reflect.ValueOf(svc)
		s.services[reflect.Indirect(v).Type().Name()] = v
	}
	return s
}

// Listen opens a loopback listener; addr must be a loopback address such as
// "127.0.0.1:0".
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("webtest: %s is not a loopback address", host)
	}
	return net.Listen("tcp", addr)
}

// Emit implements app.Emitter: the event goes to every open page.
func (s *Server) Emit(name string, data any) {
	b, err := json.Marshal(map[string]any{"name": name, "data": data})
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- b:
		default: // a page that does not read loses events, as a closed window would
		}
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !fromLoopback(r) {
		http.Error(w, "loopback only", http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case "/__kinko/shim.js":
		s.serveShim(w)
	case "/__kinko/call":
		s.serveCall(w, r)
	case "/__kinko/events":
		s.serveEvents(w, r)
	case "/", "/index.html":
		s.serveIndex(w)
	default:
		s.static.ServeHTTP(w, r)
	}
}

func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback()
}

// serveIndex injects the shim before the app's own scripts, where Wails
// injects its runtime.
func (s *Server) serveIndex(w http.ResponseWriter) {
	page, err := fs.ReadFile(s.dist, "index.html")
	if err != nil {
		http.Error(w, "frontend not built", http.StatusNotFound)
		return
	}
	page = bytes.Replace(page, []byte("<head>"), []byte(`<head><script src="/__kinko/shim.js"></script>`), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page)
}

func (s *Server) serveShim(w http.ResponseWriter) {
	names := map[string][]string{}
	for name, v := range s.services {
		for i := range v.NumMethod() {
			names[name] = append(names[name], v.Type().Method(i).Name)
		}
	}
	b, _ := json.Marshal(names)
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	_, _ = fmt.Fprintf(w, "window.__kinkoServices = %s;\n", b)
	_, _ = w.Write(shim)
}

type callRequest struct {
	Service string            `json:"service"`
	Method  string            `json:"method"`
	Args    []json.RawMessage `json:"args"`
}

type callResponse struct {
	Result any    `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}

// serveCall calls one bound method the way Wails does: arguments decoded
// from JSON into the parameter types; a trailing error result becomes a
// rejection carrying err.Error().
func (s *Server) serveCall(w http.ResponseWriter, r *http.Request) {
	var req callRequest
	if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&req) != nil {
		http.Error(w, "bad call", http.StatusBadRequest)
		return
	}
	res, err := s.call(req)
	out := callResponse{Result: res}
	if err != nil {
		out.Error = err.Error()
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

var errorType = reflect.TypeFor[error]()

func (s *Server) call(req callRequest) (any, error) {
	svc, ok := s.services[req.Service]
	if !ok {
		return nil, fmt.Errorf("webtest: no service %q", req.Service)
	}
	m := svc.MethodByName(req.Method)
	if !m.IsValid() {
		return nil, fmt.Errorf("webtest: no method %s.%s", req.Service, req.Method)
	}
	t := m.Type()
	if len(req.Args) != t.NumIn() {
		return nil, fmt.Errorf("webtest: %s.%s takes %d arguments, got %d", req.Service, req.Method, t.NumIn(), len(req.Args))
	}
	in := make([]reflect.Value, t.NumIn())
	for i := range in {
		p := reflect.New(t.In(i))
		if err := json.Unmarshal(req.Args[i], p.Interface()); err != nil {
			return nil, fmt.Errorf("webtest: argument %d of %s.%s: %w", i+1, req.Service, req.Method, err)
		}
		in[i] = p.Elem()
	}
	out := m.Call(in)
	var result any
	var err error
	for i, v := range out {
		if t.Out(i) == errorType {
			if !v.IsNil() {
				err = v.Interface().(error)
			}
			continue
		}
		result = v.Interface()
	}
	return result, err
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "no streaming", http.StatusInternalServerError)
		return
	}
	c := make(chan []byte, 256)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = fmt.Fprint(w, ": ready\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case b := <-c:
			if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
