package vault

import "github.com/kinko-jp/kinko/core/access"

// May reports whether the logged-in user may do act on client now: nil,
// ErrLocked, or the *access.DeniedError the vault would refuse the change
// with. Areas that decide before writing anything (the 共有 area: 編集 to
// send, a 事務取扱担当者 to override the My Number scan) ask it rather than
// trying a write.
func (v *Vault) May(act access.Action, client string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return ErrLocked
	}
	return v.decide(act, client, "")
}
