// Command writepage writes the pages with the real Go writers, for the
// browser tests (frontend/e2e/opener.mjs):
//
//	writepage -package P.age -out page.html [-lang en]   self-opening page
//	writepage -envelope cfg.json -out page.html           return envelope
//	writepage -out page.html                              plain opener
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/kinko-jp/kinko/core/share/opener"
)

func main() {
	pkg := flag.String("package", "", "package to embed")
	env := flag.String("envelope", "", "EnvelopeConfig JSON")
	out := flag.String("out", "", "page to write")
	lang := flag.String("lang", "ja", "ja or en")
	flag.Parse()
	if err := run(*pkg, *env, *out, *lang); err != nil {
		fmt.Fprintln(os.Stderr, "writepage:", err)
		os.Exit(1)
	}
}

func run(pkg, env, out, lang string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	switch {
	case pkg != "":
		p, err := os.Open(pkg)
		if err != nil {
			return err
		}
		defer p.Close()
		st, err := p.Stat()
		if err != nil {
			return err
		}
		err = opener.WritePackage(f, p, st.Size(), st.Name(), lang)
		if err != nil {
			return err
		}
	case env != "":
		b, err := os.ReadFile(env)
		if err != nil {
			return err
		}
		var cfg opener.EnvelopeConfig
		if err := json.Unmarshal(b, &cfg); err != nil {
			return err
		}
		if err := opener.WriteEnvelope(f, cfg); err != nil {
			return err
		}
	default:
		if err := opener.WriteOpener(f, lang); err != nil {
			return err
		}
	}
	return f.Close()
}
