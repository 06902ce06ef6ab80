//go:build !windows

package cli

// AttachParentConsole is needed only on Windows, where kinko.exe is a GUI
// program; elsewhere the standard streams are already connected.
func AttachParentConsole() {}
