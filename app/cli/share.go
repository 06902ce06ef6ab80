package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/outfile"
	"github.com/kinko-jp/kinko/core/share"
)

// shareCommands: kinko share create|open|list|envelope — the 共有 area on
// the command line, through the same app.Shares the window uses (the same
// checks, My Number scan, register entries, codes and log entries). A
// passphrase is printed once when a package is made and never read from
// the command line: open takes it from --passphrase-file,
// KINKO_SHARE_PASSPHRASE or a prompt.
func shareCommands() *Command {
	return &Command{
		Name: "share", Summary: "cli.share.summary", Usage: "cli.share.usage",
		Subs: []*Command{shareCreate(), shareOpen(), shareList(), shareEnvelope()},
	}
}

// shareVerb builds a share verb: it logs in (--as) and runs fn with the
// area's logic in the verb's session. Shares writes the entries of what
// it does itself; the verb's own entry (action) is written only when fn
// fails before reaching it (a client that cannot be found).
func shareVerb(name string, action audit.Action, flags func(fs *flag.FlagSet), fn func(ctx context.Context, env *Env, s *app.Shares, u *use, f *vaultFlags, args []string) error) *Command {
	var f vaultFlags
	key := "cli.share." + name
	return &Command{
		Name: name, Summary: key + ".summary", Usage: key + ".usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			flags(fs)
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			return env.withVault(&f, action, func(u *use) error {
				u.entry.Detail = "share." + name
				s := &app.Shares{Session: u.Session, DataDir: env.DataDir, Office: office.New(u.Vault), Scans: &app.ShareScans{}}
				if env.Keys != nil {
					s.WorkFactor = env.Keys.WorkFactor
				}
				return fn(ctx, env, s, u, &f, fs.Args())
			})
		},
	}
}

// findClient finds a client by code or id.
func findClient(off *office.Office, s string) (string, error) {
	if s == "" {
		return "", usageError(app.CodeUsage, map[string]any{"command": "--client"})
	}
	id, err := clientID(off, s)
	if err != nil {
		if c, cerr := off.Client(s); cerr == nil {
			return c.Value.ID, nil
		}
	}
	return id, err
}

// findPerson finds one of client's people by id or name.
func findPerson(off *office.Office, client, s string) (string, error) {
	if r, err := off.Person(client, s); err == nil {
		return r.Value.ID, nil
	}
	id, _, err := personID(off, client, s)
	return id, err
}

func shareCreate() *Command {
	var client, to, purpose, expires, message, out, format, override, reason string
	return shareVerb("create", audit.ShareCreate, func(fs *flag.FlagSet) {
		fs.StringVar(&client, "client", "", "cli.flag.client_code_or_id")
		fs.StringVar(&to, "to", "", "cli.flag.share_to")
		fs.StringVar(&purpose, "purpose", "", "cli.flag.share_purpose")
		fs.StringVar(&expires, "expires", "+14d", "cli.flag.share_expires")
		fs.StringVar(&message, "message", "", "cli.flag.share_message")
		fs.StringVar(&out, "out", "", "cli.flag.share_out")
		fs.StringVar(&format, "format", "auto", "cli.flag.share_format")
		fs.StringVar(&override, "override-mynumber", "", "cli.flag.share_override")
		fs.StringVar(&reason, "reason", "", "cli.flag.share_reason")
	}, func(ctx context.Context, env *Env, s *app.Shares, u *use, f *vaultFlags, args []string) error {
		if len(args) == 0 || to == "" {
			return usageError(app.CodeUsage, map[string]any{"command": "kinko share create"})
		}
		cid, err := findClient(s.Office, client)
		if err != nil {
			return err
		}
		pid, err := findPerson(s.Office, cid, to)
		if err != nil {
			return err
		}
		u.traced = true // Shares logs from here on
		rep := env.reporter()
		sc, err := s.Scan(ctx, cid, args, rep)
		rep.Close()
		if err != nil {
			return err
		}
		env.printFindings(sc)
		req := app.ShareCreateRequest{Client: cid, Person: pid, Paths: args, Purpose: purpose, Message: message, Expires: expires,
			Output: out, Format: format, Token: sc.Token, Lang: string(env.Lang)}
		if override != "" {
			req.Override = &app.ShareOverride{Purpose: override, Reason: reason}
		}
		rep = env.reporter()
		made, err := s.Create(ctx, req, rep)
		rep.Close()
		if err != nil {
			return err
		}
		u.changed = true
		if f.json {
			return env.printJSON(made)
		}
		w := env.Stdout
		fmt.Fprintln(w, env.T("cli.share.create.passphrase", nil))
		fmt.Fprintln(w, "  "+made.Passphrase)
		fmt.Fprintln(w, "  "+env.T("cli.share.create.kana", map[string]any{"kana": strings.Join(made.Kana, "・")}))
		fmt.Fprintln(w, env.T("cli.share.create.expires", map[string]any{"date": jst.Date(made.Expires, string(env.Lang))}))
		fmt.Fprintln(w, env.T("cli.share.create.files", nil))
		for _, p := range made.Files {
			fmt.Fprintln(w, "  "+p)
		}
		return nil
	})
}

