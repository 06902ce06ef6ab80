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
	st, err := filesystem.New(ctx, &filesystem.Options{Path: dir}, false)
	if err != nil {
		return nil, err
	}
	defer st.Close(ctx)
	conf := filepath.Join(opt.CacheDir, "repository.config")
	_ = os.Remove(conf) // reconnect every time: the password may have changed
	err = repo.Connect(ctx, conf, st, password, &repo.ConnectOptions{
		CachingOptions: content.CachingOptions{
			CacheDirectory: filepath.Join(opt.CacheDir, "cache"),
			// One byte, not 0 (which panics in v0.23.1): a data cache would
			// copy the whole repository to this PC during a restore.
			ContentCacheSizeBytes:  1,
			MetadataCacheSizeBytes: 32 << 20,
		},
		ClientOptions: repo.ClientOptions{Hostname: opt.Host, Username: opt.User},
	})
	if err != nil {
		return nil, openErr(err)
	}
	rep, err := repo.Open(ctx, conf, password, &repo.Options{})
	if err != nil {
		return nil, openErr(err)
	}
	return &Repo{rep: rep, dir: dest, opt: opt, conf: conf}, nil
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

// Close disconnects; the connection config is removed so no password
// stays on disk.
func (r *Repo) Close(ctx context.Context) error {
	err := r.rep.Close(ctx)
	if rerr := repo.Disconnect(ctx, r.conf); rerr != nil && err == nil && !errors.Is(rerr, os.ErrNotExist) {
		err = rerr
	}
	return err
}
