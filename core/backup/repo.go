package backup

import (
	"context"
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
	dir := filepath.Join(dest, RepositoryDir)
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opt.CacheDir, 0o700); err != nil {
		return nil, err
	}
	conf := filepath.Join(opt.CacheDir, "repository.config")
	rep, err := connect(ctx, dir, conf, password, content.CachingOptions{
		CacheDirectory: filepath.Join(opt.CacheDir, "cache"),
		// One byte, not 0 (which panics in v0.23.1 with a cache folder).
		// Restores do not read through this connection (uncached).
		ContentCacheSizeBytes:  1,
		MetadataCacheSizeBytes: 32 << 20,
	}, opt)
	if err != nil {
		return nil, err
	}
	return &Repo{rep: rep, dir: dest, opt: opt, conf: conf, password: password}, nil
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
// and sweeps it only minutes later. The caller closes it with
// closeUncached.
func (r *Repo) uncached(ctx context.Context) (repo.Repository, error) {
	conf := filepath.Join(r.opt.CacheDir, "restore.config")
	return connect(ctx, filepath.Join(r.dir, RepositoryDir), conf, r.password, content.CachingOptions{}, r.opt)
}

// closeUncached closes a connection from uncached and removes its config.
func (r *Repo) closeUncached(ctx context.Context, rep repo.Repository) {
	rep.Close(ctx)
	repo.Disconnect(ctx, filepath.Join(r.opt.CacheDir, "restore.config"))
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

// Close closes the repository and removes the connection config (Open
// writes it anew each time). The metadata cache stays in CacheDir for the
// next run: it holds only encrypted repository blobs, never the password,
// and rebuilding it would make every run read the indexes again.
func (r *Repo) Close(ctx context.Context) error {
	err := r.rep.Close(ctx)
	for _, f := range []string{r.conf, r.conf + ".mlock"} {
		if rerr := os.RemoveAll(f); rerr != nil && err == nil {
			err = rerr
		}
	}
	return err
}
