package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/blob"
	"github.com/kopia/kopia/repo/blob/filesystem"
	"github.com/kopia/kopia/repo/content"
	"github.com/kopia/kopia/repo/format"
)

// RepositoryDir is the Kopia repository's folder inside a destination.
const RepositoryDir = "repository"

// Errors of the engine. The app maps them to codes (backup.*).
var (
	// ErrWrongPassword: the repository password does not open it.
	ErrWrongPassword = errors.New("backup: wrong repository password")
	// ErrNoRepository: the folder holds no repository (or not a whole one).
	ErrNoRepository = errors.New("backup: no repository here")
	// ErrExists: Create was pointed at a folder that already has a repository.
	ErrExists = errors.New("backup: repository exists")
)

// KeyDerivation is the key-derivation function of new repositories:
// PBKDF2-HMAC-SHA256 with 600,000 iterations (Kopia's
// "pbkdf2-sha256-600000", which the stock kopia tool opens), not Kopia's
// default scrypt (N=65536, r=8: a 64 MiB buffer and about 0.5 s of CPU at
// every open). A memory-hard function slows guessing of passwords people
// choose; the repository password is 32 random bytes (256 bits), which no
// guessing reaches whatever the function, so the cheaper one loses
// nothing. Repositories made before keep scrypt (Kopia reads the
// algorithm from the repository).
const KeyDerivation = "pbkdf2-sha256-600000"

// Hash names the content hash of new repositories: keyed BLAKE3 (Kopia's
// "BLAKE3-256-128", which the stock kopia tool reads), about 3.6 times
// the speed of Kopia's default BLAKE2b on this kind of PC; every byte of
// every changed file is hashed, so it is most of a run's CPU.
// Repositories made before keep their hash.
const Hash = "BLAKE3-256-128"

// Options are how this PC opens a repository.
type Options struct {
	// CacheDir holds Kopia's metadata cache and its connection config
	// (per PC and destination; required).
	CacheDir string
	// Host and User name this PC's snapshots (Kopia's source identity):
	// the PC name and "kinko". Empty: "kinko" for both.
	Host, User string
}

// Repo is an open repository. Methods are safe to call one at a time;
// the app runs one job per repository at once.
type Repo struct {
	rep  repo.Repository
	dir  string
	opt  Options
	conf string
	// password opens the uncached restore connection; never logged or
	// put in an error.
	password string
}

// Create initialises a new repository under dest/repository with the
// office's object format (256 KiB dynamic chunks). It refuses a folder
// that already holds one (ErrExists).
func Create(ctx context.Context, dest string, password string) error {
	dir := filepath.Join(dest, RepositoryDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	st, err := filesystem.New(ctx, &filesystem.Options{Path: dir}, true)
	if err != nil {
		return err
	}
	defer st.Close(ctx)
	err = repo.Initialize(ctx, st, &repo.NewRepositoryOptions{
		ObjectFormat: format.ObjectFormat{Splitter: Splitter},
		BlockFormat:  format.ContentFormat{Hash: Hash},
		// KeyDerivation, not Kopia's default scrypt: see its comment.
		FormatBlockKeyDerivationAlgorithm: KeyDerivation,
	}, password)
	if errors.Is(err, repo.ErrAlreadyInitialized) {
		return ErrExists
	}
	return err
}

// Open connects to the repository under dest/repository with password.
// ErrWrongPassword, ErrNoRepository, or the storage's error (a missing
// drive) otherwise.
func Open(ctx context.Context, dest string, password string, opt Options) (*Repo, error) {
	if opt.CacheDir == "" {
		return nil, errors.New("backup: no cache folder")
	}
	if opt.Host == "" {
		opt.Host = "kinko"
	}
	if opt.User == "" {
		opt.User = "kinko"
	}
	// Absolute paths: Kopia keeps the cache folder relative to the
	// config's folder, and a relative one made it write its cache into
	// the working folder and panic on the first read.
	var err error
	if dest, err = filepath.Abs(dest); err != nil {
		return nil, err
	}
	if opt.CacheDir, err = filepath.Abs(opt.CacheDir); err != nil {
		return nil, err
	}
	dir := filepath.Join(dest, RepositoryDir)
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opt.CacheDir, 0o700); err != nil {
		return nil, err
	}
	conf := filepath.Join(opt.CacheDir, "repository.config")
	caching := content.CachingOptions{
		CacheDirectory: filepath.Join(opt.CacheDir, "cache"),
		// One byte, not 0 (which panics in v0.23.1 with a cache folder).
		// Restores do not read through this connection (uncached). The
		// size is a soft limit: content read in the last 10 minutes stays
		// (docs/backup-integrity.md: a verify may then miss damage done on
		// the destination since). A hard limit of one byte made Kopia's
		// full maintenance leave deleted index entries behind.
		ContentCacheSizeBytes:  1,
		MetadataCacheSizeBytes: 32 << 20,
	}
	// The connection config of an earlier run on this PC is reused: it
	// names the repository's folder, the cache and this PC's identity,
	// never the password (Kopia's LocalConfig has no field for it), and
	// reusing it spares Connect's own open (a second key derivation) and
	// keeps the metadata cache warm. It is written anew when it names
	// another folder (the drive got another letter), another cache or
	// identity, or does not open (damaged, or the repository changed).
	if sameConnection(conf, dir, caching, opt) {
		if rep, err := openConf(ctx, conf, password); err == nil {
			return &Repo{rep: rep, dir: dest, opt: opt, conf: conf, password: password}, nil
		}
	}
	rep, err := connect(ctx, dir, conf, password, caching, opt)
	if err != nil {
		return nil, err
	}
	return &Repo{rep: rep, dir: dest, opt: opt, conf: conf, password: password}, nil
}

