package keychain

import "sync"

// memory is the in-memory Keychain returned by NewMemory.
type memory struct {
	mu      sync.Mutex
	secrets map[[2]string]string
}

// NewMemory returns an empty Keychain that lives in process memory and is
// always available. Tests use it, and the app falls back to it when
// System().Available() is false, so "remember me" then lasts until the app
// quits. It is safe for concurrent use.
func NewMemory() Keychain {
	return &memory{secrets: map[[2]string]string{}}
}

func (m *memory) Get(service, account string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.secrets[[2]string{service, account}]
	if !ok {
		return "", ErrNotFound
	}
	return s, nil
}

func (m *memory) Set(service, account, secret string) error {
	if err := checkSize(secret); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secrets[[2]string{service, account}] = secret
	return nil
}

func (m *memory) Delete(service, account string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.secrets, [2]string{service, account})
	return nil
}

func (m *memory) Available() bool { return true }
