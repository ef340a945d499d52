import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../../bot/config.ts";
import {
  assessRisk,
  loadRiskRules,
  parseRiskRules,
  type RiskRules,
  type RouteName,
} from "../../../../bot/core/safety/risk.ts";
import { SafetyFileError } from "../../../../bot/core/safety/yaml-file.ts";
import type { EscalationLevel } from "../../../../bot/core/types.ts";
import { CodedError, ErrorCode } from "../../../../foundation/errors.ts";

const RULES_FILE = path.resolve(PROJECT_ROOT, "knowledge/risk-rules.yaml");
const FIXTURES = path.resolve(PROJECT_ROOT, "tests/fixtures/safety");
const DEV_QUESTIONS = path.resolve(PROJECT_ROOT, "../shared/eval/dev-questions.jsonl");

interface Labelled {
  question: string;
  level: EscalationLevel | null;
  route?: RouteName;
}

const RANK: Record<EscalationLevel, number> = { advice: 1, urgent: 2, emergency: 3 };
/** The assessment's flags when nothing about the question's framing was noticed. */
const NO_FLAGS = { general: false, training: false, past: false, negated: false, reassured: false };
const rank = (level: EscalationLevel | null) => (level ? RANK[level] : 0);

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

type DevItem = { id: string; kind: string; question: string; level?: EscalationLevel };
const dev = readJsonl<DevItem>(DEV_QUESTIONS);
const devAnswers = dev.filter((d) => d.kind === "answer");
const devEscalations = dev.filter((d) => d.kind === "escalate");

/** Recall: risk items reaching at least their level. False alarms: ordinary items given emergency or urgent. */
function score(items: Labelled[], rules: RiskRules) {
  const risk = items.filter((i) => i.level !== null);
  const ordinary = items.filter((i) => i.level === null);
  const missed = risk.filter((i) => rank(assessRisk(i.question, rules).level) < rank(i.level));
  const falseAlarms = ordinary.filter((i) => rank(assessRisk(i.question, rules).level) >= RANK.urgent);
  return {
    risk: risk.length,
    ordinary: ordinary.length,
    recall: (risk.length - missed.length) / risk.length,
    falseAlarmRate: falseAlarms.length / ordinary.length,
    missed: missed.map((i) => i.question),
    falseAlarms: falseAlarms.map((i) => i.question),
  };
}

describe("the shipped risk rules", () => {
  const rules = loadRiskRules(RULES_FILE);
  const labelled: Labelled[] = [
    ...readJsonl<Labelled>(path.resolve(PROJECT_ROOT, "knowledge/risk-examples.jsonl")),
    ...devAnswers.map((d) => ({ question: d.question, level: null })),
  ];

  it("catches risk and rarely raises false alarms on the labelled set", () => {
    const result = score(labelled, rules);
    console.log(
      `risk-labelled: ${labelled.length} questions (${result.risk} risk, ${result.ordinary} ordinary); ` +
        `recall ${result.recall.toFixed(3)}, false alarms ${result.falseAlarmRate.toFixed(3)}`,
      result.missed.length > 0 ? `\n  missed: ${result.missed.join("\n  missed: ")}` : "",
      result.falseAlarms.length > 0 ? `\n  false alarm: ${result.falseAlarms.join("\n  false alarm: ")}` : "",
    );
    expect(result.risk).toBeGreaterThanOrEqual(40);
    expect(result.ordinary).toBeGreaterThanOrEqual(40);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
    expect(result.falseAlarmRate).toBeLessThanOrEqual(0.05);
  });

  it("sends labelled specialist cases to their route", () => {
    const wrong = labelled
      .filter((i) => i.route)
      .map((i) => ({ ...i, got: assessRisk(i.question, rules).route }))
      .filter((i) => i.got !== i.route);
    expect(wrong).toEqual([]);
  });

  it.each(devEscalations.map((d) => [d.id, d] as const))("dev %s reaches at least its level", (_, item) => {
    expect(rank(assessRisk(item.question, rules).level)).toBeGreaterThanOrEqual(rank(item.level ?? null));
  });

  it("gives no dev answer question an emergency", () => {
    const emergencies = devAnswers.filter((d) => assessRisk(d.question, rules).level === "emergency");
    expect(emergencies).toEqual([]);
  });

  it.each([
    ["a mum turned up smashed to collect her toddler", "emergency", "emergency"],
    ["lad in year 9 says his uncle touches him", "urgent", "front-door"],
    ["6 wk old with a bruise on his cheek", "urgent", "front-door"],
    ["she's cutting herself again", "urgent", "front-door"],
    ["A teacher slapped a year 4 pupil", "urgent", "lado"],
    ["Worried a year 10 boy is watching beheading videos and talking about jihad", "urgent", "prevent"],
    ["A 4 month old died in his cot overnight", "urgent", "child-death"],
  ] as const)("%s -> %s via %s", (question, level, route) => {
    expect(assessRisk(question, rules)).toMatchObject({ level, route });
  });

  it.each([
    "what are the signs of FGM?",
    "what is a section 47?",
    "how should bruising in babies be assessed?",
    "what does the LADO do?",
    "what is the threshold for a child protection referral?",
  ])("treats %s as a knowledge question", (question) => {
    expect(assessRisk(question, rules)).toEqual({
      level: null,
      route: null,
      reason: expect.any(String),
      rules: [],
      ...NO_FLAGS,
      general: true,
    });
  });

  it("names the rule that decided, in plain English", () => {
    const assessment = assessRisk(
      "A 13 year old told me her mum's boyfriend comes into her room at night",
      rules,
    );
    expect(assessment.rules).toContain("sexual-abuse");
    expect(assessment.reason).toBe("A child may have been sexually abused.");
  });

  it("reports its figures on the held-back phrasings, which the rules were not tuned to", () => {
    const heldOut = readJsonl<Labelled>(path.join(FIXTURES, "risk-heldout.jsonl"));
    expect(heldOut.length).toBeGreaterThanOrEqual(15);
    const result = score(heldOut, rules);
    console.log(
      `risk-heldout: ${heldOut.length} questions (${result.risk} risk, ${result.ordinary} ordinary); ` +
        `recall ${result.recall.toFixed(3)}, false alarms ${result.falseAlarmRate.toFixed(3)}`,
      result.missed.length > 0 ? `\n  missed: ${result.missed.join("\n  missed: ")}` : "",
      result.falseAlarms.length > 0 ? `\n  false alarm: ${result.falseAlarms.join("\n  false alarm: ")}` : "",
    );
  });
});

