/**
 * Word lists for the confidentiality guard's name rule, lowercased.
 *
 * NOT_PERSON words mark a run of capitalised words as an organisation, a place, a law, a
 * service, a course or a heading ("Care Quality Commission", "Infection Control"), so the run
 * is not a name. SEPARATORS are capitalised for grammar's sake (a sentence's first word, a day,
 * a month): they end a name without saying anything about the words around them.
 * @module
 */

/** Titles that come before a name. */
export const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord"]);

/**
 * Capitalised words that are never part of a person's name here: a run of capitalised words
 * containing one is an organisation, a place, a law, a service, a tool or a heading. Brands
 * that carers use with people every day are here too, and "McGowan" because "Oliver McGowan"
 * names the mandatory learning disability and autism training.
 */
export const NOT_PERSON = new Set(
  `care home homes house lodge court manor hall hospital infirmary surgery clinic centre center
  practice trust foundation council authority service services team unit ward wards act acts
  regulations commission convention nations united kingdom code board department office agency
  association society charity church mosque temple gurdwara synagogue school college university
  academy nursery street road avenue lane drive close crescent grove terrace gardens way place
  square park hill view mews rise green parade health social mental capacity safeguarding
  safeguards protection liberty deprivation quality standard standards occupational therapy
  therapist therapists diploma certificate level framework policy procedure procedures plan
  assessment information additional overview performance criteria knowledge understanding
  scope range values glossary dementia disease syndrome royal general national primary
  community district borough city county town village limited ltd group company partnership
  bank holiday christmas easter ramadan eid diwali hanukkah vaisakhi nurse nurses doctor
  manager worker workers assessor officer lead senior support key individual individuals people
  person resident residents client clients patient patients english british polish welsh
  scottish irish urdu punjabi bengali gujarati arabic makaton braille sign language christian
  muslim hindu sikh jewish catholic buddhist god bible quran lunch club day centre medication
  record records report chart charts form forms skills review reflective account observation
  evidence unit units module award qualification apprenticeship infection control prevention
  personal protective equipment safety fire aid hygiene food interests power attorney training
  course meeting handover medicines administration risk management life palliative nutrition
  hydration continence falls manual handling moving positive behaviour communication equality
  diversity inclusion dignity privacy consent confidentiality data whistleblowing complaints
  duty candour incident accident emergency leader shift supervision appraisal induction covid
  vaccine flu diabetes stroke epilepsy autism learning disability disabilities cancer heart
  wellbeing well being recovery therapy activities activity coordinator co-ordinator year
  birthday anniversary scale score tool protocol resuscitation pain pathway checklist toolkit
  google amazon alexa microsoft teams zoom facebook whatsapp youtube netflix tesco asda
  sainsbury morrisons boots
  mcgowan`
    .split(/\s+/)
    .filter(Boolean),
);

/** Capitalised words that end a name but say nothing about the words around them. */
export const SEPARATORS = new Set(
  `the a an and or but of to in on at by for from with without into onto as than then when
  while after before during since until if so because although though this that these those
  there here my our your his her their its we you he she they it me us him them who whom whose
  which what where why how yes no not today yesterday tomorrow tonight morning afternoon evening
  night monday tuesday wednesday thursday friday saturday sunday january february march
  july september october november december dear hello hi thanks thank please also later
  first next finally however although once every each all some many most both`
    .split(/\s+/)
    .filter(Boolean),
);
