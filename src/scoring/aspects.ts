// Aspect-based sentiment: which parts of the offer a mention talks about (price, quality, brand
// fit, authenticity, service, delivery, packaging, ethics, contact frequency) and how it feels
// about each, from the part of the sentence that mentions it. EN + ES.
//
// Triggers are token sequences looked up in a small trie over the tokens the pipeline already
// computed (no regular expression runs per post): one Map probe per token, a walk only where a
// trigger starts. Polarity reuses the lexicon analysis of the whole text (sentiment computed it
// already; analyzeLexicon remembers its last call), summed over the trigger's clause, so "good
// price but slow delivery" gives price:positive and delivery:negative, and "rude staff and the box
// arrived crushed" gives service and packaging each its own evidence.

import type { AspectScore, MentionKind, SentimentLabel, SentimentScore } from '../core/types.js';
import { fold, memoSlot, type Token } from './tokens.js';
import { prepare, type PreparedText } from './sentiment-prep.js';
import { analyzeLexicon, languagePack, type Hit } from './sentiment-lexicon.js';
import { aspectModel, learnedAspects, type AspectModel } from './aspect-model.js';
import { MODEL_SURE, keepsOwnReading, predictPolarity, type PolarityInput } from './aspect-polarity.js';
import { sarcasmIn } from './sarcasm.js';
import { CONSUMABLES } from './consumables.js';

export const ASPECTS = ['price', 'quality', 'brand-fit', 'authenticity', 'service', 'delivery', 'packaging', 'ethics', 'contact-frequency'] as const;
export type Aspect = (typeof ASPECTS)[number];

// ---------------------------------------------------------------------------------------------
// Trigger table. One pattern per line, words accent-folded and lower-case. Syntax:
//   (a|b c|d)   alternatives, each a sequence of words;  x?  or  (…)?  optional;
//   _           any one word;  #num  any number;  #money  a number with a currency sign ("5€", "$20").
// Patterns expand into plain word sequences once, at load.

const MAILS = '(e-mail|e-mails|email|emails|text|texts|message|messages|call|calls|sms|notification|notifications)';
/** Container words, for the rule that tells a review of a box from a box a product came in. */
const CONTAINERS = '(box|boxes|jar|jars|bottle|bottles|lid|lids|container|containers|canister|canisters|pump|pumps|pouch|pouches|tube|tubes|tin|tins|dispenser|dispensers|caja|cajas|bote|botes|frasco|frascos|tapa|tapas|tubo|tubos|lata|latas|dosificador)';
const ES_TIMES = '(constantemente|todos los dias|cada dia|a diario|sin parar|continuamente|cada hora)';

/**
 * `implies`: the match is itself a verdict (a complaint wins over its clause; praise fills a
 * neutral or mildly negative one). `leans`: the match usually is one, so it only fills a clause
 * that says nothing ("$599 for a hair dryer", but "$10 for a pack of six, great deal" is praise).
 * `hides`: matches of that aspect (or those aspects) inside this rule's match are not read
 * ("looks cheap" is no price). `silent`: the rule's own matches name no aspect; they only hide
 * ("quality time"). `weak`: the match may name the product itself rather than the aspect (a box,
 * a jar, a pump). `anywhere`: this rule's match also hides, anywhere in the text, the weak matches
 * and the learned guesses of the aspects it hides ("this box" in a review of a storage box).
 */
