package app

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/core/vault"
)

// The 共有 area: share packages to clients, return envelopes, the register.
// Its logic is Shares (sharesvc.go), which the command line (kinko share)
// shares; every step is in the access log through the one session layer.

// Job kinds of the area (translated under jobs.kind.<kind>).
const (
	JobShareScan    = "share.scan"
	JobShareCreate  = "share.create"
	JobShareOpen    = "share.open"
	JobShareReceive = "share.receive"
)

// ShareRecipient is one of a client's registered people a package may be
// addressed to (no free-typed addresses).
type ShareRecipient struct {
	ID    string   `json:"id"` // person id
	Name  string   `json:"name"`
	Kana  string   `json:"kana"`
	Roles []string `json:"roles"`
	Email string   `json:"email"`
	Phone string   `json:"phone"`
}

// ShareItem is one file chosen to send, as the create form lists it.
type ShareItem struct {
	Path string `json:"path"` // on this PC
	Name string `json:"name"` // its path inside the package ("決算書/2026.pdf")
	Size int64  `json:"size"`
}

// ShareSelection is what Collect found under the chosen files and folders.
type ShareSelection struct {
	Items []ShareItem `json:"items"`
	Total int64       `json:"total"`
}

// ShareFinding is one number the scan found. It never holds the number:
// only where it is. Location fields that do not apply are zero.
type ShareFinding struct {
	File      string `json:"file"`            // the item's Name
	Inner     string `json:"inner,omitempty"` // path inside a ZIP (nested: "a.zip/b.xlsx")
	Kind      string `json:"kind"`            // "individual" (個人番号) or "corporate" (法人番号)
	Line      int    `json:"line,omitempty"`  // text and CSV: 1-based line
	Column    int    `json:"column,omitempty"`
	Sheet     string `json:"sheet,omitempty"` // xlsx
	Cell      string `json:"cell,omitempty"`  // xlsx: "B12"
	Page      int    `json:"page,omitempty"`  // pdf
	Paragraph int    `json:"paragraph,omitempty"`
}

// ShareUnscanned is a file whose content could not be searched (an image,
// an encrypted PDF, a damaged file): the form names it so nobody believes it
// was checked.
type ShareUnscanned struct {
	File   string `json:"file"`
	Inner  string `json:"inner,omitempty"`
	Reason string `json:"reason"` // "binary", "encrypted", "corrupt", "too_large", "unreadable"
}

// ShareScan is the result of a share.scan job.
type ShareScan struct {
	Files      int              `json:"files"`
	Bytes      int64            `json:"bytes"`
	Individual int              `json:"individual"` // 個人番号 found (blocks sending)
	Corporate  int              `json:"corporate"`  // 法人番号 found (a warning only)
	Findings   []ShareFinding   `json:"findings"`
	Unscanned  []ShareUnscanned `json:"unscanned"`
	// CanOverride: the user is a 事務取扱担当者 of the client and may send
	// anyway, with a purpose (a share.override entry of its own).
	CanOverride bool `json:"canOverride"`
	// Token identifies this scan to Create: the files must not change in
	// between (their hashes are checked again while sealing).
	Token string `json:"token"`
}

// ShareCreateRequest is the create form.
type ShareCreateRequest struct {
	Client  string   `json:"client"` // client id
	Person  string   `json:"person"` // person id: one of Recipients(client)
	Paths   []string `json:"paths"`  // the chosen files and folders
	Purpose string   `json:"purpose"`
	Message string   `json:"message"`
	Expires string   `json:"expires"` // "YYYY-MM-DD" (Japan time, inclusive)
	// Output is the folder the package is saved in ("": the default
	// folder of this PC, docs/share.md).
	Output string `json:"output"`
	// Format: "auto" (one self-opening HTML file when small enough, else
	// the .age file and the opener page), "html" or "age".
	Format string `json:"format"`
	// Token is the ShareScan's token for these paths.
	Token string `json:"token"`
	// Override sends files with My Numbers (handlers only); nil refuses.
	Override *ShareOverride `json:"override,omitempty"`
	Lang     string         `json:"lang"`
}

