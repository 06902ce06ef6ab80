//go:build windows

package app

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procEnumWindows              = user32.NewProc("EnumWindows")
	procGetWindowThreadProcessId = user32.NewProc("GetWindowThreadProcessId")
	procSetWindowDisplayAffinity = user32.NewProc("SetWindowDisplayAffinity")
	procIsWindowVisible          = user32.NewProc("IsWindowVisible")
)

const (
	wdaNone               = 0x00
	wdaMonitor            = 0x01 // before Windows 10 2004: captures show black
	wdaExcludeFromCapture = 0x11 // Windows 10 2004 and later: the window is left out
)

var captureAffinity uintptr

// enumCallback is created once: Windows callbacks cannot be freed.
var enumCallback = windows.NewCallback(func(hwnd, _ uintptr) uintptr {
	var pid uint32
	procGetWindowThreadProcessId.Call(hwnd, uintptr(unsafe.Pointer(&pid)))
	if pid == windows.GetCurrentProcessId() {
		if v, _, _ := procIsWindowVisible.Call(hwnd); v != 0 {
			if r, _, _ := procSetWindowDisplayAffinity.Call(hwnd, captureAffinity); r == 0 && captureAffinity == wdaExcludeFromCapture {
				procSetWindowDisplayAffinity.Call(hwnd, wdaMonitor)
			}
		}
	}
	return 1 // continue
})

// setCaptureProtection sets the display affinity of this process's visible
// windows (the app has one).
func setCaptureProtection(on bool) {
	captureAffinity = wdaNone
	if on {
		captureAffinity = wdaExcludeFromCapture
	}
	procEnumWindows.Call(enumCallback, 0)
}
