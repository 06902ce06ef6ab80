package seal

import "encoding/binary"

// adDomain starts every AD encoding so that these bytes can never be confused
// with associated data built for another purpose or format version.
const adDomain = "kinko/seal/v1\x00"

// AD is the associated data bound to every sealed record, so a ciphertext
// moved to another record, scope, epoch or version fails to open. The vault
// store fills it from the record's own location; none of its fields is
// secret (they are authenticated, not encrypted).
type AD struct {
	Vault   string // vault id
	Kind    string // record kind, e.g. "client", "person"
	ID      string // record id
	Scope   string // scope name, e.g. "office", "client:<id>"
	Epoch   uint32 // scope key epoch
	Version string // record version
}

// Bytes returns the canonical, unambiguous encoding of ad that Seal and Open
// authenticate. Callers other than this package need it only for tests and
// tools.
//
// Wire format (stored: every sealed record depends on it, so it must never
// change; a new layout needs a new domain string and a new format byte):
//
//	"kinko/seal/v1\x00"
//	uvarint(len(Vault))   Vault
//	uvarint(len(Kind))    Kind
//	uvarint(len(ID))      ID
//	uvarint(len(Scope))   Scope
//	Epoch as 4 bytes big-endian
//	uvarint(len(Version)) Version
//
// uvarint is encoding/binary's unsigned varint. Because every string carries
// its length, no two different ADs have the same encoding.
func (ad AD) Bytes() []byte {
	n := len(adDomain) + 4 + 5*binary.MaxVarintLen64 +
		len(ad.Vault) + len(ad.Kind) + len(ad.ID) + len(ad.Scope) + len(ad.Version)
	b := make([]byte, 0, n)
	b = append(b, adDomain...)
	b = appendString(b, ad.Vault)
	b = appendString(b, ad.Kind)
	b = appendString(b, ad.ID)
	b = appendString(b, ad.Scope)
	b = binary.BigEndian.AppendUint32(b, ad.Epoch)
	b = appendString(b, ad.Version)
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
