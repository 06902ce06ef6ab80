package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/core/share/opener"
	"github.com/kinko-jp/kinko/core/share/scan"
	"github.com/kinko-jp/kinko/core/vault"
)

// Shares is the logic of the 共有 area on one open vault, shared by the
// window (ShareService) and the command line (kinko share): the same
// checks, register entries, files and access-log entries through Session.
type Shares struct {
	Session Session
	DataDir string
	// Office is the session's office (the window's, with its index of
	// names); nil: one is made on Session.Vault.
	Office *office.Office
	Now    func() time.Time // nil: time.Now
	// Home is the user's home folder, under which the default folders
	// (Documents/Kinko共有/送信 and 受信) are; "": os.UserHomeDir.
	Home string
	// WorkFactor of new packages' passphrases; 0: share.WorkFactor (tests
	// lower it).
	WorkFactor int
	// Scans keeps the window's scans for Create (the token); nil: Create
	// scans the files itself (the command line).
	Scans *ShareScans
}

// Errors of the area (codes in errors.go).
var (
	ErrShareMyNumber        = errors.New("app: individual numbers in the files to send")
	ErrShareNotHandler      = errors.New("app: only a My Number handler may send numbers")
	ErrShareNoRecipient     = errors.New("app: the recipient is not one of the client's people")
	ErrShareNoPurpose       = errors.New("app: purpose missing")
	ErrShareEnvelopeRevoked = errors.New("app: the envelope was revoked")
	ErrShareEnvelopeExpired = errors.New("app: the envelope had expired")
	ErrShareExpiry          = errors.New("app: expiry date out of range")
	ErrShareNoCopy          = errors.New("app: no outgoing copy of that package on this PC")
)

// Limits.
const (
	// ShareMaxDays is the latest expiry, counted from today.
	ShareMaxDays = 366
	// ShareDefaultDays is the envelope's default lifetime.
	ShareEnvelopeDays = 30
	// shareScanTTL is how long a scan's token is honoured.
	shareScanTTL = 30 * time.Minute
)

// Formats of the output.
const (
	ShareFormatAuto = "auto"
	ShareFormatHTML = "html"
	ShareFormatAge  = "age"
)

// shareOut is share/<client>/out-<id>: the register entry of a package sent.
type shareOut struct {
	ID        string         `json:"id"`
	Client    string         `json:"client"`
	Person    string         `json:"person"`
	User      string         `json:"user"`
	Device    string         `json:"device"`
	Purpose   string         `json:"purpose"`
	Message   string         `json:"message,omitempty"`
	Created   time.Time      `json:"created"`
	Expires   time.Time      `json:"expires"`
	Files     []share.File   `json:"files"`
	Bytes     int64          `json:"bytes"`
	Override  *ShareOverride `json:"override,omitempty"`
	Format    string         `json:"format"`
	Name      string         `json:"name"`           // the output's base name
	Output    []string       `json:"output"`         // the files written, on Device
	Copy      string         `json:"copy,omitempty"` // the outgoing copy, on Device
	Deleted   *time.Time     `json:"deleted,omitempty"`
	Unscanned int            `json:"unscanned,omitempty"`
}

// shareIn is share/<client>/in-<id>: the register entry of a return received.
type shareIn struct {
	ID       string       `json:"id"`
	Client   string       `json:"client"`
	Envelope string       `json:"envelope"`
	Person   string       `json:"person,omitempty"` // the envelope's person
	Sender   string       `json:"sender,omitempty"` // the name the client typed
	Message  string       `json:"message,omitempty"`
	User     string       `json:"user"`
	Device   string       `json:"device"`
	Created  time.Time    `json:"created"`  // when the client made it
	Received time.Time    `json:"received"` // when it was filed
	Files    []share.File `json:"files"`
	Bytes    int64        `json:"bytes"`
	Target   string       `json:"target"`
}

// shareEnv is share/<client>/env-<id>: a return envelope and its key.
type shareEnv struct {
	ID        string    `json:"id"`
	Person    string    `json:"person,omitempty"`
	Message   string    `json:"message,omitempty"`
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
	Revoked   bool      `json:"revoked"`
	Identity  string    `json:"identity"` // AGE-SECRET-KEY-1…, sealed in the client's scope
	Recipient string    `json:"recipient"`
	User      string    `json:"user"`
	Device    string    `json:"device"`
	Path      string    `json:"path,omitempty"`
}

// ShareScans keeps the window's scans until Create (or ~30 minutes).
type ShareScans struct {
	mu    sync.Mutex
	scans map[string]keptScan
}

type keptScan struct {
	client string
	paths  []string
	res    *scan.Result
	at     time.Time
}

