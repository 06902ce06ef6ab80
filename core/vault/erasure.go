package vault

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
)

// Erasure (廃棄) of a My Number is two ops: a handler proposes it, a 責任者
// approves it. The approval erases the record's blobs (the number, the
// scans) everywhere and removes the record's versions written before it;
// the two ops themselves are the 廃棄記録: who proposed, who approved,
// when, which record and which documents — never the number.

// Op kinds of the erasure workflow (stored: never rename).
const (
	KindErasurePropose = "erasure.propose"
	KindErasureApprove = "erasure.approve"
)

// ErasureProposal is the payload of erasure.propose (Target: its id).
type ErasureProposal struct {
	ID     string        `json:"id"`
	Target string        `json:"target"` // mynumber/<client>/<person>
	Blobs  []ErasureBlob `json:"blobs"`  // the record's blobs to erase
	Docs   []string      `json:"docs"`   // document types concerned (mynumber.DocType codes)
	Reason string        `json:"reason"` // a stable code: retention, retired, engagement_end, request, other
	Note   string        `json:"note,omitempty"`
}

// ErasureBlob names one blob of a proposal with the nonce that proves it
// belongs to the proposal's record (its ID is BlobID(Target, Nonce)).
// Every replica checks the proof without any key: a handler of one client
// cannot list another record's blob, however routine the approval.
type ErasureBlob struct {
	ID    string `json:"id"`
	Nonce []byte `json:"nonce"`
}

// ErasureBlobs returns what a proposal lists for refs.
func ErasureBlobs(refs ...BlobRef) []ErasureBlob {
	out := make([]ErasureBlob, len(refs))
	for i, r := range refs {
		out[i] = ErasureBlob{ID: r.ID, Nonce: r.Nonce}
	}
	return out
}

// checkBlobs checks that a proposal lists at least one blob (a number
// record always has its number's), each once, and each a blob of target.
func checkBlobs(target string, blobs []ErasureBlob) error {
	if len(blobs) == 0 {
		return fmt.Errorf("%w: no blob", ErrInvalidOp)
	}
	seen := make(map[string]bool, len(blobs))
	for _, b := range blobs {
		if seen[b.ID] || !blobOf(target, b.ID, b.Nonce) {
			return fmt.Errorf("%w: blob of another record", ErrInvalidOp)
		}
		seen[b.ID] = true
	}
	return nil
}

type erasureApproval struct {
	ID string `json:"id"` // the proposal
}

// proposal is what the roster keeps of a proposal.
type proposal struct {
	ErasureProposal
	By       string
	At       int64
	Approved bool
}

func (r *roster) checkErasure(op *journal.Op) error {
	switch op.Kind {
	case KindErasurePropose:
		p, err := decode[ErasureProposal](op.Payload)
		if err != nil {
			return err
		}
		kind, _, _, client, err := recordScope(p.Target)
		if err != nil || kind != "mynumber" || p.ID == "" || p.ID != op.Target {
			return ErrInvalidOp
		}
		// Checked by every replica, keys or not: the approval erases
		// exactly the blobs listed, so each must be the target's own.
		if err := checkBlobs(p.Target, p.Blobs); err != nil {
			return err
		}
		if _, dup := r.proposals[p.ID]; dup {
			return ErrExists
		}
		return access.Decide(r.st, op.Author, access.MyNumberEdit, client, "")
	case KindErasureApprove:
		a, err := decode[erasureApproval](op.Payload)
		if err != nil {
			return err
		}
		p, ok := r.proposals[a.ID]
		if !ok || a.ID != op.Target {
			return waitFor(waitProposal(a.ID))
		}
		if p.Approved {
			return ErrInvalidOp
		}
		return access.Decide(r.st, op.Author, access.ManageUsers, "", "")
	}
	return ErrInvalidOp
}

func (r *roster) applyErasure(op *journal.Op) {
	switch op.Kind {
	case KindErasurePropose:
		p, _ := decode[ErasureProposal](op.Payload)
		r.proposals[p.ID] = &proposal{ErasureProposal: p, By: op.Author, At: op.Time.Wall}
	case KindErasureApprove:
		a, _ := decode[erasureApproval](op.Payload)
		np := *r.proposals[a.ID]
		np.Approved = true
		r.proposals[a.ID] = &np
	}
}

