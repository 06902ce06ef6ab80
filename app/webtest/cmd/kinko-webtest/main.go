// Command kinko-webtest serves frontend/dist with Kinko's real services on
// loopback, for the browser end-to-end suite (frontend/e2e). It prints the
// URL on its first line of output and runs until killed.
//
// Besides the app's services it binds Testing, which starts real jobs in the
// real registry so the suite can drive progress bars and cancellation before
// the product's own long jobs exist. The data folder comes from KINKO_HOME.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/app/webtest"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/progress"
)

// Testing is bound only in this test server.
type Testing struct {
	jobs *app.JobRegistry
}

// StartCountdown starts a job that counts to steps, one step every stepMs
// milliseconds, and returns its id.
func (t *Testing) StartCountdown(steps, stepMs int) string {
	return t.jobs.Start(context.Background(), "test.countdown", func(ctx context.Context, r progress.Reporter) (any, error) {
		for i := 1; i <= steps; i++ {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(stepMs) * time.Millisecond):
			}
			r.Report(progress.Update{Stage: "count", Done: int64(i), Total: int64(steps)})
		}
		return steps, nil
	})
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "kinko-webtest:", err)
		os.Exit(1)
	}
}

func run() error {
	dist := "frontend/dist"
	if len(os.Args) > 1 {
		dist = os.Args[1]
	}
	dataDir, err := app.DefaultDataDir()
	if err != nil {
		return err
	}
	var srv *webtest.Server
	emitter := emitFunc(func(name string, data any) { srv.Emit(name, data) })
	// Real vault, real age files; only the scrypt cost is lowered (a test
	// option, never a global switch) and "remember me" uses an in-memory
	// keychain, since the browser suite has no OS keychain.
	// Reports use the window's words; there is no OS save dialog, so saved
	// files go to KINKO_WEBTEST_SAVE_DIR (default: "saved" in the data
	// folder) under their suggested names, where the suite reads them.
	cat, err := i18n.Load(os.DirFS("."), "frontend/src/locales")
	if err != nil {
		return err
	}
	saveDir := os.Getenv("KINKO_WEBTEST_SAVE_DIR")
	if saveDir == "" {
		saveDir = filepath.Join(dataDir, "saved")
	}
	// Folder questions (the backup area) are answered from the JSON file
	// KINKO_WEBTEST_FOLDERS (default: folders.json in the data folder),
	// {"source": …, "destination": …, "restore": …}, read at each question.
	folders := os.Getenv("KINKO_WEBTEST_FOLDERS")
	if folders == "" {
		folders = filepath.Join(dataDir, "folders.json")
	}
	a := app.New(app.Options{Emitter: emitter, DataDir: dataDir, Keys: &keys.Options{WorkFactor: 10},
		Keychain: keychain.NewMemory(), SyncInterval: time.Second, Catalog: cat, Dialogs: app.FolderDialogs{Dir: saveDir, Folders: folders}})
	a.Startup(context.Background())
	srv = webtest.New(os.DirFS(dist), append(a.Services(), &Testing{jobs: a.Jobs})...)
	ln, err := webtest.Listen("127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("http://%s/\n", ln.Addr())
	return http.Serve(ln, srv)
}

type emitFunc func(name string, data any)

func (f emitFunc) Emit(name string, data any) { f(name, data) }
