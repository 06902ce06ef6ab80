// Package vault is the local replica of a Kinko vault: a bbolt file in the
// user's local app-data folder that holds every journal op this installation
// has seen, the state materialised from them (still sealed), per-device import
// cursors, the outbox of local ops not yet written to the vault folder, the
// conflicts and the quarantine. It is the only package that imports bbolt.
//
// # Ops, validity and materialisation
//
// Every change is a journal.Op signed by its author. The replica keeps all
// ops it has received in one bucket ordered by journal.Less (HLC time, then
// device, then sequence) and derives everything else from that set:
//
//   - an op counts only if its signature verifies against its author's key in
//     the roster and access.Decide allowed it against the roster as it stood
//     at the op's position in that order; any other op is quarantined with a
//     stable reason and never applied;
//   - a record's versions form a graph through Op.Parents; its heads are the
//     versions no other version names as a parent. One head is the record's
//     value; several heads are a conflict that keeps every version until a
//     user resolves it with a new version whose parents are all the heads.
//
// Because validity depends only on the ordered op set, and heads only on the
// parent graph, two replicas that have seen the same ops hold the same state,
// whatever order the ops arrived in. Ops that arrive "late" (ordered before
// ops already applied) are checked against the roster as it stood at their
// position; a late op that could withdraw rights from ops already applied
// makes the replica rebuild its derived state from the op set.
//
// # Secrets
//
// Record payloads stay sealed (seal.Seal under their scope's key) in the
// replica and are opened only for a logged-in user who holds the scope key.
// A user's unwrapped scope keys are cached in the replica sealed under a key
// derived from that user's X25519 identity, so a login costs one age unwrap
// and not one per client. The replica also holds this installation's device
// key, which signs its segments (the device id derives from it): a local
// secret of this PC, never written to the vault folder. A file someone else
// puts at this device's next segment number is set aside by the flush, which
// carries on (docs/vault-format.md §2.3). Nothing in this package logs;
// errors carry ids and stable reasons, never payloads, passwords or keys.
package vault