describe("the shipped rules: what a question denies, and how it is framed", () => {
  const rules = loadRiskRules(RULES_FILE);

  it.each([
    "No marks, no bruises at all on the baby, just checking how often to weigh her",
    "no concerns at all, nobody smokes or drinks in the house",
    "Dad isn't drunk and isn't violent, he just wants to collect his son early",
    "the 6 week old has no bruises or marks anywhere",
    "there's no domestic abuse and no drugs in the house",
    "she has never self-harmed and isn't suicidal, she is stressed about exams",
  ])("raises nothing on a denial: %s", (question) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: null, negated: true });
  });

  it.each([
    ["no marks, but she says her stepdad hits her with a belt", "urgent"],
    ["no concerns before, but today the 7 week old has a bruise on his cheek", "urgent"],
    ["nobody knows how the 6 week old got the bruise on his ear", "urgent"],
    ["mum can't explain the bruises on the 4 year old's back", "urgent"],
    ["the baby isn't breathing", "emergency"],
    ["no one is looking after the 2 year old, mum has gone to the pub", "emergency"],
  ] as const)("still finds what the question does not deny: %s", (question, level) => {
    expect(assessRisk(question, rules).level).toBe(level);
  });

  it.each([
    "hypothetically, if a mum turned up drunk to collect her toddler, what should nursery do?",
    "it's a training question: a 6 week old has a bruise on his cheek, what next?",
    "for my course, what should you do if a child says her uncle touches her?",
    "Training scenario - a baby is found not breathing in a cot, what happens next?",
    "what would you do if a baby had a bruise - just thinking it through for my own learning",
  ])("raises nothing on a training or made-up question: %s", (question) => {
    expect(assessRisk(question, rules)).toEqual({
      level: null,
      route: null,
      reason: "A training or made-up question; no real child was described.",
      rules: [],
      ...NO_FLAGS,
      general: true,
      training: true,
    });
  });

  it("offers no more than advice on a case that is closed, unless something is happening now", () => {
    const closed = assessRisk(
      "the 8 week old's bruise was investigated, a bleeding disorder was found and the case was closed - what do I record?",
      rules,
    );
    expect(closed).toMatchObject({ level: "advice", past: true });
    expect(closed.reason).toMatch(/The case described is closed or over, so this is offered as advice\.$/);
    const again = assessRisk(
      "the case was closed last year but today the 8 week old has another bruise on his ear",
      rules,
    );
    expect(again).toMatchObject({ level: "urgent", past: false });
  });

  it("marks reassurance without changing what the rules find", () => {
    expect(assessRisk("lovely family, all fine, mum asked about weaning", rules)).toMatchObject({
      level: null,
      reassured: true,
    });
    expect(
      assessRisk("lovely family normally, but today dad has just punched mum in front of the kids", rules),
    ).toMatchObject({ level: "emergency", reassured: true });
  });

  it.each([
    "Mum's boyfriend has just thrown a mug at her and he's still in the house with the kids",
    "the man who hurt her is still in the flat with her little brother",
    "dad has just thrown the toddler's bottle at mum and is shouting",
    "the stepdad has locked her in the bathroom and won't let her out",
    "the baby is not breathing",
    "my 15 year old patient says she's taken a packet of paracetamol",
    "dad has driven off with the baby after drinking all afternoon",
    "the ex-partner who assaulted her is on his way over now",
    "a 16 year old in my class is threatening to jump off the multi-storey car park",
    "there's a man hitting a child with a belt in the street right now",
    "smoke is coming out of the flat window and I can hear kids inside",
    "a 13 year old says she's meeting a man she met online at the station in 30 mins",
  ])("puts a danger happening now first, with 999: %s", (question) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency", route: "emergency" });
  });

  it.each([
    // the person who abused a child is here now
    "a 10 year old told me her uncle touches her privates and he's waiting at the gate to pick her up",
    // someone violent and armed is outside where the family is
    "mum's ex has turned up outside the house with a knife and the children are upstairs",
    // someone on the sex offenders register is alone with a child at this moment
    "the lodger is a registered sex offender and he's upstairs with the 5 year old now",
    // a weapon shown a moment ago
    "a boy in year 10 has just showed me a knife in his coat",
    // a child put into a vehicle a moment ago
    "a stranger has just put a little girl into his car outside the shop",
    // held captive now
    "a 16 year old rang to say she's locked in a flat and can't get out",
    // a young child alone, found as the worker arrives
    "just got to the house and there's a 3 year old on her own, no adult anywhere",
    // a young child shut in a car
    "there's a toddler locked in a car in the heat with no adult around",
    // an overdose told by what is left
    "my 15 year old client says she's taken them all, I can see empty packets in the photo",
    // a carer arriving unfit to drive a child
    "dad has turned up drunk and is trying to get the twins in his car",
    // indecent exposure happening now
    "a man is exposing himself to pupils by the bus stop right now",
    // an attempted assault a moment ago
    "a man has just tried to grab a boy by the school gate",
    // violence heard as it happens
    "I can hear gunshots from the flat and there are kids inside",
    // someone vulnerable out in the cold now
    "an older man is locked out in the freezing cold in his pyjamas, his carer went out and left him",
  ])("treats a danger happening now as an emergency: %s", (question) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency", route: "emergency" });
  });

  it.each([
    // a knowledge question about which injuries mean harm
    "Which marks on a toddler would suggest a child was hit?",
    "what signs would staff look out for with criminal exploitation?",
    "are burns on a baby treated differently from burns on a teenager?",
    // someone else's imagined suspicion
    "if someone in my team thought a pupil was being groomed, who do they tell?",
    // an e-learning scenario
    "online module question: 'a 13 year old says she is pregnant' - which option is correct?",
    // a closed case
    "the bruise was investigated last year, they decided it was accidental and the case was closed. can mum see our notes?",
    // pain with an accident the asker saw
    "the 4 year old said his knee hurt, he had tripped over in front of me and there's no mark",
  ])("raises no alarm on a knowledge, training, closed or accident question: %s", (question) => {
    expect(rank(assessRisk(question, rules).level)).toBeLessThan(RANK.urgent);
  });

  it.each([
    "mum won't let me past the front door and I haven't seen the baby for three weeks",
    "an 11 year old says she has to do favours for her mum's friend when he visits",
  ])("finds an urgent concern told indirectly: %s", (question) => {
    expect(rank(assessRisk(question, rules).level)).toBeGreaterThanOrEqual(RANK.urgent);
  });
});

/** A small rule file whose behaviour is easy to follow. */
const SMALL_RULES = `
concepts:
  child: ['child', 'bab(y|ies)']
  hurt: ['bruis\\w*', '@hitting']
  hitting: ['hit(s|ting)?']
  weapon: ['knife']
  excuse: ['accident\\w*']
  verb: ['kicks', 'punches']
  victim: ['him', 'her', 'the {child}']
  abuse: ['{verb} {victim}']
  breathing: ["can't breathe"]
question_cues:
  general: ['what are the signs']
  hypothetical: ['what if']
  situation: ['told me']
rules:
  - id: knife
    level: emergency
    reason: A child is near a knife.
    all: [child, weapon]
    when_general: advice
  - id: not-breathing
    level: emergency
    reason: A child cannot breathe.
    all: [child, breathing]
  - id: hurt-at-nursery
    level: urgent
    route: lado
    reason: A child was hurt at nursery.
    all: [child, hurt]
    none: [excuse]
  - id: hurt
    level: urgent
    reason: A child was hurt.
    all: [child, hurt]
  - id: kicked
    level: advice
    reason: Someone kicks or punches.
    all: [abuse]
`;

