// Package office is the office's daily data on top of the vault: clients
// (顧問先), their people, and My Number records, with the search index the
// search box uses. It joins the pure packages (records, mynumber) to the
// vault, which does all I/O and all cryptography.
//
// # My Numbers
//
// A number is never stored in a record: it is sealed into an erasable blob
// of the client's mynumber scope, and the record under
// mynumber/<client>/<person> holds only a reference to it, the purposes,
// the 本人確認 and the acquisition facts. So a person's record, a list, a
// search or a log never carries a number; only Reveal opens the blob, and
// only for a purpose recorded at acquisition.
package office

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
)

// Office is one logged-in session's view of the office's data. Build it
// after login (Load) and drop it at lock: the index holds decrypted names.
type Office struct {
	v *vault.Vault

	mu      sync.Mutex
	idx     *records.Index
	clients map[string]string // client id → name, for people's search documents

	readable   map[string]bool // vault.ReadableClients at readableAt
	readableAt uint64
}

// New returns an Office over v; call Load before Search.
func New(v *vault.Vault) *Office {
	return &Office{v: v, idx: records.NewIndex(), clients: map[string]string{}}
}

// Load (re)builds the search index from every client and person the user
// may read. Call it after login; after a sync, Update follows what the
// sync changed. The vault's scan (read and decrypt) feeds workers on every
// core that decode the fields the index needs and fold them; the results
// go into the index in target order.
func (o *Office) Load() error { return o.LoadCtx(context.Background(), nil) }

// LoadCtx is Load that stops with ctx's error when ctx ends (the index is
// then left as it was) and reports to rep (may be nil) the vault's "keys"
// stage, when a first login on this PC must open the clients' keys, and
// "records" (Done of Total records indexed).
func (o *Office) LoadCtx(ctx context.Context, rep progress.Reporter) error {
	rep = progress.OrNoop(rep)
	total := int64(o.v.Count("client/") + o.v.Count("person/"))
	idx := records.NewIndex()
	idx.Grow(int(total))
	var done int64
	counted := func(items []item) {
		putItems(idx, items)
		if done += int64(len(items)); done%4096 < int64(len(items)) {
			rep.Report(progress.Update{Stage: "records", Done: done, Total: total})
		}
	}
	names := map[string]string{}
	err := scanPipeline(ctx, rep, o.v, "client/", func(data []byte) (item, error) {
		c, err := decodeClientDoc(data)
		return item{records.Prepare(records.DocFromClient(c)), c.ID, c.Name}, err
	}, func(items []item) {
		for _, it := range items {
			names[it.id] = it.name
		}
		counted(items)
	})
	if err == nil {
		// The names are complete: the workers only read them.
		err = scanPipeline(ctx, rep, o.v, "person/", func(data []byte) (item, error) {
			p, err := decodePersonDoc(data)
			return item{p: records.Prepare(records.DocFromPerson(p, names[p.ClientID]))}, err
		}, counted)
	}
	if err != nil {
		return err
	}
	rep.Report(progress.Update{Stage: "records", Done: total, Total: total})
	o.mu.Lock()
	o.idx, o.clients = idx, names
	o.mu.Unlock()
	return nil
}

// item is one record ready for the index, with a client's id and name.
type item struct {
	p        records.Prepared
	id, name string
}

func putItems(idx *records.Index, items []item) {
	ps := make([]records.Prepared, len(items))
	for i := range items {
		ps[i] = items[i].p
	}
	idx.PutPrepared(ps)
}

