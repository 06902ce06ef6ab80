package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/vault"
)

// vaultFlags are the flags every verb on an existing vault takes.
type vaultFlags struct {
	vault  string
	asUser string
	pwFile string
	json   bool
	login  bool // the verb logs in as --as (withVault)
}

// register adds the flags; login adds --as and --password-file, and makes
// withVault log that user in.
func (f *vaultFlags) register(fs *flag.FlagSet, login bool) {
	f.login = login
	fs.StringVar(&f.vault, "vault", "", "cli.flag.vault")
	fs.BoolVar(&f.json, "json", false, "cli.flag.json")
	if login {
		fs.StringVar(&f.asUser, "as", "", "cli.flag.as")
		fs.StringVar(&f.pwFile, "password-file", "", "cli.flag.password_file")
	}
}

func (e *Env) vaultOptions() vault.Options { return vault.Options{DataDir: e.DataDir, Keys: e.Keys} }

// open opens the vault named by --vault, or the only vault of this PC.
func (e *Env) open(f *vaultFlags) (*vault.Vault, error) {
	id := f.vault
	if id == "" {
		known, err := vault.Known(e.DataDir)
		if err != nil {
			return nil, err
		}
		if real := app.WithoutDemo(e.DataDir, known); len(real) == 1 {
			// The office's vault beside the demo: the office's.
			known = real
		}
		switch len(known) {
		case 0:
			return nil, &app.Error{Code: "cli.no_vault"}
		case 1:
			id = known[0].ID
		default:
			ids := make([]string, len(known))
			for i, k := range known {
				ids[i] = k.ID + " (" + k.Name + ")"
			}
			return nil, &app.Error{Code: "cli.vault_choose", Params: map[string]any{"vaults": strings.Join(ids, ", ")}}
		}
	}
	return vault.Open(id, e.vaultOptions())
}

// use is one verb's use of a vault, through app.Session (the layer the
// window's services use too): the vault, and the verb's one access-log
// entry, which the verb fills in as it learns what it did.
type use struct {
	app.Session
	entry    audit.Entry
	traced   bool
	changed  bool   // the verb changed the vault: a failed push is worth a warning
	password []byte // the --as user's password while the verb runs (user passwd needs it)
}

// trace writes the verb's entry now, with the outcome err, and returns err
// — or the failure to write a sensitive entry. A verb calls it itself only
// where the entry must be on disk before data leaves (inside the outfile
// writer, before the file is renamed into place); withVault writes it
// otherwise.
// The entry is written once.
func (u *use) trace(err error) error {
	if u.traced {
		return err
	}
	u.traced = true
	return u.Trace(u.entry, err)
}

// withVault is the command line's one door to a vault. It opens the vault
// of f; when the verb registered --as it reads that user's password and
// logs them in, writing a login entry — or a login.failed entry with the
// name typed (never the password), and stops; it runs fn; then it writes
// the verb's one entry (action, as fn filled it in) with fn's result,
// unless fn wrote it already with u.trace; and it sends what the run wrote
// — the entries too — to the vault folder. So every verb, and every verb
// added later, logs what it did, refusals and failures included. Errors
// before the vault is open (usage, no vault) write nothing: no vault was
// touched.
func (e *Env) withVault(f *vaultFlags, action audit.Action, fn func(u *use) error) error {
	if f.login && f.asUser == "" {
		return usageError(app.CodeUsage, map[string]any{"command": "--as"})
	}
	v, err := e.open(f)
	if err != nil {
		return err
	}
	defer v.Close()
	u := &use{Session: app.Session{Vault: v, Door: app.DoorCLI}, entry: audit.Entry{Action: action}}
	if f.login {
		pw, err := e.secret(secretSource{file: f.pwFile, envVar: "KINKO_PASSWORD", prompt: "cli.prompt.password"}, false)
		if err != nil {
			return err
		}
		defer clear(pw)
		if err := u.Login(f.asUser, pw, "verb="+e.verb); err != nil {
			e.push(v, false) // the failed attempt goes to the folder too
			return err
		}
		u.password = pw
	}
	err = u.trace(fn(u))
	e.push(v, u.changed)
	return err
}