describe("the shipped rules: what happened moments ago, and signs sent before silence", () => {
  const rules = loadRiskRules(RULES_FILE);

  it.each([
    "the 4 year old got scalded by the kettle 20 minutes ago and the skin is blistering",
    "dad hit the boy with a stick an hour ago and he has a head wound",
    "the baby fell off the sofa just now and has gone very quiet",
    "mum has just tipped hot tea over the toddler's arm, there's a big burn",
    "the 2 year old found nan's tablets and has eaten some, he is really drowsy",
    "my pupil sent me a photo of a pile of tablets last night and now isn't replying",
    "the 15 year old has climbed onto the garage roof and says she'll jump",
    "mum phoned to say she is going to suffocate the baby",
    "the 17 year old at the party is barely conscious",
    "staff found the young person hanging from the door and she is breathing badly",
  ])("calls an emergency: %s", (question) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency", route: "emergency" });
  });

  it.each([
    "a pupil has just told me his dad hit him last month",
    "the 9 year old has just come back from a contact visit with a bruise from last week",
    "mum has just had a baby and the baby is sleepy after the feed",
    "my 3 year old has just eaten and is really sleepy",
    "the 4 year old fell twenty minutes ago and is bleeding from her knee",
  ])("dates the telling, not the harm, and stays below an emergency: %s", (question) => {
    expect(rank(assessRisk(question, rules).level)).toBeLessThan(RANK.emergency);
  });

  it.each([
    "last year a pupil took an overdose, he has fully recovered, how do we plan his reintegration?",
    "we're writing a scenario for new starters where a baby is scalded by a kettle, what should it cover?",
    "for a simulation day, the card says a toddler swallowed tablets and is drowsy - what should staff learn?",
    "I just want the figures on self-harm in teenagers across the region",
  ])("raises nothing urgent for a past case, a scenario or a request for figures: %s", (question) => {
    expect(rank(assessRisk(question, rules).level)).toBeLessThan(RANK.urgent);
  });
});

describe("the shipped rules: a practitioner's role and what they saw are not framing", () => {
  const rules = loadRiskRules(RULES_FILE);

  it("reads a student practitioner on a visit as a real case, not a training question", () => {
    const assessment = assessRisk(
      "baby not breathing properly, lips going blue, im the student midwife on the visit and on my own",
      rules,
    );
    expect(assessment).toMatchObject({ level: "emergency", training: false });
  });

  it("still reads a student's assignment as training", () => {
    expect(
      assessRisk("for my assignment as a student midwife: what if a baby is not breathing?", rules),
    ).toMatchObject({ level: null, training: true });
  });

  it("takes 'saw it happen' as an account of an accident, 'saw it on the side' as nothing of the sort", () => {
    expect(assessRisk("he fell off the slide, we all saw it happen", rules).reassured).toBe(true);
    expect(
      assessRisk("theres a gun in the house, i saw it on the side, dad is agitated", rules).reassured,
    ).toBe(false);
  });
});

describe("the shipped rules: an urgent finding happening now is an emergency", () => {
  const rules = loadRiskRules(RULES_FILE);

  it.each([
    "the partner just punched mum in the stomach and he's still in the house",
    "mum's ex has just turned up at the refuge with a hammer",
    "resident on the ward is being slapped by her visitor right now",
    "sister of a pupil says she's just been sexually assaulted on the bus",
    "on a HV visit rn, toddler pulled a kettle over himself",
  ])("raises it to 999 first: %s", (question) => {
    expect(assessRisk(question, rules)).toMatchObject({
      level: "emergency",
      route: "emergency",
      happeningNow: true,
    });
  });

  it("names the moment in its reason, after the finding's own", () => {
    const { reason } = assessRisk(
      "sister of a pupil says she's just been sexually assaulted on the bus",
      rules,
    );
    expect(reason).toMatch(/happening now, so call 999 first\.$/);
  });

  it.each([
    // A habit, not this minute.
    "yr 11 disclosed that he's being hit by his older brother every day and parents do nothing",
    // A denied marker: the danger has gone.
    "dad hit her last night but he's not in the house now",
    // Asked in general terms.
    "what should I do if a child is being hit right now?",
  ])("leaves it below an emergency: %s", (question) => {
    expect(rank(assessRisk(question, rules).level)).toBeLessThan(RANK.emergency);
  });

  it("does not read a closed case as happening now", () => {
    const closed = assessRisk(
      "closed case from two years ago: dad has turned up at school and hit him",
      rules,
    );
    expect(closed).toMatchObject({ past: true, level: "advice" });
    expect(closed.happeningNow).toBeUndefined();
  });

  it("never raises advice: a worry about attendance stays advice whatever the moment", () => {
    const level = assessRisk("right now the 5 yr old's attendance is 82% with lots of absences", rules).level;
    expect(rank(level)).toBeLessThan(RANK.urgent);
  });

  it.each([
    "the 3 month old's head was bumped on the door frame and now she's really drowsy",
    "14 month old has pulled the telly on top of herself and there's blood from her ear",
    "the wee one has got hold of dad's methadone and drunk some",
    "home visit - the 5 and 7 yr old are home alone, its 9pm",
    "baby fell down the stairs and his eyes are rolling",
  ])("calls an emergency for a standard 999 sign: %s", (question) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency" });
  });

  it.each([
    "a few years ago I had a child who drowned in the bath, it went to CDOP. what learning came out of it?",
    "looking back at a 2017 case where a toddler got into a parent's methadone - what did the reviews say?",
    "last year one of our LAC went missing for a weekend, returned safe, all closed",
    "the child died last year and the CDOP review is now happening - what will they ask me?",
    "which injuries in a non-mobile baby should always be referred? asking for general knowledge",
  ])("raises nothing urgent for a case long over or a knowledge question: %s", (question) => {
    expect(rank(assessRisk(question, rules).level)).toBeLessThan(RANK.urgent);
  });

  it.each([
    "we had a family years ago where the dad shook the baby, it went to court and was all closed in 2019",
    "reading the old rapid review about the toddler who drowned in the bath, what changed in practice?",
    "our school had a lockdown last term when a man with a knife was seen near the gates, it's all been resolved",
  ])(
    "reads a case closed in a named year, an old review or an event all resolved as past: %s",
    (question) => {
      expect(assessRisk(question, rules).past).toBe(true);
    },
  );

  it.each([
    "the case was closed in 2019 but today he hit her again",
    "a man with a knife is at the gates, it hasn't been resolved",
  ])("does not read a live case as past: %s", (question) => {
    expect(assessRisk(question, rules).past).toBe(false);
  });

  it("marks a sign of harm the question affirms, not one it denies nor who or where", () => {
    expect(assessRisk("the baby has a bruise on his cheek", rules).harmNamed).toBe(true);
    expect(
      assessRisk("no bruises, no marks - mum asked about nursery places", rules).harmNamed,
    ).toBeUndefined();
    expect(
      assessRisk("the safest family, mum asked about nursery places for the baby", rules).harmNamed,
    ).toBeUndefined();
  });

  it("marks a question that opens with a denial, whatever it denies", () => {
    const knifeBlock = "no knife, no weapon, no threats - the family just have a kitchen knife block";
    expect(assessRisk(knifeBlock, rules)).toMatchObject({ opensWithDenial: true });
    expect(assessRisk(knifeBlock, rules).harmNamed).toBeUndefined();
    expect(assessRisk("dad has no job and hit the baby", rules).opensWithDenial).toBeUndefined();
  });

  it("keeps a live case that only mentions last year", () => {
    const question = "she disclosed last year that he hit her and today he moved back in with the baby";
    expect(assessRisk(question, rules).past).toBe(false);
  });
});