// printFindings tells on stderr where the scan found numbers and what it
// could not read (never a number).
func (e *Env) printFindings(sc *app.ShareScan) {
	for _, f := range sc.Findings {
		where := f.File
		if f.Inner != "" {
			where += " › " + f.Inner
		}
		switch {
		case f.Cell != "":
			where += " " + f.Sheet + "!" + f.Cell
		case f.Page > 0:
			where += " " + e.T("cli.share.scan.page", map[string]any{"n": f.Page})
		case f.Paragraph > 0:
			where += " " + e.T("cli.share.scan.paragraph", map[string]any{"n": f.Paragraph})
		case f.Line > 0:
			where += " " + e.T("cli.share.scan.line", map[string]any{"n": f.Line, "col": f.Column})
		}
		fmt.Fprintln(e.Stderr, e.T("cli.share.scan."+f.Kind, map[string]any{"where": where}))
	}
	for _, un := range sc.Unscanned {
		name := un.File
		if un.Inner != "" {
			name += " › " + un.Inner
		}
		fmt.Fprintln(e.Stderr, e.T("cli.share.scan.unscanned", map[string]any{"file": name, "reason": e.T("cli.share.scan.reason."+un.Reason, nil)}))
	}
}

func shareOpen() *Command {
	var target, passFile string
	var overwrite, keepBoth, skip bool
	return shareVerb("open", audit.ShareOpen, func(fs *flag.FlagSet) {
		fs.StringVar(&target, "to", "", "cli.flag.share_open_to")
		fs.StringVar(&passFile, "passphrase-file", "", "cli.flag.share_passphrase_file")
		fs.BoolVar(&overwrite, "overwrite", false, "cli.flag.share_overwrite")
		fs.BoolVar(&keepBoth, "keep-both", false, "cli.flag.share_keep_both")
		fs.BoolVar(&skip, "skip", false, "cli.flag.share_skip")
	}, func(ctx context.Context, env *Env, s *app.Shares, u *use, f *vaultFlags, args []string) error {
		if len(args) != 1 {
			return usageError(app.CodeUsage, map[string]any{"command": "kinko share open"})
		}
		req := app.ShareOpenRequest{Path: args[0], Target: target}
		n := 0
		for _, c := range []struct {
			on     bool
			policy string
		}{{overwrite, share.ConflictOverwrite}, {keepBoth, share.ConflictKeepBoth}, {skip, share.ConflictSkip}} {
			if c.on {
				req.Conflict = c.policy
				n++
			}
		}
		if n > 1 {
			return usageError(app.CodeUsage, map[string]any{"command": "--overwrite|--keep-both|--skip"})
		}
		u.traced = true // Shares logs the open or the receive
		if kind, err := app.ShareKind(args[0]); err == nil && kind == share.KindPackage {
			pass, err := env.secret(secretSource{file: passFile, envVar: "KINKO_SHARE_PASSPHRASE", prompt: "cli.prompt.share_passphrase"}, false)
			if err != nil {
				return err
			}
			req.Passphrase = string(pass)
			clear(pass)
		}
		rep := env.reporter()
		res, err := s.Open(ctx, req, rep)
		rep.Close()
		if err != nil {
			return err
		}
		if res.Client != "" {
			u.changed = true
		}
		if f.json {
			return env.printJSON(res)
		}
		m := res.Manifest
		if res.Client != "" {
			fmt.Fprintln(env.Stdout, env.T("cli.share.open.received", map[string]any{"client": res.ClientName, "sender": m.Sender, "count": len(m.Files), "to": res.Target}))
		} else {
			fmt.Fprintln(env.Stdout, env.T("cli.share.open.done", map[string]any{"office": m.Office, "sender": m.Sender, "count": len(m.Files), "to": res.Target}))
		}
		if m.Message != "" {
			fmt.Fprintln(env.Stdout, env.T("cli.share.open.message", map[string]any{"message": m.Message}))
		}
		for _, p := range res.Written {
			fmt.Fprintln(env.Stdout, "  "+p)
		}
		for _, p := range res.Skipped {
			fmt.Fprintln(env.Stdout, "  "+env.T("cli.share.open.skipped", map[string]any{"file": p}))
		}
		return nil
	})
}

