package records

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/kinko-jp/kinko/core/jtext"
)

// Index is the in-memory search index behind the search box: Docs of the
// clients and persons the user has decrypted, searchable by name, reading,
// code, phone, address and Extra, whatever the width or kana of the query.
//
// It is safe for concurrent use: Search takes a read lock, Put and Remove a
// write lock (folding happens before the lock is taken). It holds personal
// data in memory only; the vault drops it when the vault locks.
//
// # How it finds documents
//
// Every Doc is folded field by field with jtext.Fold into one key string.
// An inverted index maps each rune and each pair of adjacent runes (bigram)
// of those keys to the sorted list of documents containing it. A query term
// of one rune uses that rune's list; a longer term uses the shortest list
// among its bigrams; a bigram no document has ends the search at once. The
// term with the fewest candidates drives the search, and each candidate is
// then checked for every term with a substring test, so results are exact
// (the index only prefilters; a one- or two-rune list is itself exact).
// Posting lists are varint-delta encoded. At 10,000 clients and 100,000
// persons a keystroke search takes a few milliseconds at the 95th
// percentile (BenchmarkSearchKeystroke), dominated by one-character queries
// that match tens of thousands of documents.
//
// The zero Index is empty and ready to use, like one from NewIndex.
//
// Put on an existing Target and Remove leave a dead slot behind; once dead
// slots outnumber live ones the index rebuilds itself.
type Index struct {
	mu       sync.RWMutex
	slots    []entry
	byTarget map[string]uint32
	// posts maps a rune (key < 1<<32) or a bigram (first<<32 | second) to
	// the increasing slot numbers whose keys contain it.
	posts map[uint64]*posting
	dead  int
	// clients numbers the client ids seen, so that Search can cache allow's
	// answers in a slice instead of a map (a map lookup per candidate was a
	// quarter of a keystroke search). Ids are never forgotten; there are a
	// few thousand at most.
	clients   map[string]uint32
	clientIDs []string

	// SearchCached's answers of allow by client number (0 unknown, 1 yes,
	// 2 no) for allowGen; a search takes the slice and gives it back.
	amu      sync.Mutex
	allowed  []uint8
	allowGen uint64
}

// posting is a list of increasing slot numbers stored as varint deltas,
// about a third of the size of a []uint32: the lists are most of the
// index's memory, and Search only ever walks one or two of them in order.
type posting struct {
	n    int    // number of slots
	last uint32 // the last slot added
	data []byte // uvarint deltas, the first from 0
}

func (p *posting) add(slot uint32) {
	if p.n > 0 && p.last == slot {
		return
	}
	p.data = binary.AppendUvarint(p.data, uint64(slot-p.last))
	p.last = slot
	p.n++
}

// slots decodes the list; a nil list is empty.
func (p *posting) slots() []uint32 {
	if p == nil {
		return nil
	}
	out := make([]uint32, 0, p.n)
	var v uint32
	for b := p.data; len(b) > 0; {
		d, k := binary.Uvarint(b)
		v += uint32(d)
		out = append(out, v)
		b = b[k:]
	}
	return out
}

// entry is one slot of the index; a dead slot has an empty doc.Target.
type entry struct {
	doc Doc
	// keys is name, kana, code, phone, phone digits, address and each Extra
	// line, folded and joined by NUL (which never occurs in a folded term).
	keys string
	// Offsets into keys (kept small: there are 100,000 entries): the
	// primary fields name, kana and code end at nameEnd, kanaEnd, codeEnd
	// (each starts one byte after the previous ends); the name and reading
	// without a legal form (株式会社, カブシキガイシャ …) are
	// keys[nameCore[0]:nameCore[1]] and keys[kanaCore[0]:kanaCore[1]], empty
	// when there is none.
	nameEnd, kanaEnd, codeEnd uint32
	nameCore, kanaCore        [2]uint32
	client                    uint32 // number of doc.ClientID in Index.clients
}