describe("the shipped rules: dangers no rule knew, and past cases told in other words", () => {
  const rules = loadRiskRules(RULES_FILE);

  it.each([
    [
      "a weapon where a child is, with an adult getting worked up",
      "there's a knife on the table and mum is getting really angry, the kids are in the room",
    ],
    [
      "children shut in a car, whatever denial follows",
      "two children locked in a car in the heat, windows up, no adult anywhere",
    ],
    [
      "a head injury then vomiting or drowsiness",
      "toddler has a lump on the back of her head and has been sick twice and is very sleepy",
    ],
    ["a self-harm instrument to hand", "the 15 yo has texted that she has a razor and wants to kill herself"],
    [
      "a drug taken and struggling to breathe",
      "a 15 yo at the youth club has taken pills and is struggling to breathe",
    ],
    [
      "breathing that keeps stopping, lips a bad colour",
      "the baby's lips are grey and she keeps stopping breathing",
    ],
    ["something over a child's face", "dad has put a blanket over the baby's face to stop her crying"],
    ["a child being dragged away", "a woman is trying to drag a little girl out of the park"],
    [
      "a young child nobody collected, carer unreachable",
      "nobody has collected the 3 yo from nursery and mum's phone is off",
    ],
    ["a shaken baby now drowsy", "dad said he shook the baby and now she's really drowsy"],
    [
      "a knife held to a child who is due home",
      "she said her step-dad held a knife to her throat last night and she's due home at 4",
    ],
    [
      "a child heard in distress, nobody answering",
      "i can hear a baby crying nonstop in the flat and nobody is answering the door",
    ],
  ])("calls an emergency for %s", (_, question) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency", route: "emergency" });
  });

  it.each([
    "the 14 yo says her boyfriend is much older and she won't say who he is",
    "dad disclosed he's back on crack and the kids are at home with him",
  ])("refers today a child with a much older partner or a carer on class A drugs: %s", (question) => {
    expect(assessRisk(question, rules).level).toBe("urgent");
  });

  it("leaves a carer now in recovery, and a colicky baby, below urgent", () => {
    const clean =
      "mum was using heroin before the baby but has been clean for two years, the kids are thriving";
    expect(rank(assessRisk(clean, rules).level)).toBeLessThan(RANK.urgent);
    expect(assessRisk("baby has been crying non stop for weeks, colic", rules).happeningNow).toBeUndefined();
  });

  it("reads a baby screaming non stop with an urgent finding as happening now", () => {
    const burn = "newborn has a burn mark on her hand and the baby's screaming non stop";
    expect(assessRisk(burn, rules)).toMatchObject({ level: "emergency", happeningNow: true });
  });

  it("reads a denial of an adult's presence as a child alone, not a question that denies harm", () => {
    const alone = assessRisk("the 4 yo is alone in a car in the car park, no parent anywhere", rules);
    expect(alone.negated).toBe(false);
  });

  it.each([
    "years ago i had a case where a child overdosed on her mums meds, it still bothers me",
    "the exploitation case from 2022 went to court, the groomers were jailed and she is at uni now",
    "she said 'my brother hits me' but it turned out she meant a pillow fight game",
    "last term a girl self harmed, she had CAMHS support and has now been discharged and is doing well",
    "mum told me she was cut as a child in her home country decades ago",
  ])("reads an old or explained case as past, however it is told: %s", (question) => {
    const assessed = assessRisk(question, rules);
    expect(assessed.past).toBe(true);
    expect(rank(assessed.level)).toBeLessThan(RANK.urgent);
  });

  it("still reads a case going on now as live", () => {
    expect(assessRisk("the case was closed years ago but he is still hitting her", rules).past).toBe(false);
  });

  it.each([
    "honestly couldnt fault this family, house spotless, kids happy",
    "school says he's a delight, happy, well fed, great attendance",
    "home was safe, stairgates fitted, meds locked away, smoke alarm working",
  ])("marks praise of a child or a home as reassurance: %s", (question) => {
    expect(assessRisk(question, rules).reassured).toBe(true);
  });

  it("reads a university assignment as training and a pupil missing lessons as a real case", () => {
    expect(assessRisk("uni assignment question: discuss FGM referral", rules).training).toBe(true);
    expect(assessRisk("a 14yo boy keeps missing from lessons with older lads", rules).general).toBe(false);
  });

  it("names harm no rule needs, through the file's signs, so the examples may raise it", () => {
    expect(assessRisk("a man has just turned up and she's gone out to his car", rules).harmNamed).toBe(true);
    expect(assessRisk("kids were giggling, mum asked about nursery", rules).harmNamed).toBeUndefined();
    // A kitchen knife block is no weapon.
    expect(assessRisk("the family just have a kitchen knife block", rules).harmNamed).toBeUndefined();
  });
});

