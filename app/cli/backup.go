package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/jst"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/progress"
)

// backupCommands: kinko backup run|status|list|restore|verify|plan — the
// バックアップ area on the command line, through the same app.Backups the
// window uses (the same plans, passwords, history, codes and log entries).
func backupCommands() *Command {
	return &Command{
		Name: "backup", Summary: "cli.backup.summary", Usage: "cli.backup.usage",
		Subs: []*Command{backupRun(), backupStatus(), backupList(), backupRestore(), backupVerify(), backupPlanCommands()},
	}
}

// strs is a repeatable string flag (--source A --source B).
type strs []string

func (s *strs) String() string     { return strings.Join(*s, ",") }
func (s *strs) Set(v string) error { *s = append(*s, v); return nil }

// backupVerb builds a backup verb. --as is optional unless needLogin:
// without it the verb uses this PC's plans and the keychain's passwords,
// as a scheduled task does.
func backupVerb(name string, action audit.Action, needLogin bool, flags func(fs *flag.FlagSet), fn func(ctx context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error) *Command {
	var f vaultFlags
	key := "cli.backup." + strings.ReplaceAll(name, " ", ".")
	return &Command{
		Name: name[strings.LastIndex(name, " ")+1:], Summary: key + ".summary", Usage: key + ".usage",
		Flags: func(fs *flag.FlagSet) {
			f.register(fs, true)
			if flags != nil {
				flags(fs)
			}
		},
		Run: func(ctx context.Context, env *Env, _ *flag.FlagSet) error {
			f.login = needLogin || f.asUser != ""
			return env.withVault(&f, action, func(u *use) error {
				u.entry.Detail = "backup." + strings.ReplaceAll(name, " ", ".")
				return fn(ctx, env, env.backups(u), u, &f)
			})
		},
	}
}

func (e *Env) backups(u *use) *app.Backups {
	kc := e.Keychain
	if kc == nil {
		if sys := keychain.System(); sys.Available() {
			kc = sys
		}
	}
	return &app.Backups{Session: u.Session, DataDir: e.DataDir, Keychain: kc}
}

// logged marks the verb's entry as written by app.Backups (which logs
// each run, restore, verify and plan change itself).
func (u *use) logged(err error) error {
	u.traced = true
	return err
}

// reporter prints progress to stderr, at most once a second.
func (e *Env) reporter() *progress.Throttled {
	return progress.Throttle(progress.Func(func(u progress.Update) {
		if u.Total > 0 {
			fmt.Fprintln(e.Stderr, e.T("cli.backup.progress", map[string]any{"stage": u.Stage, "percent": u.Done * 100 / u.Total}))
		}
	}), time.Second)
}

func planFlag(fs *flag.FlagSet, plan *string) { fs.StringVar(plan, "plan", "", "cli.flag.backup_plan") }

func (e *Env) date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return jst.DateTime(t, string(e.Lang))
}

