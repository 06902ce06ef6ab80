package watch_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kinko-jp/kinko/core/backup"
	"github.com/kinko-jp/kinko/core/watch"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// The scheduler watches a source folder and, after each quiet period,
// backs up only the folders that changed (Full: scan everything).
func ExampleNew() {
	root, _ := os.MkdirTemp("", "kinko-watch-example")
	defer wintest.RemoveAll(root)
	os.Mkdir(filepath.Join(root, "顧客"), 0o755)

	w, err := watch.New(root, watch.Options{Quiet: 200 * time.Millisecond, Excludes: backup.DefaultExcludes})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Close()

	os.WriteFile(filepath.Join(root, "顧客", "~$決算.xlsx"), []byte("lock"), 0o644) // excluded
	os.WriteFile(filepath.Join(root, "顧客", "決算.xlsx"), []byte("data"), 0o644)

	c := <-w.Changes()
	fmt.Printf("%q full=%v\n", c.Dirs, c.Full)
	// Output: ["顧客"] full=false
}