// push writes the vault's outbox — changes and entries — to the vault
// folder. An unreachable folder is a warning after a change (the change is
// safe on this PC and goes with the next sync) and silent otherwise.
//
// A sync that found the folder put back to an older copy, and wrote this
// PC's part back, always says so.
func (e *Env) push(v *vault.Vault, warn bool) {
	res, err := v.Sync(nil)
	if err != nil && warn {
		fmt.Fprintf(e.Stderr, "kinko: %s\n", e.T("errors."+app.ToError(err).Code, app.ToError(err).Params))
	}
	e.restored(e.Stderr, res)
}

// restored tells of what a sync put back into an older copy of the vault
// folder, if anything.
func (e *Env) restored(w io.Writer, res vault.SyncResult) {
	if res.Restored > 0 || res.RestoredBlobs > 0 {
		fmt.Fprintln(w, e.T("cli.vault.sync.restored", map[string]any{"segments": res.Restored, "ops": res.RestoredOps, "blobs": res.RestoredBlobs}))
	}
}

func (e *Env) printJSON(v any) error {
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// onVault builds the verb <group> <name> that opens this PC's vault
// without a login and runs fn on it; its entry (action) has no user.
func onVault(group, name string, action audit.Action, fn func(ctx context.Context, env *Env, u *use, f *vaultFlags) error) *Command {
	var f vaultFlags
	key := "cli." + group + "." + name
	return &Command{
		Name: name, Summary: key + ".summary", Usage: key + ".usage",
		Flags: func(fs *flag.FlagSet) { f.register(fs, false) },
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			return env.withVault(&f, action, func(u *use) error { return fn(ctx, env, u, &f) })
		},
	}
}

func vaultCommands() *Command {
	return &Command{
		Name: "vault", Summary: "cli.vault.summary", Usage: "cli.vault.usage",
		Subs: []*Command{vaultInit(), vaultJoin(), vaultStatus(), vaultVerify(), vaultCodes(), vaultSync(), vaultRecovery(), vaultHeld(), vaultReapply()},
	}
}

func vaultInit() *Command {
	var folder, name, login, userName, pwFile, sheet string
	var handler bool
	return &Command{
		Name: "init", Summary: "cli.vault.init.summary", Usage: "cli.vault.init.usage",
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&folder, "folder", "", "cli.flag.folder")
			fs.StringVar(&name, "name", "", "cli.flag.vault_name")
			fs.StringVar(&login, "login", "", "cli.flag.login")
			fs.StringVar(&userName, "user-name", "", "cli.flag.user_name")
			fs.BoolVar(&handler, "handler", false, "cli.flag.handler_self")
			fs.StringVar(&pwFile, "password-file", "", "cli.flag.password_file")
			fs.StringVar(&sheet, "sheet", "", "cli.flag.sheet")
		},
		Run: func(_ context.Context, env *Env, fs *flag.FlagSet) error {
			if folder == "" || name == "" || login == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko vault init"})
			}
			pw, err := env.secret(secretSource{file: pwFile, envVar: "KINKO_PASSWORD", prompt: "cli.prompt.new_password"}, true)
			if err != nil {
				return err
			}
			defer clear(pw)
			if userName == "" {
				userName = login
			}
			v, rec, err := vault.Create(folder, name, vault.NewUser{Login: login, Name: userName, Password: pw, Handler: handler}, env.vaultOptions())
			if err != nil {
				return err // no vault: nothing to log in
			}
			defer v.Close()
			// The first entry of the vault, by its first 責任者.
			if err := (app.Session{Vault: v, Door: app.DoorCLI}).Trace(audit.Entry{Action: audit.VaultCreate, Label: v.Name()}, nil); err != nil {
				return err
			}
			s, err := app.NewRecoverySheet(v.Name(), v.ID(), time.Now(), rec)
			if err != nil {
				return err
			}
			if sheet != "" {
				if err := writeSheet(env, sheet, s); err != nil {
					return err
				}
			}
			fmt.Fprintln(env.Stdout, env.T("cli.vault.init.done", map[string]any{"name": v.Name(), "id": v.ID()}))
			fmt.Fprintln(env.Stdout)
			fmt.Fprintln(env.Stdout, env.T("sheet.title", nil))
			fmt.Fprintln(env.Stdout, "  "+strings.Join(s.Groups, " "))
			fmt.Fprintln(env.Stdout)
			for _, k := range sheetNotes {
				fmt.Fprintln(env.Stdout, "・"+env.T(k, nil))
			}
			return nil
		},
	}
}

