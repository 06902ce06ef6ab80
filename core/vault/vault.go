package vault

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keys"
)

// Options configure Create, Join and Open. The zero value is the production
// configuration.
type Options struct {
	// DataDir is the user's local app-data folder; the replica of vault <id>
	// lives in DataDir/vaults/<id>/. Required.
	DataDir string
	// Keys sets the scrypt work factor of password seals made by this
	// process. Nil means age's default; tests pass a low factor explicitly.
	Keys *keys.Options
	// Now is the clock (nil: time.Now). Tests use it for HLC times and the
	// failed-login delays.
	Now func() time.Time
	// LockWait is how long Open waits for another process holding the
	// replica before returning ErrBusy (0: 1 second).
	LockWait time.Duration
	// PCName and OSUser identify this installation in device.add (empty:
	// the host name and the operating-system user).
	PCName, OSUser string
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Vault is an open replica. Its methods are safe for concurrent use.
type Vault struct {
	opt    Options
	db     *bolt.DB
	id     string
	device string
	// devKey signs this device's segments (journal.Segment.Sign); device
	// derives from it. A local secret of this PC: kept in the replica's
	// meta, never written to the vault folder, never logged.
	devKey ed25519.PrivateKey
	path   string // vault folder as given
	clock  *journal.Clock

	mu     sync.Mutex
	r      *roster
	folder *journal.Folder // nil while the vault folder is unreachable
	sess   *session
	syncSt syncState
	// logSess is the access-log session entries are sealed under now.
	logSess *logSession
	// logQ holds entries LogLater queued, written together by logTimer.
	logQ     [][]byte
	logTimer *time.Timer
	// deps caches the causal past local ops name (causalPast); nil after
	// an import changed it.
	deps []journal.Dep
	// lastEmit is the op emit last queued, to mark batches (batchvis.go).
	lastEmit batchMark
	// own is the op emit is applying: signed by this session a moment
	// ago, so evaluate does not verify its signature again (ownSigned).
	own *journal.Op
	// holdCheckpoint defers the access log's interval checkpoint while a
	// batch applies ops numbered before it (Batch.drain).
	holdCheckpoint bool
	// lateSnaps are rosters at the positions of recent late ops
	// (materialise.go), so the next late op replays only the control ops
	// after one of them.
	lateSnaps []lateSnap
	// joining: the replica is being joined (finishJoin) and not listed
	// yet; its import may end a transaction inside a batch (sync.go).
	joining bool
}

// Device is an installation that writes to the vault's journal.
type Device struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	OSUser  string `json:"osUser"`
	OS      string `json:"os"`
	AddedBy string `json:"addedBy"`
	Added   int64  `json:"added"` // unix ms
}

// Summary describes a replica on this PC, for the launcher.
type Summary struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Folder string `json:"folder"`
}

const summaryFile = "vault.json"

func replicaDir(dataDir, id string) string { return filepath.Join(dataDir, "vaults", id) }

// Known lists the vaults with a replica under dataDir, for the launcher and
// `kinko vault status`. It reads only the small summary files, so it works
// while a replica is open in another process.
func Known(dataDir string) ([]Summary, error) {
	dirs, err := os.ReadDir(filepath.Join(dataDir, "vaults"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("vault: list replicas: %w", err)
	}
	var out []Summary
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(dataDir, "vaults", d.Name(), summaryFile))
		if err != nil {
			continue
		}
		var s Summary
		if json.Unmarshal(b, &s) == nil && s.ID == d.Name() {
			out = append(out, s)
		}
	}
	return out, nil
}