// ShareOverride is a handler's decision to send My Numbers anyway.
type ShareOverride struct {
	Purpose string `json:"purpose"` // a mynumber.Purpose code
	Reason  string `json:"reason"`  // a short note, kept in the register
}

// ShareCreated is the result of a share.create job. Passphrase is shown
// once and kept nowhere: the window drops it when the dialog closes.
type ShareCreated struct {
	ID         string    `json:"id"`
	Files      []string  `json:"files"` // what was written: the .age and/or .html paths
	Passphrase string    `json:"passphrase"`
	Kana       []string  `json:"kana"` // the passphrase's words in kana, to read out
	Expires    time.Time `json:"expires" ts_type:"string"`
	Bytes      int64     `json:"bytes"`
}

// ShareOpenRequest opens a package (a passphrase) or a return package (the
// client's envelope keys, Passphrase ignored).
type ShareOpenRequest struct {
	Path       string `json:"path"`
	Passphrase string `json:"passphrase"`
	Target     string `json:"target"`   // "": the default folder (returns: under the client)
	Conflict   string `json:"conflict"` // "" (refuse: share.exists lists them), "overwrite", "keep_both", "skip"
}

// ShareOpened is the result of a share.open or share.receive job.
type ShareOpened struct {
	Manifest share.Manifest `json:"manifest"`
	Target   string         `json:"target"`
	Written  []string       `json:"written"`
	Skipped  []string       `json:"skipped"`
	Client   string         `json:"client,omitempty"` // returns: the client it was filed under
	// ClientName is that client's name in the vault (the manifest's Client
	// is what the envelope page wrote).
	ClientName string `json:"clientName,omitempty"`
	Record     string `json:"record,omitempty"` // the register entry
}

// ShareEnvelopeRequest makes a return envelope page for a client.
type ShareEnvelopeRequest struct {
	Client  string `json:"client"`
	Person  string `json:"person"` // optional: who is expected to send
	Message string `json:"message"`
	Expires string `json:"expires"` // "YYYY-MM-DD"
	Lang    string `json:"lang"`
}

// ShareEnvelope is a return envelope: its page holds the public key of a
// key pair whose private half is a record of the client's scope.
type ShareEnvelope struct {
	ID       string    `json:"id"`
	Client   string    `json:"client"`
	Person   string    `json:"person"`
	Created  time.Time `json:"created" ts_type:"string"`
	Expires  time.Time `json:"expires" ts_type:"string"`
	Path     string    `json:"path"` // where the page was saved on this PC ("" unsaved)
	Received int       `json:"received"`
	Revoked  bool      `json:"revoked"`
}

// ShareRecord is one row of the register (送受信台帳).
type ShareRecord struct {
	ID         string         `json:"id"`
	Direction  string         `json:"direction"` // "out" or "in"
	Client     string         `json:"client"`
	ClientName string         `json:"clientName"`
	Person     string         `json:"person"`
	PersonName string         `json:"personName"`
	User       string         `json:"user"` // who sent or received it
	UserName   string         `json:"userName"`
	Device     string         `json:"device"`
	Purpose    string         `json:"purpose"`
	Message    string         `json:"message"`
	Created    time.Time      `json:"created" ts_type:"string"`
	Expires    time.Time      `json:"expires" ts_type:"string"`
	Files      []share.File   `json:"files"`
	Bytes      int64          `json:"bytes"`
	Override   *ShareOverride `json:"override,omitempty"`
	Envelope   string         `json:"envelope,omitempty"`
	// Copy is the outgoing copy this PC keeps until expiry ("" none);
	// Deleted when it was removed after expiry.
	Copy    string     `json:"copy,omitempty"`
	Deleted *time.Time `json:"deleted,omitempty" ts_type:"string"`
	Expired bool       `json:"expired"`
}

