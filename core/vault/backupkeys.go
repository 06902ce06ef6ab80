package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/keys"
)

// Backup records. The backup area keeps its settings in the office scope
// (every enabled user holds its key, so every PC lists them):
//
//	office/backup/plan/<id>   a PC's plan: sources, destination, schedule (責任者)
//	office/backup/dest/<id>   a destination's repository password, age-encrypted
//	                          to the 責任者 and the recovery key (責任者)
//	office/backup/state/<id>  a plan's last success (any enabled user: a run
//	                          of a staff member's session records it)
//
// The roster refuses plan and destination versions by anyone but an
// enabled 責任者 (checkRecord), and AdminRecords checks the author of the
// current version again when they are read, so a version written by an
// administrator who has since been disabled stops counting too.
const (
	BackupPlanPrefix  = "office/backup/plan/"
	BackupDestPrefix  = "office/backup/dest/"
	BackupStatePrefix = "office/backup/state/"
)

// backupAnyone reports whether office record id ("backup/state/<plan>")
// may be written by any enabled user rather than only a 責任者.
func backupAnyone(id string) bool {
	rest, ok := strings.CutPrefix(id, "backup/state/")
	return ok && rest != "" && !strings.Contains(rest, "/")
}

// IsAdmin reports whether user is an enabled 責任者 now.
func (v *Vault) IsAdmin(user string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.isAdminLocked(user)
}

func (v *Vault) isAdminLocked(user string) bool {
	u := v.r.users[user]
	return u != nil && !u.Disabled && u.Role == access.Admin
}

// AdminRecords lists the records under prefix whose current version was
// written by an enabled 責任者 (a record in conflict counts when every head
// was). Others — a version some other author's program wrote, or one by an
// administrator disabled since — are left out.
func (v *Vault) AdminRecords(prefix string) ([]*Record, error) {
	recs, err := v.List(prefix)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	out := recs[:0]
	for _, r := range recs {
		ok := len(r.Versions) > 0
		for _, ver := range r.Versions {
			ok = ok && v.isAdminLocked(ver.Author)
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// Admins returns the ids of the enabled 責任者, sorted: what a wrapped
// backup password is wrapped to (with the recovery key).
func (v *Vault) Admins() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	var ids []string
	for id := range v.r.users {
		if v.isAdminLocked(id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// AdminRecipients returns the age recipients of every enabled 責任者 and
// of the vault's recovery key.
func (v *Vault) AdminRecipients() ([]age.Recipient, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	rec, err := v.recoveryRecipient()
	if err != nil {
		return nil, err
	}
	out := []age.Recipient{rec}
	ids := make([]string, 0, len(v.r.users))
	for id := range v.r.users {
		if v.isAdminLocked(id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		ar, err := v.r.users[id].Public.AgeRecipient()
		if err != nil {
			return nil, fmt.Errorf("%w: user key", ErrCorruptReplica)
		}
		out = append(out, ar)
	}
	return out, nil
}

// SealToAdmins encrypts plain as a binary age file to AdminRecipients: a
// standard file the stock age tool opens with the recovery key.
func (v *Vault) SealToAdmins(plain []byte) ([]byte, error) {
	rs, err := v.AdminRecipients()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rs...)
	if err != nil {
		return nil, fmt.Errorf("vault: %v", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("vault: %v", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("vault: %v", err)
	}
	return buf.Bytes(), nil
}

// ErrNotRecipient: an age file holds no stanza for the logged-in user.
var ErrNotRecipient = errors.New("vault: not a recipient of this file")

// maxAgeFile bounds what OpenAgeFile returns (a wrapped password).
const maxAgeFile = 64 << 10

// OpenAgeFile decrypts an age file with the logged-in user's identity.
// Errors: ErrLocked, ErrNotRecipient, keys.ErrCorrupt.
func (v *Vault) OpenAgeFile(b []byte) ([]byte, error) {
	v.mu.Lock()
	if v.sess == nil {
		v.mu.Unlock()
		return nil, ErrLocked
	}
	ids := v.sess.keys.Identities()
	v.mu.Unlock()
	return OpenAgeFileWith(b, ids...)
}

// OpenAgeFileWith decrypts an age file with ids (a recovery key's
// identity, on a new PC without a vault).
func OpenAgeFileWith(b []byte, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(b), ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, ErrNotRecipient
		}
		return nil, fmt.Errorf("%w: %v", keys.ErrCorrupt, err)
	}
	pt, err := io.ReadAll(io.LimitReader(r, maxAgeFile+1))
	if err != nil || len(pt) > maxAgeFile {
		clear(pt)
		return nil, fmt.Errorf("%w: age file", keys.ErrCorrupt)
	}
	return pt, nil
}