interface Rule { aspect: Aspect; implies?: SentimentLabel; leans?: SentimentLabel; hides?: Aspect | readonly Aspect[]; silent?: true; weak?: true; anywhere?: true; patterns: string }
const RULES: Rule[] = [
  // "Looks cheap" judges quality, not price: a complaint by itself, and it hides the price
  // reading of "cheap" / "barato" inside it.
  { aspect: 'quality', implies: 'negative', hides: 'price', patterns: `
    (feels|feel|felt|looks|look|looked|seems|seem|seemed) (so|very|really|a bit|kind of|kinda|quite|super|pretty)? (cheap|cheaply made|cheaply|flimsy|plasticky)
    (cheap-looking|cheap looking|cheap quality|cheap material|cheap materials|cheap plastic|cheaply made)
    cheap (metal|paint|parts|construction|fabric|zipper|zippers|stitching|hardware|components|build)
    (parece|parecen|se ve|se ven|se siente|se nota) (muy|algo|un poco|bastante)? (barato|barata|baratos|baratas|de mala calidad)
    (material|tela|plastico|acabado) (barato|barata|de mala calidad)` },
  // Quality verdicts that carry no sentiment word: what breaks, and what holds up.
  { aspect: 'quality', implies: 'negative', patterns: `
    (stopped|stops) (cooling|heating|charging|connecting|syncing|turning on)
    (peeling|peeled|peels|oxidizes|oxidises|oxidized|drifting|drifts|rattles|rattling|squeaks|squeaking|chipped|aceitoso|aceitosa|crudo|cruda|aguado|aguada|watery|burnt|mouldy|moldy|moho)
    (se pelaron|se pela|se pelan|se agrietan|se agrieta|se deforma|se deforman|hace bolitas|hacen bolitas)
    (sabian|sabia|sabe|saben) a (quemado|metal|jarabe|rancio|viejo)
    (tasted|tastes|taste) (off|weird|funny|burnt|sour|stale|bland|watery)
    (keeps|kept) (cutting out|disconnecting|dropping|freezing|restarting|rebooting|overheating|skipping|buffering|lagging|crashing|dying|logging me out|turning off|switching off)
    (cut|cuts|cutting) out on (me|us)
    (logs|logged|kicks|kicked) me out
    (froze|freezes) (up|again|on me|mid|every|constantly|at|when)
    refuses to (print|work|connect|charge|start|turn on|pair|load|sync)
    (works|worked|working) (about|only|maybe|like|roughly)? half (of)? the time
    (only|barely) (works|worked)
    hit (or|and) miss
    (drift|drifting|drifts)
    (cracked|shrunk|shrank|popped out|came off|fell off|came apart|came unstitched)
    (stopped|stops|quit) working
    (doesn't|doesnt|didn't|didnt|won't|wont) (work|turn on|charge|cool|heat|start|switch on)
    (broke|broken|died|stopped) (after|within|in) _? _? (day|days|week|weeks|month|months|uses)
    (broke|broken|died|stopped) (after|within|in) #num _? (day|days|week|weeks|month|months|uses)
    (died|gave out) (at|after|on me)
    (hole|holes) (in|on) (the|my|it|them|both)
    holes
    (rubbery|undercooked|overcooked|gummy|mushy)
    (dry|duro|dura|seco|seca) (as a|como una?) (bone|rock|piedra|suela)
    (broke|broken|breaks|defective|faulty|torn|ripped|faded|fades|leaks|leaking|leaked|stale|soggy|rancio|rancia|roto|rota|rotos|rotas|defectuoso|defectuosa|buggy|laggy|glitchy|pilled|pilling|overheats|overheating)
    (defect|defects|glitch|glitches|bug|bugs|crashes|crashing)
    se (rompio|rompe|estropeo|estropea|desgasta|despega|descosio|descose|raya|rayo|abolla|abollo|despegaron|despego)
    cojea
    se me (rompio|rompe|estropeo|estropea|desgasto|despego|descosio|rompieron)
    (fell|falls|falling) apart
    (worn out|came undone)
    (sabe|saben|sabia) a (carton|plastico|nada)
    (tastes|taste|tasted) like (cardboard|plastic|nothing)
    (weird|strange|chemical|funny|nasty|burnt|rancid|musty) (smell|scent|odor|odour|aftertaste)
    (smells|smell|smelled|smelt) (off|weird|funny|musty|rancid|like chemicals|like plastic)
    (blurry|grainy|pixelated|borroso|borrosa|borrosos|borrosas|pixelado|pixelada)
    se (destine|destinen|destino|destineron)
    (battery|bateria) (dies|died|drains|drained|barely lasts|dura poco|no dura|se agota|se descarga)
    (absolute|total|complete|utter|pure) (junk|garbage|rubbish)
    (tinny|creaks|creaky|squeaky)
    tore (after|within|in|on|the first|at)
    (huele|huelen|olia|olian) a (quemado|plastico|quimico|humedad|podrido)
    (estaba|estaban) (seco|seca|secos|secas|crudo|cruda|crudos|crudas|quemado|quemada|incomible)
    (me|le|te|nos) (queda|quedan|quedo|quedaron|quedaba) (pequeno|pequena|pequenos|pequenas|chico|chica|chicos|chicas|grande|grandes|enorme|apretado|apretada|apretados|apretadas)
    (funciona|funcionan) (fatal|de pena|lentisimo|lentisima|mal)
    (like|como) (cardboard|carton)
    (gets|get|getting|runs|run) (so|really|super|very|way too|too)? (hot|warm)
    se (calienta|recalienta|calientan|recalientan)
    (saladisimo|saladisima|saladisimos|saladisimas)
    (hace|hacen) un? (ruido|ruidos|ruidito)
    no (funciona|funcionan|arranca|arrancan|enfria|calienta|carga|enciende)
    (dejo|ha dejado|deja|dejaron) de (funcionar|enfriar|calentar|cargar|encender|conectar)
    (no|ni) me? (dura|duran|duro|duraron)
    se (congela|congelan|desconecta|desconectan|atasca|atascan)
    se (queda|quedan) (atascada|atascado|atascadas|atascados|colgada|colgado|pillada|pillado|congelada|congelado)
    (encogio|encogieron|encoge|encogen|encogido|encogida)
    (amarillenta|amarillento|amarillentas|amarillentos|yellowed|yellowing)
    (le|les|me) (salio|salieron) (un|unos)? (agujero|agujeros)
    se (le|les) (cayo|cayeron|solto|soltaron) (el|la|los|las)
    (pasado|paso|pasar|ido|llevarlo|llevado) por el taller
    (won't|wont|doesn't|doesnt) start
    panel gaps
    me (dejo|ha dejado) tirado
    se (le|les|me) (despego|despegaron|rompio|rompieron|pelo|pelaron)` },
  { aspect: 'quality', implies: 'positive', patterns: `
    (tough as nails|built like a tank|still standing|going strong|hits different)
    (sigue|siguen) (entera|entero|enteras|enteros)
    (suavisimas|suavisimos|suavisima|suavisimo)
    (ni una|cero) (averia|averias)
    (never misses|never disappoints|nunca falla|nunca decepciona)
    (indestructible|indestructibles)
    (works|cooks|runs|drives|writes|fits|worked|cooked|ran|drove|fit) like a (dream|charm|glove)
    (esta|estan|sigue|siguen) (impecable|impecables|como nuevo|como nueva|como nuevos|como nuevas|vivo|viva|vivos|vivas)
    sigue como el primer dia
    (keeps|kept|keep) me (dry|warm|cool|toasty)
    (comfiest|comfier|comfortably)
    (feels|feel|felt|looks|look) (so|very|really|super)? (premium|luxurious|high end|high-end|sturdy|solid)
    (thick|soft|warm|cozy|cosy) and (soft|thick|warm|cozy|cosy|comfy)
    toasty
    (cleared|clears|cleared up|clears up) my (skin|acne|spots|breakouts)` },
  // An app or device that hangs: "se me cuelga" is no agent hanging up on the customer.
  { aspect: 'quality', implies: 'negative', hides: 'service', patterns: `
    se me (cuelga|cuelgan|traba|bloquea|apaga|reinicia)` },
  // Mail that goes unanswered is service: "ni me contestan los correos" is no parcel service,
  // and no mail the customer gets too much of (the learned half reads "correos" that way).
  { aspect: 'service', hides: ['delivery', 'contact-frequency'], patterns: `
    (contestan|contesta|responden|responde|leen|lee|contestaron|respondieron|contesto|respondio) (los|mis|a mis|a los|el|mi)? (correos|correo|mails|emails)` },
  // Words of an aspect in another sense: they name nothing, and hide that aspect.
  { aspect: 'quality', silent: true, hides: 'quality', patterns: `
    quality (time|finish|goal|pass|strike|football)
    (tear|tears) (jerker|jerkers|of joy|of laughter|in my eyes|to my eyes|rolling|streaming)
    (to|in) tears
    (tear-jerker|tearjerker)
    (to|had to|have to|couldn't|could not|cant|can't|will|would|didn't|did not|never) finish (the|this|it|reading|watching)
    finished (the|this) (book|series|novel|movie|film|show|season|game)
    (rato|tiempo|momento|momentos) de calidad
    calidad de (gol|jugada|partido|pase)
    broke (the|a|his|her|their|my) (record|lap record|world record|diet|news|silence|internet|heart)
    (hombre|mujer|persona|personas|gente|pais|paises|familia|familias|empresario|empresaria|dueno|duena) (mas|muy)? (rico|rica|ricos|ricas)
    (mas|muy) (rico|rica|ricos|ricas) (de|del) (el|la)? (mundo|espana|pais|mexico|america|europa|planeta)` },
  { aspect: 'service', silent: true, hides: 'service', patterns: `
    (no complaints|zero complaints|sin quejas|ninguna queja|ni una queja)` },
  // "support" and "agent" that are no customer service: a product's support, a support that is a
  // verb, a novel's agent (real product reviews).
  { aspect: 'service', silent: true, hides: 'service', patterns: `
    (back|arch|lumbar|neck|ankle|knee|wrist|head|bust|breast|heel) support
    (doesn't|does not|don't|do not|won't|will not|didn't|did not|can't|cannot) support
    supports (up to|apple|android|ios|windows|mac|usb|bluetooth|wifi|4k|hdr)
    (super|secret|special|fbi|cia|double|undercover|federal|travel|real estate|insurance) agent` },
  { aspect: 'ethics', silent: true, hides: 'ethics', patterns: `
    (planet fitness|planet hollywood|lonely planet|planet of the apes|planeta agostini)` },
  // Containers that are the product itself, not what it comes in (real product reviews: "my
  // bentgo lunch boxes", "the zipper pouch", "the pump itself is good … my bike"), and the writer
  // packing a suitcase.
  { aspect: 'packaging', silent: true, hides: 'packaging', patterns: `
    spotify wrapped
    out of the box
    outside the box
    box office
    (lunch|sand|tool|jewelry|jewellery|storage|bread|shoe|cereal|bento|pill|tackle|music|puzzle|litter|toy) (box|boxes)
    (zipper|side|mag|magazine|pencil|coin|phone|laptop|belt|hip|waist|utility|accessory) (pouch|pouches)
    (water|baby|hot water|thermos|wine|sports|squeeze) (bottle|bottles)
    (flip|toilet|trash can|garbage can|pot|pan) (lid|lids)
    (bike|tire|tyre|air|foot|sump|pool|breast|ball) (pump|pumps)
    water dispenser
    (i|we) (packed|pack)
    (bolsas|bolsa) de basura
    (action|emotionally|fun|jam|power|fact|info|information|adventure|suspense|drama|flavor|flavour|feature|features|nutrient|protein|punch|tightly) packed
    (much|lot|lots) (is|was|got|gets)? packed (in|into)
    (keep|keeps|kept|be|been|get|got|gets|all|everything|story|things) wrapped up
    wrapped (them|it|this|these|those|it all|this all|things|everything)? (around|together|up the|all up|all together)
    wrapped (handle|handles|grip|grips|wire|cord|cable)
    (airtight|watertight|water tight|air tight|positive|tight|rubber|door|latex|neck|wrist|gasket) (seal|seals)
    (make|makes|made|making|create|creates|form|forms|give|gives|get|gets) (a|an)? _? seal
    pump (up|it up|iron|you up|me up)
    (jar|jars|jarred|jarring) (loose|off|awake)
    (message|messages) in a bottle
    (big|cable|fuse|juke|mail|window|flower|sand|shadow|set top|set-top|signal|junction|gear|ballot|jury|penalty|linux|pc|tv) (box|boxes)
    (order|ordered|buy|bought|get|got|purchase|purchased) (more than)? (#num|one|two|three|four|five|six|a|an) (box|boxes)
    (open|opened|opening) (the|my|a|all the|all)? (box|boxes)
    (oz|ounce|ounces|ml|lb|lbs|pound|pounds|gram|grams|litre|liter|gallon|count|ct) (container|containers|bottle|bottles|jar|jars|tub|tubs|box|boxes|bag|bags|can|cans|tube|tubes|pouch|canister)` },
  // A review that calls the product a container ("this box", "these canisters", "the pump
  // itself", "it's a very small box") is a review of a box: its container words, and what the
  // learned half guesses from them, are the product (real product reviews), while the words only
  // packaging has ("packed", "bubble wrap", "arrived crushed") still count. Reviews only (see
  // packingSaid): in a social post, "this jar" is a brand's packaging.
  { aspect: 'packaging', silent: true, hides: 'packaging', anywhere: true, patterns: `
    (this|these|esta|este|estos|estas) _? ${CONTAINERS}
    ${CONTAINERS} (itself|themselves)
    (it's|it is|its) (a|an) _? _? ${CONTAINERS}
    (es|son) (un|una|unos|unas) _? ${CONTAINERS}
    (sump|air|aquarium|fountain|pond|well|fuel|vacuum|heat|bike|tire|tyre|pool|breast) (pump|pumps)` },
  { aspect: 'price', silent: true, hides: 'price', patterns: `
    (sale|salen) (el|este|esta|manana|hoy|en) (lunes|martes|miercoles|jueves|viernes|sabado|domingo|semana|mes|octubre|noviembre|diciembre|enero|marzo|abril|mayo|junio|julio|agosto|septiembre|febrero)?
    (stock|share|shares) (price|prices)
    (precio|precios) de (la|las) (accion|acciones)` },
  // Brand fit: its triggers are complaints (or praise) by themselves.
  { aspect: 'brand-fit', implies: 'negative', patterns: `
    nothing to do with (the|this|their|our)? (brand|company|label)
    what (are|is) (you|they|it|he|she) even doing
    what (does|do|has) _ _? _? _? (have|got) to do with
    why (is|are|would|does) (a|an) _ _? (brand|company) (selling|making|launching|doing|sponsoring)
    (such a|so) (random|weird|odd|strange|bizarre) (choice|move|collab|collaboration|partnership|sponsorship|launch)
    (que|q) (tiene|tienen) (q|que) ver
    nothing to do with what (they|the brand|this brand|it) (stand|stands|sell|sells|is|are|do|does) (for|about)?
    makes (zero|no|little) sense (for|from) (a|an|the|this|them|their)
    (feels|feel|seems|seem|looks) (so|very|totally|really|kinda|a bit)? (random|off|weird|odd|strange) (for|from) (them|the brand|a brand|this brand|an?|their)
    (random|weird|odd|strange|bizarre) (choice|move|collab|collaboration|partnership|sponsorship|launch) (for|from) (them|the brand|a brand|this brand|an?)
    (nobody|noone) asked for this
    stay in (their|your|its) lane
    (cash grab|cash-grab|tone-deaf|tone deaf|out of touch|sellout|sell-out|sold out to)
    (jumping|jumped|jumps) on the (bandwagon|trend|hype)
    not (their|its) (lane|thing|style|vibe)
    (oportunista|oportunistas|desubicado|desubicada|fuera de tono)
    subirse al carro
    (doesn't|doesnt|does not|don't|dont) (feel|seem|look|sound) like (them|the brand|this brand|their brand)
    not (very|really|at all)? (on-brand|on brand)
    lost (its|their|his|her) (identity|way|soul|essence|roots)
    stick to what (they|you) (know|do best|are good at)
    does (this|that|a|an|it) _? _? have to do with
    why (is|are|would|does|did) _? _? (sponsoring|selling|launching|partnering|making|doing) _? _? (now|this)?
    (les|le) (pega|pegan|encaja|encajan) (poco|nada|fatal)
    perdido (su|la) (esencia|identidad|rumbo)
    no es (su|lo suyo|su estilo|su rollo)
    (incoherente|incoherencia|sin sentido)
    not (a good|the right) fit for
    no (cuadra|pega|encaja) (nada|por ningun lado|para nada|con nada)
    no le (veo|encuentro) (el|ningun)? sentido
    (nada|nada q|nada que) ver con lo que (venden|hacen|son|representan|vende|hace|es)
    no tiene nada (que|q) ver con lo que (venden|hacen|son|representan|vende|hace|es)
    fuera de lugar para (la marca|ellos|una marca|un|una)
    (doesn't|doesnt|don't|dont|does not|do not) fit (the|their)? (brand|image)
    (off-brand|off brand|off-mission|off mission)
    not what (the brand|they|this brand) (stand|stands) for
    out of character for (the|this)? brand
    no tiene nada que ver con (la|esta|su)? (marca|empresa|filosofia|esencia)
    nada que ver con (la|su)? (marca|esencia)
    no pega nada? con (la|su)? (marca|imagen)
    no encaja con (la|su)? (marca|imagen|filosofia)
    no representa a? (la|su)? marca
    why (is|are|would|does|did) _ _ _ (sponsoring|selling|launching|partnering|making|doing)
    (pinta|pintan) _? _? _? (vendiendo|haciendo|sacando|patrocinando|metiendose|lanzando)
    (hace|hacen) _ _? (vendiendo|sacando|patrocinando|metiendose|lanzando)
    quien (pidio|ha pedido) (eso|esto)
    no (los|la|lo|las) reconozco
    most random
    nada (q|que) ver con lo (q|que) (eran|era|hacian|hacia)
    (no tiene|no tienen) nada (q|que) ver con lo (q|que) (eran|era|hacian|hacia)
    who (approved|greenlit|signed off on|thought) (this|that)
    (quien|q) (aprobo|ha aprobado|aprobó) (esto|eso)
    since when (does|do|did|is|are|has)
    desde cuando
    what's next
    (que|q) sera lo proximo
    stick to (burgers|pancakes|coffee|pizza|chicken|cars|phones|shoes|clothes|beer|banking|what)
    (trying|tries|try) (way|so)? too hard
    (trying|tries|try) to be (cool|edgy|young|relevant|hip|funny)
    (intentando|intenta|intentan) ser (cool|guay|joven|jovenes|moderno|modernos|graciosos)
    pinta nada
    (no son|no es) lo (q|que) (eran|era)
    a (q|que) viene (esto|eso)
    zapatero a tus zapatos
    se (les|le) (fue|va|ha ido) (la olla|la pinza|la cabeza)
    no (les|le) (queda|quedan|sale|pega)
    (doesn't|doesnt|does not|don't|dont) feel like _ anymore
    (isn't|is not|wasn't) them
    no idea what (it|they) (is|are)
    never made sense for
    (doesn't|doesnt|does not|don't|dont) fit (a|an|with)
    (dumbest|worst|weirdest|most pointless) (rebrand|collab|collaboration|launch|campaign|move|idea)
    (weirdest|strangest|oddest|dumbest) brand (choice|move|decision|collab|partnership)
    not on my bingo card
    tan random
    (brand|company) (know|knows) (about|anything about)
    (marca|empresa) (sabe|sabra|entiende) de
    (what's|whats) the connection
    (q|que) tiene (q|que) ver (eso|esto|una cosa)? _? _? con
    (se salieron|se salen|se sale|salirse|fuera) de su rubro
    se (les|le) (fue|ha ido|va) la mano
    (lost|losing) the plot
    identity crisis
    (isn't|isnt|is not) (their|its) (thing|lane|style|vibe)
    no (va|van|pega|pegan|encaja|encajan|cuadra) con ellos
    ni (les|le) (pega|pegan|encaja|encajan)
    nadie (pidio|ha pedido) (eso|esto)
    who is this (even)? for
    nada (q|que) ver con (un|una|lo) _` },
  { aspect: 'brand-fit', implies: 'positive', patterns: `
    true to (the|their)? brand
    (on-brand|on brand)
    totally their (thing|vibe|style)
    (good|great|perfect|natural) fit for
    consistent with (what|their|the brand|its|who)
    makes (total|perfect|so much)? sense for (them|the brand|a brand|this brand|an?)
    (les|le) (pega|pegan|queda|quedan|encaja) (muy bien|perfecto|perfecta|genial|muchisimo|de maravilla|totalmente)
    (muy|super|totalmente|tan) (ellos|de ellos|su estilo|su rollo)
    lo mas de ellos
    (mucho|tan|se siente) mas ellos
    (encaja|encajan|pega) (muy bien|perfectamente|totalmente)? con (la marca|su|lo que|ellos)
    totalmente su (publico|estilo|rollo)
    fits (them|the brand|their (image|values|style|vibe|identity)) (perfectly|so well|well)?
    (perfect|great|natural|good) (match|pairing) for
    (muy|super|totalmente)? coherente con (la marca|su|lo que|ellos)
    fiel a (la|su)? (marca|esencia|estilo)
    muy de la marca
    100% (de la marca|su estilo)
    (muy|super|tan|totalmente) de su (rollo|estilo|linea|esencia)
    tiene (mucho|todo el) sentido
    lo mas coherente
    peak _ energy
    (most|more) _ _? thing (ever|they)
    (so|very|more|most) them
    (expect|expected) from them
    (makes|make) (total|perfect|complete) sense
    (totalmente|muy|super|tan) en su linea
    (les|le) (queda|quedo|quedan|quedaron) que ni pintado
    (muy|tan|super) (suyo|suya|suyos)
    (bien|muy) ellos
    (clavado|clavada|fiel) a lo (q|que) (son|es)
    (felt|feels|feel) (right|natural) for (them|the brand)
    works for them
    tiene bastante sentido
    (tipico|tipica) de ellos
    (encaja|encajan|pega|pegan) (perfecto|perfectamente|genial|de lujo|a la perfeccion) con
    lo mas natural del mundo
    (perfectly|totally|completely|literally) them
    such (a|an) _ move
    (feels|feel) so right
    (on theme|on-theme)
    (their|its|su) (dna|adn)
    (total coherencia|coherencia total)
    natural (next step|extension|fit|move) for them
    (made|makes) (total|complete|perfect)? sense for (both|them both)
    (completely|totally) made sense
    (couldn't|could not|couldnt) be more (fitting|them|on brand|on-brand)
    (suits|suit|suited) (them|both|both of them|the brand)
    (most obvious|obvious|perfect) pairing
    (smart|genius|great|clever) move for them
    (perfecto|perfectos|perfecta|perfectas|ideal|ideales) para ellos
    (re|muy) de ellos
    mas de ellos (imposible|no se puede)
    lo mas _ que (existe|hay|vi|he visto)
    (les|le) (queda|quedan) bien
    lo mas logico
    mismo publico` },
  // Brand fit described without a verdict: the question or the plain fact of it.
  { aspect: 'brand-fit', patterns: `
    tiene (q|que) ver _? _? con
    (les|le) (encaja|encajara|encajaria|pega|pegara|pegaria)
    fit (with|in with) (the rest of)? (their|its|the brand)
    (marca|banco|petrolera) de? _? _? (patrocinando|vendiendo|sacando)
    (pega|pegan|encaja|encajan) o no
    (os|te) (pega|pegan|encaja)
    (match|fit) or
    (would|could|will) (that|this|it) (even|actually|really)? work for
    would (a|an) _ _? _? (even|actually|really)? work
    (funcionaria|tendria sentido|le iria bien|les iria bien)
    tiene sentido que
    (a stretch for|natural extension)
    (would|could|will) (that|this|it) (even|actually|really) work
    how (does|do|will|would) (that|this|it) fit
    how (it|this|that) fits
    fits? a _ _? (company|brand)
    si les va
    tiene (logica|sentido) (para|o)
    (como|cómo) encaja` },
  { aspect: 'contact-frequency', implies: 'negative', patterns: `
    ${MAILS} me? (every|each) single? (day|hour|morning)
    ${MAILS} me? (#num|several|multiple|three|four|five) times a day
    too many (${MAILS}|newsletter|newsletters)
    (keep|keeps|kept) (calling|emailing|texting|messaging|spamming)
    constant ${MAILS}
    (spam|spamming|spammed|unsubscribe|unsubscribed)
    useless (${MAILS}|newsletter|newsletters)
    (bombard|bombarded|bombarding) (me|us)? with
    me (llaman|escriben|mandan|envian) (correos|mensajes|emails|sms)? ${ES_TIMES}
    (llaman|escriben|mandan|envian) _? ${ES_TIMES}
    demasiados (correos|mensajes|emails|e-mails|sms|llamadas|avisos|notificaciones)
    demasiadas (llamadas|notificaciones)
    no paran de (llamar|escribir|mandar|enviar|llamarme|escribirme|mandarme|enviarme|llamarnos|escribirnos|mandarnos|enviarnos)
    (correos|mensajes|emails|llamadas|notificaciones) (inutiles|constantes|diarios|a diario)
    (darme de baja|me di de baja|me doy de baja|me he dado de baja)
    ${MAILS} (constantly|all day|all the time|every hour|every day|nonstop|non-stop)
    (spams|spam|spamming|pinging|pings|pinged|bombards|floods|flooding) (me|us|my inbox|my phone)
    (#num|two|three|four|five|six|ten|several|multiple) whatsapp? (whatsapps|texts|emails|e-mails|messages|calls|notifications|sms|promos) (a|per|every|today|this|from)
    inbox (is|full|flooded) (of|with)? _? (promos|promo|spam|emails|ads|notifications)
    (promos|promotional emails|marketing emails|sales calls|cold calls|robocalls)
    (stop|quit) (calling|emailing|texting|messaging|spamming|contacting|pinging) (me|us)?
    make (it|them) stop
    (llamada|llamadas) (comercial|comerciales)
    (notificaciones|avisos|mensajes|correos|llamadas|sms|whatsapps|emails) (a todas horas|cada hora|cada dos por tres|sin parar|todo el dia|al dia|a diario|de promociones|promocionales)
    #num (notificaciones|correos|mensajes|llamadas|sms|whatsapps|emails) (al|por|cada|a la) (dia|semana|hora)
    (me|nos) (llena|llenan|bombardea|bombardean|acribillan|frien) (el movil|el correo|la bandeja|de|a)
    (dejad|dejen|deja) de (llamarme|escribirme|mandarme|enviarme|llamar|escribir|mandar|molestar|spamear)
    (ofertas|promociones|publicidad|mensajes|correos) que no me (interesan|interesa|sirven)
    (publicidad|correo|correos) (no deseada|no deseado|basura)
    (no paran nunca|no para nunca|no paran de llegar)
    (con que frecuencia|cada cuanto) (me|nos|te)? (escriben|mandan|envian|llaman)
    too (many|much) (emails|texts|calls|notifications|messages|newsletters|marketing|promos|push notifications|ads)
    (marketing|promo|promotional|spam) (emails|texts|messages|calls|notifications|sms)
    (keep|keeps|kept) (sending|getting|receiving) (me|us)? _? (emails|texts|messages|notifications|promos|calls|offers)
    (daily|hourly) (emails|texts|messages|notifications|promos|calls)
    push notifications
    (opted|opt|opting) out
    (annoying|irrelevant|pointless|endless) (emails|texts|messages|notifications|calls|promos|offers|newsletters)
    (me|nos) (siguen|sigue) (llegando|mandando|enviando|escribiendo|llamando)
    (publicidad|spam|promociones|llamadas|correos) (constante|constantes|todo el rato|todos los dias|diarias|diarios)
    (no|nunca) dejan de (llamar|escribir|mandar|enviar|llamarme|escribirme)
    (llaman|llamando|escriben|mandan) (todo el rato|a todas horas|cada dia|varias veces|mil veces)
    (molestan|molestando|agobian|agobiando|acosan|acosando) con
    (emails|emailed|emailing|texts|texted|texting|calls|called|calling|messages|messaged|spams|spammed) (me|us) (daily|weekly|nonstop|constantly|twice|#num|three|four|five|six|several)
    (cold calling|cold called|cold call)
    (me|nos) (llama|llaman|escribe|escriben|manda|mandan|envia|envian) (#num|dos|tres|cuatro|cinco|varias|mil) veces
    (me|nos) (llama|llaman|escribe|escriben|manda|mandan) cada (semana|dia|hora)
    (#num|dos|tres|cuatro|cinco|seis|diez|mil) (mensajes|sms|notificaciones|llamadas) (al|por|cada|a la) (dia|semana|hora)
    (bombardean|bombardea|frien|llenan) a (mensajes|llamadas|notificaciones)
    (spamea|spamean|spameando|spamearme|spammean)
    (sms|mensajes|llamadas|whatsapp|whatsapps) de (publicidad|promociones|ofertas)
    (ofertas|promociones|mensajes) (q|que) no (he|hemos) pedido
    (text|texts|email|emails|call|calls|message|messages) (me|us)? (about|with) (deals|offers|upgrades|promos|upsells)
    (upsell|upselling)
    esto es acoso
    (text|texts|texting|email|emails|emailing|call|calls|calling|message|messages|ping|pings) (me|us) at
    (llamandome|llamandonos|escribiendome|escribiendonos) (a las|para)
    para (ofrecerme|venderme|ofrecernos|vendernos)` },
  { aspect: 'contact-frequency', implies: 'negative', hides: 'delivery', patterns: `
    (correos|mails|emails|mensajes) sin leer
    (#num|dos|tres|cuatro|cinco|seis|diez|mil) (correos|mails|emails|e-mails) (al|por|cada|a la) (dia|semana|hora)
    (bombardean|bombardea|frien|llenan) a (correos|mails|emails)` },
  // How often, said plainly: its polarity is the clause's ("like once a month, respect"). Mail
  // is "correo" in Spanish, and Correos the postal service: "me llega un correo cada semana" is
  // no delivery.
  { aspect: 'contact-frequency', hides: 'delivery', patterns: `
    (newsletter|newsletters|reminders|notificaciones|notification|notifications)
    (emailing|emails|texting|texts|calling|calls|messaging) (me|us) (like|only|just)? once a (month|week)
    (correo|mail|email|newsletter) (al|a la|por) (dia|semana|mes)
    (me|nos) llega (un|una) (correo|mail|email|sms|mensaje|newsletter) cada (dia|semana|mes|hora)
    no (me|nos)? (spamean|spamea|frien|llaman|agobian) (a|con)?
    (frien|fríen) a (mails|correos|mensajes|llamadas|notificaciones)
    (me|nos) (llegan|llega) (sms|mensajes|correos|emails|notificaciones|llamadas|whatsapps)` },
  // Contact the customer welcomes: rare, and worth hearing as much as the complaints. It hides
  // the complaint reading of the words inside it ("spam" in "zero spam").
  { aspect: 'contact-frequency', implies: 'positive', hides: 'contact-frequency', patterns: `
    (zero|no) spam
    (cero|sin) spam
    solo (me|nos) (escriben|mandan|envian|llaman|contactan) cuando
    (sin agobiar|without spamming|not spammy)
    only (pings|emails|texts|messages|contacts|calls|notifies) (me|us) (when|if)` },
  { aspect: 'price', patterns: `
    (price|prices|priced|pricey|pricing|expensive|overpriced|cheap|cheaper|affordable|cost|costs|costly|bargain|ripoff|rip-off|money)
    (black friday|cyber monday)
    (value for money|good value|great value|rip off)
    worth (the|every)? (money|penny|price|euro|pound|dollar|cent)
    (tenner|fiver)
    (fees|fee|commission|commissions|steep)
    (sale|discount|discounts|coupon|coupons|deal|deals|promo code|voucher|subscription)
    (raised|hiked|increased|put up) (the|their|its)? (price|prices|fees)
    price (hike|hikes|increase|increases|rise)
    #num (dollars|euros|pounds)
    #money
    (precio|precios|caro|cara|caros|caras|carisimo|carisima|barato|barata|baratos|baratas|cuesta|cuestan|coste|costo|economico|economica|asequible)
    (calidad-precio|calidad precio|vale la pena|merece la pena|dinero|oferta|descuento|euros|pesos|chollo|ganga|vale cada euro|dinero tirado)
    (vale|valen) cada (euro|centimo|peso|duro)
    (rebajas|cupon|cupones|promocion|promociones|descuentos)
    (subieron|suben|sube|subido) (el|los)? (precio|precios|tarifa|tarifas|cuota)
    subida de (precio|precios|la tarifa|tarifas|la cuota)
    (comision|comisiones|cobra|cobran|cobrar|cobraron|tarifa|tarifas|cuota)` },
  // Price complaints that carry no sentiment word: a rise is bad news for whoever pays it.
  { aspect: 'price', implies: 'negative', patterns: `
    (raised|raising|raises|hiked|hiking|increased|increasing|put up) (the|their|its|my|our)? (price|prices|fees|bill|rates)
    price (hike|hikes|increase|increases|rise|rises)
    (sube|subio|suben|subieron|subido) (de|el|la|los|las)? (precio|precios|tarifa|tarifas|cuota|factura)
    subida de (precio|precios|la tarifa|tarifas|la cuota)
    (bill|factura) (jumped|went up|goes up|doubled|subio|ha subido|se ha duplicado)
    (premium|subscription|membership|plan|price|prices|fare|fares|tickets|fee|fees) (went|goes|has gone|have gone|is going|are going) up
    (suscripcion|plan|cuota|tarifa|mensualidad) (de _)? (ha subido|subio|sube|volvio a subir|vuelve a subir)
    (costs|costing|cost|cuesta|cuestan|costo) (more than|a fortune|an arm and a leg|un ojo de la cara|un rinon)
    cheap for a reason
    not worth (it|the money|the price|paying)
    no (vale|merece) la pena
    (sacacuartos|atraco|daylight robbery|highway robbery)
    (put|putting|puts) (the|their|its)? (price|prices|fees) up
    wallet (is crying|hurts|cries|is screaming)
    mi (cartera|bolsillo) (llora|sufre)` },
  // Less product for the same money: a price complaint, whose "less" is no ethics ("less plastic").
  { aspect: 'price', implies: 'negative', hides: ['ethics'], patterns: `
    (pay|paying|pays|paid) more for less
    (same|higher) price for less
    shrinkflation
    (pagar|pagando|pagas|pagamos|pago) mas por menos` },
  // A price quoted against what it buys is mostly a complaint: "$599 for a hair dryer", "Dyson
  // wants $599", "25 pesos una coca".
  { aspect: 'price', leans: 'negative', patterns: `
    #money (for|por) (a|an|one|the|un|una|unos|unas|el|la|los|las)
    (wants|want|charging|charges|charge|asking|cobran|cobra|cobrando|piden|pide|pidiendo) #money
    (wants|want|charging|charges|charge|asking|cobran|cobra|cobrando|piden|pide|pidiendo) (#num|over) (euros|pesos|dollars|pounds|bucks|quid|pavos|lucas)
    #num (euros|pesos|dollars|pounds|bucks|quid|pavos|lucas) (for|por) (a|an|one|the|un|una|unos|unas|el|la|los|las)
    #money (now|ahora|today|hoy)` },
  // Value praise that carries no sentiment word ("worth every penny", "valen cada euro").
  { aspect: 'price', implies: 'positive', patterns: `
    (unbeatable|imbatible|dirt cheap|tirado de precio)
    worth (every|each) (penny|cent|euro|pound|dollar)
    (vale|valen) cada (euro|centimo|peso|duro)
    (sin|cero|zero|no) (comisiones|comision|fees)` },
  { aspect: 'quality', patterns: `
    (quality|material|materials|fabric|build|durable|sturdy|flimsy|last|lasts|lasted|tear|finish|stitching)
    (well|poorly|cheaply|badly) made
    works (great|well|perfectly)
    (calidad|material|materiales|tela|acabado|acabados|duradero|duradera|resistente|resistentes|aguanta|fina)
    se transparenta
    funciona (genial|bien|perfectamente|de maravilla)
    dura (mucho|poco|nada)
    (cracks|scratched|scratches|waterproof|greasy|sticky|itchy|comfortable|comfy|uncomfortable|battery|texture|taste|tastes|tasty|delicious|flavour|flavor|bland)
    (still|stays) (looks|look|works|work|going|perfect|like new|as good as new|brand new)
    (built|made) like a tank
    (works|worked|working) (better|worse|fine|perfectly|great|amazingly|like a charm)
    (keeps|kept) (crashing|breaking|failing)
    (sigue|siguen) (perfecto|perfecta|perfectos|perfectas|como nuevo|como nueva|como nuevos|como nuevas|funcionando|impecable|impecables)
    (sabor|textura|bateria|impermeable|comodo|comoda|comodos|comodas|incomodo|incomoda|grasiento|grasienta|pegajoso|pegajosa|riquisimo|riquisima|delicioso|deliciosa|deliciosos|deliciosas)
    (cremallera|costura|costuras|suela)
    (yummy|scrumptious|flavourful|flavorful|sabroso|sabrosa|sabrosos|sabrosas|sabrosisimo|sabrosisima)
    (que|esta|estan|estaba|estaban|muy|super|bien|re) (rico|rica|ricos|ricas)
    ni una bolita
    (doesn't|doesnt|does not|didn't|didnt) (last|hold up)
    (holds|held|holding) up
    (lasted|lasts|last) (#num|a|one|two|three|over|more than) _? (years|year|months|month)
    (good|great|poor|bad|awful|terrible|excellent|amazing|solid|cheap|premium) (product|build|sound|picture|materials|material|fabric|ingredients|formula|results|performance|camera|screen)
    sizing
    (runs|run|ran) (small|large|big)
    (battery life|sound quality|picture quality|build quality)
    (se|me) (cae|caen|cayo|cayeron) a (trozos|pedazos)
    (talla|tallaje) (pequena|grande|pequeña)
    (fallo|fallos|falla|fallan|se cuelga|se bloquea|se traba)
    (app|aplicacion) (va|funciona|se cuelga|falla|no funciona)
    (stiff|stiffer|crispy|crunchy|crujiente|crujientes|buffering|accurate|inaccurate|formula|formulation)
    snapped
    survived (#num|a|one|two|three|four|five) _? (years|year|months)
    durado (#num|un|una|dos|tres|cuatro|cinco) _? (ano|anos|mes|meses)
    aguantan
    slaps
    built different
    va (fluido|fluida|lentisimo|lento|lenta|lentisima|rapidisimo)
    (suenan|suena|sounds|sound) (de lujo|genial|increible|fatal|great|amazing|awful|tinny|muffled|incredible|unreal|insane|terrible|horrible)
    (fits|fit|fitted) (perfectly|great|well|true to size|so comfortably|comfortably)
    true to size
    (jugoso|jugosa|jugosos|jugosas|crujientito|crujientita|suavecita|suavecito|suavecitas|suavecitos|comodisimo|comodisima|comodisimos|comodisimas|amargo|amarga|vinegary)
    (smell|smells|smelled|smelt|huele|huelen|olia|olian) (amazing|great|awful|bad|horrible|divine|incredible|lovely|fatal|genial|increible|de maravilla|muy bien|bien|mal|rarisimo|raro)
    (sabe|sabia|saben|sabian) (raro|rarisimo|fatal|horrible|mal|bien|buenisimo|genial|increible|a gloria)
    (me dejo|me deja|me ha dejado) la piel
    (noise cancelling|noise-cancelling|autofocus|battery)
    survived (a|an|the|two|three|#num|my|every)? _? _? (storm|storms|winter|winters|drop|drops|fall|falls|wash|washes|festival|trip|rain|toddler|toddlers|kids)
    (imagen|sonido|pantalla|camara|bateria) (espectacular|increible|nitida|brutal|buenisima|malisima|penosa)
    (nitidas|nitidos|nitida|nitido|crisp)
    (saben|sabe) como antes
    left me stranded` },
  { aspect: 'authenticity', patterns: `
    (fake|fakes|counterfeit|knock-off|knockoff|replica|imitation|genuine|authentic|authenticity|legit)
    (original product|not real|not the real|not original)
    (falso|falsa|falsos|falsas|falsificado|falsificada|falsificados|falsificadas|falsificacion|imitacion|autentico|autentica|autenticos|autenticas|original|originales|pirata)
    even real
    (a|an|una|un) (actress|actriz|actor) (or|o)?
    (dupe|dupes|bootleg|bootlegs|scam|staged|scripted)
    (copia|copias|trucho|trucha|imitaciones|replica|replicas)
    (finge|fingen|fingir|fingiendo|postureo|guionizado)
    (made in|hecho en) _? (says|dice|pone)
    (fake|real|bought|paid) (reviews|followers|likes)
    (not|isn't|isnt|wasn't|wasnt) (genuine|authentic|the real thing|original)
    too good to be true
    (serial number|certificate of authenticity)
    (no es|no era|no son) (original|originales|autentico|autentica|autenticos)
    (numero de serie|certificado de autenticidad|de imitacion|resenas falsas|seguidores comprados)
    (airbrushed|photoshopped|retocada|retocadas|retocado|retocados|sin retocar|sin retoques|unretouched|unsponsored)
    (verified|verificadas|verificada|verificado|verificados) (purchase|purchases|reviews|resenas|compra|compras)
    (customer|user|clientes|clientas|usuarios) (photos|fotos)
    fotos de (clientes|clientas|usuarios)
    (not being paid|no me pagan|nadie me paga) (to say|por decir)
    (handmade|hand-made|hand poured|hand-poured|hecho a mano|hecha a mano|artesanal|artisanal|small batch|de productor local)
    (son|eran|es|era) (actores|actor|actriz)
    (is|was) an (actor|actress)
    (are|were) (paid)? actors
    (actores|actors) (pagados|paid|disfrazados)
    (tag|label|etiqueta) _? _? (says|dice|pone)
    (puro|pura) marketing
    marketing (copy|stunt|ploy|bs)` },
  // Authenticity judgements that carry no sentiment word: bots and copies, or the real thing.
  { aspect: 'authenticity', implies: 'negative', patterns: `
    (bots|bot accounts|fake accounts|cuentas falsas|cuentas sin foto)
    (copy-pasted|copy pasted|copypasted|word for word|palabra por palabra)
    (clearly|obviously|definitely) (paid|sponsored|staged|scripted|fake)
    (nobody|no one|noone) talks like that
    (mismo|misma) (actor|actriz)
    (from|by) an agency
    ni (lo|la|los) (ha|han) (abierto|probado|usado)
    (forzada|forzado|forzados|forzadas)
    (vende|venden|vendiendo|vender|puro) humo
    (resenas|reviews|comentarios|comments|replies|followers|seguidores|likes) _? _? _? (bots|falsas|falsos|fake|compradas|comprados|paid)
    (same|mismo) bot
    (written|escritas|escritos|escrita|escrito) (by|por) (a|the|el|un)? (bot|bots|ai|ia|chatgpt)
    (claramente|clarisimo que|obviamente|se nota que|fijo que) (es|era|son|fue)? (publi|publicidad|pagado|pagada|patrocinado)
    (counterfeit|knockoff|knock-off|bootleg|bootlegs|trucho|trucha|truchos|truchas|pirata|falsificado|falsificada|falsificados|falsificadas)
    (fake|bought|paid) (reviews|followers|likes)
    (ai generated|ai-generated|made with ai|generated by ai|hecho con ia|hecha con ia|generado con ia|generada con ia|generados con ia|generadas con ia)
    (stock images|stock photos|stock photo|banco de imagenes)
    (copiar y pegar|copia y pega|copy and paste|copy paste)
    (#num|zero|cero) (seguidores|followers)
    (stars|estrellas) a cambio
    a cambio de (un|una) (cupon|descuento|regalo)
    (misspelled|mal escrito|mal escrita)
    ni disimulan
    (re|muy|obviamente|claramente) (pago|pagado|pagada)
    (mismo|misma) (guion|texto|frase)
    same (script|caption|text)
    (rehearsed|ensayado|ensayada|ensayadas|ensayados)
    (armado|armada) por la marca
    owned by (a|an) _? _? (conglomerate|corporation|multinational)
    (es|son) de un (grupo industrial|conglomerado|multinacional)` },
  // Praise that is only not-forced: "cero forzada" is fit, not doubt.
  { aspect: 'authenticity', silent: true, hides: 'authenticity', patterns: `
    (cero|nada|para nada|sin ser) (forzada|forzado|forzadas|forzados)` },
  // "Says it's not an ad" (while the code is in the bio): doubt, not the praise "not sponsored" is.
  { aspect: 'authenticity', implies: 'negative', hides: 'authenticity', patterns: `
    (dice|dicen) (que)? no es (colaboracion|publi|publicidad|patrocinado)
    (says|claims) (it's|its|it is) not (sponsored|an ad|paid)` },
  { aspect: 'authenticity', implies: 'positive', patterns: `
    (feels|feel|felt) (so|very|really)? (real|genuine|honest|authentic)
    nota (q|que) (es|va) (de verdad|en serio)
    sin humo
    (not sponsored|no es publi|no es publicidad|not an ad|no patrocinado|sin patrocinar)
    (transparent|transparency|transparente|transparencia)
    honest (at least|marketing|brand|about it|ads)
    (real people|real bodies|real women|real customers|gente real|gente normal|personas reales|mujeres reales|cuerpos reales)
    (clientes|clientas) reales
    (no es pose|sin pose|sin guion|unedited|sin editar)
    (no son|not|nada de) (actores|actors)` },
  { aspect: 'service', patterns: `
    customer (service|support|care)
    (support team|support|staff|agent|agents|rep|reps|representative|helpdesk|help desk|live chat|response time|responded|replied|hung up|rude|helpful|unhelpful|manager|cashier|waiter|waitress)
    (atencion al cliente|servicio al cliente|servicio tecnico|servicio postventa|soporte|personal|dependiente|dependienta|dependientes|atendio|atencion|trato)
    (me|nos) atendieron
    on hold
    (call centre|call center|chatbot|chat bot|hotline|agent|agents|advisor|advisors|shop assistant|employee|employees)
    (case number|callback|call back)
    got back to me
    (spoke|talked|chatted) (to|with) (someone|an agent|support|customer service|a manager)
    (sorted|fixed|resolved|solved) (it|my issue|my problem|the problem|everything) (out)?
    (me|nos) (resolvieron|solucionaron|ayudaron|atendio|trataron)
    (reclamacion|reclamaciones|queja|quejas|incidencia|incidencias)
    (en espera|el chat|el chatbot|teleoperador|teleoperadora|operador|operadora|empleado|empleada|empleados|asesor|asesora)
    (respuesta|amable|amables|grosero|grosera)
    (front desk|returns desk|return desk|reception|recepcion|help page|help center|helpline|centro de ayuda)
    (store|tienda|shop) (guy|lady|staff|employee|employees|team|assistant)
    (warranty|garantia|complaints|complaint|devolucion|devoluciones|reembolso)
    (repair|repairs|technician|tecnico|reparacion) (team|guy|service)?
    (contestaron|respondieron|atenderme|atienden|atendieron|atendido)
    (let|lets) me return
    (me|nos) (lo|la) (cambiaron|cambian|repararon)
    (me|nos) devolvieron el dinero
    (treat|treats|trata|tratan) (customers|a los clientes|their customers)
    (cajero|cajera|cajeros)
    (refund|refunded|refunds)
    (lady|guy|woman|girl|staff|pharmacist) at the (counter|desk|till|checkout|store|shop|pharmacy|branch|reception)
    (me|nos) (ayudo|ayudaron) (muchisimo|mucho|un monton|a encontrar|a elegir|con)
    (tech|technician|engineer|tecnico) (came|came out|come out|was sent|vino)
    (al telefono|on the phone) (con|with|to)` },
  // Service praise that carries no sentiment word: the replacement, the refund, no questions asked.
  { aspect: 'service', implies: 'positive', patterns: `
    (no questions asked|sin hacer preguntas|sin preguntas|sin pegas)
    (sent|send|sends) (me|us)? (a|another)? (replacement|new one)
    (me|nos) (mandaron|enviaron|dieron|cambiaron) (una|uno|otra|otro) (nueva|nuevo)` },
  // Service complaints that carry no sentiment word ("on hold for 40 minutes", "me colgaron").
  { aspect: 'service', implies: 'negative', patterns: `
    on hold for
    on hold (with|to) _ _? for
    #num (minutes|mins|hours) on hold
    (no|never|nobody) one? (answer|answers|respond|responds|replied|responded|got back)
    never got back
    (nadie|ninguno) (me|nos)? (ayuda|atiende|hace caso)
    nadie (me|nos)? (responde|contesta|lo soluciona|sabe nada)
    (ni me contestan|no contestan|no responden|sin respuesta|te cuelgan|cuelgan el telefono)
    (refused|wouldn't|wouldnt|won't|wont) (help|refund|replace|exchange)
    (hung up|hang up) on (me|us)
    (zero|no) (replies|reply|response|answer)
    (me|nos) (colgaron|colgo|cuelgan|cuelga)
    no (tenia|tiene|tienen|tenian) ni idea
    (can't|cant|cannot|couldn't|couldnt) (reach|get hold of|talk to|speak to) (anyone|a human|a single human|a real person|anybody)
    (nadie|no one|nobody) (me|nos)? (soluciona|solucionan|picks up|picked up|could tell|can tell|sabe nada)
    (se lavan|se lavaron) las manos
    (ghosted|ghosting)
    (refused|denied) (the|my)? (return|refund|exchange)
    (no responde|no contesta|no me responde|no me contesta|no me contestan|no me responden)
    (nadie|no) (coge|cogen|contesta|contestan) el telefono
    (llevo|llevamos) #num (minutos|horas) (al telefono|esperando|en espera)
    (keeps|kept) (sending|asking) me (in circles|to restart)
    (rolled|rolls) (her|his|their) eyes` },
  { aspect: 'delivery', patterns: `
    (delivery|deliveries|delivered|deliver|shipping|shipped|shipment|arrived|arrives|arrive|arrival|courier|postman|tracking|dispatch|dispatched|late)
    on time
    lost (in the post|package|parcel)
    took _? (days|weeks)
    (package|parcel) was? (left|lost)
    (envio|envios|entrega|entregas|entregado|entregaron|llego|llegaron|llega|llegan|repartidor|repartidora|mensajero|mensajeria|seguimiento|tardaron|tardo|tarda|paquete|perdido)
    (a tiempo|pedido perdido|en la calle|sin recibir)
    (parcel|parcels|package|packages|order|orders) (arrived|came|got here|was delivered|never|still|left|lost)
    got here
    (courier|driver|delivery guy|delivery driver|delivery man)
    (waiting|waited) (for|on) (my|the|our) (order|parcel|package|delivery)
    where is my (order|parcel|package)
    (hasn't|hasnt|haven't|havent) (arrived|come|shown up|turned up)
    (tracking number|tracking says|tracking shows)
    (donde|dónde) esta mi (pedido|paquete|envio)
    (sigo|seguimos) esperando (mi|el|nuestro)? (pedido|paquete|envio)
    transportista
    (envio|entrega) (gratis|gratuito|gratuita|express|urgente)
    (dejaron|dejo) el paquete
    (out for delivery|next day|next-day|same day|same-day)
    (seur|dpd|correos|dhl|fedex|gls|mrw|evri|hermes|usps|nacex|envialia|estafeta)
    royal mail
    (pedido|paquete|envio) (llego|ha llegado|no llega|no ha llegado|sigue|tardo|tarda)
    (parcelforce|yodel|inpost|ontrac|purolator|colissimo|chronopost|paack|servientrega|andreani|postnord|postie|99minutos)
    (canada|australia) post
    correos express
    (click and collect|click & collect|recoger en tienda|recogida en tienda|pick up in store|store pickup|curbside pickup)
    (delivery|shipping) address
    (sent|shipped) out
    (take|takes|taking|took) to (get|arrive|come|ship)
    (tarda|tardan|tardara|tardaran) en (llegar|enviar|mandar)
    (llegaba|llegaria|llegara)
    me (lo|la|los|las) (mando|mandaron|envio|enviaron|trajo|trajeron)
    turned up (on|at|with)
    (dropped|drops) (it|everything|them|the parcel|my parcel|the package|my package|my order|the order|my groceries|my food) off
    left (my|the|our)? _? (parcel|package|order) with
    took #num _? (days|weeks|hours|mins|minutes)
    took (an|one|two|three) _? (hour|hours|mins|minutes)
    (la guia|el tracking|el seguimiento) (sigue|no)
` },
  // Delivery complaints that carry no sentiment word ("took three weeks", "tardaron tres semanas").
  { aspect: 'delivery', implies: 'negative', patterns: `
    took _? _? (weeks|months)
    since (friday|monday|tuesday|wednesday|thursday|saturday|sunday|last week)
    left (my|the|our)? _? (parcel|package|order) (in|at|on|outside|by)
    (perdio|perdieron|perdido) (mi|el|un) (paquete|pedido|envio)
    never (came|arrived)
    (delayed|delay|delays|retraso|retrasos|retrasado|retrasada)
    still (waiting|hasn't arrived|hasnt arrived)
    arrived (late|broken|damaged|crushed|open)
    lost (in the post|my package|my parcel|my order)
    (tardaron|tardo|tarda|llevo|lleva) _? _? (semanas|meses)
    llego (tarde|roto|rota|abierto|abierta|danado|danada)
    (nunca llego|sin recibir)
    no me? ha llegado
    (paquete|pedido) _? _? _? perdido
    took (#num|two|three|four|five|six|seven|eight|nine|ten) days to (show up|arrive|come)
    (left|dejo|dejaron) (my|the|el|mi)? (package|parcel|paquete) (out in the rain|tirado|en la puerta)
    (marked|marcado) (it|as)? (as)? (delivered|entregado)
    (transito desde|transit for)
    out for delivery for (#num|two|three|days)
    (llamo|llamaron) al timbre
    (didn't|didnt) (ring|knock)
    aviso de ausente
    took #num _? (weeks|months)
    took (over|more than) (a|#num|two|three) _? (week|weeks|month|months)
    (hasn't|hasnt|haven't|havent|not) (been)? updated (in|for|since)
    (no se actualiza|no se ha actualizado|sin actualizarse|no se mueve)
    (sigue|lleva|siguen|llevan) sin (moverse|actualizarse)
    (stuck|atascado|parado|retenido) (in|en) (transit|transito|customs|aduana|aduanas|the depot|el almacen)
    (waited|waiting) in all day
    (esperando|espere) (todo el dia|en casa)
    (order|pedido) (missing|incompleto)
    missing (items|item|from my order)
    (came|arrived) (completely|totally|all|badly)? (late|broken|damaged|crushed|smashed|dented|open)
    wrong (address|building|house|door|flat)` },
  // A parcel thrown about is the courier's doing, not the box's.
  { aspect: 'delivery', implies: 'negative', hides: 'packaging', patterns: `
    (threw|thrown|chucked|tossed|tiro|tiraron|lanzo|lanzaron|aventaron|avento) (the|my|el|mi|la)? (box|parcel|package|paquete|caja)` },
  // Delivery praise that carries no sentiment word ("arrived in 2 days", "llegó en 24h").
  { aspect: 'delivery', implies: 'positive', patterns: `
    (arrived|came|got here|delivered|turned up) (in|within) (#num|one|two|three|a|an) _? (minutes|hours|hour|days|day)
    (arrived|came|got here|delivered) (early|the next day|next day|the same day|same day|ahead of time)
    (llego|llegaron|llega|entregaron) (en|al) (#num|un|una|dos|tres) _? (h|horas|hora|dias|dia|minutos|siguiente)
    (llego|llegaron|entregaron) (rapidisimo|rapidisima|rapido|pronto|al dia siguiente)
    (got here|showed up|landed|arrived) in (#num|one|two|three|a) _? (minutes|hours|days|day)
    (landed|arrived|came) (early|faster than)
    mismo dia (q|que) (dijeron|prometieron)
    same day (they)? (said|promised)
    (puntual|puntuales)
    (#num|ten|five) (mins|minutes|hours|days) early
    got (my|the|our|it|them|his|her) _? _? here in (#num|one|two|a|an) _? (minutes|mins|hours|days|day)
    ya (lo|la|los|las) (tenia|tengo) en casa
    on the exact day` },
  // Containers: what the product comes in, or the product itself (weak, see above).
  { aspect: 'packaging', weak: true, patterns: `
    (box|boxes|container|bottle|jar|lid|lids|pump|dispenser|pouch|pouches|tube|tin|carton|refill|foil)
    (caja|cajas|bote|botes|tapa|frasco|dosificador|tubo|lata|carton|bolsita|bolsitas|bolsas|tapon|brik)` },
  { aspect: 'packaging', patterns: `
    (packaging|packaged|packed|wrapping|wrapped|seal|sealed)
    (package was|bubble wrap|plastic packaging|excess packaging)
    (embalaje|empaquetado|empaquetada|empaque|envase|envases|envoltorio|envuelto|envuelta|precinto|precintado)
    capas de plastico
    (plastic bag|plastic bags|wrapper|wrappers|packet|refillable|sachet|sachets)
    unboxing
    (presentacion|embalado|embalada|embalados|embaladas|envoltorios|bolsa de plastico|bolsas de plastico|recargable|blister)
    (clamshell|tetrabrik|plastic peanuts|bubble mailer|bubble wrap)
    (envolviendo|envuelven|envuelto) en plastico
    sin (ninguna)? proteccion
    (resealable|reseal|ziplock|zip-lock|padding|relleno|acolchado|papelito|paper bag)` },
  // Packaging complaints that carry no sentiment word ("a giant box for a lipstick", "tres capas de envoltorio").
  { aspect: 'packaging', implies: 'negative', patterns: `
    (giant|huge|massive|enormous|oversized) (box|boxes|package|packaging)
    (too much|excess|excessive|unnecessary) (packaging|plastic|wrapping)
    (caja|cajas) (gigante|gigantes|enorme|enormes|inmensa|inmensas)
    (demasiado|exceso de|tanto) (plastico|embalaje|envoltorio)
    (tres|varias|#num|mil) capas de
    (#num|two|three|four|several|multiple) layers of (plastic|packaging|wrapping|bubble wrap)
    (came|arrived) (open|half open|opened|leaking|damaged|crushed)
    (venia|vino|llego) medio? (abierto|abierta|roto|rota|aplastado|aplastada)
    (came|arrived) (completely|totally|all|badly) (crushed|damaged|smashed|dented|open)
    no (padding|protection|proteccion|relleno)
    (box|caja) (the size of|del tamano de|como para)
    (imposible|impossible|hard|difficult|dificil) (de|to)? (abrir|open)
    (can't|cant|cannot) open (the|it)` },
  // Packaging the customer welcomes: none at all.
  { aspect: 'packaging', implies: 'positive', patterns: `
    (sin plastico|zero plastic|plastic-free|plastic free|zero packaging|no packaging|sin envase|sin envoltorio|sin embalaje)` },
  { aspect: 'ethics', patterns: `
    (sustainable|sustainability|eco-friendly|ecofriendly|environment|environmental|environmentally|ethical|ethically|unethical|cruelty-free|vegan)
    (cruelty free|tested on animals|animal testing|fair trade|plastic waste|workers rights)
    (recycle|recycled|recyclable|recycling|carbon|exploit|exploitation|exploiting|exploits)
    child (labor|labour)
    (sostenible|sostenibles|sostenibilidad|ecologico|ecologica|ecologicos|ecologicas|medioambiental|etico|etica|vegano|vegana|veganos|veganas)
    (medio ambiente|poco etico|explotacion|trabajo infantil|comercio justo|huella de carbono|residuos plasticos)
    (testado|testada) en animales
    prueban en animales
    (reciclable|reciclables|reciclado|reciclada|reciclados|recicladas|reciclaje)
    (planet|planeta)
    (testando|testeando|probando) en animales
    (wages|underpaid|landfill|pollution|polluting|deforestation|emissions|caged|cage-free|free-range|buy-back)
    (underpaid|exploited|unpaid|warehouse|factory|garment) (workers|staff|riders|drivers)
    (workers|worker) (rights|conditions)
    oil spill
    (working conditions|second life|water rights|ocean plastic|human rights|animal welfare)
    (sueldos|salarios|contaminacion|contamina|derrame|vertido|emisiones|deforestacion|ambiental|ambientales|enjauladas)
    (trabajadores|repartidores|riders|empleados) (explotados|sin contrato|mal pagados|precarios)
    (condiciones laborales|sin contrato|segunda vida|derechos humanos|bienestar animal|plastico recogido)
    (fast fashion|child labour|child labor|forced labour|forced labor|modern slavery|animal cruelty|carbon neutral|net zero|net-zero)
    (exploited|exploitative|boycott|boycotting|microplastics|palm oil)
    (moda rapida|trabajo forzoso|explotan|explotados|explotadas|boicot|boicotear|neutro en carbono|huella|aceite de palma|microplasticos)
    (testan|testa|testean|prueban) en animales
    (sobrepesca|overfishing|drought|groundwater|diversidad|diversity|renovable|renovables|renewable|plastic polluter|polluter|contaminando|contaminan)
    (pague|paga|pagan|pagandoles|pays|paying) (justo|fair|a fair price)
    (labour|labor) (situation|conditions|practices)
    (drivers|workers|riders) (can't|cant|cannot) (take|get)
    (#num|75|80) hour weeks
    (algodon organico|organic cotton)
    (repair|replace|reparar) (every|each|cada) (part|pieza)
    climate (trust|change|action)` },
  // Ethics complaints that carry no sentiment word, and are not claims a brand makes of itself
  // (so never "not tested on animals").
  { aspect: 'ethics', implies: 'negative', patterns: `
    (greenwash|greenwashing|lavado verde|sweatshop|sweatshops)
    (below|under) (the)? minimum wage
    (poverty|starvation) wages
    (sigue|siguen|still) (testando|testeando|probando|tests|testing) (en|on) animales?` },
];