// scanPipeline scans the records under prefix and hands them, in batches,
// to GOMAXPROCS workers that decrypt them and run prep; put gets the
// results in scan order, from one goroutine. The scan itself only walks
// the replica and finds each record's key (vault.ScanSealed), so the
// decryption, decoding and folding share every core. It returns the
// scan's error or the first of the workers'.
func scanPipeline(ctx context.Context, rep progress.Reporter, v *vault.Vault, prefix string, prep func(data []byte) (item, error), put func([]item)) error {
	type batch struct {
		recs []vault.Sealed
		out  []item
		err  error
		done chan struct{}
	}
	workers := runtime.GOMAXPROCS(0)
	work, ordered := make(chan *batch, workers), make(chan *batch, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range work {
				b.out = make([]item, 0, len(b.recs))
				for i := range b.recs {
					data, err := b.recs[i].Open()
					if err == nil {
						var it item
						it, err = prep(data)
						b.out = append(b.out, it)
					}
					if err != nil {
						b.err = err
						break
					}
				}
				b.recs = nil
				close(b.done)
			}
		})
	}
	collected := make(chan error, 1)
	go func() {
		var first error
		for b := range ordered {
			<-b.done
			if first == nil && b.err != nil {
				first = b.err
			}
			if first == nil {
				put(b.out)
			}
		}
		collected <- first
	}()
	const size = 256
	cur := &batch{done: make(chan struct{}), recs: make([]vault.Sealed, 0, size)}
	send := func() {
		work <- cur
		ordered <- cur
		cur = &batch{done: make(chan struct{}), recs: make([]vault.Sealed, 0, size)}
	}
	// finish sends the last batch and waits for the workers: inside the
	// scan's transaction, as a Sealed cannot be opened after it.
	var once sync.Once
	finish := func() {
		once.Do(func() {
			if len(cur.recs) > 0 {
				send()
			}
			close(work)
			wg.Wait()
		})
	}
	err := v.ScanSealed(ctx, rep, prefix, func(r vault.Sealed) error {
		cur.recs = append(cur.recs, r)
		if len(cur.recs) == size {
			send()
		}
		return nil
	}, finish)
	finish() // when the scan did not start (locked)
	close(ordered)
	if perr := <-collected; err == nil {
		err = perr
	}
	return err
}

// clientDoc and personDoc are the fields of a client's and a person's
// record the search index needs: decoding only them skips dates, roles
// and notes.
type clientDoc struct {
	ID              string            `json:"id"`
	Code            string            `json:"code"`
	Name            string            `json:"name"`
	Kana            string            `json:"kana"`
	CorporateNumber string            `json:"corporate_number"`
	Postal          string            `json:"postal"`
	Address         string            `json:"address"`
	Phone           string            `json:"phone"`
	Email           string            `json:"email"`
	Contacts        []records.Contact `json:"contacts"`
	Tags            []string          `json:"tags"`
}

type personDoc struct {
	ID       string `json:"id"`
	ClientID string `json:"client_id"`
	Name     string `json:"name"`
	Kana     string `json:"kana"`
	Postal   string `json:"postal"`
	Address  string `json:"address"`
	Phone    string `json:"phone"`
}

func decodeClientDoc(data []byte) (*records.Client, error) {
	var d clientDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return &records.Client{}, fmt.Errorf("%w: client record", vault.ErrCorruptReplica)
	}
	return &records.Client{ID: d.ID, Code: d.Code, Name: d.Name, Kana: d.Kana, CorporateNumber: d.CorporateNumber,
		Postal: d.Postal, Address: d.Address, Phone: d.Phone, Email: d.Email, Contacts: d.Contacts, Tags: d.Tags}, nil
}

func decodePersonDoc(data []byte) (*records.Person, error) {
	d, ok := decodePersonFast(data)
	if !ok {
		d = personDoc{}
		if err := json.Unmarshal(data, &d); err != nil {
			return &records.Person{}, fmt.Errorf("%w: person record", vault.ErrCorruptReplica)
		}
	}
	return &records.Person{ID: d.ID, ClientID: d.ClientID, Name: d.Name, Kana: d.Kana, Postal: d.Postal, Address: d.Address, Phone: d.Phone}, nil
}

