//go:build windows

package cli

import (
	"os"

	"golang.org/x/sys/windows"
)

// AttachParentConsole connects a GUI-subsystem kinko.exe to the console of
// the cmd.exe or PowerShell that started it, so CLI verbs can print. Streams
// that were redirected (kinko version > out.txt) are kept as they are. It
// does nothing when there is no parent console (started from Explorer).
func AttachParentConsole() {
	const attachParentProcess = ^uint32(0) // ATTACH_PARENT_PROCESS = (DWORD)-1
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	reopen := func(std uint32, name string, mode uint32, f **os.File) {
		if h, err := windows.GetStdHandle(std); err == nil && h != 0 && h != windows.InvalidHandle {
			return // redirected to a file or pipe: keep it
		}
		path, _ := windows.UTF16PtrFromString(name)
		h, err := windows.CreateFile(path, mode, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
		if err != nil {
			return
		}
		*f = os.NewFile(uintptr(h), name)
	}
	reopen(windows.STD_OUTPUT_HANDLE, "CONOUT$", windows.GENERIC_READ|windows.GENERIC_WRITE, &os.Stdout)
	reopen(windows.STD_ERROR_HANDLE, "CONOUT$", windows.GENERIC_READ|windows.GENERIC_WRITE, &os.Stderr)
	reopen(windows.STD_INPUT_HANDLE, "CONIN$", windows.GENERIC_READ|windows.GENERIC_WRITE, &os.Stdin)
}
