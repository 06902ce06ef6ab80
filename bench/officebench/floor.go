package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/text/encoding/japanese"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/records"
)

// The floor: a plain program that stores and reads the same records with
// nothing but bbolt (default options) and XChaCha20-Poly1305 — no
// signatures, no journal, no access control, one goroutine. Each client
// gets its own random key (sealed under one master key), as each client
// has its own scope key in Kinko; records are records.Client and
// records.Person in JSON as the app stores them (dates parsed; no
// normalising, no validation), sealed with the target as associated data.

var (
	bRecords = []byte("records")
	bKeys    = []byte("keys")
	bCodes   = []byte("codes")
)

// date reads a date as the CSV has it (ISO or 和暦); nil when blank.
func date(s string) *records.Date {
	d, err := records.ParseDate(s)
	if err != nil || d.IsZero() {
		return nil
	}
	return &d
}

var kinds = map[string]records.ClientKind{"法人": records.KindCorporation, "個人事業主": records.KindSoleProprietor, "個人": records.KindIndividual}

var personRoles = map[string]records.PersonRole{"役員": records.RoleOfficer, "従業員": records.RoleEmployee, "扶養親族": records.RoleDependent, "報酬支払先": records.RolePayee}

var masterKey = bytes.Repeat([]byte{7}, 32) // a benchmark, not a vault

func randomID() string {
	var b [10]byte
	rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

func seal(key, ad, plain []byte) []byte {
	a, _ := chacha20poly1305.NewX(key)
	out := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+len(plain)+a.Overhead())
	rand.Read(out)
	return a.Seal(out, out, plain, ad)
}

func unseal(key, ad, sealed []byte) ([]byte, error) {
	a, _ := chacha20poly1305.NewX(key)
	n := chacha20poly1305.NonceSizeX
	if len(sealed) < n {
		return nil, fmt.Errorf("short record")
	}
	return a.Open(nil, sealed[:n], sealed[n:], ad)
}

// readCSV decodes a Shift_JIS CSV file and returns its rows without the
// title row.
func readCSV(path string) ([][]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text, err := japanese.ShiftJIS.NewDecoder().Bytes(raw)
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
	if len(rows) > 0 {
		rows = rows[1:]
	}
	return rows, err
}