func (e *entry) live() bool   { return e.doc.Target != "" }
func (e *entry) name() string { return e.keys[:e.nameEnd] }
func (e *entry) kana() string { return e.keys[e.nameEnd+1 : e.kanaEnd] }
func (e *entry) code() string { return e.keys[e.kanaEnd+1 : e.codeEnd] }

// primary returns name, kana, code and the legal-form-less name and
// reading, for ranking.
func (e *entry) primary() [5]string {
	return [5]string{e.name(), e.kana(), e.code(),
		e.keys[e.nameCore[0]:e.nameCore[1]], e.keys[e.kanaCore[0]:e.kanaCore[1]]}
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byTarget: map[string]uint32{}, posts: map[uint64]*posting{}, clients: map[string]uint32{}}
}

// Len returns the number of documents in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byTarget)
}

// Put adds d, replacing any document with the same Target. A Doc with an
// empty Target is ignored. The vault calls it when a record is decrypted,
// created or changed.
func (ix *Index) Put(d Doc) {
	if d.Target == "" {
		return
	}
	e := newEntry(d)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.put(e)
}

// Grow makes room for n more documents, so that building a large index
// does not copy its slots over and over as they grow.
func (ix *Index) Grow(n int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if n <= 0 {
		return
	}
	ix.slots = slices.Grow(ix.slots, n)
	if len(ix.byTarget) == 0 {
		ix.byTarget = make(map[string]uint32, n)
		if ix.posts == nil {
			ix.posts, ix.clients = map[uint64]*posting{}, map[string]uint32{}
		}
	}
}

// Prepared is a Doc folded for the index by Prepare: folding is most of
// Put's cost, and Prepare may run on several goroutines at once while
// PutPrepared adds the results in order.
type Prepared struct{ e entry }

// Prepare folds d for PutPrepared.
func Prepare(d Doc) Prepared { return Prepared{newEntry(d)} }

// PutPrepared is Put for each of ps, in order, under one lock. Entries
// with an empty Target are ignored.
func (ix *Index) PutPrepared(ps []Prepared) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i := range ps {
		if ps[i].e.doc.Target != "" {
			ix.put(ps[i].e)
		}
	}
}

// put adds e under the write lock.
func (ix *Index) put(e entry) {
	d := e.doc
	if ix.byTarget == nil {
		ix.byTarget = map[string]uint32{}
		ix.posts = map[uint64]*posting{}
		ix.clients = map[string]uint32{}
	}
	c, ok := ix.clients[d.ClientID]
	if !ok {
		c = uint32(len(ix.clientIDs))
		ix.clients[d.ClientID] = c
		ix.clientIDs = append(ix.clientIDs, d.ClientID)
	}
	e.client = c
	if old, ok := ix.byTarget[d.Target]; ok {
		ix.kill(old)
	}
	slot := uint32(len(ix.slots))
	ix.slots = append(ix.slots, e)
	ix.byTarget[d.Target] = slot
	ix.addPostings(slot, e.keys)
	ix.maybeCompact()
}

// Remove deletes the document with the given Target, if any. The vault calls
// it when a record is deleted or becomes hidden to the user.
func (ix *Index) Remove(target string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if slot, ok := ix.byTarget[target]; ok {
		ix.kill(slot)
		delete(ix.byTarget, target)
		ix.maybeCompact()
	}
}

// RemoveClient deletes every document of client id (the client's own and
// its persons'): the office drops them before reading a client's file
// again after its keys changed.
func (ix *Index) RemoveClient(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	c, ok := ix.clients[id]
	if !ok {
		return
	}
	for slot := range ix.slots {
		if e := &ix.slots[slot]; e.live() && e.client == c {
			delete(ix.byTarget, e.doc.Target)
			ix.kill(uint32(slot))
		}
	}
	ix.maybeCompact()
}

// kill marks a slot dead and drops its strings, so that removed personal
// data is not kept reachable until the next rebuild.
func (ix *Index) kill(slot uint32) {
	ix.slots[slot] = entry{}
	ix.dead++
}