func (e *Env) size(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func backupRun() *Command {
	var plan string
	return backupVerb("run", audit.BackupRun, false, func(fs *flag.FlagSet) { planFlag(fs, &plan) }, func(ctx context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		u.traced = true // each run writes its own backup.run entry
		plans, err := b.Plans()
		if err != nil {
			return err
		}
		var ids []string
		for _, p := range plans {
			if p.Mine && (plan == "" || p.ID == plan) {
				ids = append(ids, p.ID)
			}
		}
		if plan != "" && len(ids) == 0 {
			return b.Session.Trace(audit.Entry{Action: audit.BackupRun, Target: "backup/plan/" + plan}, app.ErrBackupNoPlan)
		}
		if len(ids) == 0 {
			u.traced = false // no plan on this PC: the verb's own entry
			fmt.Fprintln(env.Stdout, env.T("cli.backup.status.none", nil))
			return nil
		}
		var runs []*app.BackupRun
		var first error
		for _, id := range ids {
			rep := env.reporter()
			run, err := b.Run(ctx, id, nil, rep)
			rep.Close()
			if run != nil {
				runs = append(runs, run)
				if !f.json {
					fmt.Fprintln(env.Stdout, env.T("cli.backup.run.done", map[string]any{"plan": id, "result": env.T("cli.backup.result."+run.Result, nil),
						"files": run.Files, "size": env.size(run.Bytes), "written": env.size(run.Written), "seconds": run.Millis / 1000}))
					for _, fe := range run.Errors {
						fmt.Fprintln(env.Stdout, "  "+env.T("cli.backup.run.unreadable", map[string]any{"path": fe.Path, "reason": fe.Reason}))
					}
					if run.Flagged {
						fmt.Fprintln(env.Stdout, env.T("cli.backup.run.flagged", nil))
					}
				}
			}
			if err != nil && first == nil {
				first = err
			}
		}
		if f.json {
			if err := env.printJSON(runs); err != nil {
				return err
			}
		}
		return first
	})
}

func backupStatus() *Command {
	return backupVerb("status", audit.VaultStatus, false, nil, func(_ context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		o, err := b.Overview()
		if err != nil {
			return err
		}
		if f.json {
			return env.printJSON(o)
		}
		if len(o.Plans) == 0 {
			fmt.Fprintln(env.Stdout, env.T("cli.backup.status.none", nil))
			return nil
		}
		header := []string{env.T("cli.backup.col.plan", nil), env.T("cli.backup.col.name", nil), env.T("cli.backup.col.pc", nil), env.T("cli.backup.col.dest", nil),
			env.T("cli.backup.col.last", nil), env.T("cli.backup.col.days", nil), env.T("cli.backup.col.level", nil), env.T("cli.backup.col.result", nil)}
		var rows [][]string
		for _, p := range o.Plans {
			dest := p.Dest.Label
			if p.Mine && !p.Dest.Present {
				dest += " " + env.T("cli.backup.status.absent", nil)
			}
			days := "-"
			if p.State.DaysSince >= 0 {
				days = strconv.Itoa(p.State.DaysSince)
			}
			result := "-"
			if p.State.Result != "" {
				result = env.T("cli.backup.result."+p.State.Result, nil)
			}
			rows = append(rows, []string{p.ID, p.Name, p.DeviceName, dest, env.date(p.State.LastSuccess), days, env.T("cli.backup.level."+p.State.Level, nil), result})
		}
		printTable(env.Stdout, "", header, rows)
		fmt.Fprintln(env.Stdout, env.T("cli.backup.status.level", map[string]any{"level": env.T("cli.backup.level."+o.Level, nil)}))
		for _, p := range o.Plans {
			if p.State.Flag != nil {
				fmt.Fprintln(env.Stdout, env.T("cli.backup.status.flag", map[string]any{"plan": p.ID, "snapshot": p.State.Flag.Snapshot, "good": p.State.Flag.LastGood, "goodTime": env.date(p.State.Flag.LastGoodTime)}))
			}
		}
		return nil
	})
}

func backupList() *Command {
	var plan string
	var history bool
	return backupVerb("list", audit.VaultStatus, false, func(fs *flag.FlagSet) {
		planFlag(fs, &plan)
		fs.BoolVar(&history, "history", false, "cli.flag.backup_history")
	}, func(ctx context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		if plan == "" {
			return usageError(app.CodeUsage, map[string]any{"command": "kinko backup list --plan"})
		}
		if history {
			runs, err := b.History(plan)
			if err != nil {
				return err
			}
			if f.json {
				return env.printJSON(runs)
			}
			var rows [][]string
			for _, r := range runs {
				rows = append(rows, []string{env.date(r.At), env.T("cli.backup.result."+r.Result, nil), strconv.FormatInt(r.Files, 10), env.size(r.Bytes), env.size(r.Written), strconv.FormatInt(r.Millis/1000, 10)})
			}
			printTable(env.Stdout, "", []string{env.T("cli.backup.col.at", nil), env.T("cli.backup.col.result", nil), env.T("cli.backup.col.files", nil),
				env.T("cli.backup.col.size", nil), env.T("cli.backup.col.written", nil), env.T("cli.backup.col.seconds", nil)}, rows)
			return nil
		}
		snaps, err := b.Snapshots(ctx, plan)
		if err != nil {
			return err
		}
		if f.json {
			return env.printJSON(snaps)
		}
		var rows [][]string
		for _, s := range snaps {
			mark := ""
			if s.Partial {
				mark = env.T("cli.backup.list.partial", nil)
			}
			if s.Flagged {
				mark = env.T("cli.backup.list.flagged", nil)
			}
			rows = append(rows, []string{s.ID, env.date(s.At), s.Source, strconv.FormatInt(s.Files, 10), env.size(s.Bytes), mark})
		}
		printTable(env.Stdout, "", []string{env.T("cli.backup.col.snapshot", nil), env.T("cli.backup.col.at", nil), env.T("cli.backup.col.source", nil),
			env.T("cli.backup.col.files", nil), env.T("cli.backup.col.size", nil), ""}, rows)
		return nil
	})
}

func backupRestore() *Command {
	var plan, snapshot, path, to string
	return backupVerb("restore", audit.BackupRestore, true, func(fs *flag.FlagSet) {
		planFlag(fs, &plan)
		fs.StringVar(&snapshot, "snapshot", "", "cli.flag.backup_snapshot")
		fs.StringVar(&path, "path", "", "cli.flag.backup_path")
		fs.StringVar(&to, "to", "", "cli.flag.backup_to")
	}, func(ctx context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		if plan == "" || snapshot == "" || to == "" {
			return usageError(app.CodeUsage, map[string]any{"command": "kinko backup restore"})
		}
		rep := env.reporter()
		res, err := b.Restore(ctx, plan, snapshot, path, to, rep)
		rep.Close()
		if err != nil {
			return u.logged(err)
		}
		u.traced = true
		if f.json {
			return env.printJSON(res)
		}
		fmt.Fprintln(env.Stdout, env.T("cli.backup.restore.done", map[string]any{"files": res.Files, "size": env.size(res.Bytes), "to": to}))
		return nil
	})
}

func backupVerify() *Command {
	var plan string
	var full bool
	return backupVerb("verify", audit.BackupRun, false, func(fs *flag.FlagSet) {
		planFlag(fs, &plan)
		fs.BoolVar(&full, "full", false, "cli.flag.backup_full")
	}, func(ctx context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		if plan == "" {
			return usageError(app.CodeUsage, map[string]any{"command": "kinko backup verify --plan"})
		}
		rep := env.reporter()
		res, err := b.Verify(ctx, plan, full, rep)
		rep.Close()
		u.traced = true
		if res != nil && f.json {
			env.printJSON(res)
		} else if res != nil {
			fmt.Fprintln(env.Stdout, env.T("cli.backup.verify.done", map[string]any{"files": res.Files, "size": env.size(res.Bytes), "damaged": len(res.Damaged)}))
			for _, d := range res.Damaged {
				fmt.Fprintln(env.Stdout, "  "+env.T("cli.backup.verify.damaged", map[string]any{"path": d.Path, "source": d.Source, "snapshot": d.Snapshot}))
			}
		}
		return err
	})
}

func backupPlanCommands() *Command {
	return &Command{
		Name: "plan", Summary: "cli.backup.plan.summary", Usage: "cli.backup.plan.usage",
		Subs: []*Command{backupPlanEdit("plan add"), backupPlanEdit("plan set"), backupPlanRemove(), backupPlanShow(), backupPlanClear()},
	}
}

// backupPlanEdit is plan add (a new plan of this PC) and plan set (change
// the flags given of one).
func backupPlanEdit(name string) *Command {
	var plan, pname, dest, label, daily string
	var sources, excludes strs
	var vaultFolder, watch, noWatch bool
	var quiet int
	return backupVerb(name, audit.Settings, true, func(fs *flag.FlagSet) {
		if name == "plan set" {
			planFlag(fs, &plan)
		}
		fs.StringVar(&pname, "name", "", "cli.flag.backup_name")
		fs.Var(&sources, "source", "cli.flag.backup_source")
		fs.Var(&excludes, "exclude", "cli.flag.backup_exclude")
		fs.BoolVar(&vaultFolder, "vault-folder", false, "cli.flag.backup_vault_folder")
		fs.StringVar(&dest, "dest", "", "cli.flag.backup_dest")
		fs.StringVar(&label, "label", "", "cli.flag.backup_label")
		fs.StringVar(&daily, "daily", "", "cli.flag.backup_daily")
		fs.BoolVar(&watch, "watch", false, "cli.flag.backup_watch")
		fs.BoolVar(&noWatch, "no-watch", false, "cli.flag.backup_no_watch")
		fs.IntVar(&quiet, "quiet-seconds", 0, "cli.flag.backup_quiet")
	}, func(ctx context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		var p app.BackupPlan
		if name == "plan set" {
			if plan == "" {
				return usageError(app.CodeUsage, map[string]any{"command": "kinko backup plan set --plan"})
			}
			plans, err := b.Plans()
			if err != nil {
				return err
			}
			found := false
			for _, q := range plans {
				if q.ID == plan && q.Mine {
					p, found = q, true
				}
			}
			if !found {
				return u.logged(b.Session.Trace(audit.Entry{Action: audit.Settings, Target: "backup/plan/" + plan, Detail: "backup.plan.save"}, app.ErrBackupNoPlan))
			}
		} else {
			p.Schedule.Watch = true
		}
		if pname != "" {
			p.Name = pname
		}
		if len(sources) > 0 {
			p.Sources = nil
			for _, s := range sources {
				p.Sources = append(p.Sources, app.BackupSource{Path: s})
			}
		}
		if len(excludes) > 0 {
			p.Excludes = excludes
		}
		if vaultFolder {
			p.Vault = true
		}
		if dest != "" {
			p.Dest.Path = dest
		}
		if label != "" {
			p.Dest.Label = label
		}
		if daily != "" {
			if _, err := time.Parse("15:04", daily); err != nil {
				return usageError(app.CodeUsage, map[string]any{"command": "--daily"})
			}
			p.Schedule.Daily = daily
		}
		if watch {
			p.Schedule.Watch = true
		}
		if noWatch {
			p.Schedule.Watch = false
		}
		if quiet > 0 {
			p.Schedule.QuietSeconds = quiet
		}
		out, err := b.SavePlan(ctx, p)
		u.traced = true
		if err != nil {
			return err
		}
		if f.json {
			return env.printJSON(out)
		}
		fmt.Fprintln(env.Stdout, env.T("cli.backup.plan.saved", map[string]any{"plan": out.ID, "name": out.Name, "dest": out.Dest.Label}))
		return nil
	})
}

func backupPlanRemove() *Command {
	var plan string
	return backupVerb("plan remove", audit.Settings, true, func(fs *flag.FlagSet) { planFlag(fs, &plan) }, func(_ context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		if plan == "" {
			return usageError(app.CodeUsage, map[string]any{"command": "kinko backup plan remove --plan"})
		}
		if err := u.logged(b.DeletePlan(plan)); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, env.T("cli.backup.plan.removed", map[string]any{"plan": plan}))
		return nil
	})
}

