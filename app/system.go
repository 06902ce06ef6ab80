package app

import (
	"os"
	"path/filepath"
	"runtime"
)

// Version and Commit are set at build time with -ldflags "-X".
var (
	Version = "0.1.0-dev"
	Commit  = "unknown"
)

// Info describes this installation for the status bar, the settings page and
// support requests. It holds no secrets.
type Info struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	DataDir string `json:"dataDir"`
}

// System is the bound service for what the shell shows about the app itself.
type System struct {
	dataDir string
}

// Info returns the version, platform and data folder.
func (s *System) Info() Info {
	return Info{Version: Version, Commit: Commit, OS: runtime.GOOS, Arch: runtime.GOARCH, DataDir: s.dataDir}
}

// DefaultDataDir is where Kinko keeps its settings and local replica unless
// KINKO_HOME says otherwise: %APPDATA%\Kinko on Windows, ~/.config/Kinko on
// Linux, ~/Library/Application Support/Kinko on macOS. It only computes the
// path; creating it is the engine's job.
func DefaultDataDir() (string, error) {
	if d := os.Getenv("KINKO_HOME"); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "Kinko"), nil
}
