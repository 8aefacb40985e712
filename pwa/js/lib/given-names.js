/**
 * Given names common in the UK, lowercased, for the confidentiality guard.
 *
 * Weighted towards the people care workers support (born 1920s-1950s), then the people they
 * work with and the children in children's services, and the names most common among the
 * UK's larger communities. It is a recall aid, not a census: a name missing here is still
 * caught when it appears with a title or as a capitalised pair in mid-sentence.
 *
 * AMBIGUOUS_NAMES are also everyday words (May, Will, Grace, Rose ...): the guard only counts
 * them as names inside a capitalised pair, never on their own.
 * @module
 */

const OLDER = `
ada agnes albert alfred alice amy annie arthur audrey barbara beatrice bernard beryl betty
brenda bridget catherine cecil charles clara clifford connie cyril dennis derek doreen doris
dorothy douglas edith edna edward edwin eileen elizabeth ellen elsie emily eric ernest esther
ethel eva evelyn florence frances frederick freda geoffrey george gertrude gladys gordon
gwendoline hannah harold hazel henry herbert hilda horace ida irene isabel ivor jean joan
john joseph josephine joyce kathleen kenneth leonard leslie lilian lillian lionel louisa mabel
margaret marjorie martha mary maud maureen maurice mavis mildred muriel nellie nora norah
norma norman olive oliver percy phyllis ralph reginald richard robert ronald sarah sidney
stanley sylvia thomas vera victor vincent walter wilfred william winifred alan brian colin
david donald gerald graham keith malcolm michael peter raymond roy sheila shirley stuart
valerie wendy yvonne gillian pauline christine margery lena molly nancy peggy rita sally
teresa theresa marion marian elaine janet patricia judith ann anne anna agnes harriet
`;

const MIDDLE = `
adam alexander alison amanda andrea andrew angela anthony barry carl caroline charlotte
christopher claire craig daniel darren dawn deborah debbie diane donna elaine emma gary
gemma helen ian jacqueline james jane jason jennifer jessica joanne jonathan julie karen
kate katherine kevin kirsty laura lee lisa louise lucy lynn lynne mandy marie martin matthew
melanie michelle natalie neil nicola nicholas paul rachel rebecca samantha sandra sharon
simon stephen steven susan suzanne tracey tracy vicky victoria wayne zoe hayley leanne
stacey kelly kerry jodie jade danielle natasha sophie hannah katie lauren jamie scott ryan
liam sean shaun aaron luke nathan callum kieran connor jordan bethany chloe megan abigail
`;

const YOUNGER = `
amelia aria arlo ava charlie eliza ella elsie ethan evie finley florence freddie freya
george harper harrison harry henry isabella isla isabelle jacob jaxon leo lily logan luca
maisie mason mia millie muhammad noah olivia oscar reuben rosie sienna sofia sophia theo
theodore thomas tommy willow alfie archie arthur edward elijah ellie emily evelyn frankie
grayson hallie hugo ivy jude layla lola lottie lucas mila nova orla phoebe rory sebastian
teddy toby zachary zara
`;

const COMMUNITIES = `
aaliyah abdul adeola adebayo ahmed aisha ali amir amira anil anjali arjun asha ayesha
bilal chidi chinedu deepak divya emeka fatima faisal farah gurpreet hamza harjit hassan
ibrahim imran jaspreet kamal khadija kwame kofi leila mahmood manpreet maryam mohammed
mohammad mohamed mustafa nadia nasreen naveed neha nisha nkechi obinna olu oluwaseun omar
parveen priya rahul rajesh rashid ravi reza sadia saima samir sanjay shabana shahid
shazia sunita tariq tunde usman yasmin yusuf zainab zeynep agnieszka aleksandra andrzej
anna barbara dorota ewa jakub jan joanna kasia katarzyna krzysztof lukasz malgorzata
marek marta michal monika pawel piotr tomasz wojciech zofia siobhan niamh ciaran declan
eamon padraig seamus aoife sinead bronagh gareth rhys dylan bethan cerys dafydd gwen
iwan megan sian eilidh fergus hamish morag alasdair kirsteen shona
`;

/** Given names that are also everyday words (or months): names only inside a pair. */
export const AMBIGUOUS_NAMES = new Set(
  `will may june april august grace hope faith joy rose daisy iris ruby pearl amber holly
  ivy violet lily poppy jack mark bill frank pat sue ray dawn bob guy carol sandy summer
  autumn robin penny ben rob ken don dean cliff miles chase rich art victoria florence
  hazel olive heather jasmine jade angel faye destiny sky river storm sunny`
    .split(/\s+/)
    .filter(Boolean),
);

/** Given names that count as a name on their own. */
export const GIVEN_NAMES = new Set(
  [OLDER, MIDDLE, YOUNGER, COMMUNITIES]
    .join(" ")
    .split(/\s+/)
    .filter((name) => name && !AMBIGUOUS_NAMES.has(name)),
);