/** Expands one pattern into its word sequences. */
export function expandPattern(src: string): string[][] {
  const toks = src.match(/\(|\)\??|\||[^\s()|]+/g) ?? [];
  let pos = 0;
  // seq := item*, item := word['?'] | '(' alt ')'['?'], alt := seq ('|' seq)*
  function seq(): string[][] {
    let out: string[][] = [[]];
    while (pos < toks.length && toks[pos] !== '|' && !toks[pos]!.startsWith(')')) {
      let options: string[][];
      let optional = false;
      const t = toks[pos++]!;
      if (t === '(') {
        options = alt();
        const close = toks[pos++];
        if (!close?.startsWith(')')) throw new Error(`aspect pattern: missing ')' in ${src}`);
        optional = close === ')?';
      } else {
        optional = t.endsWith('?') && t.length > 1;
        options = [[optional ? t.slice(0, -1) : t]];
      }
      if (optional) options = [[], ...options];
      const next: string[][] = [];
      for (const a of out) for (const b of options) next.push([...a, ...b]);
      out = next;
    }
    return out;
  }
  function alt(): string[][] {
    const out = seq();
    while (toks[pos] === '|') { pos++; out.push(...seq()); }
    return out;
  }
  const all = alt();
  if (pos !== toks.length) throw new Error(`aspect pattern: unexpected '${toks[pos]}' in ${src}`);
  return all.filter((s) => s.length > 0);
}