func shareList() *Command {
	var client string
	return shareVerb("list", audit.VaultStatus, func(fs *flag.FlagSet) {
		fs.StringVar(&client, "client", "", "cli.flag.client_code_or_id")
	}, func(_ context.Context, env *Env, s *app.Shares, u *use, f *vaultFlags, _ []string) error {
		cid := ""
		if client != "" {
			var err error
			if cid, err = findClient(s.Office, client); err != nil {
				return err
			}
		}
		rows, err := s.Register(cid)
		if err != nil {
			return err
		}
		if f.json {
			return env.printJSON(rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(env.Stdout, env.T("cli.share.list.none", nil))
			return nil
		}
		header := []string{env.T("cli.share.col.at", nil), env.T("cli.share.col.direction", nil), env.T("cli.share.col.client", nil),
			env.T("cli.share.col.person", nil), env.T("cli.share.col.purpose", nil), env.T("cli.share.col.files", nil),
			env.T("cli.share.col.size", nil), env.T("cli.share.col.expires", nil), env.T("cli.share.col.user", nil), env.T("cli.share.col.state", nil)}
		var table [][]string
		for _, r := range rows {
			exp, state := "-", ""
			if r.Direction == "out" {
				exp = jst.Date(r.Expires, string(env.Lang))
				switch {
				case r.Deleted != nil:
					state = env.T("cli.share.state.deleted", nil)
				case r.Expired:
					state = env.T("cli.share.state.expired", nil)
				}
				if r.Override != nil {
					state = strings.TrimSpace(state + " " + env.T("cli.share.state.override", nil))
				}
			}
			table = append(table, []string{env.date(r.Created), env.T("cli.share.direction."+r.Direction, nil), r.ClientName, r.PersonName,
				r.Purpose, strconv.Itoa(len(r.Files)), env.size(r.Bytes), exp, r.UserName, state})
		}
		printTable(env.Stdout, "", header, table)
		return nil
	})
}

func shareEnvelope() *Command {
	var client, to, expires, message, out string
	return shareVerb("envelope", audit.ShareEnvelope, func(fs *flag.FlagSet) {
		fs.StringVar(&client, "client", "", "cli.flag.client_code_or_id")
		fs.StringVar(&to, "to", "", "cli.flag.share_envelope_to")
		fs.StringVar(&expires, "expires", "", "cli.flag.share_envelope_expires")
		fs.StringVar(&message, "message", "", "cli.flag.share_message")
		fs.StringVar(&out, "out", "", "cli.flag.share_envelope_out")
	}, func(_ context.Context, env *Env, s *app.Shares, u *use, f *vaultFlags, _ []string) error {
		if out == "" {
			return usageError(app.CodeUsage, map[string]any{"command": "--out"})
		}
		cid, err := findClient(s.Office, client)
		if err != nil {
			return err
		}
		pid := ""
		if to != "" {
			if pid, err = findPerson(s.Office, cid, to); err != nil {
				return err
			}
		}
		u.traced = true // Shares logs share.envelope
		e, err := s.CreateEnvelope(app.ShareEnvelopeRequest{Client: cid, Person: pid, Message: message, Expires: expires, Lang: string(env.Lang)},
			func(_ string, write func(io.Writer) error) (string, error) {
				if err := outfile.Write(out, 0o600, write); err != nil {
					return "", err
				}
				return out, nil
			})
		if err != nil {
			return err
		}
		u.changed = true
		if f.json {
			return env.printJSON(e)
		}
		fmt.Fprintln(env.Stdout, env.T("cli.share.envelope.done", map[string]any{"path": e.Path, "date": jst.Date(e.Expires, string(env.Lang)), "id": e.ID}))
		return nil
	})
}