func vaultJoin() *Command {
	var folder string
	return &Command{
		Name: "join", Summary: "cli.vault.join.summary", Usage: "cli.vault.join.usage",
		Flags: func(fs *flag.FlagSet) { fs.StringVar(&folder, "folder", "", "cli.flag.folder") },
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			if folder == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko vault join"})
			}
			// Progress on stderr; interrupted, the join keeps what it
			// imported and joining again carries on.
			rep := env.reporter()
			v, err := vault.JoinContext(ctx, folder, env.vaultOptions(), rep)
			rep.Close()
			if err != nil {
				return err // no replica: nothing to log in
			}
			defer v.Close()
			// Nobody is logged in: the entry has no user.
			if err := (app.Session{Vault: v, Door: app.DoorCLI}).Trace(audit.Entry{Action: audit.VaultJoin, Label: v.Name()}, nil); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.T("cli.vault.join.done", map[string]any{"name": v.Name(), "id": v.ID(), "users": len(v.Accounts())}))
			return nil
		},
	}
}

func vaultStatus() *Command {
	return onVault("vault", "status", audit.VaultStatus, func(_ context.Context, env *Env, u *use, f *vaultFlags) error {
		v := u.Vault
		v.Sync(nil) // status reports reachability; a failure is shown, not returned
		st := v.Status()
		// Users whose keys an earlier recovery key still opens (the roster
		// is public: no login needed).
		pending := app.RecoveryPending(v.Accounts())
		if f.json {
			return env.printJSON(struct {
				vault.Status
				State           string   `json:"state"`        // connected, unreachable or full
				LastSyncTime    string   `json:"lastSyncTime"` // RFC 3339 in Japan time; "" if never
				RecoveryPending []string `json:"recoveryPending,omitempty"`
			}{st, reachState(st), isoTime(st.LastSync), pending})
		}
		printStatus(env, st)
		if len(pending) > 0 {
			fmt.Fprintln(env.Stdout, env.T("cli.vault.status.pending", map[string]any{"users": strings.Join(pending, ", ")}))
		}
		return nil
	})
}

