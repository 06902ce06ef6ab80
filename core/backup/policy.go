package backup

import (
	"context"

	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/compression"
	"github.com/kopia/kopia/snapshot/policy"
)

// Splitter is the office's chunking: content-defined chunks around 256
// KiB, so an accounting database that changes a few pages a day adds a
// few chunks, not the whole file.
const Splitter = "DYNAMIC-256K-BUZHASH"

// Compressor compresses text-like files (CSV, text, databases).
const Compressor compression.Name = "zstd-fastest"

// NeverCompress lists extensions of already compressed files (Kopia
// matches them against the file name's extension).
var NeverCompress = []string{
	".xlsx", ".xlsm", ".docx", ".pptx", ".pdf", ".zip", ".7z", ".lzh", ".gz",
	".jpg", ".jpeg", ".png", ".heic", ".mp4", ".mov", ".age", ".kinko",
}

// DefaultExcludes are left out of every source: temporary files, Office
// lock files and thumbnails caches.
var DefaultExcludes = []string{
	"~$*", "*.tmp", "*.temp", "Thumbs.db", "desktop.ini", ".DS_Store", "*.~lock*",
}

// ParallelUploadAbove is the size above which a file is read and hashed
// on several cores (see globalPolicy).
const ParallelUploadAbove = 64 << 20

// Retention is how many snapshots to keep per period.
type Retention struct {
	Daily, Weekly, Monthly, Yearly int
}

// OfficeRetention is the default: 30 daily, 12 weekly, 24 monthly, 10
// yearly.
var OfficeRetention = Retention{Daily: 30, Weekly: 12, Monthly: 24, Yearly: 10}

// globalPolicy is the repository-wide policy the office runs with.
func globalPolicy(ret Retention) *policy.Policy {
	p := *policy.DefaultPolicy
	p.CompressionPolicy = policy.CompressionPolicy{CompressorName: Compressor, NeverCompress: NeverCompress}
	p.SplitterPolicy = policy.SplitterPolicy{Algorithm: Splitter}
	p.FilesPolicy.IgnoreRules = DefaultExcludes
	// A file larger than this is cut into parts of this size that are
	// chunked and hashed in parallel (Kopia's default, 2 GiB, hashes an
	// office's 200-500 MB accounting database on one core). The parts'
	// boundaries are fixed offsets, so a page rewritten in place still
	// changes only its own chunks.
	above := policy.OptionalInt64(ParallelUploadAbove)
	p.UploadPolicy.ParallelUploadAboveSize = &above
	p.RetentionPolicy = policy.RetentionPolicy{
		KeepLatest:  newInt(10),
		KeepHourly:  newInt(0),
		KeepDaily:   newInt(ret.Daily),
		KeepWeekly:  newInt(ret.Weekly),
		KeepMonthly: newInt(ret.Monthly),
		KeepAnnual:  newInt(ret.Yearly),
	}
	t := policy.OptionalBool(false)
	p.ErrorHandlingPolicy = policy.ErrorHandlingPolicy{
		// A file that cannot be read (locked by another program) is
		// reported by name and the run is marked incomplete; it is never
		// silently skipped.
		IgnoreFileErrors:      &t,
		IgnoreDirectoryErrors: &t,
	}
	return &p
}

func newInt(n int) *policy.OptionalInt {
	v := policy.OptionalInt(n)
	return &v
}

// setPolicy writes the office policy as the repository's global policy.
func setPolicy(ctx context.Context, w repo.RepositoryWriter, ret Retention) error {
	return policy.SetPolicy(ctx, w, policy.GlobalPolicySourceInfo, globalPolicy(ret))
}
