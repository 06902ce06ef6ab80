package office

// SetImportChunk makes Import commit every n rows, for tests of what a
// cancelled import keeps; the returned func restores the size.
func SetImportChunk(n int) func() {
	old := importChunk
	importChunk = n
	return func() { importChunk = old }
}
