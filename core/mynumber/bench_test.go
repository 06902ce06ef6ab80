package mynumber_test

import (
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/mynumber"
)

// benchText returns about size bytes of mixed Japanese and ASCII text, with
// digits of many kinds (amounts, dates, phone numbers, corporate numbers) and
// one valid My Number roughly every 64 KiB, like a folder of office
// documents.
func benchText(size int) []byte {
	r := testRand(nil)
	lines := []string{
		"令和7年分 給与所得の源泉徴収票 支払金額 4,512,000円\n",
		"株式会社サンプル 法人番号 7000012050002 東京都千代田区霞が関3-1-1\n",
		"TEL 03-1234-5678 FAX 03-1234-5679 〒100-8978\n",
		"Invoice 2025-11-20 total 1234567 JPY, ref 98765432109\n",
		"摘要：顧問料（１１月分）　３３，０００円\n",
	}
	var b strings.Builder
	b.Grow(size + 128)
	next := 0
	for b.Len() < size {
		if b.Len() >= next {
			b.WriteString("個人番号 " + group(randomIndividual(r), " ") + "\n")
			next += 64 << 10
		}
		b.WriteString(lines[r.IntN(len(lines))])
	}
	return []byte(b.String())
}

func BenchmarkFindIndividual10MB(b *testing.B) {
	text := benchText(10 << 20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if len(mynumber.FindIndividual(text)) == 0 {
			b.Fatal("no numbers found")
		}
	}
}

func BenchmarkParseIndividual(b *testing.B) {
	for _, in := range []string{"123456789018", "１２３４－５６７８－９０１８"} {
		b.Run(in, func(b *testing.B) {
			for b.Loop() {
				if _, err := mynumber.ParseIndividual(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