// sameConnection tells whether the connection config conf was written for the
// repository in dir with these caching options and identity.
func sameConnection(conf, dir string, caching content.CachingOptions, opt Options) bool {
	lc, err := repo.LoadConfigFromFile(conf)
	if err != nil || lc.Storage == nil || lc.Caching == nil {
		return false
	}
	fo, ok := lc.Storage.Config.(*filesystem.Options)
	if !ok || lc.Storage.Type != "filesystem" {
		return false
	}
	abs, err := filepath.Abs(dir)
	if err != nil || filepath.Clean(fo.Path) != filepath.Clean(dir) && filepath.Clean(fo.Path) != abs {
		return false
	}
	want, err := filepath.Abs(caching.CacheDirectory)
	if err != nil {
		return false
	}
	return filepath.Clean(lc.Caching.CacheDirectory) == want &&
		lc.Caching.ContentCacheSizeBytes == caching.ContentCacheSizeBytes &&
		lc.Caching.MetadataCacheSizeBytes == caching.MetadataCacheSizeBytes &&
		lc.Hostname == opt.Host && lc.Username == opt.User
}

// connect writes the connection config conf for the repository in dir
// (anew: the password may have changed) and opens it.
func connect(ctx context.Context, dir, conf, password string, caching content.CachingOptions, opt Options) (repo.Repository, error) {
	st, err := filesystem.New(ctx, &filesystem.Options{Path: dir}, false)
	if err != nil {
		return nil, err
	}
	defer st.Close(ctx)
	_ = os.Remove(conf)
	err = repo.Connect(ctx, conf, st, password, &repo.ConnectOptions{
		CachingOptions: caching,
		ClientOptions:  repo.ClientOptions{Hostname: opt.Host, Username: opt.User},
	})
	if err != nil {
		return nil, openErr(err)
	}
	return openConf(ctx, conf, password)
}

// openConf opens the repository a connection config names.
func openConf(ctx context.Context, conf, password string) (repo.Repository, error) {
	rep, err := repo.Open(ctx, conf, password, &repo.Options{})
	if err != nil {
		return nil, openErr(err)
	}
	if err := pinLayout(ctx, rep); err != nil {
		rep.Close(ctx)
		return nil, openErr(err)
	}
	return rep, nil
}

// pinLayout makes Kopia read the repository's folder layout (.shards)
// now, while the destination is known to be there. Kopia reads it at the
// first blob access and keeps it: were that access made while a USB drive
// is unplugged, it would take the default layout and write every later
// blob where no other connection looks for it.
func pinLayout(ctx context.Context, rep repo.Repository) error {
	dr, ok := rep.(repo.DirectRepository)
	if !ok {
		return nil
	}
	_, err := dr.BlobReader().GetMetadata(ctx, format.KopiaRepositoryBlobID)
	return err
}

// uncached opens a second connection with no local cache at all, which
// restores read through: Kopia v0.23.1 otherwise copies every pack it
// reads into the data cache (the whole repository for a full restore)
// and sweeps it only minutes later. Its config is a copy of this
// connection's with no cache folder (Kopia then reads straight from the
// destination); opening it costs one key derivation, not Connect's two.
// The caller closes it with closeUncached.
func (r *Repo) uncached(ctx context.Context) (repo.Repository, error) {
	lc, err := repo.LoadConfigFromFile(r.conf)
	if err != nil {
		return nil, err
	}
	lc.Caching = &content.CachingOptions{}
	b, err := json.Marshal(lc)
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(r.opt.CacheDir, "restore.config")
	if err := os.WriteFile(conf, b, 0o600); err != nil {
		return nil, err
	}
	rep, err := openConf(ctx, conf, r.password)
	if err != nil {
		os.Remove(conf)
		return nil, err
	}
	return rep, nil
}

// closeUncached closes a connection from uncached and removes its config
// (it has no cache folder to remove).
func (r *Repo) closeUncached(ctx context.Context, rep repo.Repository) {
	rep.Close(ctx)
	conf := filepath.Join(r.opt.CacheDir, "restore.config")
	os.Remove(conf)
	os.Remove(conf + ".mlock")
}

func openErr(err error) error {
	switch {
	case errors.Is(err, repo.ErrInvalidPassword):
		return ErrWrongPassword
	case errors.Is(err, blob.ErrBlobNotFound), errors.Is(err, repo.ErrRepositoryNotInitialized):
		return ErrNoRepository
	}
	return fmt.Errorf("backup: open: %w", err)
}

// Close closes the repository. The connection config and the metadata
// cache stay in CacheDir for the next run (Open reuses them): they hold
// the repository's folder, this PC's identity and encrypted repository
// blobs, never the password. When a destination leaves the plan, the
// caller removes its CacheDir.
func (r *Repo) Close(ctx context.Context) error {
	return r.rep.Close(ctx)
}
