package jtext_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
)

func BenchmarkFold(b *testing.B) {
	inputs := []string{
		"ﾔﾏﾀﾞ ﾀﾛｳ",
		"髙橋　一郎",
		"東京都千代田区丸の内１－２－３　ＡＢＣビル５Ｆ",
		"yamada taro",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		jtext.Fold(inputs[i%len(inputs)])
	}
}

func BenchmarkCSVReadShiftJIS(b *testing.B) {
	var buf bytes.Buffer
	w := jtext.NewCSVWriter(&buf, jtext.ShiftJIS)
	for i := range 10000 {
		rec := []string{
			fmt.Sprintf("%05d", i), "髙橋 一郎", "ﾀｶﾊｼ ｲﾁﾛｳ",
			"東京都千代田区丸の内1-2-3\nABCビル5F", "表計算ソフト", "①期分, 納付済",
		}
		if err := w.Write(rec); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := jtext.NewCSVReader(bytes.NewReader(data), jtext.ShiftJIS)
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10000 {
			b.Fatalf("read %d records", n)
		}
	}
}