func (k *ShareScans) put(client string, paths []string, res *scan.Result, now time.Time) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.scans == nil {
		k.scans = map[string]keptScan{}
	}
	for t, s := range k.scans {
		if now.Sub(s.at) > shareScanTTL {
			delete(k.scans, t)
		}
	}
	token := randomID(16)
	k.scans[token] = keptScan{client, slices.Clone(paths), res, now}
	return token
}

// take returns the scan of token if it was of client and paths, and
// forgets it.
func (k *ShareScans) take(token, client string, paths []string, now time.Time) *scan.Result {
	if k == nil || token == "" {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.scans[token]
	delete(k.scans, token)
	if !ok || s.client != client || !slices.Equal(s.paths, paths) || now.Sub(s.at) > shareScanTTL {
		return nil
	}
	return s.res
}

func (s *Shares) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Shares) v() *vault.Vault { return s.Session.Vault }

func (s *Shares) off() *office.Office {
	if s.Office == nil {
		s.Office = office.New(s.v())
	}
	return s.Office
}

func (s *Shares) trace(e audit.Entry, err error) error { return s.Session.Trace(e, err) }

// dir is this PC's folder of the area (outgoing copies).
func (s *Shares) dir() string { return filepath.Join(s.DataDir, "share", s.v().ID()) }

// Folder is the default folder of kind "send" (送信: packages made) or
// "receive" (受信: files opened): Documents/Kinko共有/… in the user's home.
func (s *Shares) Folder(kind string) string {
	home := s.Home
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	base := filepath.Join(home, "Documents")
	if st, err := os.Stat(base); err != nil || !st.IsDir() {
		base = home
	}
	sub := "送信"
	if kind == "receive" {
		sub = "受信"
	}
	return filepath.Join(base, "Kinko共有", sub)
}

func shareTarget(client, kind, id string) string { return "share/" + client + "/" + kind + "-" + id }

// userName is a user's name as the roster has it.
func (s *Shares) userName(id string) string {
	for _, a := range s.v().Accounts() {
		if a.ID == id {
			return a.Name
		}
	}
	return ""
}

func (s *Shares) personName(client, person string) string {
	if person == "" {
		return ""
	}
	if p, err := s.off().Person(client, person); err == nil {
		return p.Value.Name
	}
	return ""
}

// entry is an entry of the area about record target of client, labelled
// "person（client）" as far as the session may read them.
func (s *Shares) entry(action audit.Action, client, person, target string) audit.Entry {
	e := audit.Entry{Action: action, Client: client, Person: person, Target: target}
	label := s.personName(client, person)
	if c := clientName(s.off(), client); c != "" {
		if label != "" {
			label += "（" + c + "）"
		} else {
			label = c
		}
	}
	e.Label = label
	return e
}

// Recipients lists client's registered people, by reading.
func (s *Shares) Recipients(client string) ([]ShareRecipient, error) {
	e := ClientEntry(s.off(), audit.ClientView, client)
	e.Detail = "share.recipients"
	if err := s.v().May(access.ClientRead, client); err != nil {
		return nil, s.trace(e, err)
	}
	people, err := s.off().People(client)
	if err := s.trace(e, err); err != nil {
		return nil, err
	}
	slices.SortStableFunc(people, func(a, b records.Person) int {
		if c := strings.Compare(a.Kana, b.Kana); c != 0 && a.Kana != "" && b.Kana != "" {
			return c
		}
		return strings.Compare(a.Kana+a.Name, b.Kana+b.Name)
	})
	out := make([]ShareRecipient, 0, len(people))
	for _, p := range people {
		roles := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			roles[i] = string(r)
		}
		out = append(out, ShareRecipient{ID: p.ID, Name: p.Name, Kana: p.Kana, Roles: roles, Email: p.Email, Phone: p.Phone})
	}
	return out, nil
}

// Collect lists the files under paths.
func (s *Shares) Collect(paths []string) (ShareSelection, error) {
	items, err := share.Collect(paths)
	if err != nil {
		return ShareSelection{}, Err(err)
	}
	sel := ShareSelection{Items: make([]ShareItem, 0, len(items))}
	for _, it := range items {
		sel.Items = append(sel.Items, ShareItem{Path: it.Path, Name: it.Name, Size: it.Size})
		sel.Total += it.Size
	}
	return sel, nil
}

// scanFiles collects and scans paths.
func scanFiles(ctx context.Context, paths []string, rep progress.Reporter) (*scan.Result, error) {
	items, err := share.Collect(paths)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, share.ErrEmpty
	}
	files := make([]scan.File, len(items))
	for i, it := range items {
		files[i] = scan.File{Path: it.Path, Name: it.Name}
	}
	return scan.Files(ctx, files, rep)
}