func printStatus(env *Env, st vault.Status) {
	fmt.Fprintln(env.Stdout, env.T("cli.vault.status.head", map[string]any{"name": st.Name, "id": st.Vault}))
	fmt.Fprintln(env.Stdout, env.T("cli.vault.status.folder", map[string]any{"folder": st.Folder, "state": env.T("cli.vault.status."+reachState(st), nil)}))
	fmt.Fprintln(env.Stdout, env.T("cli.vault.status.counts", map[string]any{"last": env.when(st.LastSync), "outbox": st.Outbox, "conflicts": st.Conflicts, "quarantined": st.Quarantined, "ops": st.Ops}))
	if st.Restored > 0 || st.RestoredBlobs > 0 {
		fmt.Fprintln(env.Stdout, env.T("cli.vault.status.restored", map[string]any{"segments": st.Restored, "blobs": st.RestoredBlobs}))
	}
	if st.Unrestorable > 0 {
		fmt.Fprintln(env.Stdout, env.T("cli.vault.status.unrestorable", map[string]any{"count": st.Unrestorable}))
	}
	fmt.Fprintln(env.Stdout, env.T("cli.vault.status.devices", nil))
	header := []string{"", env.T("cli.vault.status.col.id", nil), env.T("cli.vault.status.col.pc", nil), env.T("cli.vault.status.col.os_user", nil),
		env.T("cli.vault.status.col.last", nil), env.T("cli.vault.status.col.segments", nil), ""}
	rows := make([][]string, len(st.Devices))
	for i, d := range st.Devices {
		mark := ""
		if d.Self {
			mark = "*"
		}
		broken := ""
		if d.Broken == vault.ReasonBehind {
			broken = env.T("cli.vault.status.behind", map[string]any{"segment": d.BrokenAt})
		} else if d.Broken != "" {
			broken = env.T("cli.vault.status.broken", map[string]any{"reason": d.Broken, "segment": d.BrokenAt})
		}
		rows[i] = []string{mark, d.ID, d.Name, d.OSUser, env.when(d.LastOp), strconv.FormatUint(d.Segments, 10), broken}
	}
	printTable(env.Stdout, "  ", header, rows)
}

// reachState is the vault folder's state as a stable code: connected or
// unreachable, or full when the vault folder's disk is (the JSON's
// "state", the text's key).
func reachState(st vault.Status) string {
	switch {
	case st.Reachable:
		return "connected"
	case st.FolderFull:
		return "full"
	}
	return "unreachable"
}

// vaultVerify is `kinko vault verify`. It needs no login; with --as, the
// user's keys also let it check every blob file that the current version
// of a record they can read references (not only those this PC holds a
// copy of).
func vaultVerify() *Command {
	var f vaultFlags
	run := func(ctx context.Context, env *Env, u *use, f *vaultFlags) error {
		v := u.Vault
		rpt, err := v.Verify(ctx, nil)
		if rpt != nil {
			u.entry.Detail = "problems=" + strconv.Itoa(len(rpt.Problems))
		}
		// Logged as the check's own outcome, whatever it found (the
		// window's too).
		if err := u.trace(err); err != nil {
			return err
		}
		if f.json {
			if err := env.printJSON(rpt); err != nil {
				return err
			}
		} else {
			fmt.Fprintln(env.Stdout, env.T("cli.vault.verify.counts", map[string]any{"devices": rpt.Devices, "segments": rpt.Segments, "ops": rpt.Ops}))
			for _, p := range rpt.Problems {
				key := "cli.vault.verify.problem"
				if p.File != "" { // the file says where: its device and segment, or the blob
					key = "cli.vault.verify.problem_file"
				}
				fmt.Fprintln(env.Stdout, "  "+env.T(key, map[string]any{
					"kind": env.T("vault.problem."+p.Kind, nil), "reason": env.T(problemKey(p), nil),
					"device": p.Device, "segment": p.Segment, "op": p.Op, "file": p.File}))
			}
		}
		if !rpt.OK() {
			return &app.Error{Code: "vault.verify_failed", Params: map[string]any{"problems": len(rpt.Problems)}}
		}
		if !f.json {
			fmt.Fprintln(env.Stdout, env.T("cli.vault.verify.ok", nil))
		}
		return nil
	}
	return &Command{
		Name: "verify", Summary: "cli.vault.verify.summary", Usage: "cli.vault.verify.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, false)
			fs.StringVar(&f.asUser, "as", "", "cli.flag.as")
			fs.StringVar(&f.pwFile, "password-file", "", "cli.flag.password_file")
		},
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			f.login = f.asUser != "" // optional
			return env.withVault(&f, audit.VaultVerify, func(u *use) error { return run(ctx, env, u, &f) })
		},
	}
}