interface Trigger { aspect: Aspect; implies?: SentimentLabel; leans?: SentimentLabel; hides?: readonly Aspect[]; silent?: true; weak?: true; anywhere?: true }
interface Node { next?: Map<string, Node>; any?: Node; num?: Node; money?: Node; ends?: Trigger[] }

const ROOT: Node = {};
function insert(words: readonly string[], trig: Trigger): void {
  let node = ROOT;
  for (const raw of words) {
    // Multi-word alternatives ("help desk") arrive as one string: split them into words.
    for (const w of raw.split(' ')) {
      let key: 'any' | 'num' | 'money' | undefined;
      if (w === '_') key = 'any'; else if (w === '#num') key = 'num'; else if (w === '#money') key = 'money';
      if (key) { node = node[key] ??= {}; continue; }
      const k = fold(w.toLowerCase());
      node.next ??= new Map();
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = {}));
      node = child;
    }
  }
  node.ends ??= [];
  if (!node.ends.some((e) => e.aspect === trig.aspect && e.implies === trig.implies && e.leans === trig.leans && String(e.hides) === String(trig.hides) && e.silent === trig.silent && e.weak === trig.weak && e.anywhere === trig.anywhere)) node.ends.push(trig);
}
for (const r of RULES) {
  const hides = r.hides === undefined ? undefined : typeof r.hides === 'string' ? [r.hides] : r.hides;
  for (const line of r.patterns.split('\n')) {
    const p = line.trim();
    if (p) for (const words of expandPattern(p)) insert(words, { aspect: r.aspect, implies: r.implies, leans: r.leans, hides, ...(r.silent ? { silent: r.silent } : {}), ...(r.weak ? { weak: r.weak } : {}), ...(r.anywhere ? { anywhere: r.anywhere } : {}) });
  }
}