// Scan scans the files under paths for client (who must be readable) and
// keeps the result for Create under the returned scan's Token.
func (s *Shares) Scan(ctx context.Context, client string, paths []string, rep progress.Reporter) (*ShareScan, error) {
	if err := s.v().May(access.ClientRead, client); err != nil {
		return nil, Err(err)
	}
	res, err := scanFiles(ctx, paths, rep)
	if err != nil {
		return nil, Err(err)
	}
	out := scanView(res)
	out.CanOverride = s.v().May(access.MyNumberRead, client) == nil
	if s.Scans != nil {
		out.Token = s.Scans.put(client, paths, res, s.now())
	}
	return out, nil
}

func scanView(res *scan.Result) *ShareScan {
	out := &ShareScan{Files: len(res.Files), Bytes: res.Bytes, Individual: res.Individual, Corporate: res.Corporate,
		Findings: make([]ShareFinding, 0, len(res.Findings)), Unscanned: make([]ShareUnscanned, 0, len(res.Unscanned))}
	for _, f := range res.Findings {
		out.Findings = append(out.Findings, ShareFinding{File: f.File, Inner: f.Inner, Kind: f.Kind, Line: f.Line, Column: f.Column,
			Sheet: f.Sheet, Cell: f.Cell, Page: f.Page, Paragraph: f.Paragraph})
	}
	for _, u := range res.Unscanned {
		out.Unscanned = append(out.Unscanned, ShareUnscanned{File: u.File, Inner: u.Inner, Reason: u.Reason})
	}
	return out
}

// ParseExpiry reads "YYYY-MM-DD" or "+Nd" (days from today) as the end of
// that day in Japan time; today counts, the latest is ShareMaxDays ahead.
func ParseExpiry(s string, now time.Time) (time.Time, error) {
	today := jst.In(now)
	y, m, d := today.Date()
	var day time.Time
	if n, ok := strings.CutPrefix(strings.TrimSuffix(strings.TrimSpace(s), "d"), "+"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return time.Time{}, ErrShareExpiry
		}
		day = time.Date(y, m, d+days, 0, 0, 0, 0, jst.Zone)
	} else {
		t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), jst.Zone)
		if err != nil {
			return time.Time{}, ErrShareExpiry
		}
		day = t
	}
	first := time.Date(y, m, d, 0, 0, 0, 0, jst.Zone)
	if day.Before(first) || day.After(first.AddDate(0, 0, ShareMaxDays)) {
		return time.Time{}, ErrShareExpiry
	}
	return day.Add(24*time.Hour - time.Second), nil
}

// CreateResult is what Create made: the window's ShareCreated.
type CreateResult = ShareCreated

// Create makes a package as req asks: checks, the scan (kept or done
// now), the override and create entries on disk, the sealed copy, the
// output files and the register entry. A failure or cancel leaves no
// output and no register entry.
func (s *Shares) Create(ctx context.Context, req ShareCreateRequest, rep progress.Reporter) (*ShareCreated, error) {
	v := s.v()
	now := s.now()
	id := randomID(8)
	target := shareTarget(req.Client, "out", id)
	e := s.entry(audit.ShareCreate, req.Client, req.Person, target)
	fail := func(err error) (*ShareCreated, error) { return nil, s.trace(e, err) }
	if err := v.May(access.ClientRead, req.Client); err != nil {
		return fail(err)
	}
	if err := v.May(access.ClientEdit, req.Client); err != nil {
		return fail(err)
	}
	person, err := s.off().Person(req.Client, req.Person)
	if err != nil || req.Person == "" {
		return fail(ErrShareNoRecipient)
	}
	purpose := strings.TrimSpace(req.Purpose)
	if purpose == "" {
		return fail(ErrShareNoPurpose)
	}
	expires, err := ParseExpiry(req.Expires, now)
	if err != nil {
		return fail(err)
	}
	format := req.Format
	switch format {
	case "":
		format = ShareFormatAuto
	case ShareFormatAuto, ShareFormatHTML, ShareFormatAge:
	default:
		return fail(&Error{Code: CodeUsage})
	}
	res := s.Scans.take(req.Token, req.Client, req.Paths, now)
	if res == nil {
		if res, err = scanFiles(ctx, req.Paths, progress.OrNoop(rep)); err != nil {
			return fail(err)
		}
	}
	if len(res.Files) == 0 {
		return fail(share.ErrEmpty)
	}
	e.Detail = "files=" + strconv.Itoa(len(res.Files)) + " bytes=" + strconv.FormatInt(res.Bytes, 10)
	var override *ShareOverride
	if res.Individual > 0 {
		if req.Override == nil {
			e.Detail += " individual=" + strconv.Itoa(res.Individual)
			return nil, s.trace(e, &Error{Code: "share.mynumber", Params: map[string]any{"count": res.Individual}})
		}
		o := s.entry(audit.ShareOverride, req.Client, req.Person, target)
		o.Purpose = req.Override.Purpose
		o.Detail = "individual=" + strconv.Itoa(res.Individual)
		if err := v.May(access.MyNumberRead, req.Client); err != nil {
			s.trace(o, err) // denied, in the log as such
			return nil, Err(ErrShareNotHandler)
		}
		if !mynumber.Purpose(req.Override.Purpose).Valid() {
			return nil, s.trace(o, ErrShareNoPurpose)
		}
		if err := s.trace(o, nil); err != nil {
			return nil, err
		}
		override = &ShareOverride{Purpose: req.Override.Purpose, Reason: strings.TrimSpace(req.Override.Reason)}
	}
	// The entry is on disk before anything is sealed; a package that then
	// fails or is cancelled gets a second entry with the outcome (nothing
	// of it is left).
	if err := s.trace(e, nil); err != nil {
		return nil, err
	}
	made, err := s.seal(ctx, req, res, e.Target, id, now, expires, purpose, person.Value.Name, format, override, rep)
	if err != nil {
		e.Detail += " aborted"
		return nil, s.trace(e, err)
	}
	return made, nil
}

