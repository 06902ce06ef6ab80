//go:build !watcher

package main

import (
	"errors"

	"github.com/kinko-jp/kinko/core/backup"
)

// setChanged: this core/backup has no watcher-informed runs; build the
// driver with -tags watcher once it has (Source.Changed).
func setChanged(*backup.Source, []string) error {
	return errors.New("-changed needs the driver built with -tags watcher (core/backup with Source.Changed)")
}