// ---------------------------------------------------------------------------------------------

/** Per token: the key triggers are matched on ('' for tokens that end a trigger walk). */
function tokenKey(t: Token): string {
  switch (t.kind) {
    case 'word': {
      const f = t.rec ? t.rec.folded : fold(t.norm);
      return f.includes('’') ? f.replace(/’/g, "'") : f;
    }
    case 'hashtag': return fold(t.norm.slice(1));
    case 'number': return t.norm;
    default: return '';
  }
}

// The walk from the root finds nothing unless the token's key is a first word of some trigger, or
// the root has a wildcard branch the token can take (it never ends a trigger: patterns are not empty).
if (ROOT.ends) throw new Error('aspect patterns: an empty trigger');
const NUMBER_STARTS = ROOT.num !== undefined || ROOT.money !== undefined;

/** Whether a trigger can start at token t (a word, hashtag or number). */
function mayStart(t: Token): boolean {
  const rec = t.rec;
  let s: boolean;
  if (rec) {
    if (rec.aspectStart < 0) rec.aspectStart = keyInfo(t).starts ? 1 : 0;
    s = rec.aspectStart === 1;
  } else s = keyInfo(t).starts;
  return s || (t.kind === 'number' ? NUMBER_STARTS : t.kind === 'word' && ROOT.any !== undefined);
}

