import { describe, expect, it } from 'vitest';
import { scoreDisclosure } from '../../src/scoring/disclosure.js';

const brand = { name: 'Lumina', handles: ['@luminaskin'], keywords: ['lumina'] };
const s = (t: string) => scoreDisclosure(t, { brand });

describe('scoreDisclosure', () => {
  it('up-front disclosure', () => {
    const r = s('#ad Loving my new Aurora serum from @luminaskin! Use code SARA20 for 20% off');
    expect(r).toMatchObject({ sponsored: true, disclosed: true, placement: 'upfront' });
    expect(r.disclosures).toContain('#ad');
    expect(s('Publicidad | Mi rutina con @luminaskin, código SARA20').placement).toBe('upfront');
    expect(s('Colaboración pagada con Lumina: el nuevo sérum').disclosed).toBe(true);
    expect(s('Paid partnership with @luminaskin').disclosed).toBe(true);
    expect(s('Ad: my favourite serum').disclosed).toBe(true);
    expect(s('Mi rutina de noche #publi').disclosed).toBe(true);
    // Thanking the brand "for sponsoring this video" says it is sponsored.
    expect(s('thanks to @luminaskin for sponsoring this video!')).toMatchObject({ sponsored: true, disclosed: true, placement: 'upfront' });
    expect(s('Gracias a @luminaskin por patrocinar este vídeo 💕').disclosed).toBe(true);
  });
  it('undisclosed sponsorship', () => {
    const r = s('Loving my new Aurora serum from @luminaskin! Use code SARA20 for 20% off');
    expect(r).toMatchObject({ sponsored: true, disclosed: false, placement: 'none' });
    expect(r.signals.join(' ')).toMatch(/discount code/);
    expect(s('Me lo han regalado @luminaskin y me encanta #regalo').sponsored).toBe(true);
    expect(s('Shop my look: https://rstyle.me/abc').signals.join()).toMatch(/affiliate/);
    expect(s('thanks @luminaskin for the PR package!').signals.join()).toMatch(/thanks @brand/);
    expect(s('Get it here https://bit.ly/xyz @luminaskin').signals.join()).toMatch(/affiliate link/);
  });
  it('buried disclosure in a trailing hashtag block', () => {
    const r = s('Morning routine with the Aurora serum, my skin has never looked this good. I have been using it for three weeks now and honestly the glow is real.\n\nUse code SARA20\n.\n.\n#skincare #glow #luminaskin #ad');
    expect(r).toMatchObject({ sponsored: true, disclosed: true, placement: 'buried' });
    expect(r.signals.join(' ')).toMatch(/buried/);
  });
  it('#ad at the end of a string of hashtags is buried, even on a short first line', () => {
    const r = s('Loving my new serum from @luminaskin so hydrating #skincare #glow #selfcare #beauty #ad');
    expect(r).toMatchObject({ disclosed: true, placement: 'buried' });
    expect(r.signals).toContain('disclosure buried: after 4 hashtags in a row');
    expect(s('#ad #skincare #glow #selfcare my new serum from @luminaskin').placement).toBe('upfront');
    expect(s('My new serum from @luminaskin #skincare #ad').placement).toBe('upfront');
  });
  it('a gift, an affiliate link or a free product named as such is disclosed', () => {
    expect(s('PR package from @luminaskin arrived #gifted')).toMatchObject({ sponsored: true, disclosed: true, placement: 'upfront' });
    expect(s('Gifted by @luminaskin but all opinions are my own').disclosures).toEqual(['Gifted by']);
    expect(s('Shop it here https://rstyle.me/abc (affiliate link, I earn a small commission)')).toMatchObject({ sponsored: true, disclosed: true });
    expect(s('Los enlaces son de afiliado: https://amzn.to/x1').disclosed).toBe(true);
    const free = s('I got this for free in exchange for an honest review');
    expect(free).toMatchObject({ sponsored: true, disclosed: true });
    expect(free.signals.join()).toMatch(/free product: "got this for free"/);
    expect(s('They sent me this complimentary, love it @luminaskin')).toMatchObject({ sponsored: true, disclosed: false });
    expect(s('Me lo regalaron gratis, a cambio de una reseña honesta').disclosed).toBe(true);
    // A thank-you is a signal, not a disclosure.
    expect(s('Thanks @luminaskin for sending this over!')).toMatchObject({ sponsored: true, disclosed: false });
    expect(s('Envío gratis en toda la tienda').sponsored).toBe(false);
    // The UK creators' "PR |" label up front names a gift, as "Gifted," opening a post does.
    expect(s('PR | Lumina sent me their new serum and I am obsessed')).toMatchObject({ sponsored: true, disclosed: true, placement: 'upfront', disclosures: ['PR |'] });
    expect(s('Lumina sent me their new serum and I am obsessed')).toMatchObject({ sponsored: true, disclosed: false });
    expect(s('PR product from Lumina, honest thoughts below').signals.join()).toMatch(/gifted: "PR product"/);
    expect(s('so glad they sent me their latest drop #pr')).toMatchObject({ sponsored: true, disclosed: false });
    // Not a gift: a wrong order, a PR team.
    expect(s('Amazon sent me the wrong size again').sponsored).toBe(false);
    expect(s('My PR team loves this').sponsored).toBe(false);
  });
  it('reads how creators really disclose and hint: brand-partner tags, plain gift statements, hosted trips, (affiliate)', () => {
    expect(s('Kayo streaming the footy with zero lag tonight. W. #kayopartner')).toMatchObject({ sponsored: true, disclosed: true });
    expect(s('Gifted, but I already repurchased: the BHA liquid is the reason my nose has no blackheads')).toMatchObject({ disclosed: true, placement: 'upfront' });
    expect(s('PS5 Pro graphics are unreal. Sony sent me one to try, full breakdown on YouTube').disclosed).toBe(true);
    expect(s('Jet2 holidays are the gold standard (hosted trip, but I booked twice on my own dime)').disclosed).toBe(true);
    expect(s('Card link in bio if you want in (affiliate)').disclosed).toBe(true);
    // Invited, lent, looked after: said in words, these disclose (the helper-labelled set agrees).
    expect(s('Me invitaron al hotel para hacer contenido y la verdad, habitación sucia').disclosed).toBe(true);
    expect(s('Thanks @CanonUSA for letting me borrow the R5 for the weekend').disclosed).toBe(true);
    expect(s('PR package from @rarebeauty arrived today').disclosed).toBe(true);
    expect(s('La marca me la envió gratis, pero tengo que ser honesta: se atasca con las alfombras').disclosed).toBe(true);
    // Hints without a disclosure: a lent car, a flight out, a referral link, a collab, the FTC's ambiguous tags.
    for (const t of ['thanks @KiaUK for the loan, full review on the channel', 'Audi flew a few creators out to see the new e-tron', 'Referral link in bio if you are buying',
      'Collab with @Nespresso going live next week', 'New serum day #sp', 'Loving my new jacket #spon', 'Gracias por recibirnos, qué fin de semana']) {
      expect(s(t), t).toMatchObject({ sponsored: true, disclosed: false });
    }
  });
  it('names the brand or says nothing: "@brand sent me this for free" and "colaboración con @marca" disclose, #partner alone does not', () => {
    expect(s('@ninjakitchen sent me this for free 👀 testing it tonight').disclosed).toBe(true);
    expect(s('Colaboración con @havannaoficial 🧉 alfajores y mate').disclosed).toBe(true);
    expect(s('Producto regalado por @freshlycosmetics, opinión sincera').disclosed).toBe(true);
    expect(s('Regalo de la marca 🎀 el nuevo collar de la colección Bear').disclosed).toBe(true);
    expect(s('Esta colaboración es pagada por @oxxo 😅 pero el café me salva').disclosed).toBe(true);
    expect(s('AD – two nights at @thepighotel in the New Forest').placement).toBe('upfront');
    expect(s('Sunset laps at Bondi\nWater was 19 degrees\nAd').disclosed).toBe(true);
    for (const t of ['#partner @redbullspain salto de 25 metros', '#brandambassador @celsiusofficial my 5am gym partner', 'My Amazon storefront is updated, link in bio',
      'So grateful to @fourseasons for having us 🌴', 'Check out the game using my link in the description', 'Code TAYLOR saves you 25% on @fashionnova',
      'SORTEO 🎁 Junto a @rituals_es sorteamos un cofre']) {
      expect(s(t), t).toMatchObject({ sponsored: true, disclosed: false });
    }
    // Past 125 characters on one long line is below the fold.
    expect(s(`${'Okay I need to talk about this lip oil because I have gone through three tubes since January and nobody warned me'} it is the @diorbeauty one #ad`).placement).toBe('buried');
  });
  it('a denial discloses nothing: "this isn\'t sponsored by anyone", "not a paid post", "no es publi"', () => {
    expect(s("this isn't sponsored by anyone, I just love it").sponsored).toBe(false);
    expect(s('Not a paid post, I bought it myself').sponsored).toBe(false);
    expect(s('No es publi, lo compré yo').sponsored).toBe(false);
    expect(s('Not sponsored! #notsponsored').sponsored).toBe(false);
    expect(s('Nadie me la ha regalado ni me pagan por decir esto').sponsored).toBe(false);
    expect(s('Giveaway closed! Winner of the Sambas is @rach.runs').sponsored).toBe(false);
    // Only a negation right before the words denies them.
    expect(s('no filter, no makeup #ad').disclosed).toBe(true);
  });
  it('ordinary posts are not sponsored', () => {
    expect(s('I bought this myself and I love it').sponsored).toBe(false);
    expect(s('@luminaskin my order never arrived').sponsored).toBe(false);
    expect(s('I read an ad: nothing special').disclosed).toBe(false);
    expect(s('  AD: said at the start').disclosed).toBe(true);
    expect(s('my routine (ad) with the serum').disclosed).toBe(true);
    expect(s('had a bad day: code red').sponsored).toBe(false);
    // "gifted" the adjective is talent, not a gift (a UCI film review read as undisclosed sponsorship).
    expect(s('more great things to come from this gifted actor').sponsored).toBe(false);
    expect(s('she is so gifted').sponsored).toBe(false);
    expect(s('Lumina gifted me this serum').sponsored).toBe(true);
    // The writer giving a gift is no gift received (a real product review).
    expect(s('I gifted this to a friend who is a serious coffee drinker').sponsored).toBe(false);
    expect(s('').placement).toBe('none');
  });
  it('"thanks @…" is a signal when it thanks the brand, not another account, once the brand is known', () => {
    const brand = { name: 'Maya Lune', handles: ['@mayalune'], keywords: [] };
    expect(scoreDisclosure('Thank you @user for the message', { brand }).sponsored).toBe(false);
    expect(scoreDisclosure('thanks @photog for the pics, calendar from @mayalune is gorgeous', { brand }).sponsored).toBe(false);
    expect(scoreDisclosure('thanks @mayalune for this calendar!', { brand }).signals[0]).toBe('thanks @brand: "thanks @mayalune"');
    expect(scoreDisclosure('so grateful to @MayaLune 💜', { brand }).sponsored).toBe(true);
    // Without a brand, any account thanked may be one.
    expect(scoreDisclosure('Thank you @user for the message').sponsored).toBe(true);
  });
});