func vaultSync() *Command {
	return onVault("vault", "sync", audit.VaultSync, func(_ context.Context, env *Env, u *use, f *vaultFlags) error {
		res, err := u.Vault.Sync(nil)
		if err != nil {
			return err
		}
		if f.json {
			return env.printJSON(res)
		}
		fmt.Fprintln(env.Stdout, env.T("cli.vault.sync.done", map[string]any{"written": res.Written, "imported": res.Imported, "quarantined": res.Quarantined}))
		env.restored(env.Stdout, res)
		return nil
	})
}

// vaultRecovery is `kinko vault recovery`: a 責任者 issues a new recovery
// key. The new sheet is written (0600) before the vault uses the key, so a
// sheet that cannot be written leaves the old key in effect; the key is
// never printed. The --as password, already read, confirms the 責任者 and
// seals their new keys.
func vaultRecovery() *Command {
	var f vaultFlags
	var sheet string
	return &Command{
		Name: "recovery", Summary: "cli.vault.recovery.summary", Usage: "cli.vault.recovery.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&sheet, "sheet", "", "cli.flag.sheet")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if f.asUser == "" || sheet == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko vault recovery"})
			}
			return env.withVault(&f, audit.RecoveryRotate, func(u *use) error {
				v := u.Vault
				err := v.RotateRecovery(u.password, func(rec *keys.Recovery) error {
					s, err := app.NewRecoverySheet(v.Name(), v.ID(), time.Now(), rec)
					if err != nil {
						return err
					}
					return writeSheet(env, sheet, s)
				})
				pending := app.RecoveryPending(v.Accounts())
				u.entry.Detail = "pending=" + strconv.Itoa(len(pending))
				if err != nil {
					return err
				}
				u.changed = true
				fmt.Fprintln(env.Stdout, env.T("cli.vault.recovery.done", map[string]any{"file": sheet}))
				if len(pending) > 0 {
					fmt.Fprintln(env.Stdout, env.T("cli.vault.recovery.pending", map[string]any{"users": strings.Join(pending, ", ")}))
				} else {
					fmt.Fprintln(env.Stdout, env.T("cli.vault.recovery.none_pending", nil))
				}
				return nil
			})
		},
	}
}

func userCommands() *Command {
	return &Command{
		Name: "user", Summary: "cli.user.summary", Usage: "cli.user.usage",
		Subs: []*Command{userList(), userAdd(), userPasswd(), userGrant(), userRevoke(), userLevels(), userDefault()},
	}
}

func userList() *Command {
	return onVault("user", "list", audit.UserList, func(_ context.Context, env *Env, u *use, f *vaultFlags) error {
		accs := u.Vault.Accounts()
		if f.json {
			return env.printJSON(accs)
		}
		header := []string{env.T("cli.user.col.login", nil), env.T("cli.user.col.name", nil), env.T("cli.user.col.role", nil),
			env.T("cli.user.col.default", nil), env.T("cli.user.col.mynumber", nil), env.T("cli.user.col.state", nil), env.T("cli.user.col.fingerprint", nil)}
		rows := make([][]string, len(accs))
		for i, a := range accs {
			state := env.T("cli.user.enabled", nil)
			if a.Disabled {
				state = env.T("cli.user.disabled", nil)
			}
			handler := "-"
			if a.Handler {
				handler = env.T("cli.user.handler", nil)
			}
			rows[i] = []string{a.Login, a.Name, env.T("roles."+a.Role, nil), env.T("levels."+a.Default, nil), handler, state, a.Fingerprint}
		}
		printTable(env.Stdout, "", header, rows)
		return nil
	})
}

