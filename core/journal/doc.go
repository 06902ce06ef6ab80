// Package journal is the shared, append-only operation log in a vault folder
// (a local folder or a NAS share) and the file formats it is stored in.
//
// Every change to a vault is an Op. Each installation (device) batches its
// ops into immutable Segment files under its own folder journal/<device-id>/,
// so no two PCs ever write the same file and no network lock is needed. Each
// segment carries the hash of the device's previous segment, so ReadChain
// detects a missing, reordered, replayed, altered or misplaced segment, and
// is signed by the device's own key, from which the device id derives
// (DeviceID), so a segment someone else wrote into a PC's folder is refused
// (ErrForeign) and that PC sets it aside (Folder.Quarantine).
//
// This package does the formats, the device keys and the file I/O. It never
// signs or verifies ops and never decrypts: core/vault signs
// Op.SigningBytes into Op.Sig, seals Op.Payload, and checks both when
// importing. Ops are ordered for
// materialisation by Less (HLC time, then device, then sequence).
//
// The formats below are stored on users' disks and NAS shares; a future
// version must still read them. Change them only by adding a new format
// number, never by reinterpreting an existing one.
//
// # Vault folder
//
//	<root>/kinko-vault.json              public header (JSON, below)
//	<root>/journal/<device-id>/<n>.seg   segment n of a device, n as %016d
//	<root>/blobs/<id>                    write-once blobs of erasable data
//
// Device and vault ids are 16 characters of lowercase base32 (RFC 4648
// alphabet a-z 2-7, no padding) encoding 10 bytes: for a device, the first
// 10 bytes of SHA-256("kinko/device-id/v1" 0x00 || its Ed25519 public key). Segment file names
// are the decimal number zero-padded to at least 16 digits plus ".seg"
// (0000000000000001.seg); readers accept only that exact spelling. Blob ids
// are 1 to 128 characters of a-z and 0-9 chosen by the caller, never a
// Windows device name such as "nul". Files whose names start with
// ".kinko-tmp-" are writes in progress (or left by a crash) and are ignored;
// a device's writes name it (".kinko-tmp-<device-id>-<16 hex>.tmp"), so
// that it removes its own stale leftovers (Folder.CleanTemp) and never
// another PC's,
// and so are "<n>.seg.quarantined-<16 hex>" files, set aside by their
// device (Folder.Quarantine).
//
// Every file is written once: to a temporary name in the same folder,
// fsynced, closed, then moved to its final name without replacing an
// existing file, then the folder is fsynced (except on Windows, where the
// move is write-through). Nothing is ever rewritten in place.
//
// # Header
//
// kinko-vault.json is UTF-8 JSON:
//
//	{"kind":"kinko-vault","format":1,"vault":"<vault-id>","name":"<display name>","created":"2025-04-01T09:00:00Z"}
//
// kind is always "kinko-vault". format is the folder format (Format, now 1);
// a reader refuses a larger one with ErrFormat. created is RFC 3339 in UTC.
// Unknown fields are ignored. It holds nothing secret.
//
// # Op encoding
//
// Integers are big-endian and fixed-width. A string is a uint32 byte length
// followed by that many bytes of valid UTF-8; a byte string is a uint32 length
// followed by the bytes. There is exactly one encoding of each op.
//
//	prefix    12 bytes  "kinko/op/v1" 0x00
//	device    string
//	seq       uint64
//	wall      int64     HLC wall time, unix milliseconds (two's complement)
//	logical   uint32    HLC counter
//	author    string
//	kind      string
//	target    string
//	scope     string
//	epoch     uint32
//	parents   uint32 count, then count strings (op ids "<device-id>.<seq>")
//	payload   byte string
//	sig       byte string   (not part of SigningBytes)
//
// SigningBytes is everything up to and including payload; MarshalBinary
// appends sig. Decoding is strict: a wrong prefix, a length beyond the end of
// the input, invalid UTF-8 or trailing bytes are ErrCorrupt.
//
// # Segment file
//
//	magic     8 bytes   "KINKOSEG"
//	format    1 byte    3 (1, unsigned, and 2, without flags, were never released and are refused)
//	vault     string    vault id
//	device    string    device id
//	key       32 bytes  the device's Ed25519 public key; DeviceID(key) == device
//	number    uint64    1, 2, 3, ... per device
//	prev      32 bytes  SHA-256 of the device's previous segment file (zeros for number 1)
//	flags     1 byte    bit 0: the last op's batch continues in the next segment (Continues); others 0
//	count     uint32    number of ops
//	ops       count times: uint32 length, then an op as above (with sig)
//	sig       64 bytes  Ed25519ctx by the device key, context "kinko/segment/v2",
//	                    over the SHA-256 of magic through the last op
//	trailer   32 bytes  SHA-256 of every byte before it
//
// Every op's device equals the segment's and op sequence numbers increase by
// exactly 1 within a segment and across a device's segments. A segment's hash
// (Hash) is SHA-256 over the whole file including the trailer; it is what the
// next segment stores as prev. The trailer detects truncation and accidental
// damage; the device signature, prev links and the authors' signatures on
// every op detect tampering. A reader refuses a file over 256 MiB before reading it.
//
// # Chain checks
//
// ReadChain accepts a device's segment n only if it is the next number with
// no gap, decodes, names this device and vault, carries its own number and
// the previous segment's hash, and its first op continues the device's
// sequence. The first failure ends the chain with a *ChainError whose Reason
// is one of "missing", "corrupt", "foreign", "prev-mismatch", "seq-gap",
// "device-mismatch" or "vault-mismatch"; the segments before it are returned
// and remain valid.
//
// # Errors
//
// Callers match the sentinels (ErrCorrupt, ErrMissing, ErrUnavailable,
// ErrDiskFull, ErrExists, ErrSegmentExists, ErrNotVault, ErrFormat,
// ErrForeign, ErrBrokenChain, ErrInvalid) with errors.Is and map them to stable codes.
// Messages contain device ids, segment numbers and offsets, never file
// contents, payloads or the vault root path. OS errors stay reachable with
// errors.As for debugging; they may hold a path and must never be shown to
// users.
package journal