func writeSummary(dataDir string, s Summary) error {
	b, _ := json.MarshalIndent(s, "", "  ")
	dir := replicaDir(dataDir, s.ID)
	tmp := filepath.Join(dir, summaryFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("vault: write summary: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("vault: write summary: %w", err)
	}
	return os.Rename(tmp, filepath.Join(dir, summaryFile))
}

// openReplica opens (or creates) the bbolt file of vault id.
func openReplica(opt Options, id string) (*bolt.DB, error) {
	if opt.DataDir == "" {
		return nil, fmt.Errorf("%w: no data folder", ErrInvalidOp)
	}
	dir := replicaDir(opt.DataDir, id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("vault: create replica folder: %w", err)
	}
	wait := opt.LockWait
	if wait == 0 {
		wait = time.Second
	}
	db, err := bolt.Open(filepath.Join(dir, "replica.db"), 0o600, &bolt.Options{Timeout: wait, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, replicaErr(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, replicaErr(err)
	}
	return db, nil
}

// replicaErr is an error opening the replica: a full disk (the data
// folder's; journal.IsDiskFull matches it) rather than a damaged replica.
func replicaErr(err error) error {
	if journal.IsDiskFull(err) {
		return fmt.Errorf("vault: open replica: %w", err)
	}
	return fmt.Errorf("%w: %v", ErrCorruptReplica, err)
}

// Open opens this PC's replica of vault id, loads the roster and tries to
// reach the vault folder. An unreachable folder is not an error: reads and
// local edits go on, and Sync catches up when it returns.
func Open(id string, opt Options) (*Vault, error) {
	if _, err := os.Stat(filepath.Join(replicaDir(opt.DataDir, id), "replica.db")); err != nil {
		return nil, ErrNoReplica
	}
	db, err := openReplica(opt, id)
	if err != nil {
		return nil, err
	}
	v := &Vault{opt: opt, db: db, id: id}
	err = db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if string(m.Get([]byte(mFormat))) != replicaFormat || string(m.Get([]byte(mVault))) != id {
			return ErrCorruptReplica
		}
		v.device = string(m.Get([]byte(mDevice)))
		seed := m.Get([]byte(mDeviceKey))
		if len(seed) != ed25519.SeedSize {
			return ErrCorruptReplica
		}
		v.devKey = ed25519.NewKeyFromSeed(seed)
		if journal.DeviceID(v.devKey.Public().(ed25519.PublicKey)) != v.device {
			return ErrCorruptReplica
		}
		v.path = string(m.Get([]byte(mFolder)))
		v.clock = journal.NewClock(opt.now)
		v.clock.Observe(decodeHLC(m.Get([]byte(mHLC))))
		if r, ok := restoreRoster(tx, id); ok {
			v.r = r
			return nil
		}
		r, err := loadRoster(tx, id)
		v.r = r
		return err
	})
	if err == nil {
		// Replayed (or restored): store a current snapshot for next time.
		err = db.Update(func(tx *bolt.Tx) error {
			if err := v.ensureChain(tx); err != nil {
				return err
			}
			if tx.Bucket(bMeta).Get([]byte(mRosterSnap)) != nil {
				return nil
			}
			return v.saveSnapshot(tx)
		})
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	v.connect()
	return v, nil
}

// connect tries to open the vault folder; v.folder stays nil if it is gone.
func (v *Vault) connect() bool {
	if v.folder != nil {
		return true
	}
	f, err := journal.OpenFolder(v.path)
	if err != nil || f.Header().Vault != v.id {
		return false
	}
	v.folder = f
	return true
}

// Close closes the replica. It does not flush: the outbox is durable and is
// written to the vault folder by the next Sync of any session.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.flushLogLocked()
	v.closeLog(audit.ReasonClose)
	v.logSess = nil
	v.sess.wipe()
	v.sess = nil
	v.db.Update(func(tx *bolt.Tx) error { return v.saveSnapshot(tx) })
	return v.db.Close()
}

// ID returns the vault id; Device this installation's device id; Folder the
// vault folder path.
func (v *Vault) ID() string     { return v.id }
func (v *Vault) Device() string { return v.device }
func (v *Vault) Folder() string { return v.path }

// Name returns the vault's name from its header (the launcher's label).
func (v *Vault) Name() string {
	var name string
	v.db.View(func(tx *bolt.Tx) error {
		name = string(tx.Bucket(bMeta).Get([]byte(mName)))
		return nil
	})
	return name
}

// initReplica writes the meta of a new replica, with the device key of
// this installation (its id is the key's journal.DeviceID).
func initReplica(db *bolt.DB, id string, key ed25519.PrivateKey, folder, name string) error {
	device := journal.DeviceID(key.Public().(ed25519.PublicKey))
	return db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m.Get([]byte(mVault)) != nil {
			return nil
		}
		for k, val := range map[string]string{mFormat: replicaFormat, mVault: id, mDevice: device, mFolder: folder, mName: name} {
			if err := m.Put([]byte(k), []byte(val)); err != nil {
				return err
			}
		}
		return m.Put([]byte(mDeviceKey), key.Seed())
	})
}

func (o *Options) identity() (pc, osUser, goos string) {
	pc, osUser = o.PCName, o.OSUser
	if pc == "" {
		pc, _ = os.Hostname()
	}
	if osUser == "" {
		if u, err := user.Current(); err == nil {
			osUser = u.Username
		}
	}
	return pc, osUser, runtime.GOOS
}
