// The pages' words, Japanese first. The language starts as the page's
// (set by Kinko when it writes the page) and the client can switch.
export type Lang = 'ja' | 'en';

const ja = {
  'lang.switch': 'English',
  'lang.switchLabel': 'Show this page in English',
  'opener.title': '共有パッケージを開く',
  'opener.lead': '事務所から届いたファイルを、ここで開いて保存できます。このページはインターネットに接続せず、お使いのパソコンの中だけで動きます。',
  'opener.choose': 'パッケージファイル (.age) を選ぶ',
  'opener.drop': 'ここにパッケージファイル (.age) をドラッグしても開けます。',
  'opener.chosen': '選んだファイル: {name}',
  'opener.embedded': 'このページにはパッケージが入っています。',
  'opener.passphrase': 'パスワード (合言葉)',
  'opener.passphraseHint': '事務所からお電話などでお伝えした言葉を入力してください。区切りはスペースでも「-」でもかまいません。',
  'opener.open': '開く',
  'opener.opening': '確認しています… (数秒かかります)',
  'opener.from': '送り主',
  'opener.to': 'お宛先',
  'opener.sender': '担当者',
  'opener.message': 'メッセージ',
  'opener.created': '作成日時',
  'opener.expires': '有効期限',
  'opener.files': 'ファイル ({n} 件、合計 {size})',
  'opener.file': 'ファイル名',
  'opener.size': '大きさ',
  'opener.save': '保存',
  'opener.saveAll': 'すべて保存',
  'opener.saving': '保存しています… {done} / {total}',
  'opener.saved': '保存しました ({n} 件)。',
  'opener.savedWhere': 'ブラウザのダウンロード先 (通常は「ダウンロード」フォルダー) に保存されました。',
  'opener.savedFolder': '選んだフォルダーに保存しました。',
  'opener.renamed': '同じ名前のファイルがあったため、名前を変えて保存したものがあります: {names}',
  'opener.verified': 'すべてのファイルが、事務所で作成したときと同じ内容であることを確認しました。',
  'opener.cancel': '中止',
  'opener.cancelled': '中止しました。保存されたファイルはありません。',
  'opener.expiredTitle': '有効期限が過ぎています',
  'opener.expired': 'このパッケージの有効期限 ({date}) は過ぎているため、開くことができません。ファイルが必要な場合は、送り主の事務所 ({office}) にご連絡ください。',
  'opener.honesty': 'ご注意: 有効期限は、このページや金庫が開くときに確かめているものです。ファイルとパスワードを手元に残している人が期限後に別の方法で開くことまでは防げません。',
  'opener.again': '別のファイルを開く',
  'err.passphrase': 'パスワードが違います。もう一度、入力をご確認ください (大文字・小文字や全角・半角は区別しません)。',
  'err.not_package': 'このファイルは金庫の共有パッケージではありません。事務所から届いた .age ファイル、またはこのページと一緒に届いたファイルを選んでください。',
  'err.corrupt': 'パッケージが壊れているか、書き換えられています。ファイルは保存していません。事務所に送り直しをご依頼ください。',
  'err.truncated': 'パッケージが途中で切れています (ダウンロードやコピーが最後まで終わっていない可能性があります)。ファイルは保存していません。もう一度受け取り直してください。',
  'err.expired': 'このパッケージは有効期限が過ぎています。',
  'err.unsafe_name': 'パッケージに安全でないファイル名が含まれているため、開けません。事務所にご連絡ください。',
  'err.work_factor': 'このパッケージは、このページでは開けない設定で作られています。事務所にご連絡ください。',
  'err.too_new': 'このパッケージは新しい版の金庫で作られています。事務所に、新しい開封ページを送ってもらってください。',
  'err.return_package': 'これは事務所宛ての返送ファイルです。事務所の金庫でだけ開けます。',
  'err.changed': '準備中にファイルが変更されました。もう一度お試しください。',
  'err.empty': 'ファイルを選んでください。',
  'err.read': 'ファイルを読み込めませんでした。ファイルがほかのアプリで開かれていないか、ご確認ください。',
  'err.save': '保存できませんでした。保存先の空き容量や権限をご確認ください。',
  'err.unknown': '予期しないエラーが起きました: {detail}',
  'env.title': '返送用封筒',
  'env.lead': '{office} へファイルを安全にお送りするためのページです。ここで作ったファイルは {office} だけが開けます。このページはインターネットに接続せず、お使いのパソコンの中だけで動きます。',
  'env.to': 'お届け先',
  'env.client': 'お客様',
  'env.message': '事務所からのメッセージ',
  'env.expires': '有効期限',
  'env.choose': 'ファイルを選ぶ',
  'env.drop': 'お送りするファイルを、ここにドラッグしても追加できます。',
  'env.files': '送るファイル ({n} 件、合計 {size})',
  'env.none': 'まだファイルが選ばれていません。',
  'env.remove': '取り除く',
  'env.removeLabel': '{name} を取り除く',
  'env.name': 'お名前 (任意)',
  'env.note': '事務所へのメッセージ (任意)',
  'env.make': '暗号化して保存',
  'env.preparing': 'ファイルを確認しています… {done} / {total}',
  'env.sealing': '暗号化しています… {done} / {total}',
  'env.done': '保存しました: {name}',
  'env.doneWhere': 'ブラウザのダウンロード先 (通常は「ダウンロード」フォルダー) に保存されました。',
  'env.send': 'このファイルをメールに添付して {office} にお送りください。中身は {office} だけが開けます (このページでも、お客様ご自身でも開けません)。',
  'env.expiredTitle': 'この返送用封筒は有効期限が過ぎています',
  'env.expired': '有効期限 ({date}) を過ぎているため、このページではファイルを送れません。{office} にご連絡ください。',
  'env.broken': 'このページの設定が読み込めません。{office} に新しい返送用封筒をご依頼ください。',
  'env.honesty': '有効期限は、このページが確かめているものです。',
  'common.japanTime': '',
  'common.bytes': '{n} バイト',
};

