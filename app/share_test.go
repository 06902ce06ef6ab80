package app_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// shareOffice is a vault with a 責任者 and My Number handler (yamada), a
// staff member with 編集 (suzuki, no handler), a read-only staff member
// (sato), a staff member hidden from the client (tanaka); one client with
// two people, and files to send.
type shareOffice struct {
	dir, home, src    string
	a                 *app.App
	rec               *recorder
	clk               *clock
	s                 *app.ShareService
	client, hanako    string
	ichiro            string
	suzuki, sato, tnk string
}

const sharePW = "yamada-pw-X7c9k2"

func newShareOffice(t *testing.T) *shareOffice {
	t.Helper()
	o := &shareOffice{dir: wintest.TempDir(t), clk: &clock{t: time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)}}
	o.home = filepath.Join(o.dir, "home")
	if err := os.MkdirAll(filepath.Join(o.home, "Documents"), 0o700); err != nil {
		t.Fatal(err)
	}
	o.src = filepath.Join(o.dir, "送るもの")
	writeTree(t, o.src, map[string]string{"決算書/2026年3月期.csv": "科目,金額\n売上,1000000\n", "メモ.txt": "ご確認ください。\n", "Thumbs.db": "x"})
	o.rec = &recorder{}
	o.a = newShareApp(t, filepath.Join(o.dir, "pc"), o.clk, o.rec, filepath.Join(o.dir, "saved"), filepath.Join(o.dir, "folders.json"))
	vs := o.a.Vault()
	if _, err := vs.Create(app.CreateRequest{Folder: filepath.Join(o.dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: sharePW, Handler: true}); err != nil {
		t.Fatal(err)
	}
	var err error
	add := func(login, name, def string) string {
		id, err := vs.AddUser(app.NewUserRequest{Login: login, Name: name, Password: login + "-pw-X7c9k2", Role: "staff", Default: def})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	o.suzuki, o.sato, o.tnk = add("suzuki", "鈴木", "edit"), add("sato", "佐藤", "read"), add("tanaka", "田中", "edit")
	cs := app.Clients(o.a)
	if o.client, err = cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社さくら"}, false, []string{o.tnk}); err != nil {
		t.Fatal(err)
	}
	if o.hanako, err = cs.SavePerson(records.Person{ClientID: o.client, Name: "山本花子", Kana: "ヤマモト　ハナコ", Roles: []records.PersonRole{records.RoleOfficer}, Email: "hanako@sakura.example.jp"}, nil); err != nil {
		t.Fatal(err)
	}
	if o.ichiro, err = cs.SavePerson(records.Person{ClientID: o.client, Name: "阿部一郎", Kana: "アベ　イチロウ", Roles: []records.PersonRole{records.RoleEmployee}}, nil); err != nil {
		t.Fatal(err)
	}
	o.s = app.Share(o.a, 10, o.home)
	return o
}

func newShareApp(t *testing.T, dataDir string, clk *clock, rec *recorder, saved, folders string) *app.App {
	t.Helper()
	a := app.New(app.Options{Emitter: rec, DataDir: dataDir, Keys: &keys.Options{WorkFactor: 10}, Keychain: keychain.NewMemory(), Now: clk.now, SyncInterval: time.Hour, IdleLock: -1,
		Dialogs: app.FolderDialogs{Dir: saved, Folders: folders}})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	return a
}

func (o *shareOffice) login(t *testing.T, login string) {
	t.Helper()
	pw := login + "-pw-X7c9k2"
	if login == "yamada" {
		pw = sharePW
	}
	if _, err := o.a.Vault().Login(login, pw, false); err != nil {
		t.Fatal(err)
	}
}

// job waits for the end of the job a bound method started:
// o.job(t)(o.s.Scan(…)).
func (o *shareOffice) job(t *testing.T) func(id string, err error) app.JobDoneEvent {
	return func(id string, err error) app.JobDoneEvent {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		for skip := 0; ; skip++ {
			if d := o.rec.next(t, app.EventJobDone, skip).(app.JobDoneEvent); d.ID == id {
				return d
			}
		}
	}
}

