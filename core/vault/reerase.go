package vault

import (
	"errors"
	"slices"

	"github.com/kinko-jp/kinko/core/journal"
)

// ApprovedErasureBlobs reads the journal of the vault folder at folder —
// without a replica, a login or a key (erasure ops are public) — and
// returns the blobs of every approved erasure (廃棄) it records. A
// whole-vault restore deletes them from the restored folder before the
// vault is opened, so a backup taken before an erasure gives back nothing
// the erasure removed. A chain that breaks is read up to the break: the
// replica judges the rest when it joins.
func ApprovedErasureBlobs(folder string) ([]string, error) {
	f, err := journal.OpenFolder(folder)
	if err != nil {
		return nil, err
	}
	devices, err := f.Devices()
	if err != nil {
		return nil, err
	}
	proposals := map[string][]ErasureBlob{}
	var approved []string
	for _, d := range devices {
		err := f.WalkChain(d, 0, [32]byte{}, 0, func(s *journal.Segment, _ [32]byte) error {
			for _, op := range s.Ops {
				switch op.Kind {
				case KindErasurePropose:
					if p, err := decode[ErasureProposal](op.Payload); err == nil {
						proposals[p.ID] = p.Blobs
					}
				case KindErasureApprove:
					if a, err := decode[erasureApproval](op.Payload); err == nil {
						approved = append(approved, a.ID)
					}
				}
			}
			return nil
		})
		var broken *journal.ChainError
		if err != nil && !errors.As(err, &broken) {
			return nil, err
		}
	}
	var out []string
	for _, id := range approved {
		for _, b := range proposals[id] {
			out = append(out, b.ID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
