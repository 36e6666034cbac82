// Aspect-based sentiment: which parts of the offer a mention talks about (price, quality,
// brand fit, authenticity, service, delivery, packaging, ethics, contact frequency) and how it
// feels about each, from the clause that mentions it. EN + ES; triggers match accent-folded text.
// Polarity reuses the sentiment lexicon machinery on the clause, so "good price but slow
// delivery" gives price:positive and delivery:negative.

import type { AspectScore, SentimentLabel, SentimentScore } from '../core/types.js';
import { fold, tokenize } from './tokens.js';
import { prepare } from './sentiment-prep.js';
import { analyzeLexicon, languagePack } from './sentiment-lexicon.js';

export const ASPECTS = ['price', 'quality', 'brand-fit', 'authenticity', 'service', 'delivery', 'packaging', 'ethics', 'contact-frequency'] as const;
export type Aspect = (typeof ASPECTS)[number];

interface Rule {
  aspect: Aspect;
  re: RegExp;
  /** Polarity implied by the trigger itself (complaints such as "too many emails"). */
  implies?: SentimentLabel;
}

// Word lists are joined into one regular expression per aspect; matched on folded lower-case text.
const w = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean).join('|');
// Folded text is mostly ASCII, so plain \b (non-unicode mode) is right and several times faster.
const rule = (aspect: Aspect, words: string, implies?: SentimentLabel): Rule => ({ aspect, re: new RegExp(`\\b(?:${w(words)})\\b`), implies });