// ShareService is the bound service of the 共有 area. Its logic is Shares
// (sharesvc.go), which the command line shares.
type ShareService struct {
	vs    *VaultService
	scans ShareScans

	sweepMu   sync.Mutex
	sweptAt   time.Time
	sweptUser string
	// WorkFactor of new packages (tests lower it); 0: share.WorkFactor.
	WorkFactor int
	// Home overrides the user's home folder for the default folders (tests).
	Home string
}

// shares is the area's logic on the open vault in the window's session;
// every bound method counts as activity for the idle lock.
func (s *ShareService) shares() (*Shares, error) {
	s.vs.Touch()
	v := s.vs
	v.mu.Lock()
	vt := v.v
	v.mu.Unlock()
	if vt == nil {
		return nil, vault.ErrNoReplica
	}
	off, err := v.office()
	if err != nil {
		return nil, err
	}
	return &Shares{Session: Session{Vault: vt}, DataDir: v.a.opt.DataDir, Office: off, Now: v.a.opt.Now,
		Home: s.Home, WorkFactor: s.WorkFactor, Scans: &s.scans}, nil
}

// sweepDue deletes this PC's expired outgoing copies in the background:
// after a login (another user may see other clients' records) and at most
// hourly otherwise (the vault's sync loop calls it). It does not count as
// activity for the idle lock.
func (s *ShareService) sweepDue() {
	v := s.vs
	v.mu.Lock()
	vt := v.v
	v.mu.Unlock()
	if vt == nil || vt.User() == "" {
		return
	}
	now := v.now()
	s.sweepMu.Lock()
	if s.sweptUser == vt.User() && now.Sub(s.sweptAt) < time.Hour {
		s.sweepMu.Unlock()
		return
	}
	s.sweptUser, s.sweptAt = vt.User(), now
	s.sweepMu.Unlock()
	sh := &Shares{Session: Session{Vault: vt}, DataDir: v.a.opt.DataDir, Now: v.a.opt.Now}
	go sh.Sweep()
}

// Recipients lists client's registered people (the only addresses), by
// reading.
func (s *ShareService) Recipients(client string) ([]ShareRecipient, error) {
	sh, err := s.shares()
	if err != nil {
		return nil, Err(err)
	}
	return sh.Recipients(client)
}

// ChooseFiles shows the OS dialog for files to send (several at once);
// nil when cancelled.
func (s *ShareService) ChooseFiles(lang string) ([]string, error) {
	a := s.vs.a
	if a.opt.Dialogs == nil {
		return nil, &Error{Code: CodeInternal}
	}
	s.vs.Touch()
	return a.opt.Dialogs.ChooseFiles(FilesDialog{Title: a.t(lang, "shareDialog.files"), Purpose: "files"})
}

// ChooseFolder shows the OS folder dialog: purpose "send" (a folder to
// send), "output" (where packages are saved), "open" (where files are
// extracted); "" when cancelled.
func (s *ShareService) ChooseFolder(purpose, lang string) (string, error) {
	a := s.vs.a
	if a.opt.Dialogs == nil {
		return "", &Error{Code: CodeInternal}
	}
	switch purpose {
	case "send", "output", "open":
	default:
		return "", &Error{Code: CodeUsage}
	}
	s.vs.Touch()
	return a.opt.Dialogs.ChooseFolder(FolderDialog{Title: a.t(lang, "shareDialog."+purpose), Purpose: "share." + purpose})
}

// ChoosePackage shows the OS dialog for a package to open (.age, .html);
// "" when cancelled.
func (s *ShareService) ChoosePackage(lang string) (string, error) {
	a := s.vs.a
	if a.opt.Dialogs == nil {
		return "", &Error{Code: CodeInternal}
	}
	s.vs.Touch()
	return a.opt.Dialogs.ChoosePackage(FilesDialog{Title: a.t(lang, "shareDialog.package"), Purpose: "package"})
}

// Collect lists the files under the chosen paths (dropped or picked).
func (s *ShareService) Collect(paths []string) (ShareSelection, error) {
	sh, err := s.shares()
	if err != nil {
		return ShareSelection{}, Err(err)
	}
	return sh.Collect(paths)
}

