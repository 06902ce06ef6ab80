package watch

import (
	"path"
	"strings"
)

// rule is one gitignore-style exclude pattern, the subset the watcher can
// match exactly: a name pattern ("~$*", "Thumbs.db") excludes an entry of
// that name at any depth and everything under it; a pattern with a slash
// ("/scans/tmp", "a/*.bak") is matched against the whole path from the
// root; a trailing slash ("cache/") applies to folders only.
type rule struct {
	pattern  string
	anchored bool // matched against the path from the root, not the name
	dirOnly  bool
	negate   bool // "!pattern": the backup keeps what it matches
}

// excluder decides which paths the backup leaves out, so that their changes
// need no run. It must never exclude more than the backup does, or a change
// would be missed: patterns it cannot match exactly ("**") exclude nothing,
// and a name that a negated pattern might bring back is not excluded.
type excluder struct {
	rules []rule
}

// newExcluder compiles patterns; blank lines and comments are skipped.
func newExcluder(patterns []string) *excluder {
	e := &excluder{}
	for _, p := range patterns {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		var r rule
		if r.negate = strings.HasPrefix(p, "!"); r.negate {
			p = p[1:]
		}
		if r.dirOnly = strings.HasSuffix(p, "/"); r.dirOnly {
			p = strings.TrimRight(p, "/")
		}
		r.anchored = strings.Contains(p, "/")
		r.pattern = strings.TrimPrefix(p, "/")
		if r.pattern != "" {
			e.rules = append(e.rules, r)
		}
	}
	return e
}

// excluded reports whether rel (a slash path relative to the root, not
// "") or any folder above it is excluded. dir says whether rel itself is a
// folder.
func (e *excluder) excluded(rel string, dir bool) bool {
	if len(e.rules) == 0 || rel == "" {
		return false
	}
	for i := 0; i <= len(rel); i++ {
		if i < len(rel) && rel[i] != '/' {
			continue
		}
		prefix := rel[:i]
		isDir := dir || i < len(rel)
		if e.excludes(prefix, path.Base(prefix), isDir) {
			return true
		}
	}
	return false
}

// excludes reports whether one path (its own name, not its parents) is
// excluded: some pattern matches it and no negated pattern might.
func (e *excluder) excludes(rel, name string, dir bool) bool {
	hit := false
	for _, r := range e.rules {
		if r.negate {
			if r.matches(rel, name, dir, true) {
				return false
			}
			continue
		}
		hit = hit || r.matches(rel, name, dir, false)
	}
	return hit
}

// matches matches one path against the rule. A pattern path.Match cannot
// handle ("**", a bad pattern) matches when unsure is set, so that an
// uncertain negation keeps the path and an uncertain exclusion does not
// drop it.
func (r rule) matches(rel, name string, dir, unsure bool) bool {
	if r.dirOnly && !dir {
		return false
	}
	if strings.Contains(r.pattern, "**") {
		return unsure
	}
	subject := name
	if r.anchored {
		subject = rel
	}
	ok, err := path.Match(r.pattern, subject)
	if err != nil {
		return unsure
	}
	return ok
}
