// Command kinko is Kinko (金庫): with no arguments it opens the window; with
// a verb it runs headless (kinko help lists the verbs).
//
// This file only wires things together: wails build runs main() to generate
// the bindings, so nothing here may open the vault or touch user data before
// wails.Run. The engine starts in the services' startup hooks.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/signal"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/cli"
	"github.com/kinko-jp/kinko/app/i18n"
)

//go:embed all:frontend/dist
var assets embed.FS

// The GUI's message catalogs are the CLI's too: one source of words.
//
//go:embed frontend/src/locales/ja.json frontend/src/locales/en.json
var locales embed.FS

func main() {
	cat, err := i18n.Load(locales, "frontend/src/locales")
	if err != nil {
		fmt.Fprintln(os.Stderr, "kinko:", err) // a build defect, never user data
		os.Exit(int(app.ExitFailure))
	}
	if len(os.Args) > 1 {
		cli.AttachParentConsole()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := cli.Main(ctx, cli.Root(), os.Args[1:], cli.ProcessEnv(cat))
		stop()
		os.Exit(int(code))
	}
	if err := runGUI(cat); err != nil {
		fmt.Fprintln(os.Stderr, "kinko:", cat.T(cli.LangFromEnv(os.Getenv), "errors.internal", nil))
		os.Exit(int(app.ExitFailure))
	}
}

func runGUI(cat *i18n.Catalog) error {
	dataDir, err := app.DefaultDataDir()
	if err != nil {
		return err
	}
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return err
	}
	emitter := &app.WailsEmitter{}
	a := app.New(app.Options{Emitter: emitter, DataDir: dataDir, Catalog: cat, Dialogs: &app.WailsDialogs{Emitter: emitter}})
	title := cat.T(i18n.Ja, "app.name", nil) + " Kinko"
	return wails.Run(&options.App{
		Title:     title,
		Width:     1280,
		Height:    800,
		MinWidth:  960,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets: dist,
		},
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		// Files dropped on the 共有 area's drop zone (CSS --wails-drop-target:
		// drop) arrive as paths; a file dropped anywhere else is ignored rather
		// than opened by the webview in place of the app.
		DragAndDrop: &options.DragAndDrop{EnableFileDrop: true, DisableWebViewDrop: true},
		OnStartup: func(ctx context.Context) {
			emitter.Attach(ctx)
			a.Startup(ctx)
		},
		OnShutdown: a.Shutdown,
		Bind:       a.Services(),
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "jp.kinko.desktop.b1f6c0e2",
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				emitter.Do(func(ctx context.Context) {
					wailsruntime.WindowUnminimise(ctx)
					wailsruntime.WindowShow(ctx)
				})
			},
		},
		Windows: &windows.Options{
			Theme: windows.Light,
		},
		Linux: &linux.Options{
			ProgramName: "kinko",
		},
	})
}
