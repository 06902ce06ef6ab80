package vault

import (
	"encoding/binary"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
)

// Replica schema, format 1. Bucket names and key layouts are a stored
// format (docs/vault-format.md): add buckets, never change these.
var (
	bMeta       = []byte("meta")       // string keys below → values
	bLog        = []byte("log")        // pos(op) → op (journal binary): every op received
	bIDs        = []byte("ids")        // op id → pos
	bControl    = []byte("control")    // pos → nil: the control ops among bLog
	bVerified   = []byte("verified")   // op id → nil: signature checked once
	bQuarantine = []byte("quarantine") // op id → reason
	bOutbox     = []byte("outbox")     // seq (8 bytes BE) → op id: not yet in the vault folder
	bCursors    = []byte("cursors")    // device id → cursor
	bVersions   = []byte("versions")   // target 0x00 op id → nil
	bReplaced   = []byte("replaced")   // target 0x00 op id → nil: named as a parent
	bHeads      = []byte("heads")      // target → op ids joined by 0x00
	bConflicts  = []byte("conflicts")  // target → nil: records with several heads
	bKeyCache   = []byte("keycache")   // user 0x00 scope 0x00 epoch(4) 0x00 op id → sealed scope key
	bFailures   = []byte("failures")   // user id → failed-login record
	bRemember   = []byte("remember")   // user id → user secrets sealed under a keychain key
	bBlobs      = []byte("blobs")      // blob id → sealed blob (this replica's copy)
	bBlobUp     = []byte("blobup")     // blob id → nil: not yet written to the vault folder
	bErased     = []byte("erased")     // blob id → op id of its blob.erase (never to come back)
	bBlobDel    = []byte("blobdel")    // blob id → nil: erased, file not yet deleted from the folder
	bCuts       = []byte("cuts")       // target → pos of the approval that erased the record
	bErasures   = []byte("erasures")   // proposal id → JSON Erasure (廃棄記録)
	bLastOp     = []byte("lastop")     // device id → unix ms (8 bytes) of its newest op stored
	bAudit      = []byte("audit")      // pos → nil: the access-log ops among bLog
	bWitness    = []byte("witness")    // device id → JSON audit.Witness: its newest checkpoint seen
	bAuditSeq   = []byte("auditseq")   // receive number (8 bytes, bucket sequence) → pos: log ops in the order they arrived
	bAuthored   = []byte("authored")   // author 0x00 device → seq (8 bytes): newest stored op of that author there (not log ops)
	bWaits      = []byte("waits")      // wait key 0x00 pos → nil: held ops by what they wait for (waits.go)
	bBatchOpen  = []byte("batchopen")  // seq (8 bytes BE) → nil: an outbox op whose transaction wrote the next op too (batchvis.go)
)

// derived lists the buckets rebuilt from bLog by rebuild.
var derived = [][]byte{bQuarantine, bVersions, bReplaced, bHeads, bConflicts, bCuts, bErasures, bWaits}

var allBuckets = [][]byte{bMeta, bLog, bIDs, bControl, bVerified, bQuarantine, bOutbox,
	bCursors, bVersions, bReplaced, bHeads, bConflicts, bKeyCache, bFailures, bRemember,
	bBlobs, bBlobUp, bErased, bBlobDel, bCuts, bErasures, bLastOp, bAudit, bWitness, bAuditSeq, bAuthored, bWaits,
	bBatchOpen, bOwnSegs}

// Meta keys.
const (
	mFormat     = "format"     // replica format, "1"
	mVault      = "vault"      // vault id
	mDevice     = "device"     // this installation's device id
	mDeviceKey  = "device.key" // its device key: the 32-byte Ed25519 seed (a local secret: never in the vault folder, never logged)
	mFolder     = "folder"     // the vault folder path as the user chose it
	mName       = "name"       // vault name (from vault.init), for the launcher
	mSeq        = "seq"        // last op sequence this device issued (8 bytes)
	mSegment    = "segment"    // last segment number this device wrote (8 bytes)
	mSegHash    = "segment.h"  // its hash
	mHighWater  = "highwater"  // pos of the greatest op applied
	mLastSync   = "lastsync"   // unix ms of the last successful import/flush
	mHLC        = "hlc"        // last HLC time issued or seen (12 bytes)
	mRegistered = "registered" // device.add written
	mChain      = "chain"      // this device's running chain hash after op mSeq (32 bytes, audit.Hash)
	mSinceCP    = "sincecp"    // ops this device wrote since its last checkpoint (8 bytes)
)

// replicaFormat 3 adds the device key (mDeviceKey); 2 was never released
// and is refused (its device cannot sign segments).
const replicaFormat = "3"

// pos is an op's position in the total order of journal.Less, as a key that
// sorts the same way bytewise: wall ms (8, big-endian, offset so negative
// times sort first), logical (4), device, 0x00, seq (8).
func pos(op *journal.Op) []byte {
	k := make([]byte, 0, 12+len(op.Device)+9)
	k = binary.BigEndian.AppendUint64(k, uint64(op.Time.Wall)^(1<<63))
	k = binary.BigEndian.AppendUint32(k, op.Time.Logical)
	k = append(k, op.Device...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, op.Seq)
}

func join(parts ...string) []byte { return []byte(strings.Join(parts, "\x00")) }

func u64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func be64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func be32(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }

func encodeHLC(t journal.HLC) []byte {
	return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, uint64(t.Wall)), t.Logical)
}

func decodeHLC(b []byte) journal.HLC {
	if len(b) != 12 {
		return journal.HLC{}
	}
	return journal.HLC{Wall: int64(binary.BigEndian.Uint64(b)), Logical: binary.BigEndian.Uint32(b[8:])}
}

func splitIDs(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "\x00")
}

// fullPages are the buckets whose keys mostly arrive in ascending order:
// positions (ops arrive roughly in time order, this device's always),
// sequence numbers, and records written in key order by imports. bbolt
// splits a page it fills at FillPercent, half full by default, which
// leaves such a bucket's pages half empty for good; filling them leaves
// the replica about half the size. A key inserted in the middle later
// still splits a page, as it would anyway.
var fullPages = [][]byte{bLog, bIDs, bControl, bVerified, bOutbox, bBatchOpen, bVersions, bHeads, bAuditSeq, bAudit}

// fillPages sets the fill of the fullPages buckets for the write
// transaction tx (bbolt keeps the setting on the transaction's bucket
// handles, not in the file).
func fillPages(tx *bolt.Tx) {
	for _, name := range fullPages {
		if b := tx.Bucket(name); b != nil {
			b.FillPercent = 1.0
		}
	}
}