// floorWrite stores the clients file (kind "clients") or the people file
// in the floor's database in one transaction, in key order (a plain
// program's one precaution: bbolt keeps a transaction's new keys in
// in-memory nodes, and inserting 100,000 random keys there costs ~30 s
// of memmove on this VM, sorted ~1 s).
func floorWrite(dir, kind string) (int, error) {
	db, err := bolt.Open(filepath.Join(dir, "floor.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	rows, err := readCSV(filepath.Join(dir, kind+".csv"))
	if err != nil {
		return 0, err
	}
	var out []kv
	put := func(k string, v []byte) { out = append(out, kv{[]byte(k), v}) }
	err = db.Update(func(tx *bolt.Tx) error {
		recs, _ := tx.CreateBucketIfNotExists(bRecords)
		keys, _ := tx.CreateBucketIfNotExists(bKeys)
		codes, _ := tx.CreateBucketIfNotExists(bCodes)
		if kind == "clients" {
			for _, r := range rows {
				month, _ := strconv.Atoi(r[9])
				c := records.Client{ID: randomID(), Code: r[0], Kind: kinds[r[1]], Name: r[2], Kana: r[3], CorporateNumber: r[4], Postal: r[5],
					Address: r[6], Phone: r[7], Email: r[8], FiscalMonth: month, EngagedFrom: date(r[10]), Notes: r[11]}
				key := make([]byte, 32)
				rand.Read(key)
				if err := keys.Put([]byte(c.ID), seal(masterKey, []byte(c.ID), key)); err != nil {
					return err
				}
				if err := codes.Put([]byte(c.Code), []byte(c.ID)); err != nil {
					return err
				}
				js, _ := json.Marshal(&c)
				t := "client/" + c.ID
				put(t, seal(key, []byte(t), js))
			}
			return putSorted(recs, out)
		}
		clientKeys := map[string][]byte{}
		for _, r := range rows {
			cid := string(codes.Get([]byte(r[0])))
			key := clientKeys[cid]
			if key == nil {
				var err error
				if key, err = unseal(masterKey, []byte(cid), keys.Get([]byte(cid))); err != nil {
					return fmt.Errorf("client %s: %w", r[0], err)
				}
				clientKeys[cid] = key
			}
			p := records.Person{ID: randomID(), ClientID: cid, Name: r[2], Kana: r[3], Birth: date(r[4]),
				Joined: date(r[5]), Postal: r[6], Address: r[7], Phone: r[8], Notes: r[9]}
			for _, role := range strings.Split(r[1], "・") {
				p.Roles = append(p.Roles, personRoles[role])
			}
			js, _ := json.Marshal(&p)
			t := "person/" + cid + "/" + p.ID
			put(t, seal(key, []byte(t), js))
		}
		return putSorted(recs, out)
	})
	return len(rows), err
}

type kv struct{ k, v []byte }

func putSorted(b *bolt.Bucket, out []kv) error {
	slices.SortFunc(out, func(x, y kv) int { return bytes.Compare(x.k, y.k) })
	for _, x := range out {
		if err := b.Put(x.k, x.v); err != nil {
			return err
		}
	}
	return nil
}

// dbSize is what a bbolt file holds: its pages up to the high-water mark
// (free pages included), without the zeroes the file is grown by ahead
// of need (16 MB steps).
func dbSize(path string) (int64, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	err = db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}

// floorRead reads every record back: open, decrypt, decode the whole JSON
// document and fold the name and reading, as a search index needs.
func floorRead(dir string) (int, error) {
	db, err := bolt.Open(filepath.Join(dir, "floor.db"), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	n, folded := 0, 0
	err = db.View(func(tx *bolt.Tx) error {
		clientKeys := map[string][]byte{}
		err := tx.Bucket(bKeys).ForEach(func(k, v []byte) error {
			key, err := unseal(masterKey, k, v)
			clientKeys[string(k)] = key
			return err
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bRecords).ForEach(func(k, v []byte) error {
			kind, rest, _ := strings.Cut(string(k), "/")
			cid, _, _ := strings.Cut(rest, "/")
			plain, err := unseal(clientKeys[cid], k, v)
			if err != nil {
				return err
			}
			if kind == "client" {
				var c records.Client
				err = json.Unmarshal(plain, &c)
				folded += len(jtext.Fold(c.Name)) + len(jtext.Fold(c.Kana))
			} else {
				var p records.Person
				err = json.Unmarshal(plain, &p)
				folded += len(jtext.Fold(p.Name)) + len(jtext.Fold(p.Kana))
			}
			n++
			return err
		})
	})
	return n, err
}

// kdfFile writes a small age file sealed with the bench password at work
// factor wf (0: age's default), the floor's "login".
func kdfFile(dir string, wf int) error {
	r, err := age.NewScryptRecipient(password)
	if err != nil {
		return err
	}
	if wf > 0 {
		r.SetWorkFactor(wf)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return err
	}
	w.Write(make([]byte, 64))
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "kdf.age"), buf.Bytes(), 0o600)
}

// floorKDF opens that file: one scrypt, as a login's.
func floorKDF(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "kdf.age"))
	if err != nil {
		return err
	}
	id, err := age.NewScryptIdentity(password)
	if err != nil {
		return err
	}
	r, err := age.Decrypt(bytes.NewReader(b), id)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, r)
	return err
}

// walkJournal is the plain hash-chain walk: read every file of the vault
// folder's journal and fold it into a SHA-256 chain, h = H(h ‖ file).
func walkJournal(folder string) (files, size int64, err error) {
	var h [32]byte
	err = filepath.WalkDir(filepath.Join(folder, "journal"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := sha256.New()
		s.Write(h[:])
		s.Write(b)
		s.Sum(h[:0])
		files++
		size += int64(len(b))
		return nil
	})
	return files, size, err
}
