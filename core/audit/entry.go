// Package audit is Kinko's access log (アクセスログ): who used which
// information, for what purpose, when and from where, kept so that a change
// to it shows.
//
// Entries are journal ops (kind "log.entry") in each device's hash-chained
// segments, so the log syncs, backs up and breaks exactly like the rest of
// the vault. Their content is sealed with a per-session key wrapped only to
// those who may read the log (責任者 and 監査), so staff write entries they
// cannot read back. Every op a device writes also extends that device's
// running chain hash; the device signs checkpoints of it ("log.checkpoint")
// every few hundred ops and when a session closes, and each checkpoint names
// the latest checkpoints the device has seen of the others (witnesses).
// Verify checks a whole folder against those signatures: one Ed25519
// verification per checkpoint rather than per entry.
//
// This package holds the formats, the verifier and the in-memory query
// index; core/vault writes and reads the ops.
package audit

import (
	"encoding/binary"
	"errors"
	"unicode/utf8"
)

// Op kinds of the log. Stored in the journal: never rename one.
const (
	KindSession    = "log.session"    // a session's entry key, wrapped to the log's readers
	KindEntry      = "log.entry"      // one entry, sealed with its session's key
	KindCheckpoint = "log.checkpoint" // a signed running chain hash with witnesses
)

// IsLog reports whether ops of kind belong to the log (they change no
// vault state).
func IsLog(kind string) bool {
	return kind == KindSession || kind == KindEntry || kind == KindCheckpoint
}

// Action says what happened. Stable codes: the window translates them under
// audit.action.<code>.
type Action string

// The actions Kinko records.
const (
	Login         Action = "login"
	LoginFailed   Action = "login.failed"
	Lock          Action = "lock"
	Logout        Action = "logout"
	ClientView    Action = "client.view"
	ClientCreate  Action = "client.create"
	ClientEdit    Action = "client.edit"
	PersonCreate  Action = "person.create"
	PersonEdit    Action = "person.edit"
	PersonDelete  Action = "person.delete"
	NumberAcquire Action = "mynumber.acquire"
	NumberReveal  Action = "mynumber.reveal"
	NumberCopy    Action = "mynumber.copy"
	ErasePropose  Action = "erasure.propose"
	EraseApprove  Action = "erasure.approve"
	Import        Action = "import"
	Export        Action = "export"
	FilingExport  Action = "filing.export"
	Print         Action = "print"
	ReportView    Action = "report.view"
	ReportSave    Action = "report.save"
	UserAdd       Action = "user.add"
	UserEdit      Action = "user.edit"
	Grant         Action = "grant"
	Revoke        Action = "revoke"
	Settings      Action = "settings"
	Password      Action = "password"
	LogView       Action = "log.view"
	LogExport     Action = "log.export"
	LogVerify     Action = "log.verify"
	LogReview     Action = "log.review"
	Conflict      Action = "conflict.resolve"
	ShareCreate   Action = "share.create"
	ShareOpen     Action = "share.open"
	// ShareOverride: a 事務取扱担当者 sent files in which the scan found
	// My Numbers, with a purpose; its own entry, written before the
	// package is sealed. ShareEnvelope: a return envelope page was made.
	// ShareReceive: a package that came back through an envelope was
	// opened and filed under its client.
	ShareOverride Action = "share.override"
	ShareEnvelope Action = "share.envelope"
	ShareReceive  Action = "share.receive"
	BackupRun     Action = "backup.run"
	BackupRestore Action = "backup.restore"
	// Vault upkeep, from the window or the command line: the vault's
	// creation, this PC joining it, a status check, a sync and a
	// verification of every chain. Entries of a PC with nobody logged in
	// (kinko vault status, join) have no user.
	VaultCreate Action = "vault.create"
	VaultJoin   Action = "vault.join"
	VaultStatus Action = "vault.status"
	VaultSync   Action = "vault.sync"
	VaultVerify Action = "vault.verify"
	UserList    Action = "user.list"
	// RecoveryRotate: a 責任者 issued a new recovery key (a new recovery
	// sheet), from the window or `kinko vault recovery`.
	RecoveryRotate Action = "recovery.rotate"
)