const RULES: Rule[] = [
  // Brand fit first: its triggers are complaints by themselves.
  rule('brand-fit', `nothing to do with (?:the |this |their |our )?(?:brand|company|label)|(?:doesn'?t|does not|don'?t) fit (?:the |their )?(?:brand|image)|off[- ]brand|not what (?:the brand|they|this brand) stands? for|out of character for (?:the |this )?brand|off[- ]mission
    no tiene nada que ver con (?:la |esta |su )?(?:marca|empresa|filosofia|esencia)|nada que ver con (?:la |su )?(?:marca|esencia)|no pega (?:nada )?con (?:la |su )?(?:marca|imagen)|no encaja con (?:la |su )?(?:marca|imagen|filosofia)|no representa (?:a )?(?:la |su )?marca`, 'negative'),
  rule('brand-fit', `true to (?:the |their )?brand|so on brand|on[- ]brand|fiel a (?:la |su )?(?:marca|esencia|estilo)|muy de la marca|100% (?:de la marca|su estilo)`, 'positive'),
  rule('contact-frequency', `(?:e-?mails?|texts?|messages?|calls?|sms|notifications?) (?:me )?(?:every|each) (?:single )?(?:day|hour|morning)|(?:emails?|texts?|messages?|calls?) (?:me )?(?:\\d+|several|multiple|three|four|five) times a day
    too many (?:e-?mails?|messages?|calls?|texts?|notifications?|newsletters?)|(?:keep|keeps|kept) (?:calling|emailing|texting|messaging|spamming)|constant (?:e-?mails?|calls?|messages?|notifications?)
    (?:spam|spamming|spammed)|useless (?:e-?mails?|messages?|notifications?|newsletters?)|unsubscribe|unsubscribed|bombard(?:ed|ing)? (?:me |us )?with
    me (?:llaman|escriben|mandan|envian) (?:correos |mensajes |emails |sms )?(?:constantemente|todos los dias|cada dia|a diario|sin parar|continuamente|cada hora)
    (?:llaman|escriben|mandan|envian) (?:\\w+ )?(?:constantemente|todos los dias|cada dia|a diario|sin parar|continuamente|cada hora)
    demasiados (?:correos|mensajes|emails|e-mails|sms|llamadas|avisos|notificaciones)|demasiadas (?:llamadas|notificaciones)|no paran de (?:llamar|escribir|mandar|enviar)(?:me|nos)?
    (?:correos|mensajes|emails|llamadas|notificaciones) (?:inutiles|constantes|diarios|a diario)|darme de baja|me di de baja|me doy de baja|me he dado de baja|spam`, 'negative'),
  rule('price', `price|prices|priced|pricey|pricing|expensive|overpriced|cheap|cheaper|affordable|cost|costs|costly|value for money|good value|great value|worth (?:the |every )?(?:money|penny|price)|bargain|rip ?off|money|refund(?:ed)?|\\d+ ?(?:dollars|euros|pounds)|\\d+(?=€|\\$|£)|(?<=[$€£])\\d+
    precio|precios|caro|cara|caros|caras|carisimo|carisima|barato|barata|baratos|baratas|cuesta|cuestan|coste|costo|economico|economica|asequible|calidad[- ]precio|vale la pena|merece la pena|dinero|oferta|descuento|euros|pesos|chollo|ganga|vale cada euro|dinero tirado`),
  rule('quality', `quality|well made|poorly made|cheaply made|badly made|materials?|fabric|build|durable|sturdy|flimsy|broke|broken|breaks|fell apart|falls apart|defective|faulty|stopped working|doesn'?t work|didn'?t work|lasts?|lasted|worn out|tear|torn|ripped|works (?:great|well|perfectly)|finish|stitching
    calidad|materiales?|tela|acabados?|duradero|duradera|resistente|resistentes|se rompio|se rompe|roto|rota|rotos|se estropeo|se estropea|defectuos[oa]|se desgasta|se despega|se descosio|se descose|no funciona|dejo de funcionar|funciona (?:genial|bien|perfectamente|de maravilla)|aguanta|dura (?:mucho|poco|nada)|se transparenta|fina`),
  rule('authenticity', `fake|fakes|counterfeit|knock-?off|replica|imitation|genuine|authentic|authenticity|original product|not (?:the )?real|not original|legit
    falso|falsa|falsos|falsas|falsificad[oa]s?|falsificacion|imitacion|replica|autentic[oa]s?|original|originales|no es original|pirata`),
  rule('service', `customer service|customer support|customer care|support team|support|staff|agents?|reps?|representative|helpdesk|help desk|live chat|(?:no|never|nobody) (?:one )?(?:answers?|responds?|replied|responded|got back)|response time|responded|replied|hung up|rude|helpful|unhelpful|manager|cashier|waiter|waitress
    atencion al cliente|servicio al cliente|servicio tecnico|servicio postventa|soporte|personal|dependienta?|dependientes|me atendieron|nos atendieron|atendio|atencion|trato|nadie (?:me |nos )?(?:responde|contesta|lo soluciona|sabe nada)|ni me contestan|no contestan|no responden|sin respuesta|respuesta|te cuelgan|cuelgan el telefono|amable|amables|grosero|grosera`),
  rule('delivery', `delivery|deliveries|delivered|deliver|shipping|shipped|shipment|arrived|arrives|arrive|arrival|courier|postman|tracking|dispatch(?:ed)?|on time|late|delayed|delay|never came|lost (?:in the post|package|parcel)|took (?:\\w+ )?(?:days|weeks)|(?:package|parcel) (?:was )?(?:left|lost)
    envio|envios|entrega|entregas|entregado|entregaron|llego|llegaron|llega|llegan|lleg[oó] tarde|repartidor|repartidora|mensajero|mensajeria|seguimiento|tardaron|tardo|tarda|a tiempo|retraso|retrasos|retrasado|paquete|pedido perdido|perdido|en la calle|sin recibir|no me ha llegado`),
  // Delivery complaints that carry no sentiment word ("took three weeks", "tardaron tres semanas").
  rule('delivery', `took (?:\\w+ )?(?:weeks|months)|never (?:came|arrived)|still (?:waiting|hasn'?t arrived)|arrived (?:late|broken|damaged|crushed|open)|lost (?:in the post|my (?:package|parcel|order))
    (?:tardaron|tardo|tarda|llevo|lleva) (?:\\w+ ){0,2}(?:semanas|meses)|llego (?:tarde|roto|rota|abierto|abierta|danado|danada)|nunca llego|no (?:me )?ha llegado|(?:paquete|pedido) (?:\\w+ ){0,3}perdido|sin recibir`, 'negative'),
  rule('packaging', `packaging|packed|package was|box|boxes|wrapping|wrapped|bubble wrap|seal|sealed|container|bottle|jar|lid|plastic packaging|excess packaging
    embalaje|empaquetado|empaquetada|empaque|envase|envases|caja|cajas|envoltorio|envuelto|envuelta|precinto|precintado|bote|tapa|frasco|capas de plastico`),
  rule('ethics', `sustainab(?:le|ility)|eco-?friendly|environment(?:al|ally)?|ethical(?:ly)?|unethical|cruelty[- ]free|tested on animals|animal testing|vegan|recycl(?:e|ed|able|ing)|greenwash(?:ing)?|child labou?r|sweatshops?|fair trade|carbon|plastic waste|exploit(?:ation|ing|s)?|workers'? rights
    sostenible|sostenibles|sostenibilidad|ecologic[oa]s?|medio ambiente|medioambiental|etic[oa]|poco etico|testad[oa] en animales|prueban en animales|vegan[oa]s?|reciclable|reciclables|reciclad[oa]|reciclaje|lavado verde|greenwashing|explotacion|trabajo infantil|comercio justo|huella de carbono|residuos plasticos`),
];

