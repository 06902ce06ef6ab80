package share

// wordsKana is the passphrase word list: common Japanese nouns in
// hiragana, each romanised by hepburn (3–8 letters, no long vowels, no n').
const wordsKana = `
さくら みかん とけい いぬ ねこ うみ やま かわ そら ほし
`
