/**
 * Demonyms of the countries most migrants in crisis come from, written by the Lifeline project as base forms per language:
 * English singular ('Ethiopian'), French masculine singular ('éthiopien'), Spanish masculine singular ('etíope'), Arabic
 * masculine singular nisba ('إثيوبي'), plus irregular or broken plurals as extra entries. nationalities.ts derives the
 * regular plural and feminine forms. Country names themselves come from i18n-iso-countries, not from this table.
 */

export interface Demonym {
  code: string;
  en: string[];
  fr: string[];
  es: string[];
  ar: string[];
}

const d = (code: string, en: string[], fr: string[], es: string[], ar: string[]): Demonym => ({ code, en, fr, es, ar });

export const demonyms: Demonym[] = [
  d('ET', ['Ethiopian', 'Oromo', 'Amhara', 'Tigrayan'], ['éthiopien'], ['etíope', 'etiope'], ['إثيوبي', 'أثيوبي', 'حبشي', 'أحباش']),
  d('ER', ['Eritrean'], ['érythréen', 'erythréen'], ['eritreo'], ['إريتري', 'أريتري', 'ارتيري']),
  d('SD', ['Sudanese'], ['soudanais'], ['sudanés'], ['سوداني']),
  d('SS', ['South Sudanese'], ['sud-soudanais'], ['sursudanés', 'sudsudanés'], ['جنوب سوداني']),
  d('SO', ['Somali', 'Somalian'], ['somalien'], ['somalí'], ['صومالي']),
  d('DJ', ['Djiboutian'], ['djiboutien'], ['yibutiano'], ['جيبوتي']),
  d('KE', ['Kenyan'], ['kényan'], ['keniano', 'keniata'], ['كيني']),
  d('UG', ['Ugandan'], ['ougandais'], ['ugandés'], ['أوغندي']),
  d('SY', ['Syrian'], ['syrien'], ['sirio'], ['سوري']),
  d('AF', ['Afghan', 'Afghani'], ['afghan'], ['afgano'], ['أفغاني', 'أفغان']),
  d('PK', ['Pakistani'], ['pakistanais'], ['pakistaní', 'paquistaní'], ['باكستاني']),
  d('BD', ['Bangladeshi', 'Bengali'], ['bangladais', 'bangladeshi'], ['bangladesí', 'bangladeshí'], ['بنغالي', 'بنغلاديشي']),
  d('NP', ['Nepali', 'Nepalese'], ['népalais'], ['nepalí', 'nepalés'], ['نيبالي']),
  d('LK', ['Sri Lankan'], ['sri-lankais'], ['esrilanqués', 'ceilandés'], ['سريلانكي']),
  d('IN', ['Indian'], ['indien'], ['indio', 'hindú'], ['هندي', 'هنود']),
  d('PH', ['Filipino', 'Filipina'], ['philippin'], ['filipino'], ['فلبيني', 'فليبيني']),
  d('ID', ['Indonesian'], ['indonésien'], ['indonesio'], ['إندونيسي']),
  d('MM', ['Burmese', 'Myanmar', 'Rohingya'], ['birman', 'rohingya'], ['birmano', 'rohinyá', 'rohingya'], ['ميانماري', 'بورمي', 'روهينغي']),
  d('EG', ['Egyptian'], ['égyptien'], ['egipcio'], ['مصري', 'مصاروه']),
  d('LY', ['Libyan'], ['libyen'], ['libio'], ['ليبي']),
  d('TN', ['Tunisian'], ['tunisien'], ['tunecino'], ['تونسي', 'توانسه']),
  d('DZ', ['Algerian'], ['algérien'], ['argelino'], ['جزائري', 'دزيري']),
  d('MA', ['Moroccan'], ['marocain'], ['marroquí'], ['مغربي', 'مغاربه']),
  d('NG', ['Nigerian'], ['nigérian'], ['nigeriano'], ['نيجيري']),
  d('NE', ['Nigerien'], ['nigérien'], ['nigerino'], ['نيجري']),
  d('GH', ['Ghanaian'], ['ghanéen'], ['ghanés'], ['غاني']),
  d('CM', ['Cameroonian'], ['camerounais'], ['camerunés'], ['كاميروني']),
  d('SN', ['Senegalese'], ['sénégalais'], ['senegalés'], ['سنغالي']),
  d('GN', ['Guinean'], ['guinéen'], ['guineano'], ['غيني']),
  d('CI', ['Ivorian'], ['ivoirien'], ['marfileño', 'ivoriano'], ['إيفواري', 'عاجي']),
  d('ML', ['Malian'], ['malien'], ['maliense'], ['مالي']),
  d('TD', ['Chadian'], ['tchadien'], ['chadiano'], ['تشادي']),
  d('GM', ['Gambian'], ['gambien'], ['gambiano'], ['غامبي']),
  d('SL', ['Sierra Leonean'], ['sierra-léonais'], ['sierraleonés'], ['سيراليوني']),
  d('LR', ['Liberian'], ['libérien'], ['liberiano'], ['ليبيري']),
  d('BF', ['Burkinabe', 'Burkinabè'], ['burkinabé'], ['burkinés'], ['بوركيني']),
  d('CD', ['Congolese'], ['congolais'], ['congoleño'], ['كونغولي']),
  d('CF', ['Central African'], ['centrafricain'], ['centroafricano'], []),
  d('YE', ['Yemeni', 'Yemenite'], ['yéménite'], ['yemení'], ['يمني']),
  d('IQ', ['Iraqi'], ['irakien'], ['iraquí'], ['عراقي']),
  d('IR', ['Iranian'], ['iranien'], ['iraní'], ['إيراني']),
  d('PS', ['Palestinian'], ['palestinien'], ['palestino'], ['فلسطيني']),
  d('LB', ['Lebanese'], ['libanais'], ['libanés'], ['لبناني']),
  d('JO', ['Jordanian'], ['jordanien'], ['jordano'], ['أردني']),
  d('TR', ['Turkish'], ['turc', 'turque'], ['turco'], ['تركي', 'أتراك']),
  d('UA', ['Ukrainian'], ['ukrainien'], ['ucraniano'], ['أوكراني']),
  d('VE', ['Venezuelan'], ['vénézuélien'], ['venezolano'], ['فنزويلي']),
  d('HT', ['Haitian'], ['haïtien'], ['haitiano'], ['هايتي']),
  d('HN', ['Honduran'], ['hondurien'], ['hondureño', 'catracho'], ['هندوراسي']),
  d('GT', ['Guatemalan'], ['guatémaltèque'], ['guatemalteco', 'chapín'], ['غواتيمالي']),
  d('SV', ['Salvadoran', 'Salvadorean'], ['salvadorien'], ['salvadoreño'], ['سلفادوري']),
  d('NI', ['Nicaraguan'], ['nicaraguayen'], ['nicaragüense'], ['نيكاراغوي']),
  d('CO', ['Colombian'], ['colombien'], ['colombiano'], ['كولومبي']),
  d('EC', ['Ecuadorian', 'Ecuadorean'], ['équatorien'], ['ecuatoriano'], ['إكوادوري']),
  d('CU', ['Cuban'], ['cubain'], ['cubano'], ['كوبي']),
  d('MX', ['Mexican'], ['mexicain'], ['mexicano'], ['مكسيكي']),
  d('CN', ['Chinese'], ['chinois'], ['chino'], ['صيني']),
  d('VN', ['Vietnamese'], ['vietnamien'], ['vietnamita'], ['فيتنامي']),
];