// Scan starts a share.scan job over paths for client; its result is a
// ShareScan.
func (s *ShareService) Scan(client string, paths []string) (string, error) {
	sh, err := s.shares()
	if err != nil {
		return "", Err(err)
	}
	return s.vs.a.Jobs.Start(context.Background(), JobShareScan, func(ctx context.Context, r progress.Reporter) (any, error) {
		return sh.Scan(ctx, client, paths, r)
	}), nil
}

// Create starts a share.create job; its result is a ShareCreated.
func (s *ShareService) Create(req ShareCreateRequest) (string, error) {
	sh, err := s.shares()
	if err != nil {
		return "", Err(err)
	}
	return s.vs.a.Jobs.Start(context.Background(), JobShareCreate, func(ctx context.Context, r progress.Reporter) (any, error) {
		return sh.Create(ctx, req, r)
	}), nil
}

// Open starts a share.open job (a package with a passphrase, or a return
// package, which is filed under its client as share.receive); its result is
// a ShareOpened.
func (s *ShareService) Open(req ShareOpenRequest) (string, error) {
	sh, err := s.shares()
	if err != nil {
		return "", Err(err)
	}
	return s.vs.a.Jobs.Start(context.Background(), JobShareOpen, func(ctx context.Context, r progress.Reporter) (any, error) {
		return sh.Open(ctx, req, r)
	}), nil
}

// CreateEnvelope makes a return envelope page and asks where to save it;
// a zero ShareEnvelope (no id) when the user cancelled.
func (s *ShareService) CreateEnvelope(req ShareEnvelopeRequest) (ShareEnvelope, error) {
	sh, err := s.shares()
	if err != nil {
		return ShareEnvelope{}, Err(err)
	}
	a := s.vs.a
	return sh.CreateEnvelope(req, func(name string, write func(io.Writer) error) (string, error) {
		return a.saveAs(req.Lang, "shareDialog.envelope", name, "HTML", "*.html", 0o600, write)
	})
}

// Envelopes lists the return envelopes of client ("" every client the user
// may read).
func (s *ShareService) Envelopes(client string) ([]ShareEnvelope, error) {
	sh, err := s.shares()
	if err != nil {
		return nil, Err(err)
	}
	return sh.Envelopes(client)
}

// RevokeEnvelope stops accepting returns made with envelope id.
func (s *ShareService) RevokeEnvelope(client, id string) error {
	sh, err := s.shares()
	if err != nil {
		return Err(err)
	}
	return sh.RevokeEnvelope(client, id)
}

// Register lists the register (送受信台帳) of client ("" every client the
// user may read), newest first; this PC's expired copies are deleted first.
func (s *ShareService) Register(client string) ([]ShareRecord, error) {
	sh, err := s.shares()
	if err != nil {
		return nil, Err(err)
	}
	return sh.Register(client)
}

// SaveCopy saves the outgoing copy of package id again (until it
// expires), asking where; it returns the first file written ("" when
// cancelled).
func (s *ShareService) SaveCopy(client, id string) (string, error) {
	sh, err := s.shares()
	if err != nil {
		return "", Err(err)
	}
	a := s.vs.a
	if a.opt.Dialogs == nil {
		return "", &Error{Code: CodeInternal}
	}
	files, err := sh.SaveCopy(context.Background(), client, id, "", func(name string) (string, error) {
		return a.opt.Dialogs.SaveFile(SaveDialog{Title: a.t("", "shareDialog.copy"), Name: name, Label: "HTML", Pattern: "*.html"})
	})
	if err != nil || len(files) == 0 {
		return "", err
	}
	return files[0], nil
}

// PassphraseShown and PassphraseHidden bracket the time the passphrase is
// on screen: the window is kept out of screen capture meanwhile (the guard
// My Numbers use).
func (s *ShareService) PassphraseShown() {
	s.vs.Touch()
	s.vs.a.numbers.capture.reveal()
}

// PassphraseHidden: see PassphraseShown.
func (s *ShareService) PassphraseHidden() {
	s.vs.a.numbers.capture.conceal()
}
