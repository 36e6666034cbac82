// English sentiment lexicon written for TrustLens (valence −4..+4, AFINN-style scale).
// Focus: product reviews, customer service and brand-directed social posts. Entries are
// accent-folded and lower-case; `stem*` matches by prefix; `a_b` is a phrase.
// The trained model learns most English word weights from data; this lexicon feeds the
// language-independent features (and the reasons shown to users), so precision matters more
// than coverage.

import { parseLexicon, wordSet, weightMap } from './parse.js';

export const EN_LEXICON = parseLexicon(`
4: outstanding superb phenomenal flawless breathtaking exceptional masterpiece perfection spectacular magnificent
4: best_ever highly_recommend highly_recommended must_have love_love 10/10 five_stars
3: love loved loves loving lovely amazing amazed awesome excellent fantastic wonderful brilliant incredible perfect perfectly
3: beautiful gorgeous stunning delighted delightful thrilled ecstatic impressive impressed superior terrific fabulous
3: marvelous marvellous adore adored adorable favorite favourite favorites favourites best glorious heavenly
3: recommend recommended recommending awesomeness exquisite fave fav wow yay hooray blessed grateful thankful
3: a_steal what_a_steal such_a_steal
3: would_recommend great_value worth_every_penny works_great works_perfectly no_complaints cant_wait can't_wait
2: good great nice happy glad pleased enjoy enjoyed enjoying enjoyable fun funny cool sweet pretty fine
2: helpful friendly polite kind reliable sturdy solid comfortable comfy easy smooth fast quick quickly efficient
2: fresh tasty delicious yummy clean cute charming elegant stylish quality affordable bargain worth worthwhile
2: satisfied satisfying pleasant pleasure recommendable excited exciting fantastically beautifully nicely well
2: win winner winning won success successful succeeded better improved improvement upgrade gem treasure
2: love_it works works_well well_made well_done good_value value_for_money top_notch five_star 5_stars thanks thank thx
2: appreciate appreciated appreciation congrats congratulations proud inspiring inspired brilliantly genius
2: interesting intriguing unique innovative durable accurate precise responsive attentive courteous professional
2: haha hahaha lol lmao rofl hah hehe xd
2: slaps hits_different hit_different nothing_hits_like is_fire so_fire actually_fire pure_fire a_w big_w huge_w small_w massive_w
3: couldnt_be_happier couldn't_be_happier couldnt_be_better couldn't_be_better never_been_happier never_been_better killing_it killed_it nailed_it
3: exceeded_expectations exceeded_my_expectations exceeds_expectations exceeded_all beyond_expectations
2.5: would_buy_again will_buy_again would_order_again will_order_again
1.5: not_bad slay slayed slays slaying banger bangers im_dead i'm_dead i’m_dead im_deceased i'm_deceased i’m_deceased
2: this_is_sick is_so_sick thats_sick that's_sick that’s_sick looks_sick look_sick looking_sick sounds_sick so_sick_bro kinda_sick lowkey_sick sick_drop sick_collab sick_colorway sick_colourway sick_design sick_fit sick_kicks
1: not_terrible not_awful not_too_bad not_that_bad not_so_bad expected_worse could_be_worse
2: painless hassle-free hassle_free stress-free stress_free worry-free spot_on repurchased upgraded made_up_for
2: not_looking_back saved_my sorted_it sorted_my bought_a_second buy_them_again buy_it_again
1: ok okay decent fair reasonable adequate acceptable like liked likes cheap easier nicer useful handy
1: hope hopefully hoping safe secure calm relaxed relaxing chill interested interest ready support supported
1: agree agreed positive fine free bonus gift lucky wish improve soft warm neat
-1: meh mediocre average ordinary boring bored dull bland slow slowly pricey expensive overpriced late
-1: confusing confused odd weird strange unclear difficult hard complicated noisy loud small tiny cheaply
-1: miss missed missing lack lacks lacking lacked wait waiting waited delay delayed tired unfortunately sadly
-1: doubt doubtful concern concerned concerning worry worried issue issues problem problems complaint complain
-1: expensive_for not_much little_too flimsy thin fragile unnecessary lost shame unsure questionable
-2: bad badly poor poorly sad unhappy disappointed disappointing disappoint* annoying annoyed annoys irritating
-2: fail failed fails failing failure wrong broken broke breaks break leak leaks leaking cracked damaged defective
-2: faulty rude unhelpful slow_service useless worthless waste wasted wasting hate_it ugly smelly stinks stink
-2: nasty gross dirty unreliable uncomfortable cheap_quality feels_cheap feel_cheap felt_cheap looks_cheap look_cheap looked_cheap seems_cheap seemed_cheap cheap-looking cheap_looking cheap_material cheap_plastic cheaply_made plasticky junky cheesy lame weak worse inferior upset
-2: angry mad frustrated frustrating frustration hassle nightmare stupid ridiculous ridiculously sucks suck sucked
-2: refund returned return_it returning sent_back stopped_working doesnt_work doesn't_work didnt_work didn't_work
-2: so_much_for what_a_joke yeah_right what_a_scam is_a_joke such_a_joke do_better ghosted locked_out no_update no_updates
-2: oxidised oxidized oxidises oxidizes falling_apart fell_off biggest_l big_l an_l huge_l massive_l taking_the_l
-2: dont_buy don't_buy do_not_buy unacceptable unprofessional incompetent misleading mislead overrated greedy
-2: spam spammy scam* fake counterfeit knockoff cancel cancelled canceled unsubscribe unsubscribed pointless
-2: crap crappy trash rubbish garbage junk shit shitty lousy pathetic sloppy careless ignored ignoring
-2: sick ill hurt hurts pain painful annoyance drained overcharged overcharge mess messy sorry regret regrets
-3: terrible horrible awful dreadful hate hated hates hating disgusting disgusted disgrace disgraceful pathetic
-3: thanks_for_nothing
-3: don't_waste_your dont_waste_your don’t_waste_your do_not_waste save_your_money
-2: half_the_time hit_or_miss hit_and_miss only_works barely_works
2: not_a_waste
-2: no_thanks
-3: never_ordering_from never_buying_from never_shopping_at never_shopping_with never_flying_with never_ordering_again never_buying_again
-3: worst_ever never_again waste_of_money waste_of_time rip_off ripoff ripped_off do_not_recommend not_recommended
-3: furious outraged outrage appalling appalled atrocious abysmal shocking shameful horrendous hideous toxic
-3: fraud fraudulent liar liars lie lies lying cheat cheated cheating scammed stolen steal stealing boycott*
-3: garbage_quality broke_after fell_apart falls_apart piece_of_junk piece_of_crap zero_stars 0_stars 1_star one_star
-3: dangerous unsafe poison poisoned racist sexist offensive insulting insult insulted abuse abusive exploitation
-4: worst catastrophe catastrophic disaster disastrous horrific vile despicable fuck fucking fucked wtf
`);

