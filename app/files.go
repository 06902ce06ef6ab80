package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/outfile"
)

// Files the user saves — exports and reports — are written by Go to the
// place the user picks in the OS save dialog, never handed to the web view
// as a download: a My Number in a government-form export must not pass
// through the page, and WebKitGTK's web view does not save downloads.

// Dialogs asks the user where to save a file.
type Dialogs interface {
	// SaveFile returns the chosen path, or "" when the user cancelled.
	SaveFile(d SaveDialog) (string, error)
	// ChooseFolder returns the chosen folder, or "" when the user
	// cancelled (the backup area's sources, destinations and restores).
	ChooseFolder(d FolderDialog) (string, error)
	// ChooseFiles returns the files chosen to send (several), or nil when
	// the user cancelled (the 共有 area).
	ChooseFiles(d FilesDialog) ([]string, error)
	// ChoosePackage returns the package chosen to open (.age or .html),
	// or "" when the user cancelled.
	ChoosePackage(d FilesDialog) (string, error)
}

// FilesDialog is one question for files to open.
type FilesDialog struct {
	Title   string
	Purpose string // "files" or "package"
}

// FolderDialog is one folder question.
type FolderDialog struct {
	Title   string
	Purpose string // "source", "destination" or "restore"
}

// SaveDialog is one save question.
type SaveDialog struct {
	Title   string
	Name    string // the suggested file name
	Label   string // the file type's name, e.g. "PDF"
	Pattern string // e.g. "*.pdf"
}

// WailsDialogs shows the OS save dialog through the Wails runtime.
type WailsDialogs struct{ Emitter *WailsEmitter }

// SaveFile implements Dialogs.
func (d *WailsDialogs) SaveFile(s SaveDialog) (string, error) {
	var path string
	err := errors.New("app: no window")
	d.Emitter.Do(func(ctx context.Context) {
		path, err = runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
			Title: s.Title, DefaultFilename: s.Name, CanCreateDirectories: true,
			Filters: []runtime.FileFilter{{DisplayName: s.Label + " (" + s.Pattern + ")", Pattern: s.Pattern}},
		})
	})
	if err != nil {
		return "", &Error{Code: CodeInternal}
	}
	if path != "" && filepath.Ext(path) == "" {
		path += strings.TrimPrefix(s.Pattern, "*") // GTK's dialog does not add it
	}
	return path, nil
}

// ChooseFolder implements Dialogs.
func (d *WailsDialogs) ChooseFolder(f FolderDialog) (string, error) {
	var path string
	err := errors.New("app: no window")
	d.Emitter.Do(func(ctx context.Context) {
		path, err = runtime.OpenDirectoryDialog(ctx, runtime.OpenDialogOptions{Title: f.Title, CanCreateDirectories: true})
	})
	if err != nil {
		return "", &Error{Code: CodeInternal}
	}
	return path, nil
}

// ChooseFiles implements Dialogs.
func (d *WailsDialogs) ChooseFiles(f FilesDialog) ([]string, error) {
	var paths []string
	err := errors.New("app: no window")
	d.Emitter.Do(func(ctx context.Context) {
		paths, err = runtime.OpenMultipleFilesDialog(ctx, runtime.OpenDialogOptions{Title: f.Title})
	})
	if err != nil {
		return nil, &Error{Code: CodeInternal}
	}
	return paths, nil
}

// ChoosePackage implements Dialogs.
func (d *WailsDialogs) ChoosePackage(f FilesDialog) (string, error) {
	var path string
	err := errors.New("app: no window")
	d.Emitter.Do(func(ctx context.Context) {
		path, err = runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{Title: f.Title,
			Filters: []runtime.FileFilter{{DisplayName: "Kinko (*.html, *.age)", Pattern: "*.html;*.age"}, {DisplayName: "*.*", Pattern: "*.*"}}})
	})
	if err != nil {
		return "", &Error{Code: CodeInternal}
	}
	return path, nil
}

// FolderDialogs answers every save question with the suggested name in
// Dir, without asking: the browser test server, which has no OS dialog,
// uses it so the suite can read the saved files.
type FolderDialogs struct {
	Dir string
	// Folders is a JSON file {"source": path, "destination": path,
	// "restore": path} read at each folder question, so a test can change
	// the answers between questions; a purpose it lacks is a cancel. The
	// 共有 area's questions read it too: "share.send", "share.output",
	// "share.open" (folders), "files" (an array of paths) and "package".
	Folders string
}

// ChooseFiles implements Dialogs.
func (d FolderDialogs) ChooseFiles(f FilesDialog) ([]string, error) {
	var answers struct {
		Files []string `json:"files"`
	}
	if d.Folders == "" || readJSON(d.Folders, &answers) != nil {
		return nil, nil
	}
	return answers.Files, nil
}

// ChoosePackage implements Dialogs.
func (d FolderDialogs) ChoosePackage(f FilesDialog) (string, error) {
	var answers struct {
		Package string `json:"package"`
	}
	if d.Folders == "" || readJSON(d.Folders, &answers) != nil {
		return "", nil
	}
	return answers.Package, nil
}

// ChooseFolder implements Dialogs.
func (d FolderDialogs) ChooseFolder(f FolderDialog) (string, error) {
	var answers map[string]any
	if d.Folders == "" || readJSON(d.Folders, &answers) != nil {
		return "", nil
	}
	path, _ := answers[f.Purpose].(string)
	return path, nil
}

// SaveFile implements Dialogs.
func (d FolderDialogs) SaveFile(s SaveDialog) (string, error) {
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return "", Err(err)
	}
	return filepath.Join(d.Dir, s.Name), nil
}

// saveAs asks where to save (dialog's title under titleKey in lang) and
// writes the file there with write, atomically; it returns the path, or ""
// when the user cancelled. perm 0o600 for files holding My Numbers.
func (a *App) saveAs(lang, titleKey, name, label, pattern string, perm os.FileMode, write func(w io.Writer) error) (string, error) {
	if a.opt.Dialogs == nil {
		return "", &Error{Code: CodeInternal}
	}
	path, err := a.opt.Dialogs.SaveFile(SaveDialog{Title: a.t(lang, titleKey), Name: name, Label: label, Pattern: pattern})
	if err != nil || path == "" {
		return "", err
	}
	if err := outfile.Write(path, perm, write); err != nil {
		return "", Err(err)
	}
	return path, nil
}

// t translates key into lang with the window's own words.
func (a *App) t(lang, key string) string {
	if a.opt.Catalog == nil {
		return key
	}
	return a.opt.Catalog.T(i18n.ParseLang(lang), key, nil)
}