func userAdd() *Command {
	var f vaultFlags
	var login, name, role, level, newFile string
	var handler bool
	return &Command{
		Name: "add", Summary: "cli.user.add.summary", Usage: "cli.user.add.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&login, "login", "", "cli.flag.login")
			fs.StringVar(&name, "name", "", "cli.flag.user_name")
			fs.StringVar(&role, "role", "staff", "cli.flag.role")
			fs.StringVar(&level, "default", "", "cli.flag.default_level")
			fs.BoolVar(&handler, "handler", false, "cli.flag.handler")
			fs.StringVar(&newFile, "new-password-file", "", "cli.flag.new_password_file")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if login == "" || !access.Role(role).Valid() || (level != "" && !access.Level(level).Valid()) {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko user add"})
			}
			if name == "" {
				name = login
			}
			return env.withVault(&f, audit.UserAdd, func(u *use) error {
				u.entry.Label, u.entry.Detail = name+"（"+login+"）", "role="+role
				pw, err := env.secret(secretSource{file: newFile, envVar: "KINKO_NEW_PASSWORD", prompt: "cli.prompt.new_user_password"}, true)
				if err != nil {
					return err
				}
				defer clear(pw)
				id, err := u.Vault.AddUser(vault.NewUser{Login: login, Name: name, Password: pw, Role: access.Role(role), Default: access.Level(level), Handler: handler})
				if err != nil {
					return err
				}
				u.entry.Target, u.changed = "user/"+id, true
				fmt.Fprintln(env.Stdout, env.T("cli.user.add.done", map[string]any{"login": login}))
				return nil
			})
		},
	}
}

func userPasswd() *Command {
	var f vaultFlags
	var newFile, recFile string
	var recovery bool
	return &Command{
		Name: "passwd", Summary: "cli.user.passwd.summary", Usage: "cli.user.passwd.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&newFile, "new-password-file", "", "cli.flag.new_password_file")
			fs.BoolVar(&recovery, "recovery", false, "cli.flag.recovery")
			fs.StringVar(&recFile, "recovery-file", "", "cli.flag.recovery_file")
		},
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if f.asUser == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko user passwd"})
			}
			if recovery || recFile != "" {
				return resetWithRecovery(env, &f, recFile, newFile)
			}
			return env.withVault(&f, audit.Password, func(u *use) error {
				pw, err := env.secret(secretSource{file: newFile, envVar: "KINKO_NEW_PASSWORD", prompt: "cli.prompt.new_password"}, true)
				if err != nil {
					return err
				}
				defer clear(pw)
				if err := u.Vault.ChangePassword(u.password, pw); err != nil {
					return err
				}
				u.changed = true
				fmt.Fprintln(env.Stdout, env.T("cli.user.passwd.done", nil))
				return nil
			})
		},
	}
}

// resetWithRecovery is user passwd --recovery: --as names the user whose
// password is reset, who is not logged in (the recovery key stands in).
// The entry is written while locked, with the login name given.
func resetWithRecovery(env *Env, f *vaultFlags, recFile, newFile string) error {
	locked := *f
	locked.login = false
	return env.withVault(&locked, audit.Password, func(u *use) error {
		u.entry.Login, u.entry.Detail = f.asUser, "recovery"
		rec, err := env.recoveryKey(recFile)
		if err != nil {
			return err
		}
		pw, err := env.secret(secretSource{file: newFile, envVar: "KINKO_NEW_PASSWORD", prompt: "cli.prompt.new_password"}, true)
		if err != nil {
			return err
		}
		defer clear(pw)
		if err := u.Vault.ResetPassword(f.asUser, rec, pw); err != nil {
			return err
		}
		u.changed = true
		fmt.Fprintln(env.Stdout, env.T("cli.user.passwd.done", nil))
		return nil
	})
}

// userID finds a user's id by login name.
func userID(v *vault.Vault, login string) (string, error) {
	accs := v.Accounts()
	i := slices.IndexFunc(accs, func(a vault.Account) bool { return strings.EqualFold(a.Login, login) })
	if i < 0 {
		return "", vault.ErrNotFound
	}
	return accs[i].ID, nil
}

