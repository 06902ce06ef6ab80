package vault

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keys"
)

// Op kinds. These strings are stored in the journal: never rename one.
const (
	KindVaultInit    = "vault.init"    // first op of a vault: its recovery recipient
	KindUserAdd      = "user.add"      // a new user with public keys and sealed secrets
	KindUserUpdate   = "user.update"   // name, role, default level, handler flag, disabled
	KindUserPasswd   = "user.passwd"   // new password-sealed secrets, signed by the user
	KindDeviceAdd    = "device.add"    // an installation that writes to the journal
	KindClientCreate = "client.create" // a client exists (its scopes follow as scope.key)
	KindOwnerOnly    = "client.owneronly"
	KindLevel        = "access.level"    // a user's level on one client
	KindMyNumberAdd  = "mynumber.grant"  // designate a My Number handler for a client
	KindMyNumberDrop = "mynumber.revoke" // withdraw a designation
	KindScopeKey     = "scope.key"       // a scope key epoch wrapped to its members
	KindScopeKeys    = "scope.keys"      // the first keys of several scopes with the same members, wrapped together
	KindRecordPut    = "record.put"      // a sealed record version
	KindRecordDelete = "record.delete"   // a tombstone version
	KindBlobErase    = "blob.erase"      // an erasable blob is erased everywhere
	KindLogKey       = "log.key"         // the access log's public key for an audit scope epoch
	// KindRecoveryRotate replaces the recovery key: scope keys and users'
	// recovery copies made afterwards go to the new recipient (recovery.go).
	KindRecoveryRotate = "recovery.rotate"
)

// signDomain separates op signatures from every other Ed25519 use.
const signDomain = "kinko/op/v2"

// vaultInit is the payload of KindVaultInit.
type vaultInit struct {
	Vault    string `json:"vault"`
	Name     string `json:"name"`
	Recovery string `json:"recovery"` // age recipient of the recovery key
}

// recoveryRotate is the payload of KindRecoveryRotate: the new recovery
// key's age recipient. vault.init's stays in the journal for the history.
type recoveryRotate struct {
	Recipient string `json:"recipient"`
}

// userRecord is the payload of KindUserAdd and, without the key material,
// of KindUserUpdate. Login names are unique, case-folded.
type userRecord struct {
	ID       string           `json:"id"`
	Login    string           `json:"login"`
	Name     string           `json:"name"`
	Role     access.Role      `json:"role"`
	Default  access.Level     `json:"default"`
	Handler  bool             `json:"handler,omitempty"`
	Disabled bool             `json:"disabled,omitempty"`
	Public   *keys.UserPublic `json:"public,omitempty"`
	Sealed   []byte           `json:"sealed,omitempty"`   // keys.SealUser (password)
	Recovery []byte           `json:"recovery,omitempty"` // keys.SealUserTo (recovery key)
}

// passwdRecord is the payload of KindUserPasswd.
type passwdRecord struct {
	ID       string           `json:"id"`
	Sealed   []byte           `json:"sealed"`   // the new keys under the new password
	Recovery []byte           `json:"recovery"` // the new keys to the recovery key
	Public   *keys.UserPublic `json:"public"`   // the new public keys; the op is signed with the old
}

// deviceRecord is the payload of KindDeviceAdd. Name is the PC name and
// OSUser the operating-system account, for the access log's "from where".
// SignKey is the device's public key, which signs its segments; the device
// id derives from it (journal.DeviceID).
type deviceRecord struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	OSUser  string `json:"osUser"`
	OS      string `json:"os"`
	SignKey []byte `json:"signKey"`
}

// clientRecord is the payload of KindClientCreate and KindOwnerOnly.
type clientRecord struct {
	ID        string   `json:"id"`
	OwnerOnly bool     `json:"ownerOnly,omitempty"`
	Handlers  []string `json:"handlers,omitempty"` // initial My Number handlers (client.create only)
	// Levels are explicit levels set with the creation (client.create only).
	Levels map[string]access.Level `json:"levels,omitempty"`
}

// levelRecord is the payload of KindLevel, KindMyNumberAdd and KindMyNumberDrop.
// In KindLevel an empty Level clears the explicit level (the default applies).
type levelRecord struct {
	User   string       `json:"user"`
	Client string       `json:"client"`
	Level  access.Level `json:"level,omitempty"`
}

