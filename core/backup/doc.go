// Package backup is Kinko's backup engine: encrypted, deduplicated,
// versioned snapshots of folders in a Kopia repository on a destination (a
// USB drive or a NAS folder), and restores from them.
//
// Kopia (github.com/kopia/kopia) does the chunking, packing, indexing,
// encryption and maintenance; this package is the small interface the app
// uses, with the office's settings fixed in one place (policy.go):
// content-defined chunks around 256 KiB, zstd except for already
// compressed file types, retention 30 daily / 12 weekly / 24 monthly / 10
// yearly. Nothing here knows about the vault: the app passes folders, a
// password and a cache folder.
//
// A destination folder holds:
//
//	kinko-backup.json   the marker: destination id, format, created (marker.go)
//	repo-password.age   the repository password, age-encrypted to the
//	                    vault's administrators and the recovery key
//	repository/         a Kopia filesystem repository
//
// so the stock `age` and `kopia` tools can restore everything when Kinko
// itself is gone (docs/backup-without-kinko.md).
//
// Known traps of Kopia v0.23.1 this package designs around:
//   - a restore through a connection with a data cache copies the whole
//     repository into the cache (and a data cache of 0 bytes panics):
//     backups use a data cache of one byte, and restores read through a
//     second connection with no cache at all (TestRestoreCacheTrap
//     measures the cache's growth);
//   - the uploader does not report bytes written: Written comes from the
//     write session's content statistics;
//   - restore.Entry writes placeholders unless RestoreDirEntryAtDepth is
//     set: restores are always full (deep);
//   - the uploader's size estimator walks the whole source beside the
//     upload: it is off, so a watcher-informed run lists only the changed
//     folders (overlay.go).
//
// Opening is cheap on a PC that opened the destination before: the
// connection config and the metadata cache in Options.CacheDir are kept
// between runs (neither holds the password) and reused, so an open costs
// one key derivation. New repositories derive the key with PBKDF2-SHA256
// (600,000 iterations, KeyDerivation) instead of Kopia's default scrypt:
// the password is 32 random bytes, which a memory-hard function does not
// make any harder to guess, and scrypt cost a 64 MiB buffer and about
// 0.5 s of CPU per open. Files above 64 MiB are hashed on every core
// (ParallelUploadAbove).
//
// A run also re-reads files that changed while read (retry.go), names
// unreadable files with a reason (reason.go), and stops when the
// destination disappears (watchdog.go). A restore writes to a part folder
// beside the target and renames it when complete (restore.go).
package backup
