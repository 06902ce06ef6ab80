package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestVaultFolderFaults: kinko vault verify names a tampered blob and a
// device's deleted newest segments by their file in the vault folder, in
// Japanese and English; kinko vault sync on the PC that wrote them puts
// back what an older copy of the folder lacks and says so.
func TestVaultFolderFaults(t *testing.T) {
	dir := wintest.TempDir(t)
	folder := filepath.Join(dir, "nas")
	home := filepath.Join(dir, "pc-a")
	const pw = "shocho-pw-X7c9k2-1"
	a, _, err := vault.Create(folder, "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(pw), Handler: true},
		vault.Options{DataDir: home, Keys: &keys.Options{WorkFactor: 10}, PCName: "pc-a"})
	if err != nil {
		t.Fatal(err)
	}
	off := office.New(a)
	client, err := off.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社あおば"}, false)
	if err != nil {
		t.Fatal(err)
	}
	day, _ := mynumber.NewDate(2026, time.April, 1)
	_, err = off.Acquire(office.Acquisition{Client: client, Person: "p1", Number: "123456789018", Confirm: "123456789018", Role: "employee",
		Purposes:     []mynumber.Purpose{mynumber.PurposeWithholdingSlip},
		Verification: mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: a.User(), VerifiedAt: day},
		Today:        day}, nil)
	if err != nil {
		t.Fatal(err)
	}
	info, err := off.NumberInfo(client, "p1")
	if err != nil {
		t.Fatal(err)
	}
	blob := info.Value.Number.ID
	if _, err := a.Sync(nil); err != nil {
		t.Fatal(err)
	}
	device := a.Device()
	a.Close()
	env := func(lang string) map[string]string { return map[string]string{"KINKO_HOME": home, "KINKO_LANG": lang} }

	backup := filepath.Join(dir, "backup")
	if err := os.CopyFS(backup, os.DirFS(folder)); err != nil {
		t.Fatal(err)
	}
	// More work after the backup, then the NAS is restored.
	a, err = vault.Open(a.ID(), vault.Options{DataDir: home, Keys: &keys.Options{WorkFactor: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Login("shocho", []byte(pw)); err != nil {
		t.Fatal(err)
	}
	if _, err := office.New(a).CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社みどり"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sync(nil); err != nil {
		t.Fatal(err)
	}
	a.Close()
	segs, _ := filepath.Glob(filepath.Join(folder, "journal", device, "*.seg"))
	newest := filepath.Base(segs[len(segs)-1])
	if err := wintest.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(folder, os.DirFS(backup)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(folder, "blobs", blob))
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)/2] ^= 1
	if err := os.WriteFile(filepath.Join(folder, "blobs", blob), raw, 0o644); err != nil {
		t.Fatal(err)
	}

	// Japanese first: the check finds both; the verb's closing sync then
	// puts this PC's segment back, and says so.
	stdout, stderr, code := run(t, env("ja"), "vault", "verify")
	if code != app.ExitIntegrity || !strings.Contains(stdout, "保管ファイル: マイナンバーなどの保管ファイルが、書かれたときと違う内容") ||
		!strings.Contains(stdout, "（金庫フォルダの blobs/"+blob+"）") ||
		!strings.Contains(stdout, "記録の連鎖: この PC がすでに読んだ（または書いた）記録ファイルが金庫フォルダにありません") ||
		!strings.Contains(stdout, "（金庫フォルダの journal/"+device+"/"+newest+"）") || catalogKey.MatchString(stdout) ||
		!strings.Contains(stderr, "金庫フォルダが以前のコピーに戻されていました") {
		t.Fatalf("verify (ja): exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	stdout, stderr, code = run(t, env("en"), "vault", "verify")
	if code != app.ExitIntegrity || !strings.Contains(stdout, "Stored file: A stored file (a My Number or a scan) differs from what was written") ||
		!strings.Contains(stdout, "(vault folder file blobs/"+blob+")") || strings.Contains(stdout, "Journal chain") || catalogKey.MatchString(stdout) {
		t.Fatalf("verify (en): exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	// The NAS is restored once more; kinko vault sync says what it put back.
	if err := wintest.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(folder, os.DirFS(backup)); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = run(t, env("ja"), "vault", "sync")
	if code != app.ExitOK || !strings.Contains(stdout, "金庫フォルダが以前のコピーに戻されていました") {
		t.Fatalf("sync: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(folder, "journal", device, newest)); err != nil {
		t.Fatalf("the newest segment was not put back: %v", err)
	}
	if stdout, stderr, code := run(t, env("ja"), "vault", "verify"); code != app.ExitOK {
		t.Fatalf("verify after the repair: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}

	// A PC that never read the number holds no copy of its blob: with
	// --as, the user's keys check it against the record's hash.
	homeB := filepath.Join(dir, "pc-b")
	b, err := vault.Join(folder, vault.Options{DataDir: homeB, Keys: &keys.Options{WorkFactor: 10}, PCName: "pc-b"})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	if err := os.WriteFile(filepath.Join(folder, "blobs", blob), []byte("another file"), 0o644); err != nil {
		t.Fatal(err)
	}
	envB := map[string]string{"KINKO_HOME": homeB, "KINKO_LANG": "ja", "KINKO_PASSWORD": pw}
	stdout, stderr, code = run(t, envB, "vault", "verify", "--as", "shocho")
	if code != app.ExitIntegrity || !strings.Contains(stdout, "（金庫フォルダの blobs/"+blob+"）") {
		t.Fatalf("verify --as from b: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}
