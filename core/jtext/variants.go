package jtext

import "unicode/utf8"

// nameVariants folds common name-kanji variants (異体字/itaiji) to the form a
// clerk most likely types. Family registers and old client records use forms
// such as 髙 (はしごだか) or 﨑 (たつさき) while a search query is typed with
// the everyday IME form, so without this a search for 高橋 would miss 髙橋.
//
// Only characters that are unambiguously "the same name" for a search are
// listed; distinct characters that merely look alike (斎 and 斉, for example)
// stay distinct. Values must not appear as keys, so folding is idempotent.
// Compatibility ideographs that NFKC already maps (e.g. U+F9DC 隆) need no
// entry; U+FA11 﨑 is one of the twelve "unified" compatibility ideographs
// that NFKC leaves alone, hence its entry here.
var nameVariants = map[rune]rune{
	'髙':      '高',
	'\uFA11': '崎', // 﨑
	'嵜':      '崎',
	'邊':      '辺',
	'邉':      '辺',
	'濵':      '浜',
	'濱':      '浜',
	'齋':      '斎',
	'齊':      '斉',
	'澤':      '沢',
	'櫻':      '桜',
	'廣':      '広',
	'國':      '国',
	'藏':      '蔵',
	'德':      '徳',
	'眞':      '真',
	'冨':      '富',
	'槇':      '槙',
	'瀨':      '瀬',
	'𠮷':      '吉', // つちよし (U+20BB7, outside the BMP and not in Shift_JIS)
	'嶋':      '島',
	'嶌':      '島',
	'峯':      '峰',
	'曾':      '曽',
	'栁':      '柳',
	'桒':      '桑',
	'實':      '実',
	'惠':      '恵',
	'榮':      '栄',
	'壽':      '寿',
}

// minVariant is the smallest rune nameVariants maps: Fold looks up only
// runes from it on (kanji), not kana, digits or Latin letters.
var minVariant = func() rune {
	m := rune(utf8.MaxRune)
	for r := range nameVariants {
		m = min(m, r)
	}
	return m
}()
