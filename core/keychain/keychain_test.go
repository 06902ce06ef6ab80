package keychain_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/kinko-jp/kinko/core/keychain"
)

// TestConformance runs one suite against every Keychain. System runs on
// go-keyring's in-memory mock (keyring.MockInit), which replaces the OS
// backend process-wide, so these tests must not run in parallel. A test
// against a real OS keychain needs a D-Bus session with a Secret Service (or
// Windows/macOS) and therefore lives outside `go test ./...`, with the
// desktop integration tests.
func TestConformance(t *testing.T) {
	impls := []struct {
		name string
		open func() keychain.Keychain
	}{
		{"memory", keychain.NewMemory},
		{"system-mock", func() keychain.Keychain {
			keyring.MockInit()
			return keychain.System()
		}},
	}
	for _, impl := range impls {
		t.Run(impl.name, func(t *testing.T) { conformance(t, impl.open) })
	}
}

const (
	vaultA = "vault-a/user-1"
	vaultB = "vault-b/user-1"
	key    = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
)

func conformance(t *testing.T, open func() keychain.Keychain) {
	tests := []struct {
		name string
		run  func(t *testing.T, k keychain.Keychain)
	}{
		{"available", func(t *testing.T, k keychain.Keychain) {
			if !k.Available() {
				t.Fatal("Available() = false")
			}
		}},
		{"get missing", func(t *testing.T, k keychain.Keychain) {
			if s, err := k.Get(keychain.Service, vaultA); !errors.Is(err, keychain.ErrNotFound) || s != "" {
				t.Fatalf("Get = %q, %v; want ErrNotFound", s, err)
			}
		}},
		{"set get", func(t *testing.T, k keychain.Keychain) {
			mustSet(t, k, keychain.Service, vaultA, key)
			mustGet(t, k, keychain.Service, vaultA, key)
		}},
		{"set replaces", func(t *testing.T, k keychain.Keychain) {
			mustSet(t, k, keychain.Service, vaultA, "first")
			mustSet(t, k, keychain.Service, vaultA, "second")
			mustGet(t, k, keychain.Service, vaultA, "second")
		}},
		{"accounts and services are separate", func(t *testing.T, k keychain.Keychain) {
			mustSet(t, k, keychain.Service, vaultA, "a")
			mustSet(t, k, keychain.Service, vaultB, "b")
			mustSet(t, k, "Other", vaultA, "other")
			mustGet(t, k, keychain.Service, vaultA, "a")
			mustGet(t, k, keychain.Service, vaultB, "b")
			mustGet(t, k, "Other", vaultA, "other")
		}},
		{"non-ascii", func(t *testing.T, k keychain.Keychain) {
			mustSet(t, k, keychain.Service, "金庫/所長", "鍵🔑")
			mustGet(t, k, keychain.Service, "金庫/所長", "鍵🔑")
		}},
		{"largest secret", func(t *testing.T, k keychain.Keychain) {
			big := strings.Repeat("k", keychain.MaxSecret)
			mustSet(t, k, keychain.Service, vaultA, big)
			mustGet(t, k, keychain.Service, vaultA, big)
		}},
		{"too large keeps old secret", func(t *testing.T, k keychain.Keychain) {
			mustSet(t, k, keychain.Service, vaultA, key)
			err := k.Set(keychain.Service, vaultA, strings.Repeat("k", keychain.MaxSecret+1))
			if !errors.Is(err, keychain.ErrTooLarge) {
				t.Fatalf("Set = %v, want ErrTooLarge", err)
			}
			mustGet(t, k, keychain.Service, vaultA, key)
		}},
		{"delete", func(t *testing.T, k keychain.Keychain) {
			mustSet(t, k, keychain.Service, vaultA, key)
			mustSet(t, k, keychain.Service, vaultB, "b")
			if err := k.Delete(keychain.Service, vaultA); err != nil {
				t.Fatalf("Delete = %v", err)
			}
			if _, err := k.Get(keychain.Service, vaultA); !errors.Is(err, keychain.ErrNotFound) {
				t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
			}
			mustGet(t, k, keychain.Service, vaultB, "b")
		}},
		{"delete missing", func(t *testing.T, k keychain.Keychain) {
			if err := k.Delete(keychain.Service, vaultA); err != nil {
				t.Fatalf("Delete of a missing secret = %v, want nil", err)
			}
			if err := k.Delete("Nothing", "nobody"); err != nil {
				t.Fatalf("Delete in an unknown service = %v, want nil", err)
			}
		}},
		{"concurrent", func(t *testing.T, k keychain.Keychain) {
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					acct := fmt.Sprintf("vault/user-%d", i)
					for j := range 20 {
						s := fmt.Sprint(j)
						if err := k.Set(keychain.Service, acct, s); err != nil {
							t.Errorf("Set: %v", err)
						}
						if got, err := k.Get(keychain.Service, acct); err != nil || got != s {
							t.Errorf("Get = %q, %v; want %q", got, err, s)
						}
						_ = k.Available()
					}
					if err := k.Delete(keychain.Service, acct); err != nil {
						t.Errorf("Delete: %v", err)
					}
				})
			}
			wg.Wait()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open()) })
	}
}

