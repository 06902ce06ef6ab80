package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"rsc.io/qr"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
)

// RecoverySheet is what the recovery sheet shows, once, right after a vault
// is created or a new recovery key is issued: the recovery key as text (whole and in groups of five for
// typing back) and as a QR code. It is never stored and never logged.
type RecoverySheet struct {
	VaultName string   `json:"vaultName"`
	VaultID   string   `json:"vaultId"`
	Created   string   `json:"created"` // RFC 3339
	Key       string   `json:"key"`
	Groups    []string `json:"groups"`
	QRSVG     string   `json:"qrSvg"` // a standalone <svg> element
}

// NewRecoverySheet builds the sheet for a vault just created (the GUI
// wizard and `kinko vault init`).
func NewRecoverySheet(name, id string, created time.Time, rec *keys.Recovery) (*RecoverySheet, error) {
	svg, err := qrSVG(rec.String())
	if err != nil {
		return nil, err
	}
	return &RecoverySheet{VaultName: name, VaultID: id, Created: created.Format(time.RFC3339), Key: rec.String(), Groups: rec.Groups(), QRSVG: svg}, nil
}

// RotateRecovery issues a new recovery key (責任者 only; the 責任者 gives
// their password again) and returns its sheet, shown once and never
// stored. The old sheet opens nothing current; users whose keys it still
// opens until they log in once are marked RecoveryPending in the state's
// accounts, which changes with it. Errors: vault.wrong_password, access
// errors.
func (s *VaultService) RotateRecovery(password string) (*RecoverySheet, error) {
	var sheet *RecoverySheet
	e := audit.Entry{Action: audit.RecoveryRotate}
	err := s.withVault(func(v *vault.Vault) error {
		err := v.RotateRecovery([]byte(password), func(rec *keys.Recovery) (err error) {
			sheet, err = NewRecoverySheet(v.Name(), v.ID(), s.now(), rec)
			return err
		})
		e.Detail = "pending=" + strconv.Itoa(len(RecoveryPending(v.Accounts())))
		return err
	})
	if err := s.trace(e, err); err != nil {
		return nil, err
	}
	s.changed()
	return sheet, nil
}

// RecoveryPending returns the login names of the accounts whose keys an
// earlier recovery key still opens until they log in once
// (vault.Account.RecoveryPending).
func RecoveryPending(accs []vault.Account) []string {
	var out []string
	for _, a := range accs {
		if a.RecoveryPending {
			out = append(out, a.Login)
		}
	}
	return out
}

// qrSVG draws text as a QR code (error correction M) in SVG: one path of
// unit squares with a 4-module quiet zone, crisp at any print size.
func qrSVG(text string) (string, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("app: qr: %w", err)
	}
	n := code.Size
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR">`, n+8, n+8)
	fmt.Fprintf(&b, `<rect x="-4" y="-4" width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n+8, n+8)
	for y := range n {
		for x := range n {
			if code.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
