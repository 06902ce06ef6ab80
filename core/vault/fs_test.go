package vault_test

import "os"

func renameDir(from, to string) error { return os.Rename(from, to) }
