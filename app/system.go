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

// DefaultDataDir is where Kinko keeps its local replica and settings unless
// KINKO_HOME says otherwise. It is a local, non-roaming folder on purpose:
// a roaming profile or a synced folder would copy a live bbolt file between
// PCs, which corrupts it. %LOCALAPPDATA%\Kinko on Windows,
// $XDG_DATA_HOME/Kinko (~/.local/share/Kinko) on Linux,
// ~/Library/Application Support/Kinko on macOS. It only computes the path;
// creating it is the engine's job.
func DefaultDataDir() (string, error) {
	if d := os.Getenv("KINKO_HOME"); d != "" {
		return filepath.Abs(d)
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Kinko"), nil
		}
	case "darwin":
		base, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(base, "Kinko"), nil
	default:
		if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, "Kinko"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	if runtime.GOOS == "windows" {
		return filepath.Join(home, "AppData", "Local", "Kinko"), nil
	}
	return filepath.Join(home, ".local", "share", "Kinko"), nil
}
