// Emoji, emoticon and hashtag polarity written for TrustLens (−4..+4). Emoji carry most of the
// sentiment of short social posts, and they are language-independent.

/** Emoji → valence. Looked up with variation selectors and skin tones stripped. */
export const EMOJI: ReadonlyMap<string, number> = new Map(Object.entries({
  '😍': 3, '🥰': 3, '😘': 2, '😻': 3, '❤': 3, '❤️': 3, '♥': 3, '💕': 3, '💖': 3, '💗': 3, '💓': 3, '💞': 3,
  '💘': 3, '💙': 2, '💚': 2, '💛': 2, '💜': 2, '🧡': 2, '🤍': 2, '🖤': 1, '😊': 2, '☺': 2, '🙂': 1, '😀': 2,
  '😃': 2, '😄': 2, '😁': 2, '😆': 2, '😂': 1, '🤣': 1, '😅': 0, '😉': 1, '😋': 2, '😎': 2, '🤩': 3, '🥳': 3,
  '😇': 2, '🤗': 2, '👍': 2, '👏': 2, '🙌': 2, '💪': 2, '👌': 2, '✌': 1, '🙏': 1, '🎉': 3, '🎊': 3, '✨': 1,
  '⭐': 2, '🌟': 2, '💯': 2, '🔥': 2, '🏆': 2, '🥇': 2, '💐': 2, '🌸': 1, '☀': 1, '😌': 1, '🤤': 1, '🫶': 3,
  '✅': 1, '💝': 3, '😺': 1, '😸': 2, '🤑': 0, '🆗': 1,
  '😞': -2, '😔': -2, '😟': -2, '😕': -1, '🙁': -2, '☹': -2, '😣': -2, '😖': -2, '😫': -2, '😩': -2, '😢': -2,
  '😭': -2, '😤': -2, '😠': -3, '😡': -3, '🤬': -4, '😒': -2, '🙄': -2, '😑': -1, '😐': -1, '😬': -1, '🤢': -3,
  '🤮': -3, '😷': -1, '🤒': -2, '😱': -2, '😨': -2, '😰': -2, '😥': -1, '😓': -1, '💔': -3, '👎': -2, '🖕': -4,
  '💩': -3, '🤦': -2, '🤷': -1, '😪': -1, '😴': -1, '🥱': -1, '😵': -2, '🤯': -1, '😿': -2, '❌': -1, '🚫': -2,
  '⚠': -1, '🤡': -2, '🙃': -1, '😏': 0, '🤔': 0, '🧐': 0, '😳': -1, '🥺': -1, '😮': 0, '😲': 0, '🐍': -2,
  '🗑': -2, '💸': -1, '🤐': -1, '😶': -1,
}));

/** Emoticons (as produced by the shared tokenizer, lower-cased) → valence. */
export const EMOTICONS: ReadonlyMap<string, number> = new Map(Object.entries({
  ':)': 2, ':-)': 2, ':))': 2, ':)))': 3, '=)': 2, ':d': 2, ':-d': 2, '=d': 2, 'xd': 1, ';)': 1, ';-)': 1,
  ':p': 1, ':-p': 1, ';p': 1, '<3': 3, ':3': 1, '(:': 2, '8)': 1, ':]': 2,
  ':(': -2, ':-(': -2, ':((': -3, ":'(": -2, '=(': -2, '):': -2, ':/': -1, ':-/': -1, ':\\': -1, ':|': -1,
  ':-|': -1, ':[': -2, 'd:': -2, ':@': -3,
}));

/** Hashtag bodies (lower-case, no '#') with a polarity of their own, across languages. */
export const HASHTAGS: ReadonlyMap<string, number> = new Map(Object.entries({
  fail: -3, epicfail: -3, fails: -2, wtf: -3, disappointed: -2, notimpressed: -2, neveragain: -3, boycott: -3,
  scam: -3, ripoff: -3, shame: -2, sad: -2, worst: -3, badservice: -3, customerservicefail: -3, unhappy: -2,
  love: 3, loveit: 3, win: 2, winning: 2, blessed: 2, happy: 2, amazing: 3, awesome: 3, best: 2, yum: 2,
  goodvibes: 2, recommended: 2, musthave: 2, obsessed: 2, favorite: 2, thankful: 2, grateful: 2,
  estafa: -3, verguenza: -3, nuncamas: -3, decepcion: -2, fatal: -2, boicot: -3, timo: -3, indignante: -3,
  encanta: 3, meencanta: 3, feliz: 2, genial: 3, recomendado: 2, top: 2, brutal: 2, amor: 2,
}));

/** Strips variation selectors, ZWJ sequences' tails and skin tones so "👍🏽" finds "👍". */
export function emojiBase(e: string): string {
  const cp = e.codePointAt(0);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}
