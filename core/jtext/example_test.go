package jtext_test

import (
	"fmt"
	"strings"

	"github.com/kinko-jp/kinko/core/jtext"
)

func ExampleFold() {
	fmt.Println(jtext.Fold("ﾔﾏﾀﾞ"), jtext.Fold("やまだ"), jtext.Fold("ヤマダ"))
	fmt.Println(jtext.Fold("山田　太郎"))
	fmt.Println(jtext.Fold("０３－１２３４－５６７８"))
	fmt.Println(jtext.Fold("髙橋") == jtext.Fold("高橋"))
	// Output:
	// ヤマダ ヤマダ ヤマダ
	// 山田太郎
	// 03-1234-5678
	// true
}

func ExampleNewCSVReader() {
	// "氏名,備考\r\n山田,表\r\n" in Shift_JIS, as exported by Excel on Windows.
	// 表 is 0x95 0x5C: its trail byte is ASCII '\', which is harmless in CSV.
	sjis := "\x8e\x81\x96\xbc,\x94\xf5\x8d\x6c\r\n\x8e\x52\x93\x63,\x95\x5c\r\n"
	r := jtext.NewCSVReader(strings.NewReader(sjis), jtext.DetectEncoding([]byte(sjis)))
	records, err := r.ReadAll()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(records)
	// Output: [[氏名 備考] [山田 表]]
}
