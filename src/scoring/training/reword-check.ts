// How often the near-duplicate index matches texts that are not copies:
//   npx tsx src/scoring/training/reword-check.ts
// Each set is fed, in file order, through one DuplicateIndex (as the ingest job keeps one per
// brand), and the matches are counted by table: copies (3-word shingles) and reworded copies
// (content-word sets). On genuine reviews every match is a false one; the computer-generated
// fakes of salminen_dev, tweets (retweets, "National Ice Cream Day") and report sentences show
// what the tables do elsewhere. Then the hard set's copies: those flagged by scoreMention.
import { DuplicateIndex, REWORD_SIMILARITY } from '../minhash.js';
import { FAKE_SUSPECT_THRESHOLD, scoreMention } from '../score.js';
import { ratedReview, readTsv, REPO_ROOT } from './common.js';

const salminen = readTsv('fake-reviews/salminen_dev.tsv');
const sets: [string, string[]][] = [
  ['salminen_dev, genuine reviews', salminen.filter((r) => r.label === 'real').map((r) => r.text!)],
  ['salminen_dev, generated fakes', salminen.filter((r) => r.label !== 'real').map((r) => r.text!)],
  ['UCI review sentences', readTsv('sentiment/en_uci_sentences.tsv').map((r) => r.text!)],
  ['TweetEval tweets', readTsv('sentiment/en_tweeteval_val.tsv').map((r) => r.text!)],
  ['environmental-claim sentences', readTsv('claims/env_claims_train.tsv').map((r) => r.text!)],
];

console.log(`reworded-copy threshold: content-word Jaccard ≥ ${REWORD_SIMILARITY}; copies: shingle Jaccard ≥ 0.5`);
for (const [name, texts] of sets) {
  const idx = new DuplicateIndex();
  let copies = 0, reworded = 0;
  const examples: string[] = [];
  texts.forEach((t, i) => {
    const m = idx.check(`t${i}`, t);
    if (!m) return;
    if (m.basis === 'words') reworded++; else copies++;
    if (m.basis === 'words' && examples.length < 2) examples.push(`    ${m.similarity.toFixed(2)}  "${t.slice(0, 60)}…" ~ "${texts[Number(m.id.slice(1))]!.slice(0, 60)}…"`);
  });
  console.log(`${name}: ${texts.length} texts, ${copies} matched as copies, ${reworded} as reworded copies`);
  for (const e of examples) console.log(e);
}

// The hard set's copy-paste variants (kinds.tsv says which rows): the first of each template and
// language cannot be flagged (nothing came before it), the 18 that follow one can.
const hard = readTsv(`${REPO_ROOT}/test/fixtures/fake-hard/reviews.tsv`);
const kinds = readTsv(`${REPO_ROOT}/test/fixtures/fake-hard/kinds.tsv`).map((r) => r.kind);
const idx = new DuplicateIndex();
const flagged = { copy: 0, other: 0 };
const count = { copy: 0, other: 0 };
hard.forEach((r, i) => {
  const s = scoreMention(ratedReview(`r${i}`, r.text!, Number(r.rating), r.lang), { duplicates: idx });
  const k = kinds[i] === 'copy' ? 'copy' : 'other';
  count[k]++;
  if (s.scores.fake.likelihood >= FAKE_SUSPECT_THRESHOLD && s.scores.fake.copyOf) flagged[k]++;
});
console.log(`hard set (test/fixtures/fake-hard): ${flagged.copy} of ${count.copy} copy-paste variants flagged as copies (18 follow an earlier copy); ${flagged.other} of ${count.other} other reviews`);
