package share_test

import "github.com/kinko-jp/kinko/core/progress"

type progressFunc struct{ last *int64 }

func (p progressFunc) Report(u progress.Update) {
	if u.Stage == "seal" || u.Stage == "extract" {
		*p.last = u.Done
	}
}