describe('disclosure rule prefilters', () => {
  it('every match of a rule contains one of its needed strings', async () => {
    const { DISCLOSURES, SIGNALS } = await import('../../src/scoring/disclosure.js');
    const { foldWithMap } = await import('../../src/scoring/claims.js');
    const { seededRandom } = await import('../../src/scoring/classifier.js');
    const bits = ['#ad', '#ads', 'ad:', 'Ad |', '(ad)', '\n', 'anuncio:', 'publi -', '#spon', '#paidad', '#partner', 'paid partnership', 'sponsored by', 'in partnership with',
      'this post is sponsored', 'paid promotion', 'sponsored content', '#publi', '#colaboracion', '#ad_es', 'colaboración pagada', 'contenido patrocinado', 'patrocinado', 'patrocinada por',
      'use code', 'my code: sara20', 'código descuento x1', 'cupon 10', 'code sara20', '20% off', '15 % de descuento', 'amzn.to/x', 'amazon.es/p?tag=1', '?ref=2', '&utm_source=x',
      'liketk.it/1', 'linktr.ee', 'gifted', 'PR package', 'sent me this', 'kindly sent', 'me lo han regalado', 'nos han enviado', 'regalo de', '#regalo', '#giftedby', 'thanks @lumina',
      'gracias a @x', '#gifted', 'gifted by', 'was gifted', 'regalo de @x', '#affiliate', 'affiliate link', 'earn a commission', 'commission earned',
      'enlace de afiliado', 'gano una comision', 'in exchange for a review', 'a cambio de una reseña', 'got this for free', 'received it free of charge', 'sent me complimentary',
      'me lo regalaron gratis', 'muestra gratuita de', 'gratis', 'free', 'brand ambassador', 'embajadora de', '#embajador', 'x', 'y', 'and', 'the serum', ':', '|', '-', ')', ' ',
      '#xboxpartner', '#elfambassador', '#gymsharkathlete', '#sp', '#collab', 'collab with @x', 'teamed up with @x', 'sorteo con @x', 'flew me out', 'on loan',
      'me invitaron', 'cortesía de @x', 'courtesy of @x', 'referral link', 'sign up with my link', 'all opinions are my own', 'opiniones son mías', 'code in bio',
      'my gymshark code', 'PR sent me', 'i was sent', 'the brand sent me', 'sent me one to try', 'la marca me lo envió', 'me lo mandaron para probar', 'hosted trip',
      'trip was hosted by', 'press trip', 'covered this stay', 'viaje de prensa', '(affiliate)', 'paid campaign', 'Gifted,', 'not', "isn't", 'no es',
      '#partner', '#brandambassador', 'colaboración con @x', 'publi con x', 'pagada por @x', 'regalo de la marca', 'regalado por @x', '@x me mandó', '@x sent me this',
      'grateful to @x', 'thanks to the @x team', 'code TAYLOR saves', 'código ANDRE para', 'amazon storefront', 'shop my looks', 'for having us', 'set us up',
      'gracias por contar conmigo', 'using my link', 'con mi link', 'sorteo con @x', 'junto a @x', 'giveaway with @x', 'nadie me lo ha regalado', '@x me lo mandó', '@x nos envió', 'la marca nos los regaló',
      'PR package from @x', 'let me keep it', 'letting me borrow', 'sent me this for free', 'send us them for free', 'hooked us up', 'hosted by @x',
      '(hosted', 'stay courtesy of @x', 'me invitaron', 'invitación de la marca', 'nos pagaron los vuelos', 'they covered my flights', 'es publi', 'en alianza con @x',
      'embajadora de @x', 'ambassador for @x', "i'm a paid", 'paid athlete', 'mi código abc', 'link de descuento', 'descuento exclusivo', '#socio',
      'collab w/ @x', 'represent @x', 'me prestaron', 'my link in', 'nothing', 'nada de esto es', 'AD·', 'Publi en', 'sponsored posts', 'AD –', 'ad.', 'Ad\n', 'PR |', 'pr:', 'PR-', 'PR product', '#pr', 'sent me their new', 'sent us its latest'];
    const r = seededRandom(11);
    let hits = 0;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + Math.floor(r() * 8) }, () => bits[Math.floor(r() * bits.length)]).join(r() < 0.6 ? ' ' : '');
      const folded = foldWithMap(text).folded;
      for (const rule of [...DISCLOSURES, ...SIGNALS]) {
        const re = new RegExp(rule.re.source, rule.re.flags);
        for (const m of folded.matchAll(re)) {
          hits++;
          expect(rule.need.some((x) => folded.includes(x)), `${rule.label}: "${m[0]}" in "${folded}"`).toBe(true);
          // The 'ad:' rule is also gated: a match is at the start or after one of \n | • · ( [.
          if (rule.label === 'ad:') expect(/[\n|•·(\[]/.test(folded) || /^\s*(?:ad|anuncio|publi)/u.test(folded), `ad: gate in "${folded}"`).toBe(true);
        }
      }
    }
    expect(hits).toBeGreaterThan(3000);
  });
});