/** A word's trigger key and whether a trigger starts with it, kept on its word record. */
interface KeyInfo {
  key: string;
  starts: boolean;
  /** As a word, what it does to clauses: ROLE_CONTRAST ("but"), ROLE_AND ("and"), ROLE_CONTRAST2 ("sin" of "sin embargo"), or 0. */
  role: number;
  /** The trie node after this key from the root (a trigger starts here when defined). */
  child: Node | undefined;
}
const ROLE_CONTRAST = 1, ROLE_AND = 2, ROLE_CONTRAST2 = 3;
const KEY_SLOT = memoSlot();
function keyInfo(t: Token): KeyInfo {
  const rec = t.rec;
  let info = rec?.memo[KEY_SLOT] as KeyInfo | undefined;
  if (!info) {
    const key = tokenKey(t);
    const role = CONTRAST.has(key) ? ROLE_CONTRAST : AND.has(key) ? ROLE_AND : CONTRAST2_FIRST.has(key) ? ROLE_CONTRAST2 : 0;
    const child = ROOT.next!.get(key);
    info = { key, starts: child !== undefined, child, role };
    if (rec) rec.memo[KEY_SLOT] = info;
  }
  return info;
}
const CURRENCY = /[$€£]/;

interface Match { from: number; to: number; t: Trigger }

