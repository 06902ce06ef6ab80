package keychain

import (
	"errors"
	"fmt"
	"sync"

	"github.com/zalando/go-keyring"
)

// probeAccount is the account Available looks up. Nothing is ever stored
// under it: ErrNotFound for it means the keychain answers.
const probeAccount = "kinko-availability-probe"

// system is the OS keychain through go-keyring.
type system struct {
	// mu serialises calls: a Secret Service call may raise an unlock
	// prompt, and go-keyring's test mock is not safe for concurrent use.
	mu sync.Mutex

	probe     sync.Once
	available bool
}

// System returns the operating system's keychain through go-keyring. The app
// calls it once at start-up and uses NewMemory instead when Available is
// false. Get maps "not found" to ErrNotFound, Set refuses secrets over
// MaxSecret with ErrTooLarge, and every other backend failure becomes
// ErrUnavailable; for Set the backend's own error is reduced to its Go type,
// so no message from the OS can leak a secret.
func System() Keychain { return &system{} }

func (k *system) Get(service, account string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, err := keyring.Get(service, account)
	if err != nil {
		return "", mapErr("get", err)
	}
	return s, nil
}

func (k *system) Set(service, account, secret string) error {
	if err := checkSize(secret); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return mapErr("set", keyring.Set(service, account, secret))
}

func (k *system) Delete(service, account string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	err := keyring.Delete(service, account)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return mapErr("delete", err)
}

// Available looks up a probe account once and caches the answer: the
// keychain is available if the lookup succeeds or finds nothing. On Linux
// without a Secret Service (a bare desktop, a server, CI) the lookup fails
// at once.
func (k *system) Available() bool {
	k.probe.Do(func() {
		_, err := k.Get(Service, probeAccount)
		k.available = err == nil || errors.Is(err, ErrNotFound)
	})
	return k.available
}

// mapErr turns a go-keyring error into the package's errors. For Set the
// cause is named by its Go type only, since its text could, on some backend,
// echo the secret that was passed in; Get and Delete pass no secret, so their
// cause's text is kept for support.
func mapErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case op == "get" && errors.Is(err, keyring.ErrNotFound):
		return ErrNotFound
	case op == "set" && errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("%w: refused by the os keychain", ErrTooLarge)
	case op == "set":
		return fmt.Errorf("%w: %s: %T", ErrUnavailable, op, err)
	}
	return fmt.Errorf("%w: %s: %v", ErrUnavailable, op, err)
}