func grantFlags(fs *flag.FlagSet, f *vaultFlags, user, client, level *string, mynumber *bool, withLevel bool) {
	f.register(fs, true)
	fs.StringVar(user, "user", "", "cli.flag.user")
	fs.StringVar(client, "client", "", "cli.flag.client")
	fs.BoolVar(mynumber, "mynumber", false, "cli.flag.mynumber")
	if withLevel {
		fs.StringVar(level, "level", "", "cli.flag.level")
	}
}

func userGrant() *Command {
	var f vaultFlags
	var user, client, level string
	var mynumber bool
	return &Command{
		Name: "grant", Summary: "cli.user.grant.summary", Usage: "cli.user.grant.usage",
		Flags: func(fs *flag.FlagSet) { grantFlags(fs, &f, &user, &client, &level, &mynumber, true) },
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if level == "default" {
				level = "" // back to the user's default level
			} else if level == "" && !mynumber {
				level = "?"
			}
			if user == "" || client == "" || (mynumber && level != "") || (level != "" && !access.Level(level).Valid()) {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko user grant"})
			}
			action, detail := audit.Grant, "level="+cmp.Or(level, "default")
			if mynumber {
				detail = "mynumber"
			} else if level == string(access.Hidden) {
				action = audit.Revoke
			}
			return changeAccess(env, &f, action, user, client, detail, func(v *vault.Vault, id string) error {
				if mynumber {
					return v.GrantMyNumber(id, client)
				}
				return v.SetLevel(id, client, access.Level(level))
			})
		},
	}
}

func userRevoke() *Command {
	var f vaultFlags
	var user, client, level string
	var mynumber bool
	return &Command{
		Name: "revoke", Summary: "cli.user.revoke.summary", Usage: "cli.user.revoke.usage",
		Flags: func(fs *flag.FlagSet) { grantFlags(fs, &f, &user, &client, &level, &mynumber, false) },
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			if user == "" || client == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko user revoke"})
			}
			detail := "level=" + string(access.Hidden)
			if mynumber {
				detail = "mynumber"
			}
			return changeAccess(env, &f, audit.Revoke, user, client, detail, func(v *vault.Vault, id string) error {
				if mynumber {
					return v.RevokeMyNumber(id, client)
				}
				return v.SetLevel(id, client, access.Hidden)
			})
		},
	}
}

// changeAccess changes user's access to client with fn, logged as the
// window logs it: action on the client, "user=<id> <detail>".
func changeAccess(env *Env, f *vaultFlags, action audit.Action, user, client, detail string, fn func(v *vault.Vault, id string) error) error {
	return env.withVault(f, action, func(u *use) error {
		u.entry = app.ClientEntry(office.New(u.Vault), action, client)
		u.entry.Detail = detail
		id, err := userID(u.Vault, user)
		if err != nil {
			return err
		}
		u.entry.Detail = "user=" + id + " " + detail
		if err := fn(u.Vault, id); err != nil {
			return err
		}
		u.changed = true
		fmt.Fprintln(env.Stdout, env.T("cli.user.access.done", nil))
		return nil
	})
}

// writeSheet writes the printable recovery sheet as a standalone HTML file.
// It holds the recovery key: a new file, owner-only (0600), even over an
// existing file that others may read.
func writeSheet(env *Env, path string, s *app.RecoverySheet) error {
	html, err := recoverySheetHTML(env, s)
	if err != nil {
		return err
	}
	defer clear(html)
	err = outfile.WriteSecret(path, func(w io.Writer) error { _, err := w.Write(html); return err })
	if errors.Is(err, outfile.ErrDiskFull) {
		return err
	}
	if err != nil {
		return &app.Error{Code: "cli.sheet_write"}
	}
	return nil
}

// problemKey is the catalog key explaining a verify finding (shared with
// the window's report).
func problemKey(p vault.Problem) string {
	return "problems." + p.Kind + "." + strings.ReplaceAll(p.Reason, "-", "_")
}