// seal is Create's work once it is allowed and logged: the sealed copy,
// the output files and the register entry, or nothing of them.
func (s *Shares) seal(ctx context.Context, req ShareCreateRequest, res *scan.Result, target, id string, now, expires time.Time,
	purpose, recipient, format string, override *ShareOverride, rep progress.Reporter) (*ShareCreated, error) {
	v := s.v()
	items := make([]share.Item, len(res.Files))
	for i, f := range res.Files {
		items[i] = share.Item{Path: f.Path, Name: f.Name, Size: f.Size, SHA256: f.SHA256, CRC32: f.CRC32}
	}
	pass := share.NewPassphrase()
	clientName := clientName(s.off(), req.Client)
	m := share.Manifest{Kind: share.KindPackage, ID: id, Office: v.Name(), Client: clientName, Recipient: recipient,
		Sender: s.userName(v.User()), Message: strings.TrimSpace(req.Message), Created: now, Expires: &expires}
	copyPath := filepath.Join(s.dir(), "out", id+".age")
	if err := os.MkdirAll(filepath.Dir(copyPath), 0o700); err != nil {
		return nil, Err(err)
	}
	man, err := share.CreateFile(ctx, copyPath, items, share.CreateOptions{Passphrase: pass.Text, WorkFactor: s.WorkFactor, Manifest: m}, progress.OrNoop(rep))
	if err != nil {
		return nil, Err(err)
	}
	os.Chmod(copyPath, 0o600)
	done := false
	var written []string
	defer func() {
		if !done {
			os.Remove(copyPath)
			for _, p := range written {
				os.Remove(p)
			}
		}
	}()
	outDir := req.Output
	if outDir == "" {
		outDir = s.Folder("send")
	}
	name := shareName(clientName, now, purpose)
	written, err = writeOutput(ctx, copyPath, outDir, name, format, req.Lang)
	if err != nil {
		return nil, Err(err)
	}
	st, err := os.Stat(copyPath)
	if err != nil {
		return nil, Err(err)
	}
	rec := shareOut{ID: id, Client: req.Client, Person: req.Person, User: v.User(), Device: v.Device(), Purpose: purpose,
		Message: m.Message, Created: now, Expires: expires, Files: man.Files, Bytes: res.Bytes, Override: override,
		Format: format, Name: name, Output: written, Copy: copyPath, Unscanned: len(res.Unscanned)}
	if err := s.put(target, nil, rec); err != nil {
		return nil, Err(err)
	}
	done = true
	return &ShareCreated{ID: id, Files: written, Passphrase: pass.Text, Kana: pass.Kana, Expires: expires, Bytes: st.Size()}, nil
}

func (s *Shares) put(target string, parents []string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.v().Put(target, parents, data)
	return err
}

// shareName is the output's base name: "<client>様_<YYYYMMDD>_<purpose>",
// safe as a Windows file name.
func shareName(client string, now time.Time, purpose string) string {
	parts := []string{}
	if client != "" {
		parts = append(parts, client+"様")
	}
	parts = append(parts, jst.In(now).Format("20060102"))
	if purpose != "" {
		parts = append(parts, purpose)
	}
	return SafeFileName(strings.Join(parts, "_"), 80)
}

