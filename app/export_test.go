package app

// CheckIdle runs one tick of the lock watch, for tests.
func CheckIdle(a *App, osLocked bool) { a.vault.checkIdle(osLocked) }