/** Whether a trigger (one that names an aspect) found `aspect`. */
function triggered(aspect: string, matches: readonly Match[]): boolean {
  for (const m of matches) if (m.t.aspect === aspect && !m.t.silent) return true;
  return false;
}

/** The trigger a learned aspect stands on: it names the aspect and says nothing of its polarity. */
const LEARNED = Object.fromEntries(ASPECTS.map((a) => [a, { aspect: a }])) as Record<Aspect, Trigger>;

/** The key triggers are matched on at token j ('' ends a walk): what keys[j] holds in extract. */
function keyAt(tokens: readonly Token[], j: number): string {
  const t = tokens[j]!;
  const kind = t.kind;
  return kind === 'word' || kind === 'hashtag' || kind === 'number' ? keyInfo(t).key : '';
}

/** Walks the trie from token i; adds to `found` every trigger that matches (i, end). */
function walk(tokens: readonly Token[], node: Node, j: number, i: number, found: Match[]): void {
  if (node.ends) for (const t of node.ends) found.push({ from: i, to: j - 1, t });
  if (j >= tokens.length) return;
  const k = keyAt(tokens, j);
  if (!k) return;
  const child = node.next?.get(k);
  if (child) walk(tokens, child, j + 1, i, found);
  const kind = tokens[j]!.kind;
  if (node.any && kind === 'word') walk(tokens, node.any, j + 1, i, found);
  if (kind === 'number') {
    if (node.num && /^\d+$/.test(k)) walk(tokens, node.num, j + 1, i, found);
    if (node.money && CURRENCY.test(k)) walk(tokens, node.money, j + 1, i, found);
  }
}

/** walk(tokens, ROOT, i, i, found), with the root's child for the token's key kept on its KeyInfo. */
function walkFrom(tokens: readonly Token[], i: number, found: Match[]): void {
  const t = tokens[i]!;
  const info = keyInfo(t);
  const k = info.key;
  if (!k) return;
  if (info.child) walk(tokens, info.child, i + 1, i, found);
  const kind = t.kind;
  if (ROOT.any && kind === 'word') walk(tokens, ROOT.any, i + 1, i, found);
  if (kind === 'number') {
    if (ROOT.num && /^\d+$/.test(k)) walk(tokens, ROOT.num, i + 1, i, found);
    if (ROOT.money && CURRENCY.test(k)) walk(tokens, ROOT.money, i + 1, i, found);
  }
}

const CONTRAST = new Set(['but', 'however', 'although', 'whereas', 'pero', 'aunque']);
const CONTRAST2 = new Set(['sin embargo', 'mientras que']);
const AND = new Set(['and', 'y', 'e', '&']);
// Keys hold no space, so only these first words can start a two-word contrast.
const CONTRAST2_FIRST = new Set([...CONTRAST2].map((w) => w.split(' ')[0]!));
/** /[.!?;¡¿]/.test(s) */
function endsSentence(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0xa1 || c === 0xbf) return true;
  }
  return false;
}

export type SentimentHint = SentimentScore | SentimentLabel | undefined;

/**
 * Aspects mentioned in `text`, each with the polarity of its own clause and the clause quoted.
 * One entry per aspect (the most opinionated clause wins). Never throws.
 * `prepared`: the text already cleaned and tokenized (prepare(text)), to skip doing it again.
 */
export function extractAspects(text: string, lang: string, sentimentHint?: SentimentHint, prepared?: PreparedText, model: AspectModel | null = aspectModel(), context: AspectContext = {}): AspectScore[] {
  try {
    // A brand whose goods are used up has its containers as packaging, in reviews too.
    return extract(prepared ?? prepare(text), lang, sentimentHint, model, context.kind === 'review' && !context.sellsConsumables);
  } catch {
    return [];
  }
}

/** What is known of the mention besides its text: its kind, and whether its brand's goods are used up (consumables.ts). */
export interface AspectContext { kind?: MentionKind; sellsConsumables?: boolean }

/** `containersNeedContext`: container words are packaging only with a packing or consumable word in their clause (packingSaid). */
function extract(prep: PreparedText, lang: string, hint: SentimentHint, model: AspectModel | null, containersNeedContext: boolean): AspectScore[] {
  const { tokens } = prep;
  const n = tokens.length;
  if (n === 0) return [];
  // Pass 1: the first token a trigger can start at. Most posts have none, and pay one field read
  // per word (the answer is kept on its record) and no allocation.
  let first = -1;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    if ((kind === 'word' || kind === 'hashtag' || kind === 'number') && mayStart(t)) { first = i; break; }
  }
  // Most posts have a word some trigger starts with ("no", "me") and no trigger: walk first, and
  // build the per-token keys only for posts with matches.
  let matches: Match[] = [];
  if (first >= 0) {
    for (let i = first; i < n; i++) {
      const kind = tokens[i]!.kind;
      if ((kind === 'word' || kind === 'hashtag' || kind === 'number') && mayStart(tokens[i]!)) walkFrom(tokens, i, matches);
    }
  }
  // The learned half: aspects no trigger found, at the word that weighs most for each.
  if (model) {
    for (const l of learnedAspects(model, tokens, triggered, matches)) matches.push({ from: l.at, to: l.at, t: LEARNED[model.aspects[l.aspect]! as Aspect] });
  }
  if (matches.length === 0) return [];
  const keys = new Array<string>(n);
  const roles = grown(n, 2);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    if (kind === 'word' || kind === 'hashtag' || kind === 'number') {
      const info = keyInfo(t);
      keys[i] = info.key;
      roles[i] = kind === 'word' ? info.role : 0;
    } else { keys[i] = ''; roles[i] = 0; }
  }

  // The rules that say the product is a container ("this box") hide only where container words
  // need context (a review): a social post's "this jar is so cute" is about the packaging.
  const hiding = matches.filter((m) => m.t.hides && (containersNeedContext || !m.t.anywhere));
  if (hiding.length > 0 || matches.some((m) => m.t.silent)) {
    matches = matches.filter((m) => !hiding.some((h) => h !== m && h.t.hides!.includes(m.t.aspect) && ((m.from >= h.from && m.to <= h.to) || (h.t.anywhere && (m.t.weak || m.t === LEARNED[m.t.aspect])))));
    matches = matches.filter((m) => !m.t.silent);
    if (matches.length === 0) return [];
  }

  // Clauses end at sentence punctuation and line breaks and before contrast words; parts of a
  // clause also end at commas and "and"/"y", so each aspect can have its own evidence.
  const clause = grown(n, 0), part = grown(n, 1);
  let c = 0, p = 0;
  let nl = prep.text.indexOf('\n');
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (nl >= 0 && nl < t.start) {
      if (i > 0) { c++; p++; }
      nl = prep.text.indexOf('\n', t.start);
    }
    const k = keys[i]!;
    if (t.kind === 'punct') {
      if (endsSentence(t.text)) c++;
      p++;
      clause[i] = -1; part[i] = -1;
      continue;
    }
    const role = roles[i];
    if (role === ROLE_CONTRAST || (role === ROLE_CONTRAST2 && i + 1 < n && CONTRAST2.has(k + ' ' + keys[i + 1]))) {
      if (i > 0) { c++; p++; }
    } else if (role === ROLE_AND) {
      p++;
      clause[i] = c; part[i] = -1;
      p++;
      continue;
    }
    clause[i] = c; part[i] = p;
  }
  if (containersNeedContext) {
    matches = matches.filter((m) => !weakPackaging(m) || packingSaid(keys, clause, n, clause[m.from]!));
    if (matches.length === 0) return [];
  }

  const pack = languagePack(lang === 'en' || lang === 'es' ? lang : 'und');
  const lexicon = analyzeLexicon(tokens, pack);
  const hits = lexicon.hits;
  const hintLabel: SentimentLabel | undefined = typeof hint === 'string' ? hint : hint?.label;
  // The evidence (a slice of the text) is built once per aspect, for the match that wins it.
  const best = new Map<Aspect, { polarity: SentimentLabel; strength: number; group: Int32Array; g: number; at: number; clause: number; question: boolean; implies?: SentimentLabel }>();
  for (const m of matches) {
    const ci = clause[m.from]!, pi = part[m.from]!;
    // A complaint inside an English negation is praise: "never broke", "hasn't cracked". Not the
    // other way ("couldn't be more them" is praise), nor in Spanish, whose negations stack ("no
    // pinta nada", "ni llamó al timbre" are complaints).
    const implies = m.t.implies === 'negative' && lang === 'en' && lexicon.negatedTokens[m.from] === 1 ? 'positive' : m.t.implies;
    // The trigger's own part of the clause weighs fully, the rest of its clause half: "great price
    // and terrible delivery" splits, while "cheap and bland" keeps the clause's verdict nearby.
    // A trigger that is itself a judgement is not read again by its own words ("zero spam" is
    // praise, whatever "spam" weighs in the lexicon).
    // Nor is a trigger that only names the topic: AFINN scores "quality", "support" and "care"
    // +2, which made "the quality is poor" neutral.
    const skipOwn = implies !== undefined || m.t.leans !== undefined || topicOnly(hits, keys, m.from, m.to);
    const skipFrom = skipOwn ? m.from : -1, skipTo = skipOwn ? m.to : -1;
    const partSum = rangeSum(hits, part, pi, skipFrom, skipTo);
    const clauseSum = rangeSum(hits, clause, ci, skipFrom, skipTo);
    const sum = partSum.sum + 0.5 * (clauseSum.sum - partSum.sum);
    const s = sum / Math.sqrt(sum * sum + 15);
    // A part that is only the trigger itself ("… and quality") is quoted with its clause.
    const usePart = pi >= 0 && (implies !== undefined || (partSum.count > 0 && groupSize(part, n, pi, m.from) > m.to - m.from + 1));
    // A question asks rather than judges ("¿cuánto tarda en llegar?"): one mild word in it is not
    // a verdict, and the whole-text sentiment is not its polarity.
    const question = isQuestion(tokens, clause, ci, m.from);
    const band = question ? 0.3 : 0.05;
    let polarity: SentimentLabel = s > band ? 'positive' : s < -band ? 'negative' : 'neutral';
    let strength = Math.abs(s);
    // Praise asked about is no praise: "¿son de gente real o distribuidores?".
    if (implies && !(question && implies === 'positive') && (polarity === 'neutral' || implies === 'negative' || strength < IMPLIED_POSITIVE_HOLDS)) {
      // The trigger is itself the judgement ("they email me every day").
      polarity = implies;
      strength = Math.max(strength, 0.5);
    } else if (m.t.leans && polarity === 'neutral') {
      // Above a single mild word elsewhere in the clause ("Dyson wants $599": AFINN's "wants" is +1).
      polarity = m.t.leans;
      strength = 0.3;
    } else if (polarity === 'neutral' && hintLabel && hintLabel !== 'neutral' && !question) {
      // A clause with no sentiment word of its own: the whole-text sentiment is the best reading
      // there is ("the hinge snapped after 4 months"; "$45 for hand soap is psycho"). In a
      // one-clause mention it is this clause's sentiment; in a longer one, a verdict stated as a
      // plain fact is usually part of the mention's verdict (on the dev parts: 10 more of 1,239
      // aspects' polarities right, 1,030 → 1,040).
      polarity = hintLabel;
      strength = 0.1;
    }
    const prev = best.get(m.t.aspect);
    if (!prev || strength > prev.strength) {
      best.set(m.t.aspect, { polarity, strength, group: usePart ? part : clause, g: usePart ? pi : ci, at: m.from, clause: s, question, implies });
    }
  }
  const out: AspectScore[] = [];
  let sarcastic: boolean | undefined;
  const mention = typeof hint === 'object' && hint ? hint.score : hintLabel === 'positive' ? 0.5 : hintLabel === 'negative' ? -0.5 : 0;
  for (const a of ASPECTS) {
    const b = best.get(a);
    if (!b) continue;
    const range = groupRange(tokens, b.group, b.g, b.at);
    let polarity = b.polarity;
    // The polarity model reads what the clause's own words leave open (see keepsOwnReading).
    const pm = model?.polarity;
    if (range && (collecting || (pm && !keepsOwnReading(b.clause, b.implies)))) {
      const input: PolarityInput = { aspect: a, tokens, from: range[0], to: range[1], negated: lexicon.negatedTokens, clause: b.clause, mention: Number.isFinite(mention) ? mention : 0, heuristic: b.polarity, question: b.question, implies: b.implies };
      if (collecting) collecting.push(input);
      else if (pm) {
        const read = predictPolarity(pm, input, model.aspects);
        if (read.p >= MODEL_SURE) polarity = read.polarity;
      }
    }
    // Praise in a sarcastic mention is the sarcasm ("$95 for a candle lol", "love paying more for
    // less"): the mention reads negative, and so does the aspect its praise was about.
    if (polarity === 'positive' && hintLabel === 'negative' && (sarcastic ??= sarcasmIn(prep.text, hits, tokens) !== null)) polarity = 'negative';
    out.push({ aspect: a, polarity, evidence: range ? spanText(prep, tokens, range) : '' });
  }
  return out;
}