// SafeFileName turns s into a file name Windows and Unix accept: no
// reserved characters or control characters, no trailing dots or spaces,
// not a device name, at most max runes.
func SafeFileName(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= max {
			break
		}
		switch {
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"/\|?*`, r):
			r = '_'
		case r == '\u3000' || r == ' ':
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	out := strings.TrimRight(strings.TrimSpace(b.String()), ". ")
	if out == "" || !share.SafeName(out) {
		out = "kinko_" + out
	}
	return out
}

// writeOutput writes the package sealed at copyPath into dir as name.html
// (self-opening) or name.age with the opener page name.html beside it;
// names already taken get " (2)", " (3)"…
func writeOutput(ctx context.Context, copyPath, dir, name, format, lang string) ([]string, error) {
	st, err := os.Stat(copyPath)
	if err != nil {
		return nil, err
	}
	if format == ShareFormatAuto {
		format = ShareFormatHTML
		if st.Size() > opener.MaxEmbedded {
			format = ShareFormatAge
		}
	}
	if format == ShareFormatHTML && st.Size() > opener.MaxEmbedded {
		return nil, &Error{Code: "share.too_large", Params: map[string]any{"max_mb": opener.MaxEmbedded >> 20}}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	base := freeName(dir, name, format == ShareFormatAge)
	var written []string
	fail := func(err error) ([]string, error) {
		for _, p := range written {
			os.Remove(p)
		}
		return nil, err
	}
	page := filepath.Join(dir, base+".html")
	if format == ShareFormatHTML {
		err := outfile.Write(page, 0o600, func(w io.Writer) error {
			f, err := os.Open(copyPath)
			if err != nil {
				return err
			}
			defer f.Close()
			return opener.WritePackage(w, f, st.Size(), base+".age", lang)
		})
		if err != nil {
			return fail(err)
		}
		return append(written, page), nil
	}
	pkg := filepath.Join(dir, base+".age")
	err = outfile.Write(pkg, 0o600, func(w io.Writer) error {
		f, err := os.Open(copyPath)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, ctxReader{ctx, f})
		return err
	})
	if err != nil {
		return fail(err)
	}
	written = append(written, pkg)
	if err := outfile.Write(page, 0o600, func(w io.Writer) error { return opener.WriteOpener(w, lang) }); err != nil {
		return fail(err)
	}
	return append(written, page), nil
}

// ctxReader stops a copy once ctx is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// freeName is name, or "name (2)"… when name.html (or name.age) exists in dir.
func freeName(dir, name string, withAge bool) string {
	for i := 1; ; i++ {
		n := name
		if i > 1 {
			n = name + " (" + strconv.Itoa(i) + ")"
		}
		if _, err := os.Lstat(filepath.Join(dir, n+".html")); err == nil {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, n+".age")); err == nil && withAge {
			continue
		}
		return n
	}
}

// packageSource opens the package at path: an .age file, or a
// self-opening page whose embedded package is read into memory (it is at
// most opener.MaxEmbedded).
func packageSource(path string) (io.ReaderAt, int64, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, share.ErrSourceAbsent
	}
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if !bytes.HasPrefix(head, []byte("age-encryption.org/")) && !bytes.HasPrefix(head, []byte("-----BEGIN AGE")) {
		f.Seek(0, io.SeekStart)
		r, err := opener.ExtractPackage(io.LimitReader(f, 4*opener.MaxEmbedded))
		if err != nil {
			f.Close()
			return nil, 0, nil, share.ErrNotPackage
		}
		data, err := io.ReadAll(io.LimitReader(r, opener.MaxEmbedded+1))
		f.Close()
		if err != nil || len(data) > opener.MaxEmbedded {
			return nil, 0, nil, share.ErrNotPackage
		}
		return bytes.NewReader(data), int64(len(data)), func() {}, nil
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, nil, err
	}
	return f, st.Size(), func() { f.Close() }, nil
}

