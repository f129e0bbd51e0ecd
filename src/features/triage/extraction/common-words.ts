/**
 * Common words of SOS messages in English, French, Spanish and Arabic (folded: lower case, no diacritics, unified alef)
 * that are also the names of populated places in GeoNames ('Of', 'Nice', 'Police', 'Help', 'المدينة'). The place extractor
 * accepts one of these as a place only with a preposition before it and, in Latin script, a capital letter.
 */

const english = `a about above after again against all also am an and any are as at away back bad be because been before being below between
both but by call came can car come could day dead did do does down during each even every father few find fire first food for from get give go
going good got government had has have he help her here him his home hope hospital house how i if in inside into is it its just keep kids last
left let life like little long lost make man many may me men money more most mother much must my need near new nice night no not now of off
old on once one only open or other our out outside over own people please police port power rain rescue road said same sea see she ship should
since sister small so some son still stop street such take than thank thanks that the their them then there these they thing this those three
through time to today too town two under until up urgent us very wall want was water way we well were what when where which while who why will
with without woman women work would year yes yet you young your boat beach border camp center centre city village mountain desert river lake
island bridge market mosque church school station airport harbour harbor hotel prison jail north south east west central upper lower new old
big great little saint san santa st mount la le el al`;

const french = `a au aux avec bateau besoin bien car ce ces cette chez comme dans de des deux dieu donc du elle elles en encore enfant enfants est et
eux faim femme femmes frere il ils je la le les leur lui ma mais mer merci moi mon ne ni nos notre nous on ou par pas personne plage plus pour
pres prison quand que qui sa sans se ses soeur son sont sur ta te tous tout toute tres tu un une urgence vers village ville vite vos votre vous
aide eau police port route centre camp desert frontiere mosquee`;

const spanish = `a al ayuda agua barco bien casa como con de del desde el ella ellos en entre esta estamos este esto favor frontera hay hermano
hijo hijos la las le lo los mar mi mis muy no nos nosotros o para pero playa policia por porque puerto que se ser si sin sobre somos su sus
tambien te todo todos tu un una uno urgente usted y ya yo centro campo ciudad pueblo rio calle carcel`;

const arabic = `في من الى الي على عن مع هذا هذه هو هي نحن انا انت هم كل لا نعم يا الله الحمد ان او ثم قد لم لن ما ماذا متى اين كيف مدينه المدينه
السوق سوق البحر بحر الميناء ميناء الشاطي الحدود المخيم مخيم الصحراء صحراء الجبل جبل الوادي وادي الطريق طريق المركز مركز الساحل الشارع شارع البيت بيت
المسجد مسجد المستشفي مستشفي السجن سجن الشرطه شرطه الامن المطار مطار الجسر النهر قريه القريه المنطقه منطقه الحي حي ساعدونا مساعده ماء اكل
طعام اطفال نساء بسرعه عاجل الان اليوم الليل قارب مركب`;

export const commonWords: ReadonlySet<string> = new Set(`${english} ${french} ${spanish} ${arabic}`.split(/\s+/).filter(Boolean));
