package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
)

// mynumberCommands: kinko mynumber add|show — a person's My Number,
// registered with its 本人確認 as the window's acquisition form does, or
// shown masked. The number itself never comes from the command line
// (argv is visible to every process), and is never printed or logged.
func mynumberCommands() *Command {
	return &Command{
		Name: "mynumber", Summary: "cli.mynumber.summary", Usage: "cli.mynumber.usage",
		Subs: []*Command{mynumberAdd(), mynumberShow()},
	}
}

// personFlags name one person of one client: --client (code or id) and
// --person (name or id).
type personFlags struct{ client, person string }

func (p *personFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.client, "client", "", "cli.flag.client_code_or_id")
	fs.StringVar(&p.person, "person", "", "cli.flag.person")
}

// find returns the client's and the person's ids and the person as stored.
func (p *personFlags) find(off *office.Office) (client string, person records.Person, err error) {
	client, err = clientID(off, p.client)
	if err != nil {
		if c, cerr := off.Client(p.client); cerr == nil {
			client, err = c.Value.ID, nil // an id rather than a code
		} else {
			return "", person, err
		}
	}
	if r, err := off.Person(client, p.person); err == nil {
		return client, r.Value, nil // an id rather than a name
	}
	id, _, err := personID(off, client, p.person)
	if err != nil {
		return "", person, err
	}
	r, err := off.Person(client, id)
	if err != nil {
		return "", person, err
	}
	return client, r.Value, nil
}

// mynumberAdd is `kinko mynumber add`: a handler registers a person's
// number with its 本人確認. It goes through app.AcquireNumber, as the
// window's form does, and is logged alike (mynumber.acquire, with the
// purposes). The number is read from --number-file (the first line; "-"
// for one line of standard input) or typed twice at a prompt.
func mynumberAdd() *Command {
	var f vaultFlags
	var pf personFlags
	var role, purposes, numberDoc, identityDocs, method, verifiedBy, verifiedAt, numberFile string
	var replace bool
	return &Command{
		Name: "add", Summary: "cli.mynumber.add.summary", Usage: "cli.mynumber.add.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			pf.register(fs)
			fs.StringVar(&role, "role", "", "cli.flag.person_role")
			fs.StringVar(&purposes, "purpose", "", "cli.flag.purposes")
			fs.StringVar(&numberDoc, "number-doc", "", "cli.flag.number_doc")
			fs.StringVar(&identityDocs, "identity-doc", "", "cli.flag.identity_docs")
			fs.StringVar(&method, "method", "", "cli.flag.verify_method")
			fs.StringVar(&verifiedBy, "verified-by", "", "cli.flag.verified_by")
			fs.StringVar(&verifiedAt, "verified-at", "", "cli.flag.verified_at")
			fs.StringVar(&numberFile, "number-file", "", "cli.flag.number_file")
			fs.BoolVar(&replace, "replace", false, "cli.flag.replace_number")
		},
		Run: func(_ context.Context, env *Env, fs *flag.FlagSet) error {
			if pf.client == "" || pf.person == "" || purposes == "" || fs.NArg() > 0 {
				// A stray argument may be the number typed on the command
				// line: refused, never read (and never echoed).
				return usageError(app.CodeUsage, map[string]any{"command": "kinko mynumber add"})
			}
			now := time.Now()
			at := mynumber.DateOf(now)
			if verifiedAt != "" {
				d, err := records.ParseDate(verifiedAt)
				if err != nil {
					return err
				}
				if at, err = mynumber.NewDate(d.Y, d.M, d.D); err != nil {
					return records.ErrDate
				}
			}
			if verifiedBy == "" {
				verifiedBy = f.asUser // as the window's form fills it in
			}
			req := app.AcquireRequest{Role: role, Purposes: list[mynumber.Purpose](purposes),
				Verification: mynumber.Verification{NumberDoc: mynumber.Doc(numberDoc), IdentityDocs: list[mynumber.Doc](identityDocs),
					Method: mynumber.Method(method), VerifiedBy: verifiedBy, VerifiedAt: at}}
			// Read before the vault is opened, so a prompt does not keep the
			// vault waiting; cleared when the verb ends.
			number, err := env.readNumber(numberFile)
			if err != nil {
				return err
			}
			defer clear(number)
			return env.withVault(&f, audit.NumberAcquire, func(u *use) error {
				off := office.New(u.Vault)
				client, person, err := pf.find(off)
				if err != nil {
					return err
				}
				req.Client, req.Person = client, person.ID
				u.entry = app.PersonEntry(off, audit.NumberAcquire, "mynumber", client, person.ID)
				if req.Role == "" && len(person.Roles) > 0 {
					req.Role = string(person.Roles[0]) // the form's default
				}
				view, err := app.NumberInfo(off, client, person.ID)
				switch {
				case err != nil:
					return err
				case view != nil && !replace:
					return &app.Error{Code: "cli.number_exists"}
				case view != nil:
					req.Versions = view.Versions
				}
				req.Number, req.Confirm = string(number), string(number)
				warnings, entry, err := app.AcquireNumber(off, now, req)
				u.entry = entry
				if err != nil {
					return err
				}
				u.changed = true
				view, _ = app.NumberInfo(off, client, person.ID)
				masked := ""
				if view != nil {
					masked = view.Masked
				}
				fmt.Fprintln(env.Stdout, env.T("cli.mynumber.add.done", map[string]any{"person": person.Name, "masked": masked,
					"purposes": purposeNames(env, req.Purposes)}))
				for _, w := range warnings {
					fmt.Fprintln(env.Stdout, "  "+env.T("warning."+w, nil))
				}
				return nil
			})
		},
	}
}

