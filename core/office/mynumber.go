package office

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/vault"
)

// Errors of the My Number lifecycle.
var (
	// ErrNumberMismatch: the number typed twice differs.
	ErrNumberMismatch = errors.New("office: the two entries of the number differ")
	// ErrNoPurpose: no 利用目的 chosen, or an unknown one.
	ErrNoPurpose = errors.New("office: no valid purpose")
	// ErrPurposeNotRecorded: a reveal for a purpose not recorded at
	// acquisition (番号法 forbids use beyond the stated purposes).
	ErrPurposeNotRecorded = errors.New("office: purpose not recorded for this number")
	// ErrNoNumber: the person has no My Number on file.
	ErrNoNumber = errors.New("office: no my number on file")
)

// NumberRecord is the sealed record at mynumber/<client>/<person>. It holds
// no number: Number references the erasable blob. JSON names are a stored
// format.
type NumberRecord struct {
	Number       vault.BlobRef         `json:"number"`
	Last4        string                `json:"last4"` // for the masked display without opening the blob
	Scans        []vault.BlobRef       `json:"scans,omitempty"`
	Purposes     []mynumber.Purpose    `json:"purposes"`
	Verification mynumber.Verification `json:"verification"`
	AcquiredBy   string                `json:"acquired_by"`
	AcquiredAt   mynumber.Date         `json:"acquired_at" ts_type:"string"`
	Role         string                `json:"role,omitempty"` // the person's role for this number (officer, employee, dependent, payee)
}

// Masked is the number as screens show it: "**** **** 9018".
func (r *NumberRecord) Masked() string { return "**** **** " + r.Last4 }

// Acquisition is what the acquisition form sends. Number and Confirm are
// the two entries typed by the user; they are never stored as typed.
type Acquisition struct {
	Client, Person string
	Number         string
	Confirm        string
	Role           string
	Purposes       []mynumber.Purpose
	Verification   mynumber.Verification
	Scans          [][]byte // optional scans of the documents
	Today          mynumber.Date
}

// Acquire validates and stores a person's My Number: typed twice, check
// digit, purposes from the fixed list, 本人確認 by mynumber's rules. It
// returns the verification warnings (a 通知カード). The caller must be a
// handler of the client. A person who already has a number gets a new
// version (parents: the versions read), e.g. after a correction.
func (o *Office) Acquire(a Acquisition, parents []string) (warnings []string, err error) {
	n, err := mynumber.ParseIndividual(a.Number)
	if err != nil {
		return nil, err
	}
	c, err := mynumber.ParseIndividual(a.Confirm)
	if err != nil {
		return nil, err
	}
	if !n.Equal(c) {
		return nil, ErrNumberMismatch
	}
	if len(a.Purposes) == 0 || slices.ContainsFunc(a.Purposes, func(p mynumber.Purpose) bool { return !p.Valid() }) {
		return nil, ErrNoPurpose
	}
	warnings, err = a.Verification.Check()
	if err != nil {
		return nil, err
	}
	target := numberTarget(a.Client, a.Person)
	digits := n.Bytes()
	ref, err := o.v.PutBlob(target, digits)
	last4 := string(digits[8:])
	clear(digits)
	if err != nil {
		return nil, err
	}
	rec := NumberRecord{Number: ref, Last4: last4, Purposes: a.Purposes, Verification: a.Verification,
		AcquiredBy: o.v.User(), AcquiredAt: a.Today, Role: a.Role}
	for _, s := range a.Scans {
		sr, err := o.v.PutBlob(target, s)
		if err != nil {
			return nil, err
		}
		rec.Scans = append(rec.Scans, sr)
	}
	data, err := json.Marshal(&rec)
	if err != nil {
		return nil, err
	}
	if _, err := o.v.Put(target, parents, data); err != nil {
		return nil, err
	}
	return warnings, nil
}

func init() { vault.RegisterBlobs("mynumber", rebindNumber) }

// rebindNumber passes the number's and the scans' blob references of a
// NumberRecord through swap (vault.Rebind): how the vault re-seals a number
// stored on a PC that had not yet seen a handler's removal.
func rebindNumber(data []byte, swap func(vault.BlobRef) (vault.BlobRef, error)) ([]byte, error) {
	var rec NumberRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, err
	}
	var err error
	if rec.Number, err = swap(rec.Number); err != nil {
		return nil, err
	}
	for i := range rec.Scans {
		if rec.Scans[i], err = swap(rec.Scans[i]); err != nil {
			return nil, err
		}
	}
	return json.Marshal(&rec)
}

func numberTarget(client, person string) string { return "mynumber/" + client + "/" + person }

// NumberInfo reads a person's number record (masked; no blob is opened).
// ErrNoNumber when there is none.
func (o *Office) NumberInfo(client, person string) (*Versioned[NumberRecord], error) {
	r, err := read[NumberRecord](o.v, numberTarget(client, person))
	if errors.Is(err, vault.ErrNotFound) {
		return nil, ErrNoNumber
	}
	return r, err
}

// Reveal opens the number for one of the purposes recorded at acquisition.
// The caller logs the reveal (who, purpose, record — never the number) and
// re-masks the screen after a timeout.
func (o *Office) Reveal(client, person string, purpose mynumber.Purpose) (mynumber.Number, error) {
	info, err := o.NumberInfo(client, person)
	if err != nil {
		return mynumber.Number{}, err
	}
	if !slices.Contains(info.Value.Purposes, purpose) {
		return mynumber.Number{}, ErrPurposeNotRecorded
	}
	b, err := o.v.GetBlob(numberTarget(client, person), info.Value.Number)
	if err != nil {
		return mynumber.Number{}, err
	}
	defer clear(b)
	n, err := mynumber.IndividualFromBytes(b)
	if err != nil {
		return mynumber.Number{}, fmt.Errorf("%w: number blob", vault.ErrCorruptReplica)
	}
	return n, nil
}

// ProposeErasure proposes the 廃棄 of a person's number and scans: every
// blob that any version of the record still references (a corrected
// number's earlier blob too), each once. Replicas refuse a proposal that
// lists a blob of another record, so a reference to one (a version another
// program wrote) is left out, as is a version that does not decode.
func (o *Office) ProposeErasure(client, person, reason string, docs []string) (string, error) {
	target := numberTarget(client, person)
	if _, err := o.NumberInfo(client, person); err != nil {
		return "", err
	}
	vers, err := o.v.History(target)
	if err != nil {
		return "", err
	}
	var refs []vault.BlobRef
	seen := map[string]bool{}
	add := func(r vault.BlobRef) {
		if r.BelongsTo(target) && !seen[r.ID] {
			seen[r.ID] = true
			refs = append(refs, r)
		}
	}
	for _, ver := range vers {
		if ver.Deleted {
			continue
		}
		var rec NumberRecord
		if json.Unmarshal(ver.Data, &rec) != nil {
			continue
		}
		add(rec.Number)
		for _, s := range rec.Scans {
			add(s)
		}
	}
	return o.v.ProposeErasure(vault.ErasureProposal{Target: target, Blobs: vault.ErasureBlobs(refs...), Docs: docs, Reason: reason})
}
