package cli

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/vault"
)

// user levels and user default: the window's bulk changes of access, for
// offices with many clients. Both go through app.Session, which writes one
// entry per client changed, as the window does.

func userLevels() *Command {
	var f vaultFlags
	var user, clients, file, level string
	var all bool
	return &Command{
		Name: "levels", Summary: "cli.user.levels.summary", Usage: "cli.user.levels.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&user, "user", "", "cli.flag.user")
			fs.StringVar(&clients, "client", "", "cli.flag.clients")
			fs.StringVar(&file, "clients-file", "", "cli.flag.clients_file")
			fs.BoolVar(&all, "all", false, "cli.flag.all_clients")
			fs.StringVar(&level, "level", "", "cli.flag.level_or_default")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			given := 0
			for _, set := range []bool{clients != "", file != "", all} {
				if set {
					given++
				}
			}
			if level == "default" {
				level = ""
			} else if !access.Level(level).Valid() {
				level = "?"
			}
			if user == "" || given != 1 || level == "?" || fs.NArg() > 0 {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko user levels"})
			}
			var tokens []string
			if file != "" {
				var err error
				if tokens, err = readClientList(file); err != nil {
					return err
				}
			} else {
				tokens = splitList(clients)
			}
			return env.withVault(&f, app.LevelAction(level), func(u *use) error {
				u.entry.Detail = "level=" + cmp.Or(level, "default") + " bulk"
				id, err := userID(u.Vault, user)
				if err != nil {
					return err
				}
				off := office.New(u.Vault)
				var ids []string
				if all {
					m, err := u.Vault.Matrix()
					if err != nil {
						return err
					}
					for _, c := range m.Clients {
						ids = append(ids, c.ID)
					}
				} else if ids, err = clientIDs(off, tokens); err != nil {
					return err
				}
				u.traced = true // Session.SetLevels writes the entries
				// Progress on stderr (thousands of clients take seconds);
				// interrupted, nothing changes.
				rep := env.levelsReporter()
				res, err := u.SetLevelsContext(ctx, rep, off, id, ids, level)
				rep.Close()
				if err != nil && app.ToError(err).Code == "vault.not_found" {
					err = unknownClient(u.Vault, tokens, ids, err)
				}
				if err != nil {
					return err
				}
				u.changed = len(res.Changed) > 0
				if f.json {
					return env.printJSON(res)
				}
				fmt.Fprintln(env.Stdout, env.T("cli.user.levels.done", map[string]any{"count": len(res.Changed), "asked": len(ids)}))
				return nil
			})
		},
	}
}

func userDefault() *Command {
	var f vaultFlags
	var user, level string
	var keep bool
	return &Command{
		Name: "default", Summary: "cli.user.default.summary", Usage: "cli.user.default.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			fs.StringVar(&user, "user", "", "cli.flag.user")
			fs.StringVar(&level, "level", "", "cli.flag.level")
			fs.BoolVar(&keep, "keep", false, "cli.flag.keep_existing")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if user == "" || !access.Level(level).Valid() || fs.NArg() > 0 {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko user default"})
			}
			return env.withVault(&f, audit.UserEdit, func(u *use) error {
				u.entry.Detail = "default=" + level
				id, err := userID(u.Vault, user)
				if err != nil {
					return err
				}
				u.traced = true // Session.SetDefaultLevel writes the entries
				rep := env.levelsReporter()
				res, err := u.SetDefaultLevelContext(ctx, rep, office.New(u.Vault), id, level, keep)
				rep.Close()
				if err != nil {
					return err
				}
				u.changed = true
				if f.json {
					return env.printJSON(res)
				}
				fmt.Fprintln(env.Stdout, env.T("cli.user.default.done", map[string]any{"pinned": len(res.Changed)}))
				return nil
			})
		},
	}
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// readClientList reads a file of client codes or ids: one a line (or
// several, comma-separated); blank lines and lines starting with # are
// skipped, and a byte-order mark is ignored.
func readClientList(path string) ([]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, &app.Error{Code: "cli.file_read"}
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, splitList(line)...)
	}
	if err := sc.Err(); err != nil {
		return nil, &app.Error{Code: "cli.file_read"}
	}
	return out, nil
}

// clientIDs turns client codes (or ids) into ids: a code one client has
// is that client; anything else is taken as an id, which the vault checks.
func clientIDs(off *office.Office, tokens []string) ([]string, error) {
	codes, err := off.CodeIndex()
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(tokens))
	for _, t := range tokens {
		id, ok := codes[strings.ToUpper(t)]
		if !ok {
			ids = append(ids, t)
			continue
		}
		if office.Ambiguous(id) {
			return nil, &app.Error{Code: "cli.ambiguous_client", Params: map[string]any{"client": t}}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// unknownClient names the first of tokens that is no client (ids[i] was
// made from tokens[i]); err when it cannot tell.
func unknownClient(v *vault.Vault, tokens, ids []string, err error) error {
	m, merr := v.Matrix()
	if merr != nil || len(tokens) != len(ids) {
		return err
	}
	known := make(map[string]bool, len(m.Clients))
	for _, c := range m.Clients {
		known[c.ID] = true
	}
	for i, id := range ids {
		if !known[id] {
			return &app.Error{Code: "cli.unknown_client", Params: map[string]any{"client": tokens[i]}}
		}
	}
	return err
}

// levelsReporter prints a bulk change's progress on stderr once it has
// taken a second (a change of a few clients prints nothing), then at most
// once a second.
func (e *Env) levelsReporter() *progress.Throttled {
	start := time.Now()
	return progress.Throttle(progress.Func(func(u progress.Update) {
		if u.Total > 0 && time.Since(start) >= time.Second {
			stage := e.T("cli.user.levels.stage."+u.Stage, nil)
			fmt.Fprintln(e.Stderr, e.T("cli.user.levels.progress", map[string]any{"stage": stage, "percent": u.Done * 100 / u.Total}))
		}
	}), time.Second)
}