describe('brand tag cache', () => {
  it('follows a brand edited in place', () => {
    const b = { name: 'Lumina', handles: ['@luminaskin'], keywords: ['lumina'] };
    const post = 'Loving this from @auroralabs, use code SARA20';
    expect(scoreDisclosure(post, { brand: b }).signals.join()).not.toMatch(/brand tagged/);
    b.handles.push('@auroralabs');
    expect(scoreDisclosure(post, { brand: b }).signals.join()).toMatch(/brand tagged: "@auroralabs"/);
    b.handles = [];
    b.name = 'Aurora Labs';
    expect(scoreDisclosure(post, { brand: b }).signals.join()).toMatch(/brand tagged: "@auroralabs"/);
    b.name = 'Other';
    expect(scoreDisclosure(post, { brand: b }).signals.join()).not.toMatch(/brand tagged/);
    // Same answers as a fresh brand object each time.
    expect(scoreDisclosure(post, { brand: b })).toEqual(scoreDisclosure(post, { brand: structuredClone(b) }));
  });
});

describe('our labelled set of influencer captions (test/fixtures/disclosure, written without the rules)', () => {
  it('keeps its test-half figures (npm run eval:disclosure: status right 0.83; needs-a-fix precision 0.86, recall 0.80)', async () => {
    const { disclosureFigures } = await import('../../src/scoring/training/eval-disclosure.js');
    const f = disclosureFigures('test');
    expect(f.rows).toBe(100);
    expect(f.accuracy).toBeGreaterThanOrEqual(0.79);
    expect(f.flag.precision).toBeGreaterThanOrEqual(0.82);
    expect(f.flag.recall).toBeGreaterThanOrEqual(0.76);
  });
});
