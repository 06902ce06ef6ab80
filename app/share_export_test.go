package app

import (
	"encoding/json"

	"github.com/kinko-jp/kinko/core/vault"
)

// Share returns the bound 共有 service, for tests; its packages use work
// factor wf and home as the user's home folder.
func Share(a *App, wf int, home string) *ShareService {
	a.share.WorkFactor, a.share.Home = wf, home
	return a.share
}

// SharesOf is the area's logic in the window's session, for tests.
func SharesOf(a *App) (*Shares, error) { return a.share.shares() }

// EnvelopeRecipient is the public key of envelope id of client, as its
// page holds it (the test makes a return package with it).
func EnvelopeRecipient(a *App, client, id string) (string, error) {
	var out string
	err := a.vault.withVault(func(v *vault.Vault) error {
		r, err := v.Get(shareTarget(client, "env", id))
		if err != nil {
			return err
		}
		var e shareEnv
		if err := json.Unmarshal(r.Versions[0].Data, &e); err != nil {
			return err
		}
		out = e.Recipient
		return nil
	})
	return out, err
}