// Actions lists every action, for filters.
func Actions() []Action {
	return []Action{Login, LoginFailed, Lock, Logout, ClientView, ClientCreate, ClientEdit, PersonCreate, PersonEdit, PersonDelete,
		NumberAcquire, NumberReveal, NumberCopy, ErasePropose, EraseApprove, Import, Export, FilingExport, Print, ReportView, ReportSave,
		UserAdd, UserEdit, Grant, Revoke, Settings, Password, LogView, LogExport, LogVerify, LogReview, Conflict,
		ShareCreate, ShareOpen, ShareOverride, ShareEnvelope, ShareReceive, BackupRun, BackupRestore, VaultCreate, VaultJoin, VaultStatus, VaultSync, VaultVerify, UserList, RecoveryRotate}
}

// Sensitive reports whether a takes specific personal information out of
// its masked form or out of the vault — what the unusual-activity check
// counts.
func (a Action) Sensitive() bool {
	switch a {
	case NumberReveal, NumberCopy, FilingExport, Export, Print, ShareCreate, ShareOverride, LogExport, ReportSave, BackupRestore:
		return true
	}
	return false
}

// Results of an action.
const (
	ResultOK     = "ok"
	ResultDenied = "denied"
)

// Entry is one access-log entry. Time, User and Device come from the op
// that carries it (its HLC, author and device) and are not sealed twice;
// the rest is sealed. Never a My Number, a password or a key: Label is a
// safe name (a client's or person's name, a file name), Detail a short
// stable note such as "rows=12".
type Entry struct {
	Time    int64  `json:"time"`   // unix ms
	User    string `json:"user"`   // user id; "" for an entry written while locked (a failed login)
	Device  string `json:"device"` // device id: its PC name and OS user are in the roster
	Op      string `json:"op"`     // the op id (device.seq): the entry's identity
	Action  Action `json:"action"`
	Login   string `json:"login,omitempty"`  // the login name given (failed logins)
	Target  string `json:"target,omitempty"` // record id: client/<c>, person/<c>/<p>, mynumber/<c>/<p>
	Client  string `json:"client,omitempty"`
	Person  string `json:"person,omitempty"`
	Label   string `json:"label,omitempty"`
	Purpose string `json:"purpose,omitempty"` // a mynumber.Purpose code
	Result  string `json:"result"`            // ok, denied, or an error code
	Detail  string `json:"detail,omitempty"`
	// Trust is what the replica's checkpoints show of the entry (see
	// Trust): the log reader sets it, and an entry that names a user is
	// that user's only when it is TrustVerified. Not sealed: worked out
	// each time the log is read.
	Trust Trust `json:"trust"`
}

// ErrFormat: a sealed entry or checkpoint does not decode.
var ErrFormat = errors.New("audit: malformed log data")

const entryVersion = 1

// MarshalBinary encodes the sealed part of e: a version byte and
// length-prefixed strings (Action, Login, Target, Client, Person, Label,
// Purpose, Result, Detail).
func (e *Entry) MarshalBinary() ([]byte, error) {
	fields := e.fields()
	n := 1
	for _, f := range fields {
		if !utf8.ValidString(*f) || len(*f) > 1<<16-1 {
			return nil, ErrFormat
		}
		n += 2 + len(*f)
	}
	b := make([]byte, 0, n)
	b = append(b, entryVersion)
	for _, f := range fields {
		b = binary.BigEndian.AppendUint16(b, uint16(len(*f)))
		b = append(b, *f...)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote; Time, User, Device and
// Op are left as they were.
func (e *Entry) UnmarshalBinary(b []byte) error {
	if len(b) < 1 || b[0] != entryVersion {
		return ErrFormat
	}
	b = b[1:]
	var out Entry
	for _, f := range out.fields() {
		if len(b) < 2 {
			return ErrFormat
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return ErrFormat
		}
		*f = string(b[2 : 2+n])
		b = b[2+n:]
	}
	if len(b) != 0 {
		return ErrFormat
	}
	out.Time, out.User, out.Device, out.Op = e.Time, e.User, e.Device, e.Op
	*e = out
	return nil
}

func (e *Entry) fields() []*string {
	return []*string{(*string)(&e.Action), &e.Login, &e.Target, &e.Client, &e.Person, &e.Label, &e.Purpose, &e.Result, &e.Detail}
}