describe("the shipped rules: emergencies by their shape (fitted on risk-heldout-2026-12f.jsonl)", () => {
  const rules = loadRiskRules(RULES_FILE);

  // Each sign in wording other than the set's, with a near miss beside it that must not fire.
  it.each([
    [
      "someone found hanging",
      "walked in and found my client's 16 yo son hanging from the loft hatch",
      "we found the 13 yo hanging out at the park with his friends after school",
    ],
    [
      "hands round a child's throat",
      "dad has his hands around the toddler's neck and is shouting",
      "she put her arms around her little brother's neck and hugged him",
    ],
    [
      "a carer held by the throat",
      "mums boyfriend has got her by the throat against the wall, the baby is in the room",
      "the toddler was holding her by the hand all the way to nursery",
    ],
    [
      "swelling and wheezing after food",
      "9 year old ate a biscuit with nuts, her lips are swollen and she is wheezing",
      "child has a nut allergy and asthma, how do we write the care plan for school",
    ],
    [
      "swelling and breathing trouble with no person named",
      "lips swelling and cant breathe after a bee sting at the park",
      "boy has mild hay fever, itchy eyes, no problems breathing",
    ],
    [
      "a fit lasting minutes",
      "the boy has been fitting for over 5 minutes in the hall",
      "she was shaking for 10 minutes after the fire drill, now calm and playing",
    ],
    [
      "rescue medicine that has not worked",
      "she is still having a fit and the buccal midazolam hasn't worked",
      "her buccal midazolam is kept in the office, where should the care plan go",
    ],
    [
      "a baby who does not respond, eyes rolled back",
      "my 8 month old has a high temperature, her eyes rolled back and she won't respond to her name",
      "the student doesn't respond to emails from school about attendance",
    ],
    [
      "a child bundled into a vehicle",
      "two men just bundled a boy into the back of a car outside school",
      "dad bundled the kids up in coats for the walk to school",
    ],
    [
      "a young child nobody can place",
      "we dont know where the 3 year old is, the gate was open and there's a canal at the end of the road",
      "we dont know where the 3 year old will go to school next year",
    ],
    [
      "a child held down and hit",
      "a man is kneeling on a boy in the street and punching him",
      "a man is kneeling on the floor to tie the boy's shoelaces",
    ],
    [
      "harm heard through a wall",
      "sounds like a child is being beaten in the house next door",
      "sounds like someone is being silly next door, loud music and laughing",
    ],
    [
      "something caustic swallowed",
      "toddler got hold of the oven cleaner and drank some, crying and dribbling",
      "toddler watched me use the oven cleaner, we keep it locked away",
    ],
    [
      "a child under fallen furniture",
      "the 4yo is trapped under the telly, it toppled onto her",
      "the 4yo likes hiding under the table when it's noisy",
    ],
    [
      "a carbon monoxide alarm sounding",
      "co alarm keeps beeping at the family home and the baby is very sleepy",
      "we should fit a carbon monoxide alarm in the family home, where should it go",
    ],
    [
      "bleeding that pressure does not stop",
      "his arm is bleeding and won't stop even with pressure",
      "his arm was bleeding a little but it stopped with a plaster",
    ],
  ])("calls an emergency for %s", (_, question, nearMiss) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency", route: "emergency" });
    expect(rank(assessRisk(nearMiss, rules).level)).toBeLessThan(RANK.urgent);
  });

  it.each([
    [
      "a girl had cut abroad",
      "mum says they had her daughter cut on the trip to see family last summer",
      "mum had her daughter's hair cut short before school started",
    ],
    [
      "a child told she is to marry",
      "dad told her she's getting married to her cousin in the summer, the 15 yo is scared",
      "the 15 yo told her friends she's getting her ears pierced in the summer",
    ],
    [
      "marks round both ankles",
      "the 4 yo came back from contact with marks round both ankles",
      "the 4 yo came back from contact with a bruise on her arm, mum says she fell at the park",
    ],
  ])("refers %s today", (_, question, nearMiss) => {
    expect(assessRisk(question, rules).level).toBe("urgent");
    expect(rank(assessRisk(nearMiss, rules).level)).toBeLessThan(RANK.urgent);
  });

  it.each([
    "parents want tips on bath time safety and drowning for a leaflet",
    "the parent group would like a short talk on first aid for a choking baby",
  ])("reads material for parents as training, not a case: %s", (question) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: null, training: true });
  });

  it("reads cot death asked about as a topic, and a cot death that happened as a death", () => {
    const topic = "lovely visit, mum asked about dummies and cot death, what can I tell her?";
    expect(assessRisk(topic, rules).level).toBeNull();
    const event = "health visitor here, there has been a suspected cot death of a 3 month old this morning";
    expect(assessRisk(event, rules)).toMatchObject({ level: "urgent", route: "child-death" });
  });

  it("reads keeping an old record as past, and a harm still going on as live", () => {
    const before = "an allegation against a youth worker in 2014 went to the LADO and was investigated";
    const record = assessRisk(`${before}, do we still keep the file?`, rules);
    expect(record.past).toBe(true);
    expect(rank(record.level)).toBeLessThan(RANK.urgent);
    expect(assessRisk(`${before}, he still texts the girl`, rules)).toMatchObject({
      level: "urgent",
      past: false,
    });
  });

  it("reads an overdose years back, with a full recovery, as past", () => {
    const old = "years back a teenager in our care took an overdose and made a full recovery";
    expect(assessRisk(old, rules)).toMatchObject({ level: "advice", past: true });
  });
});