type Key = keyof typeof ja;

const en: Record<Key, string> = {
  'lang.switch': '日本語',
  'lang.switchLabel': 'このページを日本語で表示',
  'opener.title': 'Open a shared package',
  'opener.lead': 'Open and save the files your accounting office sent you. This page does not connect to the internet: it runs only on your computer.',
  'opener.choose': 'Choose the package file (.age)',
  'opener.drop': 'You can also drag the package file (.age) here.',
  'opener.chosen': 'Chosen file: {name}',
  'opener.embedded': 'This page contains the package.',
  'opener.passphrase': 'Passphrase',
  'opener.passphraseHint': 'Type the words the office gave you (by phone, for example). Spaces or "-" between the words both work.',
  'opener.open': 'Open',
  'opener.opening': 'Checking… (this takes a few seconds)',
  'opener.from': 'From',
  'opener.to': 'To',
  'opener.sender': 'Sent by',
  'opener.message': 'Message',
  'opener.created': 'Created',
  'opener.expires': 'Expires',
  'opener.files': 'Files ({n}, {size} in total)',
  'opener.file': 'File name',
  'opener.size': 'Size',
  'opener.save': 'Save',
  'opener.saveAll': 'Save all',
  'opener.saving': 'Saving… {done} of {total}',
  'opener.saved': 'Saved ({n} files).',
  'opener.savedWhere': 'They are in your browser’s download folder (usually “Downloads”).',
  'opener.savedFolder': 'They are in the folder you chose.',
  'opener.renamed': 'Files with the same name existed, so some were saved under a new name: {names}',
  'opener.verified': 'Every file was checked: it is exactly what the office packed.',
  'opener.cancel': 'Cancel',
  'opener.cancelled': 'Cancelled. Nothing was saved.',
  'opener.expiredTitle': 'This package has expired',
  'opener.expired': 'This package expired on {date}, so it cannot be opened. If you still need the files, please contact the office that sent them ({office}).',
  'opener.honesty': 'Please note: the expiry date is checked by this page and by Kinko when they open a package. It cannot stop someone who keeps the file and the passphrase from opening it another way after that date.',
  'opener.again': 'Open another file',
  'err.passphrase': 'The passphrase is not correct. Please check what you typed and try again (upper/lower case and full-/half-width do not matter).',
  'err.not_package': 'This file is not a Kinko share package. Choose the .age file the office sent you, or the file that came with this page.',
  'err.corrupt': 'The package is damaged or has been altered. Nothing was saved. Please ask the office to send it again.',
  'err.truncated': 'The package is incomplete (a download or copy may not have finished). Nothing was saved. Please get the file again.',
  'err.expired': 'This package has expired.',
  'err.unsafe_name': 'The package contains an unsafe file name and cannot be opened. Please contact the office.',
  'err.work_factor': 'This package was made with settings this page cannot open. Please contact the office.',
  'err.too_new': 'This package was made by a newer version of Kinko. Please ask the office for a new opener page.',
  'err.return_package': 'This is a return file for the office. Only the office’s Kinko can open it.',
  'err.changed': 'A file changed while it was being prepared. Please try again.',
  'err.empty': 'Please choose files first.',
  'err.read': 'A file could not be read. Please check that no other program has it open.',
  'err.save': 'Saving failed. Please check the free space and permissions of the place you save to.',
  'err.unknown': 'Something unexpected went wrong: {detail}',
  'env.title': 'Return envelope',
  'env.lead': 'Use this page to send files safely to {office}. What you make here can be opened by {office} only. This page does not connect to the internet: it runs only on your computer.',
  'env.to': 'To',
  'env.client': 'Client',
  'env.message': 'Message from the office',
  'env.expires': 'Expires',
  'env.choose': 'Choose files',
  'env.drop': 'You can also drag the files to send here.',
  'env.files': 'Files to send ({n}, {size} in total)',
  'env.none': 'No files chosen yet.',
  'env.remove': 'Remove',
  'env.removeLabel': 'Remove {name}',
  'env.name': 'Your name (optional)',
  'env.note': 'Message to the office (optional)',
  'env.make': 'Encrypt and save',
  'env.preparing': 'Checking files… {done} of {total}',
  'env.sealing': 'Encrypting… {done} of {total}',
  'env.done': 'Saved: {name}',
  'env.doneWhere': 'It is in your browser’s download folder (usually “Downloads”).',
  'env.send': 'Please attach this file to an email to {office}. Only {office} can open it (neither this page nor you can).',
  'env.expiredTitle': 'This return envelope has expired',
  'env.expired': 'It expired on {date}, so this page no longer sends files. Please contact {office}.',
  'env.broken': 'This page’s settings cannot be read. Please ask {office} for a new return envelope.',
  'env.honesty': 'The expiry date is checked by this page.',
  'common.japanTime': ' (Japan time)',
  'common.bytes': '{n} bytes',
};

let lang: Lang = 'ja';

export function setLang(l: string): Lang {
  lang = l === 'en' ? 'en' : 'ja';
  document.documentElement.lang = lang;
  return lang;
}

export function getLang(): Lang {
  return lang;
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const s = (lang === 'en' ? en : ja)[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

export function errorText(code: string, detail = ''): string {
  const key = `err.${code}` as Key;
  if (key in ja) return t(key);
  return t('err.unknown', { detail });
}

/** date shows an instant in Japan time, in the page's language's conventions. */
export function date(iso: string | undefined, withTime = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' };
  if (withTime) Object.assign(opts, { hour: '2-digit', minute: '2-digit' });
  const s = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ja-JP', opts).format(d);
  return s + t('common.japanTime');
}

/** expiry shows an expiry instant: the day, and the time unless it is the end of the day. */
export function expiry(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  if (hm === '23:59') return date(iso, false) + (lang === 'en' ? ', end of day' : ' まで');
  return date(iso, true) + (lang === 'en' ? '' : ' まで');
}

export function size(n: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  if (n < 1024) return t('common.bytes', { n: n.toLocaleString(lang === 'en' ? 'en-US' : 'ja-JP') });
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ${units[u]}`;
}
