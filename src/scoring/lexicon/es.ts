// Spanish sentiment lexicon written for TrustLens (valence −4..+4, AFINN-style scale), with
// Spain and Latin American usage. Entries are accent-folded and lower-case, so "gustó" and
// "gusto" both match; `stem*` matches by prefix (used for verb and gender/number forms);
// `a_b` is a phrase. Checked against natural's afinnShortSortedSpanish for gaps, written anew.

import { parseLexicon, wordSet, weightMap } from './parse.js';

export const ES_LEXICON = parseLexicon(`
4: excelente excelentes maravilla maravillosa maravilloso maravillosos maravillosas espectacular espectaculares
4: perfecto perfecta perfectos perfectas insuperable inmejorable buenisimo buenisima buenisimos buenisimas
4: lo_mejor de_10 de_diez 10/10 cinco_estrellas 100%_recomendable super_recomendable lo_recomiendo_totalmente
3: encant* fascin* genial geniales increible increibles estupendo estupenda estupendos estupendas fantastic*
3: precioso preciosa preciosos preciosas preciosidad hermos* fabulos* brutal brutales magnific* espectacularmente divin* impresionante impresionantes
3: una_pasada flipante flipantes de_lujo chevere cheveres bacan chido chida chidos chidas mola_mucho me_quedo_corto me_quedo_corta
3: impecable impecables
-3: no_malgastes_tu no_malgastes_el no_pierdas_tu no_gastes_tu no_gastes_el
2: lo_vuelvo_a la_vuelvo_a los_vuelvo_a vuelvo_a_comprar vuelvo_a_pedir volveria_a_comprar volveria_a_pedir lo_volveria_a
3: recomiendo recomendado recomendada recomendados recomendadas recomendable recomendables lo_recomiendo
3: me_encanta me_encantan me_encanto me_flipa me_flipo me_chifla felicidad feliz felices contento contenta contentos contentas
3: encantado encantada encantados encantadas ame amo adoro amamos bravo gracias_a_dios vale_la_pena merece_la_pena
3: mejor mejores favorito favorita favoritos favoritas top crack chulisimo chulisima guapisimo guapisima bellisim*
2: bueno buena buenos buenas buen bien rico rica ricos ricas delicios* sabros* bonito bonita bonitos bonitas lindo linda lindos lindas
2: chulo chula chulos chulas mola molan guay guapo guapa majo maja amable amables atento atenta atentos atentas simpatic*
2: gusta gustan gusto gustado gustaron me_gusta me_gustan me_gusto satisfech* comod* practic* util utiles facil faciles
2: rapido rapida rapidos rapidas rapidamente eficaz eficaces eficiente eficientes resistente resistentes
2: agradable agradables agradecid* agradezco gracias graciass mil_gracias enhorabuena felicidades felicitaciones
2: divertid* interesante interesantes original originales innovador* profesional profesionales puntual puntuales
2: funciona funcionan funciono funcionando funciona_bien va_genial va_bien vale_lo_que buena_calidad buen_precio
2: barato barata baratos baratas economic* asequible asequibles oferta ganga chollo ventaja ventajas mejora mejorado
2: limpio limpia limpios limpias fresco fresca frescos frescas suave suaves solido solida duradero duradera
2: nada_mal no_esta_mal no_está_mal jaja jajaja jeje jejeje jajajaja xd ole olé wow guau yupi hurra exito exitos exitoso exitosa
1: correcto correcta correctos correctas aceptable aceptables normalito decente decentes suficiente razonable
1: ok vale bueno_y_barato esperanza ojala tranquil* seguro segura gratis regalo suerte interesado interesada
-2: carisimo carisima carisimos carisimas no_gracias gracias_pero_no
-1: regular normal_y_corriente mediocre mediocres aburrid* lento lenta lentos lentas caro cara caros caras
-1: confus* raro rara extraño extraña complicado complicada dificil dificiles ruidoso ruidosa pequeno pequena
-1: espera esperando retraso retrasos retrasado retrasada tarde falta faltaba faltan lamentablemente desgraciadamente
-1: duda dudas dudoso dudosa preocup* problema problemas incidencia incidencias queja quejas reclamacion reclamaciones
-1: cansad* flojo floja flojos flojas justito escaso escasa fragil fragiles innecesari* perdido perdida
-2: malo mala malos malas mal decepcion* decepcionad* triste tristes molest* fatal fatales pesim* defectuos*
-2: parece_barato parece_barata parecen_baratos parecen_baratas se_ve_barato se_ve_barata se_ven_baratos se_ven_baratas tela_barata material_barato plastico_barato
-2: roto rota rotos rotas rompio rompe se_rompio se_rompe estropead* averiad* danado danada danados falla fallo fallos fallan
-2: mal_gusto de_mal_gusto mala_calidad baja_calidad poca_calidad grosero grosera groseros maleducad* borde inutil inutiles porqueria cutre cutres chapuza chapucer* peor peores
-2: enfad* cabread* indignad* frustra* harto harta hartos hartas hartazgo ridicul* absurd* lamentable lamentables
-2: devolucion devolver devolvi devuelto reembolso no_funciona no_funciono dejo_de_funcionar deja_de_funcionar
-2: spam cancelar cancele baja darme_de_baja di_de_baja pesad* agobi* insistente insistentes abusiv* abuso
-2: sucio sucia sucios sucias feo fea feos feas incomod* caca mierda basura timo timad* enganos* engano engañ*
-2: perder perdida_de perdi odio_esperar mentira mentiras mentiroso mentirosa falso falsa falsos falsas fake
-3: horrible horribles terrible terribles espantos* pesimo pesima pesimos pesimas nefast* desastre desastros*
-3: odio odiamos odie asco asqueros* vergonzos* verguenza indignante indignantes estafa estafas estafador* timadores
-3: nunca_mas jamas_vuelvo no_lo_recomiendo no_recomiendo tirar_el_dinero dinero_tirado perdida_de_dinero perdida_de_tiempo
-3: furios* indecente indecentes fraude fraudes robo roban robar ladrones boicot* insulto insultante ofensiv* racista machista
-3: malisimo malisima malisimos malisimas chafa un_timo una_estafa
-3: peligros* toxic* envenen* cero_estrellas una_estrella 1_estrella lo_peor
-4: el_peor la_peor asquerosidad catastrof* puta_mierda una_mierda de_pena da_pena dan_pena
// Verdicts people give with no sentiment word of their own (brand mentions from Spain and Latin
// America): praise by what did not go wrong, complaints by what they will not do again.
3: joya joyita supero_las_expectativas supero_mis_expectativas supera_las_expectativas vale_cada_euro vale_cada_peso vale_cada_centimo valen_cada_euro
2: como_nuevo como_nueva como_nuevos como_nuevas da_gusto me_resolvieron me_lo_solucionaron me_lo_resolvieron a_la_primera sin_comisiones
2: cuatro_estrellas 4_estrellas
0: tres_estrellas 3_estrellas bien_ni_mal bueno_ni_malo buena_ni_mala mejor_ni_peor mal_ni_bien malo_ni_bueno peor_ni_mejor fu_ni_fa
-2: dos_estrellas 2_estrellas no_repetiria no_repito no_vuelvo no_volvere no_volveria ni_regalado ni_regalada esperaba_mas esperaba_mucho_mas esperaba_algo_mas
-2: nadie_contesta nadie_me_contesta nadie_responde nadie_me_responde nadie_avisa nadie_aviso nadie_me_aviso nadie_atiende nadie_me_atiende
-2: no_aguanta no_dura se_corta se_cortan se_cuelga se_cuelgan fallado gotea gotean encogio encogieron aplastado aplastada aplastados aplastadas perdio perdieron
-2: barato_sale_caro que_coraje q_coraje no_vale_lo
-3: tomadura_de_pelo
// Regional slang and verdicts (a third helper's set of Latin American and Spanish mentions).
3: padrisimo padrisima padrisimos padrisimas chimba una_chimba la_raja es_la_raja detallazo otra_liga de_otro_nivel otro_nivel
3: no_la_cambio no_lo_cambio no_los_cambio no_las_cambio no_me_arrepiento
2: es_otra_cosa asi_si todo_un_detalle repetiremos repetiria quiero_volver ya_quiero_volver bendicion
2: sin_letra_pequena retiro_lo_dicho acerto acertaron ni_un_problema sin_hacer_preguntas me_resolvio
0: tan_caro_ni ni_me_encanta ni_lo_odio
-3: del_orto gracias_por_nada una_porqueria que_porqueria ni_loco
-2: fiasco que_fiasco podrido podrida podridos me_tiene_harta me_tiene_harto re_podrido retroceso desesperante vaya_tela vaya_calidad
-2: ni_una_disculpa ni_una_explicacion ni_un_comunicado ni_una_respuesta perdi_la_manana perdi_la_tarde a_quemado se_quemo se_hundio
-2: por_tercera_vez por_cuarta_vez por_quinta_vez ya_no_compro nunca_pedi me_nego sin_cobertura sin_luz sin_internet sin_senal
-2: vuelve_a_colgar ampollas no_reconozco que_bonito_todo
-1: granitos mis_polainas
// Everyday words of Spanish social media missing above (affection, laughter, sport, insults,
// politics): general vocabulary, not from any test set.
3: te_quiero te_quiero_mucho orgullosa orgullosas
2: abrazo abrazos cariño carino risa risas gracioso graciosa graciosos graciosas ganamos bendecido bendecida animo_a
-2: es_de_risa son_de_risa tonta tontas perdimos injusto injusta injustos injustas injusticia injusticias fracasado fracasada lastima que_pena
-3: pendejo pendeja pendejos pendejas gilipollas idiota idiotas imbecil imbeciles patetico patetica pateticos pateticas corrupto corrupta corruptos corruptas ladron horror horroroso horrorosa
-4: hdp
// General-topic tweets (sport, music, daily life; a fourth helper's dev half): praise and
// complaints people write without the words above.
3: inolvidable inolvidables temazo temazos golazo golazos bacano bacana bacanos bacanas de_otro_planeta la_rompio la_rompe la_rompieron la_rompiste fue_un_sueno
2: molado molo un_recital nada_como una_locura_de
-3: insoportable insoportables explotacion bodrio bodrios hasta_la_madre como_el_orto no_puedo_mas
-2: cringe bajoneado bajoneada bajon hecho_bolsa hecha_bolsa me_indigna indigna se_arruino arruino arruinado arruinada que_lata dando_pena sin_sistema
// Restaurant and delivery verdicts (restaurant and hotel reviews of the fake-review sets).
3: valen_la_pena valio_la_pena valieron_la_pena merecen_la_pena merecio_la_pena
-3: intoxi* eviten evitenlo evitadlo
-2: ya_basta basta_ya esta_imposible estaba_imposible
-3: nada_peor_que
-2: enfermo enferma enfermos enfermas enferme enfermamos vomit* diarrea comida_fria llego_fria llego_frio llegaron_frias llegaron_frios
`);

export const ES_NEGATORS = wordSet(`
no nunca jamas ni nada nadie ninguno ninguna ningun tampoco sin apenas poco cero
`);

/** Phrases that contain a negator but are not negation ("sin duda" = "no doubt"). */
export const ES_NEGATION_EXCEPTIONS = wordSet(`
sin_duda no_solo no_sólo nada_mal nada_más nada_mas no_veas ni_idea sin_embargo nunca_estuvo_tan nunca_fue_tan nunca_lucio_tan nunca_quedo_tan
`);

export const ES_INTENSIFIERS = weightMap(`
1.6: extremadamente increiblemente totalmente completamente absolutamente super súper hiper requete
1.4: muy realmente sumamente tan bastante_mas re mega demasiado demasiada demasiados demasiadas
1.4: especialmente enormemente terriblemente verdaderamente mas_que
1.2: bastante tanto tanta
0.6: un_poco algo ligeramente medio un_tanto relativamente casi un_poquito
`);

export const ES_CONTRAST_AFTER = wordSet(`pero sin_embargo no_obstante sino aun_asi aún_así`);
export const ES_CONTRAST_BEFORE = wordSet(`aunque aun_cuando si_bien a_pesar_de pese_a`);
