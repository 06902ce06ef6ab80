package journal_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func TestBlob(t *testing.T) {
	t.Run("write read delete", func(t *testing.T) {
		k := newKit(t)
		data := []byte("sealed bytes")
		if err := k.f.WriteBlob("0f3a9b", data); err != nil {
			t.Fatal(err)
		}
		if err := k.f.WriteBlob("0f3a9b", []byte("other")); !errors.Is(err, journal.ErrExists) {
			t.Errorf("second WriteBlob err = %v, want ErrExists", err)
		}
		got, err := k.f.ReadBlob("0f3a9b")
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("ReadBlob = %q, %v", got, err)
		}
		for range 2 { // deleting twice is fine
			if err := k.f.DeleteBlob("0f3a9b"); err != nil {
				t.Fatalf("DeleteBlob: %v", err)
			}
		}
		if _, err := k.f.ReadBlob("0f3a9b"); !errors.Is(err, journal.ErrMissing) {
			t.Errorf("ReadBlob after delete err = %v, want ErrMissing", err)
		}
	})

	t.Run("invalid ids", func(t *testing.T) {
		k := newKit(t)
		for _, id := range []string{"", "..", "../kinko-vault.json", "a/b", `a\b`, "ABC", "c:x", "nul", "com1", "a.b", string(bytes.Repeat([]byte("a"), 129))} {
			if err := k.f.WriteBlob(id, nil); !errors.Is(err, journal.ErrInvalid) {
				t.Errorf("WriteBlob(%q) err = %v, want ErrInvalid", id, err)
			}
			if _, err := k.f.ReadBlob(id); !errors.Is(err, journal.ErrInvalid) {
				t.Errorf("ReadBlob(%q) err = %v, want ErrInvalid", id, err)
			}
			if err := k.f.DeleteBlob(id); !errors.Is(err, journal.ErrInvalid) {
				t.Errorf("DeleteBlob(%q) err = %v, want ErrInvalid", id, err)
			}
		}
	})

	t.Run("disk full leaves nothing", func(t *testing.T) {
		k := newKit(t)
		journal.SetTestHook(t, func(stage string) error {
			if stage == "write" {
				return errDiskFull
			}
			return nil
		})
		if err := k.f.WriteBlob("ab12", []byte("x")); !errors.Is(err, journal.ErrDiskFull) {
			t.Fatalf("err = %v, want ErrDiskFull", err)
		}
		assertNoFiles(t, filepath.Join(k.f.Root(), "blobs"))
	})

	t.Run("root vanished", func(t *testing.T) {
		k := newKit(t)
		if err := k.f.WriteBlob("ab12", []byte("x")); err != nil {
			t.Fatal(err)
		}
		wintest.RemoveAll(k.f.Root())
		if err := k.f.DeleteBlob("ab12"); !errors.Is(err, journal.ErrUnavailable) {
			t.Errorf("DeleteBlob err = %v, want ErrUnavailable (erasure must not look done)", err)
		}
		if _, err := k.f.ReadBlob("ab12"); !errors.Is(err, journal.ErrUnavailable) {
			t.Errorf("ReadBlob err = %v, want ErrUnavailable", err)
		}
		if err := k.f.WriteBlob("cd34", []byte("x")); !errors.Is(err, journal.ErrUnavailable) {
			t.Errorf("WriteBlob err = %v, want ErrUnavailable", err)
		}
		if _, err := os.Stat(k.f.Root()); err == nil {
			t.Error("WriteBlob recreated the root")
		}
	})
}