func backupPlanClear() *Command {
	var plan string
	return backupVerb("plan clear-flag", audit.Settings, true, func(fs *flag.FlagSet) { planFlag(fs, &plan) }, func(_ context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		if plan == "" {
			return usageError(app.CodeUsage, map[string]any{"command": "kinko backup plan clear-flag --plan"})
		}
		if err := u.logged(b.ClearFlag(plan)); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, env.T("cli.backup.plan.cleared", map[string]any{"plan": plan}))
		return nil
	})
}

func backupPlanShow() *Command {
	var plan string
	return backupVerb("plan show", audit.VaultStatus, false, func(fs *flag.FlagSet) { planFlag(fs, &plan) }, func(_ context.Context, env *Env, b *app.Backups, u *use, f *vaultFlags) error {
		plans, err := b.Plans()
		if err != nil {
			return err
		}
		var out []app.BackupPlan
		for _, p := range plans {
			if plan == "" || p.ID == plan {
				out = append(out, p)
			}
		}
		if plan != "" && len(out) == 0 {
			return app.ErrBackupNoPlan
		}
		if f.json {
			return env.printJSON(out)
		}
		for _, p := range out {
			fmt.Fprintln(env.Stdout, env.T("cli.backup.plan.head", map[string]any{"plan": p.ID, "name": p.Name, "pc": p.DeviceName}))
			if p.Vault {
				fmt.Fprintln(env.Stdout, "  "+env.T("cli.backup.plan.vault", nil))
			}
			for _, s := range p.Sources {
				fmt.Fprintln(env.Stdout, "  "+env.T("cli.backup.plan.source", map[string]any{"path": s.Path}))
			}
			if len(p.Excludes) > 0 {
				fmt.Fprintln(env.Stdout, "  "+env.T("cli.backup.plan.excludes", map[string]any{"list": strings.Join(p.Excludes, " ")}))
			}
			fmt.Fprintln(env.Stdout, "  "+env.T("cli.backup.plan.dest", map[string]any{"label": p.Dest.Label, "path": p.Dest.Path}))
			daily := p.Schedule.Daily
			if daily == "" {
				daily = "-"
			}
			fmt.Fprintln(env.Stdout, "  "+env.T("cli.backup.plan.schedule", map[string]any{"daily": daily, "watch": p.Schedule.Watch}))
		}
		return nil
	})
}