/** Words that open a negation scope. Contractions ending in n't are recognised by suffix too. */
export const EN_NEGATORS = wordSet(`
not no never nothing nobody none neither nor nowhere cannot without hardly barely scarcely zero
dont didnt doesnt isnt wasnt arent werent wont wouldnt cant couldnt shouldnt havent hasnt hadnt aint
lack lacks lacking
`);

/** Phrases that look negated but are not ("not only", "no doubt"), checked before negators. */
export const EN_NEGATION_EXCEPTIONS = wordSet(`
not_only not_just no_doubt nothing_but no_wonder cant_wait can't_wait not_sponsored not_an_ad no_cap
not_gonna_lie not_going_to_lie never_looked_this never_looked_so never_felt_this never_felt_so never_been_this never_been_so never_tasted_this never_tasted_so never_had_such never_seen_such
`);

/** Multipliers applied to the next sentiment word(s): boosters > 1, diminishers < 1. */
export const EN_INTENSIFIERS = weightMap(`
1.6: extremely incredibly insanely ridiculously absolutely totally utterly completely
1.4: very really so super truly highly especially particularly seriously deeply hugely mega damn
1.3: too most such quite pretty fully
0.6: slightly somewhat fairly kinda sorta rather mildly little a_bit a_little kind_of sort_of
0.5: barely marginally
`);

/** Words that shift weight to the clause after them ("good but slow" is mostly "slow"). */
export const EN_CONTRAST_AFTER = wordSet(`but however yet nevertheless nonetheless though_still`);
/** Words whose own clause is concessive ("although it's cheap, it broke"): down-weight it. */
export const EN_CONTRAST_BEFORE = wordSet(`although though even_though despite whereas`);
