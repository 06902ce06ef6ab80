//go:build watcher

package main

import "github.com/kinko-jp/kinko/core/backup"

// setChanged passes what the watcher saw, as the app does for a
// watcher-informed run (core/backup with Source.Changed).
func setChanged(src *backup.Source, dirs []string) error {
	src.Changed = dirs
	return nil
}
