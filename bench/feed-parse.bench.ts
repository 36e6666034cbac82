// Feed parsing, items per second, in memory on one core: TrustLens's parseFeed (htmlparser2 in
// XML mode + normalisation to RawMention) vs rss-parser's parseString (xml2js) on the same feeds:
// an RSS 2.0 news feed and a Reddit-like Atom feed, 500 items each.
// TrustLens does more per item (HTML → text, dates → ISO, ids, authors, ratings); rss-parser
// returns raw strings (plus a regex-stripped snippet). Run: npx tsx bench/feed-parse.bench.ts [--items 500] [--reps 7]
import Parser from 'rss-parser';
import { parseFeed } from '../scrapers/feed.js';
import { bigAtom, bigRss } from '../test/fixtures/site/feeds.js';
import { median } from '../test/fixtures/site/process.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ITEMS = arg('items', 500);
const REPS = arg('reps', 7);
const feeds = { 'RSS 2.0': [bigRss(ITEMS, 1), bigRss(ITEMS, 2)], Atom: [bigAtom(ITEMS, 1), bigAtom(ITEMS, 2)] };
const rss = new Parser();

/** Items/s of both parsers, measured in alternating repetitions so machine noise hits both alike. */
async function rates(ours: (xml: string) => number, theirs: (xml: string) => Promise<number>, docs: string[], loops: number): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < REPS; r++) {
    for (const side of r % 2 ? ['b', 'a'] : ['a', 'b']) {
      let items = 0;
      const t0 = performance.now();
      for (let l = 0; l < loops; l++) for (const d of docs) items += side === 'a' ? ours(d) : await theirs(d);
      (side === 'a' ? a : b).push((items / (performance.now() - t0)) * 1000);
    }
  }
  return [median(a), median(b)];
}

console.log(`feed-parse: ${ITEMS} items per feed, medians of ${REPS} alternating reps; node ${process.version}`);
for (const [name, docs] of Object.entries(feeds)) {
  // warm-up
  for (let i = 0; i < 3; i++) {
    parseFeed(docs[0], 'https://x.example/');
    await rss.parseString(docs[0]);
  }
  const [ours, theirs] = await rates((x) => parseFeed(x, 'https://x.example/').items.length, async (x) => (await rss.parseString(x)).items.length, docs, 5);
  const kb = (Buffer.byteLength(docs[0]) / 1024).toFixed(0);
  console.log(`  ${name.padEnd(8)} (${kb} KB): TrustLens parseFeed ${Math.round(ours).toLocaleString('en')} items/s   rss-parser ${Math.round(theirs).toLocaleString('en')} items/s   ratio ${(ours / theirs).toFixed(2)}×`);
}