// applyApproval is the replica side of a valid approval: erase the blobs,
// cut the record's versions positioned before the approval, and keep the
// 廃棄記録.
func (v *Vault) applyApproval(tx *bolt.Tx, r *roster, op *journal.Op) error {
	a, err := decode[erasureApproval](op.Payload)
	if err != nil {
		return err
	}
	p := r.proposals[a.ID]
	for _, b := range p.Blobs {
		if err := eraseBlob(tx, b.ID, op.ID()); err != nil {
			return err
		}
	}
	cut := pos(op)
	cuts := tx.Bucket(bCuts)
	if old := cuts.Get([]byte(p.Target)); old == nil || bytes.Compare(old, cut) < 0 {
		if err := cuts.Put([]byte(p.Target), cut); err != nil {
			return err
		}
	}
	heads := splitIDs(tx.Bucket(bHeads).Get([]byte(p.Target)))
	ids := tx.Bucket(bIDs)
	heads = slices.DeleteFunc(heads, func(h string) bool { return bytes.Compare(ids.Get([]byte(h)), cut) < 0 })
	if err := putHeads(tx, p.Target, heads); err != nil {
		return err
	}
	rec, _ := json.Marshal(Erasure{ErasureProposal: p.ErasureProposal, ProposedBy: p.By, ProposedAt: p.At,
		ApprovedBy: op.Author, ApprovedAt: op.Time.Wall, Device: op.Device})
	return tx.Bucket(bErasures).Put([]byte(p.ID), rec)
}

// cutBefore reports whether a record version is positioned before an
// approved erasure of its record (so it never becomes a head again).
func cutBefore(tx *bolt.Tx, op *journal.Op) bool {
	cut := tx.Bucket(bCuts).Get([]byte(op.Target))
	return cut != nil && bytes.Compare(pos(op), cut) < 0
}

// Erasure is one 廃棄記録 (or a pending proposal when ApprovedAt is 0).
type Erasure struct {
	ErasureProposal
	ProposedBy string `json:"proposedBy"`
	ProposedAt int64  `json:"proposedAt"` // unix ms
	ApprovedBy string `json:"approvedBy,omitempty"`
	ApprovedAt int64  `json:"approvedAt,omitempty"`
	Device     string `json:"device,omitempty"` // where it was approved
}

// ProposeErasure records a handler's proposal to erase the My Number
// record p.Target and its blobs p.Blobs, which must all be blobs of that
// record (ErrInvalidOp otherwise; access.ErrDenied for a non-handler). It
// returns the proposal id.
func (v *Vault) ProposeErasure(p ErasureProposal) (string, error) {
	p.ID = newRandomID()
	err := v.locked(func() error {
		if !validReason(p.Reason) {
			return fmt.Errorf("%w: reason", ErrInvalidOp)
		}
		return v.update(func(tx *bolt.Tx) error { return v.control(tx, KindErasurePropose, p.ID, p) })
	})
	return p.ID, err
}

// ApproveErasure is the 責任者's approval: the number and its scans are
// erased from the live vault and every replica, and this replica is
// compacted (the others compact when they import the approval).
func (v *Vault) ApproveErasure(id string) error {
	return v.locked(func() error {
		if _, ok := v.r.proposals[id]; !ok {
			return ErrNotFound
		}
		err := v.update(func(tx *bolt.Tx) error { return v.control(tx, KindErasureApprove, id, erasureApproval{ID: id}) })
		if err != nil {
			return err
		}
		return v.compactLocked()
	})
}

// Erasures lists proposals waiting for approval and the 廃棄記録, newest
// first. It needs a login but no key: the records hold no number.
func (v *Vault) Erasures() ([]Erasure, error) {
	var out []Erasure
	err := v.locked(func() error {
		for _, p := range v.r.proposals {
			if !p.Approved {
				out = append(out, Erasure{ErasureProposal: p.ErasureProposal, ProposedBy: p.By, ProposedAt: p.At})
			}
		}
		return v.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(bErasures).ForEach(func(_, val []byte) error {
				var e Erasure
				if err := json.Unmarshal(val, &e); err != nil {
					return ErrCorruptReplica
				}
				out = append(out, e)
				return nil
			})
		})
	})
	slices.SortFunc(out, func(a, b Erasure) int {
		if c := cmp.Compare(b.ProposedAt, a.ProposedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

var erasureReasons = []string{"retention", "retired", "engagement_end", "request", "other"}

// ErasureReasons lists the stable reason codes of a proposal, for forms.
func ErasureReasons() []string { return slices.Clone(erasureReasons) }

func validReason(r string) bool { return slices.Contains(erasureReasons, r) }