// Update brings the index in step with a sync that changed the given
// targets (vault.SyncResult.Changed), at a cost in proportion to them and
// nothing for an empty list: each client or person record named is read
// again and put, or removed when deleted or no longer readable; a client
// scope whose key changed (access granted or withdrawn) has the client's
// whole file read again; a renamed client's people are put again under its
// new name. Other targets (My Number records, other scopes) are not
// indexed. After a sync that Rebuilt or Erased (Changed nil) call Load.
func (o *Office) Update(changed []string) error {
	var targets []string
	var files []string // clients whose whole file is read again
	for _, t := range changed {
		if kind, _, ok := strings.Cut(t, "/"); ok && (kind == "client" || kind == "person") {
			targets = append(targets, t)
		} else if kind, c, err := access.ParseScope(t); err == nil && kind == access.KindClient {
			files = append(files, c)
			targets = append(targets, records.ClientTarget(c))
		}
	}
	if len(targets) == 0 {
		return nil
	}
	clients := map[string]*records.Client{} // nil: gone or unreadable
	var people []*records.Person
	var gone []string
	err := o.v.ScanTargets(targets, func(target string, data []byte) error {
		if data == nil {
			gone = append(gone, target)
			return nil
		}
		if strings.HasPrefix(target, "client/") {
			c, err := decodeClient(data)
			clients[c.ID] = c
			return err
		}
		p, err := decodePerson(data)
		people = append(people, p)
		return err
	})
	for _, c := range files {
		if err == nil {
			err = o.v.Scan("person/"+c+"/", func(_ string, data []byte) error {
				p, err := decodePerson(data)
				people = append(people, p)
				return err
			})
		}
	}
	if err != nil {
		return err
	}
	o.mu.Lock()
	idx := o.idx
	for _, c := range files {
		idx.RemoveClient(c)
		delete(o.clients, c)
	}
	var renamed []string
	for _, t := range gone {
		idx.Remove(t)
		if id, ok := strings.CutPrefix(t, "client/"); ok {
			delete(o.clients, id)
		}
	}
	for id, c := range clients {
		if old, had := o.clients[id]; had && old != c.Name && !slices.Contains(files, id) {
			renamed = append(renamed, id)
		}
		o.clients[id] = c.Name
		idx.Put(records.DocFromClient(c))
	}
	for _, p := range people {
		idx.Put(records.DocFromPerson(p, o.clients[p.ClientID]))
	}
	names := maps.Clone(o.clients)
	o.mu.Unlock()
	// A renamed client's people carry its name: put them again.
	for _, c := range renamed {
		var again []*records.Person
		if err := o.v.Scan("person/"+c+"/", func(_ string, data []byte) error {
			p, err := decodePerson(data)
			again = append(again, p)
			return err
		}); err != nil {
			return err
		}
		for _, p := range again {
			idx.Put(records.DocFromPerson(p, names[p.ClientID]))
		}
	}
	return nil
}

func decodeClient(data []byte) (*records.Client, error) {
	c := new(records.Client)
	if err := json.Unmarshal(data, c); err != nil {
		return c, fmt.Errorf("%w: client record", vault.ErrCorruptReplica)
	}
	return c, nil
}

func decodePerson(data []byte) (*records.Person, error) {
	p := new(records.Person)
	if err := json.Unmarshal(data, p); err != nil {
		return p, fmt.Errorf("%w: person record", vault.ErrCorruptReplica)
	}
	return p, nil
}

// Search answers the search box. Results are limited to clients the user
// may read now, whatever the index holds: the vault's answer for every
// client is kept until its AccessEpoch moves (a roster change, a login, a
// lock), so a keystroke does not ask it about thousands of clients.
func (o *Office) Search(q string, limit int) []records.Hit {
	o.mu.Lock()
	idx := o.idx
	if o.readable == nil || o.readableAt != o.v.AccessEpoch() {
		o.readable, o.readableAt = o.v.ReadableClients()
	}
	readable, at := o.readable, o.readableAt
	o.mu.Unlock()
	return idx.SearchCached(q, limit, at, func(client string) bool { return readable[client] })
}

// ErrStale is vault.ErrStale: the record changed since it was read.
var ErrStale = vault.ErrStale

