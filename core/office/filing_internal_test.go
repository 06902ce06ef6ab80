package office

import (
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

// Every purpose of the fixed list can be exported under its name.
func TestFilingPurposesHaveLabels(t *testing.T) {
	for _, p := range mynumber.Purposes() {
		if purposeLabel[p] == "" {
			t.Errorf("purpose %s has no label in the export", p)
		}
	}
}