// mynumberShow is `kinko mynumber show`: a person's number record, masked
// (the last four digits), with its purposes and 本人確認, as the window's
// person card shows it. Logged as a view of the person's number record.
func mynumberShow() *Command {
	var f vaultFlags
	var pf personFlags
	return &Command{
		Name: "show", Summary: "cli.mynumber.show.summary", Usage: "cli.mynumber.show.usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			pf.register(fs)
		},
		Run: func(_ context.Context, env *Env, fs *flag.FlagSet) error {
			if pf.client == "" || pf.person == "" || fs.NArg() > 0 {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko mynumber show"})
			}
			return env.withVault(&f, audit.ClientView, func(u *use) error {
				off := office.New(u.Vault)
				client, person, err := pf.find(off)
				if err != nil {
					return err
				}
				u.entry = app.PersonEntry(off, audit.ClientView, "mynumber", client, person.ID)
				view, err := app.NumberInfo(off, client, person.ID)
				if err != nil {
					return err
				}
				if f.json {
					return env.printJSON(view)
				}
				if view == nil {
					fmt.Fprintln(env.Stdout, env.T("cli.mynumber.show.none", map[string]any{"person": person.Name}))
					return nil
				}
				var docs []string
				for _, d := range append([]mynumber.Doc{view.Verification.NumberDoc}, view.Verification.IdentityDocs...) {
					docs = append(docs, env.T("doc."+string(d), nil))
				}
				fmt.Fprintln(env.Stdout, env.T("cli.mynumber.show.line", map[string]any{
					"person": person.Name, "masked": view.Masked, "purposes": purposeNames(env, view.Purposes),
					"docs": env.join(docs), "method": env.T("method."+string(view.Verification.Method), nil),
					"verified_by": view.Verification.VerifiedBy, "verified_at": view.Verification.VerifiedAt.String(),
					"acquired_at": view.AcquiredAt.String()}))
				return nil
			})
		},
	}
}

// readNumber reads the My Number: the first line of file, one line of
// standard input for "-", or typed twice at a prompt without echo. Never
// from argv or the environment.
func (e *Env) readNumber(file string) ([]byte, error) {
	if file == "-" {
		line, err := bufio.NewReader(e.Stdin).ReadString('\n')
		if line == "" && err != nil {
			return nil, errNoNumber
		}
		return []byte(strings.TrimRight(line, "\r\n")), nil
	}
	b, err := e.secret(secretSource{file: file, prompt: "cli.prompt.mynumber"}, true)
	if ae, ok := errors.AsType[*app.Error](err); ok {
		switch ae.Code {
		case errNoSecret.Code:
			return nil, errNoNumber
		case "cli.secret_file":
			return nil, &app.Error{Code: "cli.number_file"}
		}
	}
	return b, err
}

// errNoNumber: no --number-file, and no terminal to ask on.
var errNoNumber = &app.Error{Code: "cli.no_number"}

// list splits a comma-separated flag value.
func list[T ~string](s string) []T {
	var out []T
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, T(part)) {
			out = append(out, T(part))
		}
	}
	return out
}

// purposeNames lists purposes as the window names them.
func purposeNames(env *Env, ps []mynumber.Purpose) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = env.T("purpose."+string(p), nil)
	}
	return env.join(names)
}

// join lists items as the language writes a list: 「A、B」, "A, B".
func (e *Env) join(items []string) string {
	if e.Lang == i18n.En {
		return strings.Join(items, ", ")
	}
	return strings.Join(items, "、")
}