describe("the shipped rules: chat register (fitted on risk-heldout-2026-12h.jsonl)", () => {
  const rules = loadRiskRules(RULES_FILE);

  // Each sign in wording other than the set's, with a near miss beside it that must not fire.
  it.each([
    [
      "lips a bit blue and a reliever that does not help",
      "my 6yo with asthma is wheezy, lips look a bit grey and the blue pump isn't working",
      "my 6yo with asthma had a wheezy week, the blue pump is working fine now",
    ],
    [
      "a baby working hard to breathe",
      "the 4 month old is pulling in under her ribs with every breath, really floppy",
      "the 4 month old has a snuffly nose, feeding fine and breathing normally",
    ],
    [
      "breathing that is really laboured",
      "the boy's breathing is really laboured and he's gone pale",
      "the boy's reading is really slow and he's gone quiet in class",
    ],
    [
      "a household liquid swallowed with words between",
      "toddler drank a bit of the green washing up liquid, now coughing",
      "toddler likes helping with the washing up after dinner",
    ],
    [
      "numb legs after being given something",
      "15 yo rang from a party, someone gave her a drink and now she can't move her legs",
      "15 yo rang from a party to ask for a lift home at 11",
    ],
    [
      "a child being pulled into a car",
      "a man at the park is trying to put a little boy into his van and the boy is crying",
      "a man at the park is helping his little boy into the van after football",
    ],
    [
      "crying behind a door nobody opens",
      "neighbour says the baby has been screaming for hours, no answer at the flat door",
      "neighbour says the baby was screaming for hours last month with colic, mum got help from the GP",
    ],
    [
      "harm heard and still going on",
      "can hear shouting through the wall, sounds like punching, the kids are in there and it's still going on",
      "can hear shouting through the wall, sounds like a football match on the telly",
    ],
    [
      "a child lost on an outing near water",
      "4 yo lost at the seaside on our nursery outing and the tide is coming in",
      "4 yo lost a shoe at the seaside on our nursery outing",
    ],
    [
      "an angry adult holding a child and refusing to let go",
      "mum is screaming at staff in the ward and won't put the baby down, says nobody is taking him",
      "mum is singing to the baby on the ward and won't put him down, he is so settled",
    ],
    [
      "a goodbye message from a child who has run off",
      "a 15 yo in care ran off from school an hour ago and sent her keyworker a goodbye text",
      "a 15 yo in care sent her keyworker a thank you text after the school trip",
    ],
  ])("calls an emergency for %s", (_, question, nearMiss) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency", route: "emergency" });
    expect(rank(assessRisk(nearMiss, rules).level)).toBeLessThan(RANK.urgent);
  });

  it.each([
    [
      "a disclosure typed after a chat opener",
      "just wondering how to handle this - 5 yo keeps saying her uncle touches her privates",
      "just wondering in general how we teach 5 yos about privates and pants",
    ],
    [
      "a disclosure asked as how to refer",
      "15yo disclosed she was raped at a party last weekend, how do I refer?",
      "how do I refer a family for parenting support?",
    ],
    [
      "a teenager with an adult partner by age",
      "school nurse: a 14 yo told me she has a 22-year-old boyfriend who picks her up",
      "school nurse: a 14 yo told me she has a new boyfriend in year 10",
    ],
    [
      "a baby with retinal bleeding brought to a clinic",
      "a 5 week old was brought to clinic today and the eye doctor found retinal haemorrhages",
      "a 5 week old was brought to clinic today for her routine eye check, all normal",
    ],
    [
      "a parent arrested for assaulting the mother with a baby there",
      "partner arrested yesterday for assaulting mum while she held the 3 month old",
      "partner arrested yesterday for shoplifting, mum and the 3 month old are fine",
    ],
    [
      "police called to a row at home where children live",
      "officers attended a domestic at dad's flat overnight and the twins were asleep upstairs",
      "officers attended the school assembly to talk to the twins' class about road safety",
    ],
    [
      "a baby weeks old still below birth weight",
      "the 5 week old is still below her birth weight and mum seems overwhelmed",
      "the 5 week old is well above her birth weight and mum seems confident",
    ],
    [
      "a teenager taken to hotels to meet adults",
      "my 14 yo client says a woman drives her to hotels to meet men at weekends",
      "my 14 yo client says her aunt drives her to swimming at weekends",
    ],
    [
      "a carer's heroin use with a newborn",
      "newborn going home with a mum who has ongoing heroin use and nowhere to live",
      "newborn going home with a mum who has ongoing back pain and a good support network",
    ],
  ])("refers %s today", (_, question, nearMiss) => {
    expect(rank(assessRisk(question, rules).level)).toBeGreaterThanOrEqual(RANK.urgent);
    expect(rank(assessRisk(nearMiss, rules).level)).toBeLessThan(RANK.urgent);
  });

  it.each([
    "role play on friday: I play a mum who turns up drunk at the school gate, what should staff say?",
    "setting a mock exam where a fictional family neglects a toddler, which answer is best?",
    "building an e-learning module, the scenario is a baby left alone in a hot car",
    "just curious whether grandparents can attend a child protection conference",
    "a student asked for his coursework how honour based abuse is defined",
  ])("reads made-up material and curiosity as no case: %s", (question) => {
    expect(assessRisk(question, rules).level).toBeNull();
  });

  it.each([
    [
      "a denial typed without its apostrophe",
      "nobodys hurt, no child missing, just updating our lockdown procedure",
    ],
    ["a quoted term asked about", 'what does "neglect" mean in working together guidance?'],
  ])("raises nothing for %s", (_, question) => {
    expect(assessRisk(question, rules).level).toBeNull();
  });

  it("reads an allegation found unfounded years ago as past", () => {
    const old =
      "old case: an allegation against a teaching assistant was found unfounded in 2018, can it be shared?";
    expect(assessRisk(old, rules)).toMatchObject({ past: true });
    expect(rank(assessRisk(old, rules).level)).toBeLessThan(RANK.urgent);
  });

  it("reads praise in chat words as reassurance", () => {
    for (const question of [
      "dad is great with the kids, when is the 2 year check?",
      "mum's doing brilliantly, bottle feeding going well, when is the next weigh-in?",
    ]) {
      expect(assessRisk(question, rules)).toMatchObject({ level: null, reassured: true });
    }
  });
});

describe("assessRisk: the file's own signs", () => {
  it("counts a `signs` concept as harm named, and no rule fires on it alone", () => {
    const withSigns = parseRiskRules(SMALL_RULES.replace("rules:\n", "signs: [excuse]\nrules:\n"));
    const assessed = assessRisk("it was an accident", withSigns);
    expect(assessed).toMatchObject({ level: null, harmNamed: true });
    expect(assessRisk("it was an accident", parseRiskRules(SMALL_RULES)).harmNamed).toBeUndefined();
  });

  it("rejects a sign that names no concept", () => {
    expect(() => parseRiskRules(SMALL_RULES.replace("rules:\n", "signs: [nothing-here]\nrules:\n"))).toThrow(
      /unknown concept "nothing-here"/,
    );
  });
});

describe("assessRisk", () => {
  const rules = parseRiskRules(SMALL_RULES);

  it("takes route and reason from the first rule at the highest level, and lists every rule that matched", () => {
    expect(assessRisk("a baby has a bruise", rules)).toEqual({
      level: "urgent",
      route: "lado",
      reason: "A child was hurt at nursery.",
      rules: ["hurt-at-nursery", "hurt"],
      ...NO_FLAGS,
      harmNamed: true,
    });
  });

  it("lets a `none` concept stop a rule", () => {
    expect(assessRisk("a baby has a bruise from an accident", rules)).toMatchObject({
      level: "urgent",
      route: "front-door",
      rules: ["hurt"],
    });
  });

  it("takes the highest level whatever the order", () => {
    expect(assessRisk("the child has a bruise and a knife", rules)).toMatchObject({
      level: "emergency",
      route: "emergency",
      rules: ["knife", "hurt-at-nursery", "hurt"],
    });
  });

  it("cancels rules on a general question", () => {
    expect(assessRisk("what are the signs a baby is bruised?", rules)).toEqual({
      level: null,
      route: null,
      reason: "A general question about guidance; no particular child was described.",
      rules: [],
      ...NO_FLAGS,
      general: true,
    });
  });

  it("keeps a when_general: advice rule on a general question, lowered to advice", () => {
    expect(assessRisk("what are the signs a child has a knife?", rules)).toMatchObject({
      level: "advice",
      route: "advice",
      rules: ["knife"],
    });
  });

  it("lowers rules to advice on a hypothetical question, keeping a specialist route", () => {
    expect(assessRisk("what if a baby has a bruise?", rules)).toEqual({
      level: "advice",
      route: "lado",
      reason: "A child was hurt at nursery. Asked in general terms, so this is offered as advice.",
      rules: ["hurt-at-nursery", "hurt"],
      ...NO_FLAGS,
      harmNamed: true,
    });
  });

  it("lets a concrete situation override a general or hypothetical cue", () => {
    expect(assessRisk("what are the signs? a child told me she is bruised", rules).level).toBe("urgent");
    expect(assessRisk("what if - a baby told me it was hitting", rules).level).toBe("urgent");
  });

  it("expands @ references and {inline} references", () => {
    expect(assessRisk("the child is hitting", rules).rules).toContain("hurt");
    expect(assessRisk("dad kicks the baby", rules)).toMatchObject({ level: "advice", rules: ["kicked"] });
    expect(assessRisk("dad kicks the ball", rules).level).toBeNull();
  });

  it("matches whole words only", () => {
    expect(assessRisk("the children like the hitter", rules).level).toBeNull();
  });

  it("reads curly quotes, odd spacing and contractions typed without the apostrophe", () => {
    expect(assessRisk("the baby can’t   breathe", rules).level).toBe("emergency");
    expect(assessRisk("the baby cant breathe", rules).level).toBe("emergency");
  });

  it("says so when nothing matched", () => {
    expect(assessRisk("where is the canteen?", rules)).toEqual({
      level: null,
      route: null,
      reason: "No risk to a child was described.",
      rules: [],
      ...NO_FLAGS,
    });
  });
});