func mustSet(t *testing.T, k keychain.Keychain, service, account, secret string) {
	t.Helper()
	if err := k.Set(service, account, secret); err != nil {
		t.Fatalf("Set(%s, %s) = %v", service, account, err)
	}
}

func mustGet(t *testing.T, k keychain.Keychain, service, account, want string) {
	t.Helper()
	got, err := k.Get(service, account)
	if err != nil || got != want {
		t.Fatalf("Get(%s, %s) = %q, %v; want %q", service, account, got, err, want)
	}
}

// TestSystemErrors checks how backend failures are mapped, with go-keyring's
// mock returning the given error from every call.
func TestSystemErrors(t *testing.T) {
	tests := []struct {
		name          string
		backend       error
		get, set, del error // want, matched with errors.Is; nil means no error
		available     bool
	}{
		{"no secret service", errors.New("the name org.freedesktop.secrets was not provided"), keychain.ErrUnavailable, keychain.ErrUnavailable, keychain.ErrUnavailable, false},
		{"unsupported platform", keyring.ErrUnsupportedPlatform, keychain.ErrUnavailable, keychain.ErrUnavailable, keychain.ErrUnavailable, false},
		{"not found", keyring.ErrNotFound, keychain.ErrNotFound, keychain.ErrUnavailable, nil, true},
		{"too big", keyring.ErrSetDataTooBig, keychain.ErrUnavailable, keychain.ErrTooLarge, keychain.ErrUnavailable, false},
	}
	check := func(t *testing.T, op string, got, want error) {
		t.Helper()
		if (want == nil) != (got == nil) || (want != nil && !errors.Is(got, want)) {
			t.Errorf("%s = %v, want %v", op, got, want)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keyring.MockInitWithError(tt.backend)
			k := keychain.System()
			_, err := k.Get(keychain.Service, vaultA)
			check(t, "Get", err, tt.get)
			check(t, "Set", k.Set(keychain.Service, vaultA, key), tt.set)
			check(t, "Delete", k.Delete(keychain.Service, vaultA), tt.del)
			if got := k.Available(); got != tt.available {
				t.Errorf("Available() = %t, want %t", got, tt.available)
			}
		})
	}
}

// TestSystemAvailableCached checks that Available probes once per System
// value and keeps its answer.
func TestSystemAvailableCached(t *testing.T) {
	keyring.MockInit()
	k := keychain.System()
	if !k.Available() {
		t.Fatal("Available() = false on a working keychain")
	}
	keyring.MockInitWithError(errors.New("secret service went away"))
	if !k.Available() {
		t.Error("Available() changed after the first probe")
	}
	if keychain.System().Available() {
		t.Error("a new System() reports a failing keychain as available")
	}
}

// TestErrorsNeverContainSecret makes every failing path see a secret, and a
// backend whose own error message echoes it, and checks that no returned
// error shows it.
func TestErrorsNeverContainSecret(t *testing.T) {
	const secret = "S3CRET-wrapping-key-never-shown"
	tooBig := secret + strings.Repeat("x", keychain.MaxSecret)
	tests := []struct {
		name    string
		open    func() keychain.Keychain
		secret  string
		wantErr error
	}{
		{"memory too large", keychain.NewMemory, tooBig, keychain.ErrTooLarge},
		{"system too large", func() keychain.Keychain { keyring.MockInit(); return keychain.System() }, tooBig, keychain.ErrTooLarge},
		{"system backend echoes secret", func() keychain.Keychain {
			keyring.MockInitWithError(fmt.Errorf("dbus: cannot store %q for Kinko", secret))
			return keychain.System()
		}, secret, keychain.ErrUnavailable},
		{"system backend refuses size", func() keychain.Keychain {
			keyring.MockInitWithError(fmt.Errorf("%w: %s", keyring.ErrSetDataTooBig, secret))
			return keychain.System()
		}, secret, keychain.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.open().Set(keychain.Service, vaultA, tt.secret)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Set = %v, want %v", err, tt.wantErr)
			}
			for e := err; e != nil; e = errors.Unwrap(e) {
				if strings.Contains(e.Error(), "S3CRET") {
					t.Fatalf("error chain shows the secret: %q", e)
				}
			}
			if strings.Contains(fmt.Sprintf("%+v %#v", err, err), "S3CRET") {
				t.Fatalf("formatted error shows the secret")
			}
		})
	}
}