func (ix *Index) maybeCompact() {
	if ix.dead < 64 || ix.dead*2 <= len(ix.slots) {
		return
	}
	live := make([]entry, 0, len(ix.byTarget))
	ix.posts = make(map[uint64]*posting, len(ix.posts))
	for _, e := range ix.slots {
		if !e.live() {
			continue
		}
		slot := uint32(len(live))
		live = append(live, e)
		ix.byTarget[e.doc.Target] = slot
		ix.addPostings(slot, e.keys)
	}
	ix.slots = live
	ix.dead = 0
}

func (ix *Index) addPostings(slot uint32, keys string) {
	var prev rune
	for _, r := range keys {
		if r == 0 {
			prev = 0
			continue
		}
		ix.post(uint64(r), slot)
		if prev != 0 {
			ix.post(uint64(prev)<<32|uint64(r), slot)
		}
		prev = r
	}
}

func (ix *Index) post(key uint64, slot uint32) {
	p := ix.posts[key]
	if p == nil {
		p = &posting{}
		ix.posts[key] = p
	}
	p.add(slot)
}

// newEntry folds d's fields into its search keys.
func newEntry(d Doc) entry {
	name := foldKey(d.Name)
	kana := foldKey(d.Kana)
	code := foldKey(d.Code)
	phone := foldKey(d.Phone)
	parts := []string{name, kana, code, phone, digitsOf(phone), foldKey(d.Address)}
	for line := range strings.SplitSeq(d.Extra, "\n") {
		if k := foldKey(line); k != "" {
			parts = append(parts, k)
		}
	}
	e := entry{doc: d, keys: strings.Join(parts, "\x00")}
	e.nameEnd = uint32(len(name))
	e.kanaEnd = e.nameEnd + 1 + uint32(len(kana))
	e.codeEnd = e.kanaEnd + 1 + uint32(len(code))
	e.nameCore = stripLegalForm(name, 0)
	e.kanaCore = stripLegalForm(kana, e.nameEnd+1)
	return e
}

// foldKey folds s for the index and drops NUL, the field separator.
func foldKey(s string) string {
	k := jtext.Fold(s)
	if strings.IndexByte(k, 0) >= 0 {
		k = strings.ReplaceAll(k, "\x00", "")
	}
	return k
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// legalForms are the folded legal-form words that clients put before or
// after their name (株式会社山田商事, 山田商事有限会社, ㈱山田商事) and that
// nobody types when searching. Longest first, so 医療法人社団 wins over
// 医療法人.
var legalForms = func() []string {
	forms := []string{
		"株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
		"(株)", "(有)", "(同)", "(資)", "(名)",
		"税理士法人", "弁護士法人", "司法書士法人", "行政書士法人", "社会保険労務士法人", "監査法人",
		"一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人",
		"医療法人社団", "医療法人財団", "医療法人", "社会福祉法人", "特定非営利活動法人", "NPO法人",
		"学校法人", "宗教法人", "農事組合法人",
		"カブシキガイシャ", "カブシキカイシャ", "ユウゲンガイシャ", "ユウゲンカイシャ",
		"ゴウドウガイシャ", "ゴウドウカイシャ", "ゴウシガイシャ", "ゴウメイガイシャ",
		"ゼイリシホウジン", "イッパンシャダンホウジン", "イッパンザイダンホウジン",
		"イリョウホウジンシャダン", "イリョウホウジン", "シャカイフクシホウジン",
	}
	for i, f := range forms {
		forms[i] = jtext.Fold(f)
	}
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	return forms
}()

// stripLegalForm returns the bounds, offset by off, of key without a
// leading or trailing legal form, or an empty range when it has none.
func stripLegalForm(key string, off uint32) [2]uint32 {
	for _, f := range legalForms {
		if strings.HasPrefix(key, f) {
			return [2]uint32{off + uint32(len(f)), off + uint32(len(key))}
		}
		if strings.HasSuffix(key, f) {
			return [2]uint32{off, off + uint32(len(key)-len(f))}
		}
	}
	return [2]uint32{}
}

// len is the length of a posting list; a nil list is empty.
func (p *posting) len() int {
	if p == nil {
		return 0
	}
	return p.n
}