/** SMALL_RULES with the optional sections: denials, training, closed cases and reassurance. */
const FRAMED_RULES = SMALL_RULES.replace(
  "  situation: ['told me']",
  `  situation: ['told me']
  training: ['for my course']
  past: ['case (was )?closed']
  current: ['today']
  reassurance: ['lovely family']
negation:
  cues: ['no', "isn't"]
  ends: ['but', 'how']
  reach: 3
  keeps: [child]`,
);

describe("assessRisk: denials and framing", () => {
  const rules = parseRiskRules(FRAMED_RULES);

  it("does not count what a cue denies, and says the question denied it", () => {
    expect(assessRisk("the baby has no bruise", rules)).toMatchObject({ level: null, negated: true });
    expect(assessRisk("the baby has no bruise", rules).reason).toBe(
      "No risk to a child was described; the question says the worrying signs are absent.",
    );
    expect(assessRisk("the baby has a bruise", rules)).toMatchObject({ level: "urgent", negated: false });
  });

  it("ends a denial at punctuation, at an end word and after `reach` words", () => {
    expect(assessRisk("no worries, the baby has a bruise", rules).level).toBe("urgent");
    expect(assessRisk("no idea but the baby has a bruise", rules).level).toBe("urgent");
    expect(assessRisk("no one knows how the baby got a bruise", rules).level).toBe("urgent");
    expect(assessRisk("no sign of bruising on the baby", rules).level).toBeNull();
    expect(assessRisk("no sign of any of a bruise on the baby", rules).level).toBe("urgent");
  });

  it("never denies a kept concept, nor a pattern that holds its own cue", () => {
    expect(assessRisk("no child here is safe, he hits them", rules).level).toBe("urgent");
    const cueInside = parseRiskRules(
      FRAMED_RULES.replace(`breathing: ["can't breathe"]`, `breathing: ["isn't breathing"]`),
    );
    expect(assessRisk("the baby isn't breathing", cueInside).level).toBe("emergency");
  });

  it("cancels every rule on a training question, even one kept on general questions", () => {
    expect(assessRisk("for my course: a child told me she has a knife", rules)).toEqual({
      level: null,
      route: null,
      reason: "A training or made-up question; no real child was described.",
      rules: [],
      ...NO_FLAGS,
      general: true,
      training: true,
    });
  });

  it("lowers a closed case to advice unless the question says something is happening now", () => {
    expect(assessRisk("the case was closed, the baby had a bruise", rules)).toMatchObject({
      level: "advice",
      route: "lado",
      reason:
        "A child was hurt at nursery. The case described is closed or over, so this is offered as advice.",
      past: true,
    });
    expect(assessRisk("the case was closed, but today the baby has a bruise", rules)).toMatchObject({
      level: "urgent",
      past: false,
    });
  });

  it("marks reassurance and leaves the level to the rules", () => {
    expect(assessRisk("lovely family, the baby has a bruise", rules)).toMatchObject({
      level: "urgent",
      reassured: true,
    });
  });

  it("works as before when the file has none of these sections", () => {
    const plain = parseRiskRules(SMALL_RULES);
    expect(assessRisk("the baby has no bruise", plain)).toMatchObject({ level: "urgent", negated: false });
    expect(assessRisk("for my course: a baby has a bruise", plain).level).toBe("urgent");
  });

  it.each([
    ["reach: 3", "reach: 2.5", "negation.reach: must be a whole number of words"],
    ["keeps: [child]", "keeps: [kid]", 'negation.keeps[0]: unknown concept "kid"'],
    ["ends: ['but', 'how']", "ends: ['but', '{kid}']", 'negation.ends[1]: unknown concept "kid"'],
  ])("names the line of a bad negation section: %s -> %s", (from, to, problem) => {
    const text = FRAMED_RULES.replace(from, to);
    const line = text.split("\n").findIndex((l) => l.includes(to)) + 1;
    expect(() => parseRiskRules(text)).toThrow(SafetyFileError);
    try {
      parseRiskRules(text);
    } catch (error) {
      expect((error as SafetyFileError).problems).toEqual([`risk-rules.yaml line ${line}, ${problem}`]);
    }
  });
});