// Clauses end at sentence punctuation and at contrast words ("good price but slow delivery").
const CLAUSE_SPLIT = /[.!?;\n]+|,\s*(?=(?:but|however|pero|aunque|sin embargo|although)\b)|\s(?=(?:but|however|pero|aunque|sin embargo|although|mientras que|whereas)\s)/giu;

export type SentimentHint = SentimentScore | SentimentLabel | undefined;

/**
 * Aspects mentioned in `text`, each with the polarity of its own clause and the clause quoted.
 * One entry per aspect (the most opinionated clause wins). Never throws.
 */
export function extractAspects(text: string, lang: string, sentimentHint?: SentimentHint): AspectScore[] {
  try {
    return extract(text, lang, sentimentHint);
  } catch {
    return [];
  }
}

function extract(text: string, lang: string, hint: SentimentHint): AspectScore[] {
  const prep = prepare(text);
  if (prep.tokens.length === 0) return [];
  const pack = languagePack(lang === 'en' || lang === 'es' ? lang : 'und');
  const hintLabel: SentimentLabel | undefined = typeof hint === 'string' ? hint : hint?.label;
  // Most mentions name no aspect or one: test each rule on the whole text once, then only the
  // rules that matched are tried clause by clause.
  const foldedAll = fold(prep.text.toLowerCase());
  const rules = RULES.filter((r) => r.re.test(foldedAll));
  if (rules.length === 0) return [];
  const clauses = splitClauses(prep.text);
  const best = new Map<Aspect, { polarity: SentimentLabel; evidence: string; strength: number }>();
  for (const clause of clauses) {
    const folded = fold(clause.toLowerCase());
    let clauseScore: number | undefined;
    for (const r of rules) {
      if (!r.re.test(folded)) continue;
      clauseScore ??= analyzeLexicon(tokenize(clause), pack).score;
      let polarity: SentimentLabel = clauseScore > 0.05 ? 'positive' : clauseScore < -0.05 ? 'negative' : 'neutral';
      let strength = Math.abs(clauseScore);
      if (r.implies && (polarity === 'neutral' || r.implies === 'negative')) {
        // The trigger is itself the judgement ("they email me every day").
        polarity = r.implies;
        strength = Math.max(strength, 0.5);
      } else if (polarity === 'neutral' && hintLabel && hintLabel !== 'neutral' && clauses.length === 1) {
        // A one-clause mention: the whole-text sentiment is this clause's sentiment.
        polarity = hintLabel;
        strength = 0.1;
      }
      const prev = best.get(r.aspect);
      if (!prev || strength > prev.strength) best.set(r.aspect, { polarity, evidence: quote(clause), strength });
    }
  }
  const out: AspectScore[] = [];
  for (const a of ASPECTS) {
    const b = best.get(a);
    if (b) out.push({ aspect: a, polarity: b.polarity, evidence: b.evidence });
  }
  return out;
}

function splitClauses(text: string): string[] {
  return text.split(CLAUSE_SPLIT).map((c) => c.trim()).filter((c) => c.length > 1);
}

function quote(clause: string): string {
  const c = clause.replace(/\s+/g, ' ').trim();
  return c.length > 160 ? c.slice(0, 157) + '…' : c;
}
