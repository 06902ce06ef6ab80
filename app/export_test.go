package app

// CheckIdle runs one tick of the lock watch, for tests.
func CheckIdle(a *App, osLocked bool) { a.vault.checkIdle(osLocked) }

// Clients and Numbers return the bound services, for tests.
func Clients(a *App) *ClientsService  { return a.clients }
func Numbers(a *App) *MyNumberService { return a.numbers }