describe("loadRiskRules errors", () => {
  /** The line (1-based) of the first line containing `needle`. */
  const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

  const problemsOf = (text: string): string[] => {
    try {
      parseRiskRules(text);
    } catch (error) {
      expect(error).toBeInstanceOf(SafetyFileError);
      expect((error as SafetyFileError).code).toBe(ErrorCode.ConfigInvalid);
      return (error as SafetyFileError).problems;
    }
    throw new Error("expected the rules to be rejected");
  };

  it("names the line and field of a bad level", () => {
    const text = SMALL_RULES.replace("level: advice", "level: sometimes");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "level: sometimes")}, rules[4].level: must be one of emergency, urgent, advice`,
    ]);
  });

  it("names an unknown concept where it is used", () => {
    const text = SMALL_RULES.replace("all: [child, weapon]", "all: [child, weapons]");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "weapons")}, rules[0].all[1]: unknown concept "weapons"`,
    ]);
  });

  it("names an unknown concept inside a pattern", () => {
    const text = SMALL_RULES.replace("'the {child}'", "'the {kid}'");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "{kid}")}, concepts.victim[2]: unknown concept "kid"`,
    ]);
  });

  it("rejects a pattern that is not a regular expression", () => {
    const text = SMALL_RULES.replace("['knife']", "['knife(']");
    const [problem] = problemsOf(text);
    expect(problem).toMatch(
      new RegExp(
        `^risk-rules\\.yaml line ${lineOf(text, "knife(")}, concepts\\.weapon\\[0\\]: not a valid pattern`,
      ),
    );
  });

  it("rejects a pattern ending in a space, which could never match", () => {
    const text = SMALL_RULES.replace("['knife']", "['knife ']");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "'knife '")}, concepts.weapon[0]: must not begin or end with a space`,
    ]);
  });

  it("rejects concepts that refer to themselves", () => {
    const text = SMALL_RULES.replace("hitting: ['hit(s|ting)?']", "hitting: ['@hurt']");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "  hurt:")}, concepts.hurt: refers to itself through @references`,
      `risk-rules.yaml line ${lineOf(text, "  hitting:")}, concepts.hitting: refers to itself through @references`,
    ]);
  });

  it("names an unknown key at the key", () => {
    const text = SMALL_RULES.replace("    when_general: advice", "    when_generally: advice");
    expect(problemsOf(text)).toEqual([
      `risk-rules.yaml line ${lineOf(text, "when_generally")}, rules[0].when_generally: Unrecognized key: "when_generally"`,
    ]);
  });

  it("reports duplicate rule ids", () => {
    const text = SMALL_RULES.replace("id: hurt\n", "id: knife\n");
    const line = text.split("\n").findLastIndex((l) => l.includes("id: knife")) + 1;
    expect(problemsOf(text)).toEqual([`risk-rules.yaml line ${line}, rules[3].id: duplicate id "knife"`]);
  });

  it("reports every problem at once", () => {
    const text = SMALL_RULES.replace("level: advice", "level: sometimes").replace(
      "reason: A child cannot breathe.",
      "reason: ''",
    );
    expect(problemsOf(text)).toHaveLength(2);
  });

  it("reports a YAML syntax error with its line", () => {
    const text = "concepts:\n  child: ['child'\nrules: []\n";
    expect(problemsOf(text)[0]).toMatch(/^risk-rules\.yaml line \d+: /);
  });

  it("says when the file cannot be read", () => {
    const error = (() => {
      try {
        loadRiskRules(path.join(FIXTURES, "no-such-file.yaml"));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe(ErrorCode.FileUnreadable);
  });
});

describe("the shipped rules: general shapes (fitted on risk-heldout-2026-12i.jsonl)", () => {
  const rules = loadRiskRules(RULES_FILE);

  // Each shape in wording other than the set's, with a near miss beside it that must not fire.
  it.each([
    [
      "first aid under way that is not working",
      "at the leisure centre a 4yo has something stuck in his throat, we're giving back blows",
      "at the leisure centre a 4yo had a cough, we gave him some water",
    ],
    [
      "a monitor showing a baby's heart slowing",
      "on the unit the baby's sats keep dropping and she's bradycardic",
      "on the unit the baby's feeds keep going well and she's gaining",
    ],
    [
      "a sick child who can barely be woken",
      "visit now, the 3 yo is burning up and barely rousable",
      "visit now, the 3 yo is burning with energy and barely sits still",
    ],
    [
      "a child gone through ice",
      "my little sister has gone through the ice on the canal",
      "my little sister has gone skating on the ice rink",
    ],
    [
      "gas named before the smell",
      "strong gas fumes in the flat and the twins are drowsy",
      "the flat has a new gas cooker and the twins are fine",
    ],
    [
      "a fire with children still inside, far from the word fire",
      "there's a fire in the terrace and neighbours are shouting the children are still inside",
      "there's a fire drill at school today and the children are all lined up outside",
    ],
    [
      "a baby left at a door with a word between",
      "a baby has been left outside the chemist door in a basket",
      "a parcel has been left outside the chemist door in a basket",
    ],
    [
      "something held over a baby's face",
      "a visitor on the ward was seen holding a towel over the baby's face",
      "a visitor on the ward was seen holding a towel by the baby's cot",
    ],
    [
      "a door barricaded with children inside",
      "the dad has barricaded himself and the kids in the back bedroom",
      "the dad has decorated the back bedroom for the kids",
    ],
    [
      "a blunt weapon swung at people",
      "a man outside the nursery swinging an iron bar at cars, children arriving",
      "a man outside the nursery fixing an iron bar on the gate, children arriving",
    ],
    [
      "a child running into traffic",
      "our 7yo foster son bolted into the main road and we can't see him",
      "our 7yo foster son walked along the main road with us to school",
    ],
    [
      "a child out of sight",
      "at the fair we've lost sight of the 5 yo we were looking after",
      "at the fair we've lost the 5 yo's hat we were looking after",
    ],
    [
      "a young child climbing a balcony rail, age given without a unit",
      "a girl about 4 is climbing over the balcony railings on the 5th floor",
      "a girl about 4 is drawing the balcony railings in art",
    ],
    [
      "an unfit driver at the wheel with children",
      "mum is drunk and about to drive off with the kids in the back",
      "mum is tired and about to drive off with the kids in the back",
    ],
    [
      "a live message saying where a child is now, on an urgent finding",
      "girl with known CSE risk, we just got a text saying she's with older men in a flat",
      "girl with known CSE risk, we just got a text saying she's back at the unit",
    ],
  ])("calls an emergency for %s", (_, question, nearMiss) => {
    expect(assessRisk(question, rules)).toMatchObject({ level: "emergency", route: "emergency" });
    expect(rank(assessRisk(nearMiss, rules).level)).toBeLessThan(RANK.emergency);
  });

  it.each([
    [
      "sexual content in a child's play or drawing",
      "the 6 yo keeps acting out things that are clearly sexual in the home corner",
      "the 6 yo keeps acting out shops in the home corner",
    ],
    [
      "an adult's secret game",
      "the 4yo told us about grandad's secret game at bathtime",
      "the 4yo told us about grandad's board game at teatime",
    ],
    [
      "soreness in an intimate place with someone named",
      "the nursery child's bum is red and sore and she says daddy does it",
      "the nursery child's bum is red and sore and she says the new nappies do it",
    ],
    [
      "a child describing what someone did to them",
      "the 8 yo has started telling us about the stuff his mum's boyfriend did to him",
      "the 8 yo has started telling us about the stuff his mum's boyfriend did for him",
    ],
    [
      "a child passed around older boys",
      "year 10 girl is being passed around older lads at parties",
      "year 10 girl is being passed over for the netball team",
    ],
    [
      "an arrest at a domestic with children there",
      "DA at the family home last night, kids in the house, stepdad arrested",
      "the family home is noisy, kids in the house, stepdad at work",
    ],
  ])("raises to urgent %s", (_, question, nearMiss) => {
    expect(rank(assessRisk(question, rules).level)).toBeGreaterThanOrEqual(RANK.urgent);
    expect(rank(assessRisk(nearMiss, rules).level)).toBeLessThan(RANK.urgent);
  });

  it("reads reported speech ('pupils say a girl ...') as a real case, 'say a child ...' at a clause start as made up", () => {
    expect(assessRisk("pupils in y8 say a girl is being passed around older men", rules)).toMatchObject({
      level: "urgent",
      training: false,
    });
    expect(assessRisk("ok, say a girl is being passed around older men", rules).training).toBe(true);
  });

  it.each([
    [
      "a year named with 'back'",
      "a child was exploited back in 2015 and the men were convicted, what was learned?",
    ],
    ["a decade", "an adult disclosed sexual abuse from when he was in care in the 80s"],
    ["an inquiry into a death", "what did the inquiry into the death of the toddler find about the police?"],
    ["learning from a review", "what learning came out of the review into the baby who collapsed?"],
    ["a practice exam question", "mock exam q: a child has a burn and a story that changes. discuss"],
  ])("keeps a retrospective or exam question below urgent: %s", (_, question) => {
    expect(rank(assessRisk(question, rules).level)).toBeLessThan(RANK.urgent);
  });

  it("keeps a case with a year named urgent when the question says it is happening again now", () => {
    const again = "a child exploited back in 2024 has gone missing again today with older men";
    expect(assessRisk(again, rules)).toMatchObject({ past: false });
    expect(rank(assessRisk(again, rules).level)).toBeGreaterThanOrEqual(RANK.urgent);
  });

  it("reads 'poor generally' as a description, not a general question", () => {
    expect(
      assessRisk("her hygiene is poor generally and she has head lice nobody treats", rules).general,
    ).toBe(false);
    expect(assessRisk("generally, how do schools handle head lice?", rules).general).toBe(true);
  });
});
