package opener

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestPackageRoundTrip(t *testing.T) {
	for _, n := range []int{1, 2, 3, 56, 57, 58, 76, 4096, 1<<20 + 7} {
		pkg := make([]byte, n)
		rand.Read(pkg)
		var page bytes.Buffer
		if err := WritePackage(&page, bytes.NewReader(pkg), int64(n), "x.age", "ja"); err != nil {
			t.Fatalf("%d: %v", n, err)
		}
		if !bytes.HasPrefix(page.Bytes(), openerPage[:100]) || !bytes.Contains(page.Bytes(), []byte(`<meta name="kinko-lang" content="ja">`)) {
			t.Fatalf("%d: page does not start as the opener or has no language", n)
		}
		r, err := ExtractPackage(bytes.NewReader(page.Bytes()))
		if err != nil {
			t.Fatalf("%d: extract: %v", n, err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%d: read: %v", n, err)
		}
		if !bytes.Equal(got, pkg) {
			t.Fatalf("%d: extracted %d bytes differ from the package", n, len(got))
		}
	}
}

func TestPackageSize(t *testing.T) {
	var page bytes.Buffer
	if err := WritePackage(&page, strings.NewReader("x"), MaxEmbedded+1, "x.age", "ja"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over MaxEmbedded: %v, want ErrTooLarge", err)
	}
	if err := WritePackage(&page, strings.NewReader("short"), 10, "x.age", "ja"); err == nil {
		t.Fatal("a package shorter than its size was embedded")
	}
	if err := WritePackage(&page, strings.NewReader("longer than ten"), 10, "x.age", "ja"); err == nil {
		t.Fatal("a package longer than its size was embedded")
	}
}

func TestExtractNoPackage(t *testing.T) {
	var page bytes.Buffer
	if err := WriteOpener(&page, "en"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page.Bytes(), []byte(`<meta name="kinko-lang" content="en">`)) {
		t.Fatal("opener page without its language")
	}
	for name, in := range map[string][]byte{"opener": page.Bytes(), "text": []byte("hello"), "empty": nil, "envelope": envelopePage} {
		if _, err := ExtractPackage(bytes.NewReader(in)); !errors.Is(err, ErrNoPackage) {
			t.Errorf("%s: %v, want ErrNoPackage", name, err)
		}
	}
	// A page cut inside the package: the reader reports it.
	var full bytes.Buffer
	WritePackage(&full, bytes.NewReader(make([]byte, 5000)), 5000, "x.age", "ja")
	cut := full.Bytes()[:bytes.Index(full.Bytes(), []byte(packageOpen))+len(packageOpen)+3000]
	r, err := ExtractPackage(bytes.NewReader(cut))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(r); err == nil {
		t.Fatal("a cut page read without error")
	}
}

func TestEnvelopeEscaping(t *testing.T) {
	cfg := EnvelopeConfig{
		ID:        "0123456789abcdef",
		Recipient: "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq",
		Office:    `山田会計 </script><script>alert(1)</script>`,
		Client:    "<!-- 株式会社 & \u2028\u2029",
		Message:   "</SCRIPT >\n<!--",
		Expires:   time.Date(2026, 12, 31, 23, 59, 59, 0, time.FixedZone("JST", 9*3600)),
		Lang:      "fr",
	}
	var page bytes.Buffer
	if err := WriteEnvelope(&page, cfg); err != nil {
		t.Fatal(err)
	}
	s := page.String()
	i := strings.Index(s, configOpen)
	if i < 0 {
		t.Fatal("no config element")
	}
	rest := s[i+len(configOpen):]
	end := strings.Index(strings.ToLower(rest), "</script")
	js := rest[:end]
	if strings.Contains(js, "<") || strings.Contains(js, "\u2028") || strings.Contains(js, "\u2029") {
		t.Fatalf("config text not escaped for a script element: %q", js)
	}
	var got EnvelopeConfig
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatalf("the config element's text is not the JSON: %v", err)
	}
	want := cfg
	want.Lang = "ja" // unknown languages fall back to Japanese
	if !got.Expires.Equal(want.Expires) || got.Office != want.Office || got.Client != want.Client || got.Message != want.Message || got.Lang != "ja" || got.Recipient != want.Recipient {
		t.Fatalf("round trip: got %+v", got)
	}
}

// The pages load nothing from anywhere: no network addresses, no external
// scripts, styles or images, and a policy that forbids fetching.
func TestPagesSelfContained(t *testing.T) {
	url := regexp.MustCompile(`(?i)(https?:|wss?:|ftp:)//`)
	ext := regexp.MustCompile(`(?i)<(script|link|img|iframe)[^>]*\s(src|href)\s*=`)
	for name, p := range map[string][]byte{"opener.html": openerPage, "envelope.html": envelopePage} {
		if m := url.Find(p); m != nil {
			at := bytes.Index(p, m)
			t.Errorf("%s contains a network address near %q", name, p[max(at-40, 0):min(at+60, len(p))])
		}
		if m := ext.Find(p); m != nil {
			t.Errorf("%s loads an external resource: %q", name, m)
		}
		if !bytes.Contains(p, []byte(`default-src 'none'`)) {
			t.Errorf("%s has no content security policy forbidding network access", name)
		}
		if bytes.Count(p, []byte(slot)) != 1 {
			t.Errorf("%s: the slot must appear once", name)
		}
	}
}
