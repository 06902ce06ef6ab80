package app

// CheckIdle runs one tick of the lock watch, for tests.
func CheckIdle(a *App, osLocked bool) { a.vault.checkIdle(osLocked) }

// Clients and Numbers return the bound services, for tests.
func Clients(a *App) *ClientsService  { return a.clients }
func Numbers(a *App) *MyNumberService { return a.numbers }

// WatchCapture records the capture protection switches of a's My Number
// service (the Windows call cannot run here).
func WatchCapture(a *App, set func(on bool)) { a.numbers.capture.set = set }

// Reports returns the bound reports service, for tests.
func Reports(a *App) *ReportsService { return a.reports }