// scopeKeyRecord is the payload of KindScopeKey: the scope key of one epoch
// as an age file whose recipients are the scope's members and the recovery
// key. Several ops may carry the same epoch (a grant re-wraps it to one more
// recipient); concurrent rotations may even produce two keys for one epoch,
// and readers try each.
type scopeKeyRecord struct {
	Scope   string `json:"scope"`
	Epoch   uint32 `json:"epoch"`
	Wrapped []byte `json:"wrapped"`
}

// scopeKeysRecord is the payload of KindScopeKeys: the first keys (epoch
// 1) of several client or My Number scopes that have the same members,
// made together (a batch creating many clients). Wrapped is one age file
// whose plaintext is the keys' 32 bytes each, in the order of Keys, and
// whose recipients are those members and the recovery key. It counts as
// one scope.key op per entry; the roster accepts it only if every entry
// would be accepted as a scope.key op of its own and all its scopes have
// the same members (checkScopeKeys), so it gives nobody a key a scope.key
// op could not.
type scopeKeysRecord struct {
	Keys    []scopeKeyRef `json:"keys"`
	Wrapped []byte        `json:"wrapped"`
}

// logKeyRecord is the payload of KindLogKey: an age X25519 key pair for the
// access log of one audit scope epoch. Writers (everyone, even while
// locked) wrap their session keys to Recipient; Identity is sealed under
// the audit scope key of Epoch, which its members (責任者, 監査) hold — so
// a reader added later reads the whole log, not just what came after.
type logKeyRecord struct {
	Epoch     uint32 `json:"epoch"`
	Recipient string `json:"recipient"`
	Sealed    []byte `json:"sealed"`
}

// isControl reports whether ops of this kind change the roster, the clients
// or the scope keys rather than a record. Access-log ops are neither: they
// change no state.
func isControl(kind string) bool {
	return kind != KindRecordPut && kind != KindRecordDelete && !audit.IsLog(kind)
}

// additive reports whether a control op only adds (a client, a key epoch, a
// device), so that receiving it late cannot invalidate ops already applied.
func additive(kind string) bool {
	switch kind {
	case KindClientCreate, KindScopeKey, KindScopeKeys, KindDeviceAdd, KindBlobErase, KindErasurePropose, KindErasureApprove, KindLogKey:
		return true
	}
	return false
}

func decode[T any](payload []byte) (T, error) {
	var v T
	if err := json.Unmarshal(payload, &v); err != nil {
		return v, fmt.Errorf("%w: payload", ErrInvalidOp)
	}
	return v, nil
}

// Record targets are "<kind>/<id>"; the scope a record lives in follows from
// its kind and id, so a version can never move a record into another scope.
//
//	client/<client-id>                → client:<client-id>
//	person/<client-id>/<person-id>    → client:<client-id>
//	mynumber/<client-id>/<person-id>  → mynumber:<client-id>
//	share/<client-id>/<id>            → client:<client-id> (the 共有 area's
//	                                    register entries and envelope keys)
//	office/<id>                       → office
func recordScope(target string) (kind, id, scope, client string, err error) {
	kind, id, ok := strings.Cut(target, "/")
	if !ok || id == "" {
		return "", "", "", "", fmt.Errorf("%w: target", ErrInvalidOp)
	}
	switch kind {
	case "client":
		if strings.Contains(id, "/") {
			break
		}
		return kind, id, access.ClientScope(id), id, nil
	case "person", "mynumber", "share":
		c, p, ok := strings.Cut(id, "/")
		if !ok || c == "" || p == "" || strings.Contains(p, "/") {
			break
		}
		if kind == "mynumber" {
			return kind, id, access.MyNumberScope(c), c, nil
		}
		return kind, id, access.ClientScope(c), c, nil
	case "office":
		return kind, id, access.ScopeOffice, "", nil
	}
	return "", "", "", "", fmt.Errorf("%w: target", ErrInvalidOp)
}

// blobErase is the payload of KindBlobErase.
type blobErase struct {
	ID    string `json:"id"`
	Scope string `json:"scope"`
}