func (o *shareOffice) shares(t *testing.T) *app.Shares {
	t.Helper()
	s, err := app.SharesOf(o.a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (o *shareOffice) request(paths ...string) app.ShareCreateRequest {
	return app.ShareCreateRequest{Client: o.client, Person: o.hanako, Paths: paths, Purpose: "決算書の確認", Message: "ご確認ください。",
		Expires: "2026-12-15", Format: "auto", Output: filepath.Join(o.dir, "out"), Lang: "ja"}
}

func entryIndex(es []audit.Entry, action audit.Action) int {
	return slices.IndexFunc(es, func(e audit.Entry) bool { return e.Action == action })
}

// TestShareRoundTrip: the window's path — recipients by reading, a scan
// job whose token the create job uses, a self-opening page with the
// files, the passphrase never in the log; the page opens with the
// passphrase as typed on a phone call (full-width, spaces), the files
// are byte-identical; the register lists the package; every step is
// logged.
func TestShareRoundTrip(t *testing.T) {
	o := newShareOffice(t)
	rs, err := o.s.Recipients(o.client)
	if err != nil || len(rs) != 2 || rs[0].ID != o.ichiro || rs[1].ID != o.hanako || rs[1].Email != "hanako@sakura.example.jp" {
		t.Fatalf("recipients: %+v %v", rs, err)
	}
	sel, err := o.s.Collect([]string{o.src})
	if err != nil || len(sel.Items) != 2 {
		t.Fatalf("collect: %+v %v", sel, err)
	}
	d := o.job(t)(o.s.Scan(o.client, []string{o.src}))
	sc, ok := d.Result.(*app.ShareScan)
	if d.Status != app.JobOK || !ok || sc.Files != 2 || sc.Individual != 0 || sc.Token == "" || !sc.CanOverride {
		t.Fatalf("scan job: %+v", d)
	}
	req := o.request(o.src)
	req.Token = sc.Token
	d = o.job(t)(o.s.Create(req))
	made, ok := d.Result.(*app.ShareCreated)
	if d.Status != app.JobOK || !ok {
		t.Fatalf("create job: %+v", d)
	}
	if len(made.Files) != 1 || !strings.HasSuffix(made.Files[0], ".html") || !strings.Contains(filepath.Base(made.Files[0]), "株式会社さくら様_20261201_決算書の確認") {
		t.Fatalf("created files: %q", made.Files)
	}
	if made.Passphrase == "" || len(made.Kana) == 0 || made.Expires.Format(time.RFC3339) != "2026-12-15T23:59:59+09:00" {
		t.Fatalf("created: kana %d, expires %v", len(made.Kana), made.Expires)
	}
	es, err := app.LogEntries(o.a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(e.Detail+e.Label+e.Target, made.Passphrase) {
			t.Fatal("the passphrase is in the log")
		}
	}
	ci := entryIndex(es, audit.ShareCreate)
	if ci < 0 || es[ci].Client != o.client || es[ci].Person != o.hanako || es[ci].Target != "share/"+o.client+"/out-"+made.ID ||
		es[ci].Result != audit.ResultOK || es[ci].Detail != "files=2 bytes="+strconv.FormatInt(sc.Bytes, 10) {
		t.Fatalf("share.create entry: %+v", es)
	}

	typed := strings.ToUpper(strings.ReplaceAll(made.Passphrase, "-", "　"))
	target := filepath.Join(o.dir, "受け取り")
	d = o.job(t)(o.s.Open(app.ShareOpenRequest{Path: made.Files[0], Passphrase: typed, Target: target}))
	opened, ok := d.Result.(*app.ShareOpened)
	if d.Status != app.JobOK || !ok || opened.Manifest.Office != "山田税理士事務所" || opened.Manifest.Recipient != "山本花子" || opened.Manifest.Sender != "山田" {
		t.Fatalf("open job: %+v", d)
	}
	want := hashTree(t, o.src)
	delete(want, "Thumbs.db")
	got := hashTree(t, target)
	for k, v := range want {
		if got["送るもの/"+k] != v {
			t.Fatalf("opened files %v, want %v under 送るもの/", got, want)
		}
	}
	// A wrong passphrase: refused, logged.
	d = o.job(t)(o.s.Open(app.ShareOpenRequest{Path: made.Files[0], Passphrase: "sakura-mikan", Target: filepath.Join(o.dir, "x")}))
	if d.Status != app.JobFailed || d.Error.Code != "share.passphrase" {
		t.Fatalf("wrong passphrase: %+v", d)
	}
	if _, err := os.Stat(filepath.Join(o.dir, "x")); err == nil {
		t.Fatal("a wrong passphrase left a folder")
	}

	reg, err := o.s.Register(o.client)
	if err != nil || len(reg) != 1 || reg[0].Direction != "out" || reg[0].PersonName != "山本花子" || reg[0].UserName != "山田" ||
		reg[0].Purpose != "決算書の確認" || len(reg[0].Files) != 2 || reg[0].Copy == "" || reg[0].Expired {
		t.Fatalf("register: %+v %v", reg, err)
	}
	es, _ = app.LogEntries(o.a)
	var opens []audit.Entry
	for _, e := range es {
		if e.Action == audit.ShareOpen {
			opens = append(opens, e)
		}
	}
	if len(opens) != 2 || opens[0].Result != audit.ResultOK || opens[0].Detail != "files=2" || opens[1].Result != "share.passphrase" {
		t.Fatalf("share.open entries: %+v", opens)
	}
}

// validNumber is a 12-digit number with a valid check digit (made here,
// never printed).
func validNumber(t *testing.T, base string) string {
	t.Helper()
	d, err := mynumber.IndividualCheckDigit(base)
	if err != nil {
		t.Fatal(err)
	}
	return base + strconv.Itoa(d)
}

// TestShareMyNumberInsiders: a planted My Number blocks sending (nothing
// written); a staff member with 編集 who is no handler cannot override
// (share.not_handler, the attempt logged as denied); a read-only user
// cannot send at all; a handler's override writes share.override with the
// purpose before share.create, and the package is made.
func TestShareMyNumberInsiders(t *testing.T) {
	o := newShareOffice(t)
	writeTree(t, o.src, map[string]string{"従業員.csv": "氏名,個人番号\n山本花子," + validNumber(t, "12345678901") + "\n"})
	out := filepath.Join(o.dir, "out")
	ctx := context.Background()

	o.login(t, "suzuki")
	sh := o.shares(t)
	sc, err := sh.Scan(ctx, o.client, []string{o.src}, nil)
	if err != nil || sc.Individual != 1 || sc.CanOverride || len(sc.Findings) != 1 || sc.Findings[0].File != "送るもの/従業員.csv" || sc.Findings[0].Line != 2 {
		t.Fatalf("scan: %+v %v", sc, err)
	}
	if _, err := sh.Create(ctx, o.request(o.src), nil); code(err) != "share.mynumber" {
		t.Fatalf("create with a number: %v", err)
	}
	req := o.request(o.src)
	req.Override = &app.ShareOverride{Purpose: string(mynumber.PurposeWithholdingSlip), Reason: "源泉徴収票の確認"}
	if _, err := sh.Create(ctx, req, nil); code(err) != "share.not_handler" {
		t.Fatalf("override by staff: %v", err)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Fatalf("refusals wrote %d files", len(ents))
	}

	o.login(t, "sato")
	if _, err := o.shares(t).Create(ctx, o.request(filepath.Join(o.src, "メモ.txt")), nil); !strings.HasPrefix(code(err), "access.") {
		t.Fatalf("create by a read-only user: %v", err)
	}

	o.login(t, "yamada")
	sh = o.shares(t)
	made, err := sh.Create(ctx, req, nil)
	if err != nil || len(made.Files) != 1 {
		t.Fatalf("override by the handler: %+v %v", made, err)
	}
	es, err := app.LogEntries(o.a)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		if e.Action == audit.ShareCreate || e.Action == audit.ShareOverride {
			got = append(got, string(e.Action)+" "+e.Result+" "+e.Purpose+" "+e.Detail)
		}
	}
	want := []string{
		"share.create share.mynumber  files=3 bytes=" + strconv.FormatInt(sc.Bytes, 10) + " individual=1",
		"share.override denied withholding_slip individual=1",
		"share.create denied  ",
		"share.override ok withholding_slip individual=1",
		"share.create ok  files=3 bytes=" + strconv.FormatInt(sc.Bytes, 10),
	}
	if !slices.Equal(got, want) {
		t.Fatalf("entries:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	reg, err := sh.Register(o.client)
	if err != nil || len(reg) != 1 || reg[0].Override == nil || reg[0].Override.Purpose != "withholding_slip" {
		t.Fatalf("register: %+v %v", reg, err)
	}
}

// TestShareReturnEnvelope: an envelope's key opens a return package made
// with share.Create to its public key; it is filed under the client with
// its register entry and a share.receive entry. A user hidden from the
// client has no key for it; a revoked envelope's returns are refused.
func TestShareReturnEnvelope(t *testing.T) {
	o := newShareOffice(t)
	env, err := o.s.CreateEnvelope(app.ShareEnvelopeRequest{Client: o.client, Person: o.hanako, Message: "書類をお送りください。", Lang: "ja"})
	if err != nil || env.ID == "" || filepath.Base(env.Path) != "株式会社さくら様_返信用封筒.html" {
		t.Fatalf("envelope: %+v %v", env, err)
	}
	if b, err := os.ReadFile(env.Path); err != nil || len(b) == 0 {
		t.Fatalf("envelope page: %v", err)
	}
	ret := o.returnPackage(t, env.ID, "return1.age")

	o.login(t, "tanaka")
	if _, err := o.s.Recipients(o.client); !strings.HasPrefix(code(err), "access.") && code(err) != "vault.no_access" {
		t.Fatalf("recipients for a hidden user: %v", err)
	}
	d := o.job(t)(o.s.Open(app.ShareOpenRequest{Path: ret}))
	if d.Status != app.JobFailed || d.Error.Code != "share.no_identity" {
		t.Fatalf("return opened by a hidden user: %+v", d)
	}

	o.login(t, "yamada")
	d = o.job(t)(o.s.Open(app.ShareOpenRequest{Path: ret}))
	opened, ok := d.Result.(*app.ShareOpened)
	if d.Status != app.JobOK || !ok || opened.Client != o.client || opened.Manifest.Envelope != env.ID {
		t.Fatalf("receive: %+v", d)
	}
	wantDir := filepath.Join(o.home, "Documents", "Kinko共有", "受信", "株式会社さくら", "2026-12-01_"+opened.Manifest.ID)
	if opened.Target != wantDir {
		t.Fatalf("filed in %s, want %s", opened.Target, wantDir)
	}
	if b, err := os.ReadFile(filepath.Join(wantDir, "領収書", "12月.txt")); err != nil || string(b) != "領収書です\n" {
		t.Fatalf("received file: %q %v", b, err)
	}
	reg, err := o.s.Register(o.client)
	if err != nil || len(reg) != 1 || reg[0].Direction != "in" || reg[0].Envelope != env.ID || reg[0].PersonName != "山本花子" {
		t.Fatalf("register: %+v %v", reg, err)
	}
	envs, err := o.s.Envelopes(o.client)
	if err != nil || len(envs) != 1 || envs[0].Received != 1 || envs[0].Revoked {
		t.Fatalf("envelopes: %+v %v", envs, err)
	}
	if err := o.s.RevokeEnvelope(o.client, env.ID); err != nil {
		t.Fatal(err)
	}
	ret2 := o.returnPackage(t, env.ID, "return2.age")
	d = o.job(t)(o.s.Open(app.ShareOpenRequest{Path: ret2}))
	if d.Status != app.JobFailed || d.Error.Code != "share.envelope_revoked" {
		t.Fatalf("revoked envelope: %+v", d)
	}
	es, _ := app.LogEntries(o.a)
	var got []string
	for _, e := range es {
		if e.Action == audit.ShareReceive || e.Action == audit.ShareEnvelope {
			got = append(got, string(e.Action)+" "+e.Result+" "+e.Client+" "+e.Detail)
		}
	}
	want := []string{
		"share.envelope ok " + o.client + " ",
		"share.receive share.no_identity  ",
		"share.receive ok " + o.client + " files=1",
		"share.envelope ok " + o.client + " revoke",
		"share.receive share.envelope_revoked " + o.client + " ",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("entries:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// returnPackage makes what the envelope page makes: a return package to
// the envelope's public key.
func (o *shareOffice) returnPackage(t *testing.T, envID, name string) string {
	t.Helper()
	return o.returnPackageAs(t, envID, envID, name)
}

// returnPackageAs is returnPackage encrypted to envelope keyOf's key and
// naming envelope named in its manifest.
func (o *shareOffice) returnPackageAs(t *testing.T, keyOf, named, name string) string {
	t.Helper()
	rcpt, err := app.EnvelopeRecipient(o.a, o.client, keyOf)
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.ParseX25519Recipient(rcpt)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(o.dir, "client-"+name)
	writeTree(t, src, map[string]string{"領収書/12月.txt": "領収書です\n"})
	items, err := share.Collect([]string{filepath.Join(src, "領収書")})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(o.dir, name)
	_, err = share.CreateFile(context.Background(), path, items, share.CreateOptions{Recipients: []age.Recipient{r},
		Manifest: share.Manifest{Kind: share.KindReturn, Office: "山田税理士事務所", Client: "株式会社さくら", Sender: "山本", Envelope: named, Created: o.clk.now()}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// TestShareExpiry: an expired package is refused and leaves nothing; the
// register's sweep deletes this PC's expired copy and records it; an
// expiry past a year is refused.
func TestShareExpiry(t *testing.T) {
	o := newShareOffice(t)
	ctx := context.Background()
	sh := o.shares(t)
	req := o.request(filepath.Join(o.src, "メモ.txt"))
	req.Expires = "+0d"
	made, err := sh.Create(ctx, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sh.Create(ctx, app.ShareCreateRequest{Client: o.client, Person: o.hanako, Paths: req.Paths, Purpose: "x", Expires: "2028-01-01"}, nil); code(err) != "share.expiry" {
		t.Fatalf("expiry in 2028: %v", err)
	}
	reg, _ := sh.Register(o.client)
	if len(reg) != 1 || reg[0].Copy == "" {
		t.Fatalf("register: %+v", reg)
	}
	copyPath := reg[0].Copy
	o.clk.add(48 * time.Hour)
	// The next login sweeps this PC's expired copies, in the background.
	o.a.Vault().Lock()
	o.login(t, "yamada")
	for i := 0; ; i++ {
		if _, err := os.Stat(copyPath); os.IsNotExist(err) {
			break
		}
		if i == 100 {
			t.Fatal("the login did not delete the expired copy")
		}
		time.Sleep(50 * time.Millisecond)
	}
	sh = o.shares(t)
	target := filepath.Join(o.dir, "late")
	if _, err := sh.Open(ctx, app.ShareOpenRequest{Path: made.Files[0], Passphrase: made.Passphrase, Target: target}, nil); code(err) != "share.expired" {
		t.Fatalf("expired package: %v", err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Fatal("an expired package left a folder")
	}
	reg, err = sh.Register(o.client)
	if err != nil || len(reg) != 1 || !reg[0].Expired || reg[0].Deleted == nil || reg[0].Copy != "" {
		t.Fatalf("register after expiry: %+v %v", reg, err)
	}
	if _, err := os.Stat(copyPath); !os.IsNotExist(err) {
		t.Fatalf("expired copy still there: %v", err)
	}
	if _, err := o.s.SaveCopy(o.client, made.ID); code(err) != "share.no_copy" {
		t.Fatalf("save an expired copy: %v", err)
	}
}

// TestShareChangedAfterScan: a file changed between the scan and the
// create is caught while sealing: no output, no copy, no register entry,
// and the log has the create entry and a second one with the outcome.
func TestShareChangedAfterScan(t *testing.T) {
	o := newShareOffice(t)
	d := o.job(t)(o.s.Scan(o.client, []string{o.src}))
	sc := d.Result.(*app.ShareScan)
	writeTree(t, o.src, map[string]string{"メモ.txt": "ご確認ください！\n"})
	req := o.request(o.src)
	req.Token = sc.Token
	d = o.job(t)(o.s.Create(req))
	if d.Status != app.JobFailed || d.Error.Code != "share.changed" {
		t.Fatalf("create after a change: %+v", d)
	}
	if ents, _ := os.ReadDir(filepath.Join(o.dir, "out")); len(ents) != 0 {
		t.Fatalf("a failed package left %d files", len(ents))
	}
	copies, _ := filepath.Glob(filepath.Join(o.dir, "pc", "share", "*", "out", "*"))
	if len(copies) != 0 {
		t.Fatalf("a failed package left its copy: %v", copies)
	}
	if reg, err := o.s.Register(o.client); err != nil || len(reg) != 0 {
		t.Fatalf("register: %+v %v", reg, err)
	}
	es, _ := app.LogEntries(o.a)
	var got []string
	for _, e := range es {
		if e.Action == audit.ShareCreate {
			got = append(got, e.Result+" "+e.Detail)
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "ok files=2") || !strings.HasPrefix(got[1], "share.changed files=2") || !strings.HasSuffix(got[1], " aborted") {
		t.Fatalf("share.create entries: %q", got)
	}
}

// TestShareReturnWrongEnvelopeID: a return package opened by one
// envelope's key but naming another envelope is refused as altered.
func TestShareReturnWrongEnvelopeID(t *testing.T) {
	o := newShareOffice(t)
	env, err := o.s.CreateEnvelope(app.ShareEnvelopeRequest{Client: o.client, Lang: "ja"})
	if err != nil {
		t.Fatal(err)
	}
	ret := o.returnPackageAs(t, env.ID, "0123456789abcdef", "forged.age")
	d := o.job(t)(o.s.Open(app.ShareOpenRequest{Path: ret, Target: filepath.Join(o.dir, "forged")}))
	if d.Status != app.JobFailed || d.Error.Code != "share.corrupt" {
		t.Fatalf("forged envelope id: %+v", d)
	}
	if _, err := os.Stat(filepath.Join(o.dir, "forged")); err == nil {
		t.Fatal("a refused return left a folder")
	}
}

// TestShareNamesAndExpiry: output names are safe on Windows whatever the
// client's name or purpose holds; expiry dates are the end of the day in
// Japan, today counts, at most a year ahead.
func TestShareNamesAndExpiry(t *testing.T) {
	for in, want := range map[string]string{
		"株式会社さくら様_20261201_決算書の確認": "株式会社さくら様_20261201_決算書の確認",
		`A/B:C*?"<>|商事`: "A_B_C______商事",
		"CON":           "kinko_CON",
		"報告書. . ":       "報告書",
		"":              "kinko_",
	} {
		if got := app.SafeFileName(in, 80); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
	now := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC) // 2026-12-02 01:00 in Japan
	for in, want := range map[string]string{
		"+0d":        "2026-12-02T23:59:59+09:00",
		"+14d":       "2026-12-16T23:59:59+09:00",
		"2026-12-02": "2026-12-02T23:59:59+09:00",
		"2027-12-03": "2027-12-03T23:59:59+09:00",
		"2026-12-01": "share.expiry", // yesterday in Japan
		"2027-12-04": "share.expiry", // past a year
		"+400d":      "share.expiry",
		"12/24":      "share.expiry",
	} {
		got, err := app.ParseExpiry(in, now)
		s := got.Format(time.RFC3339)
		if err != nil {
			s = code(app.Err(err))
		}
		if s != want {
			t.Errorf("ParseExpiry(%q) = %s, want %s", in, s, want)
		}
	}
}