func newID() string {
	var b [10]byte
	rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// Versioned is a record with the version ids an edit must name as parents.
type Versioned[T any] struct {
	Value    T        `json:"value"`
	Versions []string `json:"versions"`
	Conflict bool     `json:"conflict"`
}

func read[T any](v *vault.Vault, target string) (*Versioned[T], error) {
	r, err := v.Get(target)
	if err != nil {
		return nil, err
	}
	out := &Versioned[T]{Versions: r.Heads(), Conflict: r.Conflict()}
	if err := json.Unmarshal(r.Versions[0].Data, &out.Value); err != nil {
		return nil, fmt.Errorf("%w: %s record", vault.ErrCorruptReplica, strings.SplitN(target, "/", 2)[0])
	}
	return out, nil
}

// CreateClient validates c and creates it with its scopes; ownerOnly makes
// it 所長のみ. Errors: *records.ValidationError, the vault's access errors.
func (o *Office) CreateClient(c records.Client, ownerOnly bool) (string, error) {
	return o.CreateClientWith(c, vault.NewClient{OwnerOnly: ownerOnly})
}

// CreateClientWith is CreateClient with levels set at creation (acc.Data
// and acc.Build are ignored): the client's first key is then never wrapped
// to someone hidden from it. The vault assigns the id.
func (o *Office) CreateClientWith(c records.Client, acc vault.NewClient) (string, error) {
	c.Normalize()
	if err := o.checkCode(&c, ""); err != nil {
		return "", err
	}
	acc.Data, acc.Build = nil, func(id string) ([]byte, error) {
		c.ID = id
		if err := c.Validate(); err != nil {
			return nil, err // the vault keeps nothing of the creation
		}
		return json.Marshal(&c)
	}
	if _, err := o.v.CreateClient(acc); err != nil {
		return "", err
	}
	o.mu.Lock()
	o.idx.Put(records.DocFromClient(&c))
	o.clients[c.ID] = c.Name
	o.mu.Unlock()
	return c.ID, nil
}

// Client reads a client.
func (o *Office) Client(id string) (*Versioned[records.Client], error) {
	return read[records.Client](o.v, records.ClientTarget(id))
}

// UpdateClient writes a new version of c; parents are the versions the
// user edited (ErrStale if the client changed since). A new code another
// client has is refused (*CodeTakenError).
func (o *Office) UpdateClient(c records.Client, parents []string) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	old, err := o.Client(c.ID)
	if err != nil {
		return err
	}
	if err := o.checkCode(&c, old.Value.Code); err != nil {
		return err
	}
	data, err := json.Marshal(&c)
	if err != nil {
		return err
	}
	if _, err := o.v.Put(records.ClientTarget(c.ID), parents, data); err != nil {
		return err
	}
	o.mu.Lock()
	o.idx.Put(records.DocFromClient(&c))
	o.clients[c.ID] = c.Name
	o.mu.Unlock()
	return nil
}

// PutPerson creates (parents nil, empty ID) or updates a person of a
// client and returns the person's id.
func (o *Office) PutPerson(p records.Person, parents []string) (string, error) {
	if p.ID == "" {
		if len(parents) > 0 {
			return "", fmt.Errorf("%w: person without id", vault.ErrInvalidOp)
		}
		p.ID = newID()
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return "", err
	}
	data, err := json.Marshal(&p)
	if err != nil {
		return "", err
	}
	if _, err := o.v.Put(records.PersonTarget(p.ClientID, p.ID), parents, data); err != nil {
		return "", err
	}
	o.mu.Lock()
	o.idx.Put(records.DocFromPerson(&p, o.clients[p.ClientID]))
	o.mu.Unlock()
	return p.ID, nil
}

// Person reads one person.
func (o *Office) Person(client, id string) (*Versioned[records.Person], error) {
	return read[records.Person](o.v, records.PersonTarget(client, id))
}

// People lists a client's people.
func (o *Office) People(client string) ([]records.Person, error) {
	var out []records.Person
	err := o.v.Scan("person/"+client+"/", func(_ string, data []byte) error {
		var p records.Person
		if err := json.Unmarshal(data, &p); err != nil {
			return fmt.Errorf("%w: person record", vault.ErrCorruptReplica)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// Clients lists every client the user may read.
func (o *Office) Clients() ([]records.Client, error) {
	var out []records.Client
	err := o.v.Scan("client/", func(_ string, data []byte) error {
		var c records.Client
		if err := json.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("%w: client record", vault.ErrCorruptReplica)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// ClientNames returns the names of the clients the session can read, by
// id (a copy of what the search index was built from).
func (o *Office) ClientNames() map[string]string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return maps.Clone(o.clients)
}

// ClientName returns the name of a client the session can read ("" for
// others): the access log's label.
func (o *Office) ClientName(id string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.clients[id]
}

// ErrHasNumber: a person whose My Number is on file cannot be deleted; the
// number goes through 廃棄 (proposal and approval) first.
var ErrHasNumber = errors.New("office: the person's my number must be erased first")

// DeletePerson deletes a person (versions: those read). A person with a My
// Number on file is refused with ErrHasNumber; a user who cannot see the
// client's numbers cannot delete its people either, since they cannot tell.
func (o *Office) DeletePerson(client, id string, versions []string) error {
	if _, err := o.NumberInfo(client, id); err == nil {
		return ErrHasNumber
	} else if !errors.Is(err, ErrNoNumber) {
		return err
	}
	target := records.PersonTarget(client, id)
	if _, err := o.v.Delete(target, versions); err != nil {
		return err
	}
	o.mu.Lock()
	o.idx.Remove(target)
	o.mu.Unlock()
	return nil
}