let collecting: PolarityInput[] | undefined;

/** A container word, or the learned half's guess, standing for packaging (see packingSaid). */
function weakPackaging(m: Match): boolean {
  return m.t.aspect === 'packaging' && (m.t.weak === true || m.t === LEARNED.packaging);
}

// A review reviews one product, and that product is often a container or has one as a part (a
// storage box, a blender's lid, a sump pump): in reviews, a container word is the packaging only
// in a clause that also says how it came or how it was packed. A social post naming a brand's
// jar or bottle is nearly always about its packaging, and needs no such word; nor does a review
// of a brand whose goods are used up (a skincare or food brand: consumables.ts). Real product
// reviews with container words (real-containers.tsv): packaging precision / recall 0.24 / 0.79 →
// 0.79 / 0.79 on the dev half, 0.63 / 0.71 on the test half; our brand mentions read as reviews
// of a brand with no profile keep 72–78% of their packaging verdicts (social posts, 98–99%).
const PACKING_WORDS = new Set([
  'came', 'comes', 'arrived', 'arrive', 'arrives', 'showed', 'delivered', 'delivery', 'shipped', 'shipping', 'received', 'mailed', 'parcel', 'courier',
  'damaged', 'crushed', 'dented', 'torn', 'ripped', 'trashed', 'smashed', 'squashed', 'battered', 'leaking', 'leaked', 'spilled',
  'padding', 'padded', 'protective', 'protection', 'protected', 'bubble', 'styrofoam', 'retail', 'original', 'gift', 'unboxing',
  'llego', 'llegaron', 'vino', 'venia', 'enviaron', 'envio', 'recibi', 'paquete', 'mensajero', 'danado', 'danada', 'aplastado', 'aplastada',
  'abollado', 'abollada', 'golpeado', 'golpeada', 'derramado', 'proteccion', 'protegido', 'protegida', 'regalo',
]);
function packingSaid(keys: readonly string[], clause: Int32Array, n: number, c: number): boolean {
  for (let i = 0; i < n; i++) if (clause[i] === c && (PACKING_WORDS.has(keys[i]!) || CONSUMABLES.has(keys[i]!))) return true;
  return false;
}

/**
 * What extractAspects works out about each aspect it finds, before any polarity model reads it
 * (the polarity model's training input).
 */
export function polarityInputs(text: string, lang: string, sentimentHint?: SentimentHint): PolarityInput[] {
  const out: PolarityInput[] = [];
  collecting = out;
  try {
    extract(prepare(text), lang, sentimentHint, aspectModel(), false);
  } finally {
    collecting = undefined;
  }
  return out;
}

/**
 * A trigger that is itself praise ("arrived in 2 days") keeps its polarity against a mildly
 * negative clause: jokes and slang read negative word by word ("here in 12 minutes, I'm dangerous
 * now", "ya lo tenía en casa, una locura"). A complaint-trigger always keeps its own.
 */
const IMPLIED_POSITIVE_HOLDS = 0.45;

// Per-token scratch arrays (clause, part, role), reused across calls and grown on demand: extract
// is synchronous and never re-entered, and only the first n entries are read.
const scratch = [new Int32Array(256), new Int32Array(256), new Int32Array(256)];
function grown(n: number, k: number): Int32Array {
  if (scratch[k]!.length < n) scratch[k] = new Int32Array(Math.max(n, 2 * scratch[k]!.length));
  return scratch[k]!;
}

/** Whether clause g (which token `at` is in) is a question: ends with '?' or opens with '¿'. */
function isQuestion(tokens: readonly Token[], clause: Int32Array, g: number, at: number): boolean {
  for (let i = at + 1; i < tokens.length && (clause[i] === g || clause[i] === -1); i++) {
    if (clause[i] === -1 && tokens[i]!.text.includes('?')) return true;
  }
  for (let i = at - 1; i >= 0 && (clause[i] === g || clause[i] === -1); i--) {
    if (clause[i] === -1 && tokens[i]!.text.includes('¿')) return true;
  }
  return false;
}

/** Words that name an aspect's topic and weigh nothing for its polarity, whatever the lexicon says of them. */
const TOPIC_WORDS = new Set(['quality', 'qualities', 'calidad', 'support', 'care', 'help', 'helpdesk', 'service', 'servicio', 'atencion', 'soporte', 'value', 'price', 'precio', 'delivery', 'envio']);

/** Whether every lexicon hit inside tokens [from, to] is on a topic word (true when there is none). */
function topicOnly(hits: readonly Hit[], keys: readonly string[], from: number, to: number): boolean {
  for (const h of hits) if (h.token >= from && h.token <= to && !TOPIC_WORDS.has(keys[h.token]!)) return false;
  return true;
}

/** Sum and count of the hits whose first token lies in group g, except those at tokens skipFrom..skipTo. */
function rangeSum(hits: readonly Hit[], group: Int32Array, g: number, skipFrom: number, skipTo: number): { sum: number; count: number } {
  let sum = 0, count = 0;
  if (g >= 0) for (const h of hits) if (group[h.token] === g && (h.token < skipFrom || h.token > skipTo)) { sum += h.value; count++; }
  return { sum, count };
}

/** Number of tokens in group g (groups are contiguous; `at` is one of its tokens). */
function groupSize(group: Int32Array, n: number, g: number, at: number): number {
  let a = at, b = at;
  while (a > 0 && group[a - 1] === g) a--;
  while (b + 1 < n && group[b + 1] === g) b++;
  return b - a + 1;
}

/** Whether s.replace(/\s+/g, ' ').trim() is s itself: printable ASCII, single inner spaces only. */
function plainSpaced(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) === 0x20 || s.charCodeAt(n - 1) === 0x20) return n === 0;
  for (let i = 0, prevSpace = false; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) { if (prevSpace) return false; prevSpace = true; continue; }
    if (c < 0x20 || c > 0x7e) return false;
    prevSpace = false;
  }
  return true;
}

/** The first and last token of group g (`at` is one of its tokens), or undefined when g is none. */
function groupRange(tokens: readonly Token[], group: Int32Array, g: number, at: number): [number, number] | undefined {
  // Group numbers never decrease along the text, so group g's tokens lie around `at` (one of
  // them, or -1 when g is), broken only by tokens of no group (-1: punctuation, "and"): scan out
  // from `at` instead of over the whole text.
  if (g < 0) return undefined;
  let a = -1, b = -1;
  for (let i = at; i >= 0 && (group[i] === g || group[i] === -1); i--) if (group[i] === g) a = i;
  for (let i = at; i < tokens.length && (group[i] === g || group[i] === -1); i++) if (group[i] === g) b = i;
  return a < 0 ? undefined : [a, b];
}

/** The text of tokens [a, b], whitespace collapsed and capped. */
function spanText(prep: PreparedText, tokens: readonly Token[], [a, b]: [number, number]): string {
  let s = prep.text.slice(tokens[a]!.start, tokens[b]!.start + tokens[b]!.text.length);
  if (!plainSpaced(s)) s = s.replace(/\s+/g, ' ').trim();
  return s.length > 160 ? s.slice(0, 157) + '…' : s;
}