// Open opens the package at req.Path: a package (passphrase) is extracted
// and logged as share.open; a return package is opened with the office's
// envelope keys, filed under its client and logged as share.receive.
func (s *Shares) Open(ctx context.Context, req ShareOpenRequest, rep progress.Reporter) (*ShareOpened, error) {
	src, size, done, err := packageSource(req.Path)
	e := audit.Entry{Action: audit.ShareOpen, Label: SafeFileName(filepath.Base(req.Path), 80)}
	if err != nil {
		return nil, s.trace(e, err)
	}
	defer done()
	kind, err := share.Detect(io.NewSectionReader(src, 0, size))
	if err != nil {
		return nil, s.trace(e, err)
	}
	if kind == share.KindReturn {
		return s.receive(ctx, req, src, size, rep)
	}
	pass := share.NormalizePassphrase(req.Passphrase)
	if pass == "" {
		return nil, s.trace(e, share.ErrPassphrase)
	}
	opt := share.ExtractOptions{Open: share.OpenOptions{Passphrase: pass, Now: s.now()}, Conflict: req.Conflict}
	target := req.Target
	if target == "" {
		m, err := share.Inspect(src, size, opt.Open)
		if err != nil {
			return nil, s.trace(e, err)
		}
		target = filepath.Join(s.Folder("receive"), m.ID)
	}
	res, err := share.Extract(ctx, src, size, target, opt, rep)
	if err != nil {
		return nil, s.trace(e, existsParams(err))
	}
	m := res.Manifest
	e.Target = "share/open/" + m.ID
	e.Label = m.Office
	if m.Sender != "" {
		e.Label += "／" + m.Sender
	}
	e.Detail = "files=" + strconv.Itoa(len(m.Files))
	if err := s.trace(e, nil); err != nil {
		return nil, err
	}
	return &ShareOpened{Manifest: *m, Target: target, Written: orEmpty(res.Written), Skipped: orEmpty(res.Skipped)}, nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// existsParams turns an ExistsError into share.exists naming the files.
func existsParams(err error) error {
	var ex *share.ExistsError
	if errors.As(err, &ex) {
		names := ex.Paths
		more := 0
		if len(names) > 10 {
			names, more = names[:10], len(names)-10
		}
		return &Error{Code: "share.exists", Params: map[string]any{"files": strings.Join(names, "、"), "count": len(ex.Paths), "more": more}}
	}
	return err
}

// records reads the area's records of client ("": of every client the
// user may read) by kind ("out", "in", "env") and target.
func (s *Shares) records(client string) (map[string]map[string]*vault.Record, error) {
	prefix := "share/"
	if client != "" {
		prefix += client + "/"
	}
	recs, err := s.v().List(prefix)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*vault.Record{}
	for _, r := range recs {
		_, rest, _ := strings.Cut(strings.TrimPrefix(r.Target, "share/"), "/")
		kind, _, _ := strings.Cut(rest, "-")
		if out[kind] == nil {
			out[kind] = map[string]*vault.Record{}
		}
		out[kind][r.Target] = r
	}
	return out, nil
}

func decodeRec[T any](r *vault.Record) (T, bool) {
	var v T
	if len(r.Versions) == 0 || len(r.Versions[0].Data) == 0 {
		return v, false
	}
	return v, json.Unmarshal(r.Versions[0].Data, &v) == nil
}

func targetClient(target string) string {
	c, _, _ := strings.Cut(strings.TrimPrefix(target, "share/"), "/")
	return c
}

// receive opens a return package with the envelope key that opens it.
func (s *Shares) receive(ctx context.Context, req ShareOpenRequest, src io.ReaderAt, size int64, rep progress.Reporter) (*ShareOpened, error) {
	v := s.v()
	now := s.now()
	e := audit.Entry{Action: audit.ShareReceive, Label: SafeFileName(filepath.Base(req.Path), 80)}
	all, err := s.records("")
	if err != nil {
		return nil, s.trace(e, err)
	}
	var env shareEnv
	var client string
	var ident age.Identity
	var m *share.Manifest
	for target, r := range all["env"] {
		ev, ok := decodeRec[shareEnv](r)
		if !ok {
			continue
		}
		id, err := age.ParseX25519Identity(ev.Identity)
		if err != nil {
			continue
		}
		got, err := share.Inspect(src, size, share.OpenOptions{Identities: []age.Identity{id}, Now: now})
		if errors.Is(err, share.ErrNoIdentity) || errors.Is(err, share.ErrPassphrase) {
			continue
		}
		env, client, ident, m = ev, targetClient(target), id, got
		if err != nil {
			return nil, s.trace(e, err)
		}
		break
	}
	if ident == nil {
		return nil, s.trace(e, share.ErrNoIdentity)
	}
	e.Client = client
	e.Label = clientName(s.off(), client)
	if m.Envelope != env.ID || m.Kind != share.KindReturn {
		return nil, s.trace(e, share.ErrCorrupt)
	}
	e.Target = shareTarget(client, "in", m.ID)
	if env.Revoked {
		return nil, s.trace(e, ErrShareEnvelopeRevoked)
	}
	if !env.Expires.IsZero() && m.Created.After(env.Expires) {
		return nil, s.trace(e, ErrShareEnvelopeExpired)
	}
	if err := v.May(access.ClientEdit, client); err != nil {
		return nil, s.trace(e, err)
	}
	target := req.Target
	if target == "" {
		name := SafeFileName(e.Label, 60)
		if e.Label == "" {
			name = client
		}
		target = filepath.Join(s.Folder("receive"), name, jst.In(now).Format(time.DateOnly)+"_"+m.ID)
	}
	res, err := share.Extract(ctx, src, size, target, share.ExtractOptions{Open: share.OpenOptions{Identities: []age.Identity{ident}, Now: now}, Conflict: req.Conflict}, rep)
	if err != nil {
		return nil, s.trace(e, existsParams(err))
	}
	m = res.Manifest
	var bytes int64
	for _, f := range m.Files {
		bytes += f.Size
	}
	rec := shareIn{ID: m.ID, Client: client, Envelope: env.ID, Person: env.Person, Sender: m.Sender, Message: m.Message,
		User: v.User(), Device: v.Device(), Created: m.Created, Received: now, Files: m.Files, Bytes: bytes, Target: target}
	e.Person = env.Person
	e.Detail = "files=" + strconv.Itoa(len(m.Files))
	if err := s.put(e.Target, nil, rec); err != nil && !errors.Is(err, vault.ErrExists) {
		return nil, s.trace(e, err)
	}
	if err := s.trace(e, nil); err != nil {
		return nil, err
	}
	return &ShareOpened{Manifest: *m, Target: target, Written: orEmpty(res.Written), Skipped: orEmpty(res.Skipped), Client: client,
		ClientName: clientName(s.off(), client), Record: e.Target}, nil
}

// CreateEnvelope makes a return envelope for req.Client: the page is
// written by save (given the suggested name and the writer of the page;
// it returns the path, "" when the user cancelled), then its key is
// recorded under the client. Nothing is kept when saving fails or is
// cancelled.
func (s *Shares) CreateEnvelope(req ShareEnvelopeRequest, save func(name string, write func(io.Writer) error) (string, error)) (ShareEnvelope, error) {
	v := s.v()
	now := s.now()
	id := randomID(8)
	target := shareTarget(req.Client, "env", id)
	e := s.entry(audit.ShareEnvelope, req.Client, req.Person, target)
	fail := func(err error) (ShareEnvelope, error) { return ShareEnvelope{}, s.trace(e, err) }
	if err := v.May(access.ClientRead, req.Client); err != nil {
		return fail(err)
	}
	if err := v.May(access.ClientEdit, req.Client); err != nil {
		return fail(err)
	}
	person := ""
	if req.Person != "" {
		p, err := s.off().Person(req.Client, req.Person)
		if err != nil {
			return fail(ErrShareNoRecipient)
		}
		person = p.Value.Name
	}
	exp := req.Expires
	if exp == "" {
		exp = "+" + strconv.Itoa(ShareEnvelopeDays) + "d"
	}
	expires, err := ParseExpiry(exp, now)
	if err != nil {
		return fail(err)
	}
	key, err := share.NewEnvelopeKey()
	if err != nil {
		return fail(err)
	}
	cname := clientName(s.off(), req.Client)
	lang := req.Lang
	if lang == "" {
		lang = "ja"
	}
	cfg := opener.EnvelopeConfig{ID: id, Recipient: key.Recipient().String(), Office: v.Name(), Client: cname, Person: person,
		Message: strings.TrimSpace(req.Message), Expires: expires, Lang: lang}
	path, err := save(SafeFileName(cname+"様_返信用封筒", 80)+".html", func(w io.Writer) error { return opener.WriteEnvelope(w, cfg) })
	if err != nil {
		return fail(err)
	}
	if path == "" {
		return ShareEnvelope{}, nil
	}
	rec := shareEnv{ID: id, Person: req.Person, Message: cfg.Message, Created: now, Expires: expires, Identity: key.String(),
		Recipient: cfg.Recipient, User: v.User(), Device: v.Device(), Path: path}
	if err := s.put(target, nil, rec); err != nil {
		os.Remove(path)
		return fail(err)
	}
	if err := s.trace(e, nil); err != nil {
		return ShareEnvelope{}, err
	}
	return ShareEnvelope{ID: id, Client: req.Client, Person: req.Person, Created: now, Expires: expires, Path: path}, nil
}

// Envelopes lists the envelopes of client ("": every client the user
// may read), newest first.
func (s *Shares) Envelopes(client string) ([]ShareEnvelope, error) {
	all, err := s.records(client)
	if err != nil {
		return nil, Err(err)
	}
	received := map[string]int{}
	for _, r := range all["in"] {
		if in, ok := decodeRec[shareIn](r); ok {
			received[in.Envelope]++
		}
	}
	out := []ShareEnvelope{}
	for target, r := range all["env"] {
		ev, ok := decodeRec[shareEnv](r)
		if !ok {
			continue
		}
		path := ""
		if ev.Device == s.v().Device() {
			path = ev.Path
		}
		out = append(out, ShareEnvelope{ID: ev.ID, Client: targetClient(target), Person: ev.Person, Created: ev.Created, Expires: ev.Expires,
			Path: path, Received: received[ev.ID], Revoked: ev.Revoked})
	}
	slices.SortFunc(out, func(a, b ShareEnvelope) int { return b.Created.Compare(a.Created) })
	return out, nil
}

// RevokeEnvelope stops accepting returns made with envelope id of client.
func (s *Shares) RevokeEnvelope(client, id string) error {
	target := shareTarget(client, "env", id)
	e := s.entry(audit.ShareEnvelope, client, "", target)
	e.Detail = "revoke"
	r, err := s.v().Get(target)
	if err != nil {
		return s.trace(e, err)
	}
	ev, ok := decodeRec[shareEnv](r)
	if !ok {
		return s.trace(e, vault.ErrNotFound)
	}
	e.Person = ev.Person
	if ev.Revoked {
		return s.trace(e, nil)
	}
	ev.Revoked = true
	return s.trace(e, s.put(target, r.Heads(), ev))
}

// Sweep deletes this PC's outgoing copies past their expiry and records
// each deletion in its register entry (where the user may write it). It
// returns how many copies it deleted.
func (s *Shares) Sweep() (int, error) {
	v := s.v()
	if v.User() == "" {
		return 0, nil
	}
	recs, err := v.List("share/")
	if err != nil {
		return 0, err
	}
	now := s.now()
	n := 0
	for _, r := range recs {
		if !strings.Contains(r.Target, "/out-") {
			continue
		}
		out, ok := decodeRec[shareOut](r)
		if !ok || out.Device != v.Device() || out.Copy == "" || out.Deleted != nil || !now.After(out.Expires) {
			continue
		}
		if err := os.Remove(out.Copy); err != nil && !errors.Is(err, os.ErrNotExist) {
			continue
		}
		n++
		at := now
		out.Deleted = &at
		if v.May(access.ClientEdit, out.Client) == nil {
			s.put(r.Target, r.Heads(), out)
		}
	}
	return n, nil
}

// Register lists the register of client ("": every client the user may
// read), newest first, after sweeping this PC's expired copies.
func (s *Shares) Register(client string) ([]ShareRecord, error) {
	s.Sweep()
	all, err := s.records(client)
	if err != nil {
		return nil, Err(err)
	}
	now := s.now()
	out := []ShareRecord{}
	for _, r := range all["out"] {
		o, ok := decodeRec[shareOut](r)
		if !ok {
			continue
		}
		c := targetClient(r.Target)
		rec := ShareRecord{ID: o.ID, Direction: "out", Client: c, ClientName: clientName(s.off(), c), Person: o.Person,
			PersonName: s.personName(c, o.Person), User: o.User, UserName: s.userName(o.User), Device: o.Device, Purpose: o.Purpose,
			Message: o.Message, Created: o.Created, Expires: o.Expires, Files: o.Files, Bytes: o.Bytes, Override: o.Override,
			Deleted: o.Deleted, Expired: now.After(o.Expires)}
		if o.Device == s.v().Device() && o.Deleted == nil {
			rec.Copy = o.Copy
		}
		out = append(out, rec)
	}
	for _, r := range all["in"] {
		in, ok := decodeRec[shareIn](r)
		if !ok {
			continue
		}
		c := targetClient(r.Target)
		out = append(out, ShareRecord{ID: in.ID, Direction: "in", Client: c, ClientName: clientName(s.off(), c), Person: in.Person,
			PersonName: firstNonEmpty(s.personName(c, in.Person), in.Sender), User: in.User, UserName: s.userName(in.User), Device: in.Device,
			Message: in.Message, Created: in.Received, Files: in.Files, Bytes: in.Bytes, Envelope: in.Envelope})
	}
	for i := range out {
		if out[i].Files == nil {
			out[i].Files = []share.File{}
		}
	}
	slices.SortFunc(out, func(a, b ShareRecord) int { return b.Created.Compare(a.Created) })
	return out, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// SaveCopy writes the outgoing copy of package id of client again, in the
// form it was first saved in, through save (the suggested name, the
// writer; "" when cancelled). Logged as share.create ("copy").
func (s *Shares) SaveCopy(ctx context.Context, client, id, lang string, save func(name string) (string, error)) ([]string, error) {
	target := shareTarget(client, "out", id)
	r, err := s.v().Get(target)
	e := s.entry(audit.ShareCreate, client, "", target)
	e.Detail = "copy"
	if err != nil {
		return nil, s.trace(e, err)
	}
	o, ok := decodeRec[shareOut](r)
	if !ok {
		return nil, s.trace(e, vault.ErrNotFound)
	}
	e = s.entry(audit.ShareCreate, client, o.Person, target)
	e.Detail = "copy"
	if o.Device != s.v().Device() || o.Copy == "" || o.Deleted != nil || s.now().After(o.Expires) {
		return nil, s.trace(e, ErrShareNoCopy)
	}
	if _, err := os.Stat(o.Copy); err != nil {
		return nil, s.trace(e, ErrShareNoCopy)
	}
	if err := s.v().May(access.ClientEdit, client); err != nil {
		return nil, s.trace(e, err)
	}
	path, err := save(o.Name + ".html")
	if err != nil || path == "" {
		return nil, err
	}
	if err := s.trace(e, nil); err != nil {
		return nil, err
	}
	dir, name := filepath.Split(path)
	written, err := writeOutput(ctx, o.Copy, dir, strings.TrimSuffix(name, filepath.Ext(name)), o.Format, lang)
	return written, Err(err)
}

// ShareKind tells what the file at path is without decrypting it:
// share.KindPackage (it needs a passphrase) or share.KindReturn.
func ShareKind(path string) (string, error) {
	src, size, done, err := packageSource(path)
	if err != nil {
		return "", Err(err)
	}
	defer done()
	kind, err := share.Detect(io.NewSectionReader(src, 0, size))
	return kind, Err(err)
}
