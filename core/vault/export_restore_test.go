package vault

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ForgetOwnSegments empties the record of the device's own segments in
// the closed replica at path, as in a replica written before Kinko kept it.
func ForgetOwnSegments(t testing.TB, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bOwnSegs); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bOwnSegs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
