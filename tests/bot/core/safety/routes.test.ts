import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../../bot/config.ts";
import { type RiskAssessment, ROUTE_NAMES } from "../../../../bot/core/safety/risk.ts";
import {
  areaNames,
  contactsFor,
  escalationFor,
  fallbackContacts,
  fallbackEscalation,
  loadRoutes,
  parseRoutes,
  placeholderSummary,
} from "../../../../bot/core/safety/routes.ts";
import { SafetyFileError } from "../../../../bot/core/safety/yaml-file.ts";

const ROUTES_FILE = path.resolve(PROJECT_ROOT, "knowledge/routes.yaml");
const shipped = loadRoutes(ROUTES_FILE);
/** A made-up local number (Ofcom's range for drama) standing in for every placeholder. */
const LOCAL = "01632 960000";
/** The shipped routes as an admin who has filled in every placeholder would have them. */
const routes = parseRoutes(readFileSync(ROUTES_FILE, "utf8").replace(/"PLACEHOLDER: [^"]*"/g, `"${LOCAL}"`));

const MASH = "Children's social care front door (MASH)";
const EDT = "Emergency duty team (children's social care out of hours)";
const names = (area: string | undefined, at: string) =>
  contactsFor(routes, area, "front-door", new Date(at)).map((c) => c.name);

describe("the shipped routes file", () => {
  it("has a default area and the sample area", () => {
    expect(areaNames(shipped)).toEqual(["default", "sample-borough"]);
  });

  it("sums up the unconfigured contacts in one start-up line", () => {
    const contacts = Object.values(shipped.areas)
      .flatMap((area) => Object.values(area))
      .flatMap((route) => route.contacts)
      .filter(({ contact }) =>
        [contact.phone, contact.email, contact.url].some((d) => d?.startsWith("PLACEHOLDER")),
      );
    expect(contacts.length).toBeGreaterThan(1);
    const summary = placeholderSummary(shipped);
    expect(summary).toBe(
      `routes.yaml: ${contacts.length} contacts have PLACEHOLDER details, which replies leave out until they are ` +
        "filled in (default.front-door, default.advice, default.lado, default.prevent, default.child-death, " +
        "sample-borough.front-door, sample-borough.advice).",
    );
    expect(summary).not.toContain("\n");
    expect(placeholderSummary(routes)).toBeUndefined();
  });

  it("uses only real national numbers where it is not a placeholder", () => {
    const phones = Object.values(shipped.areas)
      .flatMap((area) => Object.values(area))
      .flatMap((route) => route.contacts.map((c) => c.contact.phone))
      .filter((phone): phone is string => phone !== undefined && !phone.startsWith("PLACEHOLDER"));
    expect(new Set(phones)).toEqual(new Set(["999", "101", "0808 800 5000"]));
  });
});

describe("contactsFor: office hours in UK time", () => {
  // Default front door: Mon-Thu 08:45-17:15, Fri 08:45-16:45; the out-of-hours team otherwise.
  it.each([
    ["Monday 08:44 BST (summer)", "2026-07-06T07:44:00Z", EDT],
    ["Monday 08:45 BST", "2026-07-06T07:45:00Z", MASH],
    ["Thursday 17:14 BST", "2026-07-09T16:14:00Z", MASH],
    ["Thursday 17:15 BST", "2026-07-09T16:15:00Z", EDT],
    ["Friday 16:44 BST", "2026-07-10T15:44:00Z", MASH],
    ["Friday 16:45 BST", "2026-07-10T15:45:00Z", EDT],
    ["Monday 08:44 GMT (winter)", "2026-01-05T08:44:00Z", EDT],
    ["Monday 08:45 GMT", "2026-01-05T08:45:00Z", MASH],
    ["Friday 16:44 GMT", "2026-01-09T16:44:00Z", MASH],
    ["Saturday midday", "2026-01-10T12:00:00Z", EDT],
    ["Sunday 29 March, the day the clocks go forward", "2026-03-29T10:00:00Z", EDT],
    ["Monday 30 March 08:45 BST, just after the change", "2026-03-30T07:45:00Z", MASH],
    ["Friday 23 October 16:59 BST, before the clocks go back", "2026-10-23T15:59:00Z", EDT],
    ["Monday 26 October 07:45 GMT, which would be 08:45 in BST", "2026-10-26T07:45:00Z", EDT],
    ["Monday 26 October 08:45 GMT, after the change", "2026-10-26T08:45:00Z", MASH],
    ["Christmas Day, a bank holiday on a Friday", "2026-12-25T10:00:00Z", EDT],
    ["Tuesday 23:30 BST", "2026-07-07T22:30:00Z", EDT],
  ])("%s", (_, at, expected) => {
    expect(names(undefined, at)).toEqual([expected]);
  });

  it("gives the hours with an in-hours contact", () => {
    const [mash] = contactsFor(routes, "default", "front-door", new Date("2026-07-06T10:00:00Z"));
    expect(mash).toEqual({
      name: MASH,
      phone: LOCAL,
      email: LOCAL,
      hours: "Mon-Thu 08:45-17:15, Fri 08:45-16:45",
    });
  });

  it("always offers contacts without hours", () => {
    for (const at of ["2026-07-06T10:00:00Z", "2026-07-05T03:00:00Z", "2026-12-25T10:00:00Z"]) {
      expect(contactsFor(routes, "default", "emergency", new Date(at))).toEqual([
        { name: "Police or ambulance (emergency)", phone: "999" },
      ]);
      expect(fallbackContacts(routes, "default", new Date(at)).map((c) => c.phone)).toContain(
        "0808 800 5000",
      );
    }
  });

  it("handles hours that run past midnight", () => {
    const overnight = parseRoutes(
      SMALL_ROUTES.replaceAll("PLACEHOLDER: ", "").replace(
        'hours: "Mon-Fri 09:00-17:00"',
        'hours: "Mon-Fri 17:00-09:00"',
      ),
    );
    const open = (at: string) =>
      contactsFor(overnight, undefined, "front-door", new Date(at)).map((c) => c.name);
    expect(open("2026-01-06T08:00:00Z")).toEqual(["Front door"]); // Tuesday morning, from Monday evening
    expect(open("2026-01-10T08:00:00Z")).toEqual(["Front door"]); // Saturday morning, from Friday evening
    expect(open("2026-01-10T18:00:00Z")).toEqual(["Out of hours team"]); // Saturday evening
    expect(open("2026-01-05T08:00:00Z")).toEqual(["Out of hours team"]); // Monday morning: Sunday is closed
    expect(open("2026-01-05T12:00:00Z")).toEqual(["Out of hours team"]); // Monday midday
  });
});

describe("contactsFor: areas", () => {
  it("lets a named area set its own route", () => {
    expect(names("sample-borough", "2026-07-06T10:00:00Z")).toEqual(["Sample Borough children's front door"]);
    expect(names("sample-borough", "2026-07-06T20:00:00Z")).toEqual([
      "Sample Borough emergency duty team (out of hours)",
    ]);
  });

  it("inherits the routes a named area leaves out", () => {
    const at = new Date("2026-07-06T10:00:00Z");
    for (const route of ["emergency", "lado", "fgm", "prevent", "child-death"] as const) {
      expect(contactsFor(routes, "sample-borough", route, at)).toEqual(
        contactsFor(routes, "default", route, at),
      );
    }
  });

  it("uses default for an unknown or missing area", () => {
    expect(names("nowhere", "2026-07-06T10:00:00Z")).toEqual([MASH]);
    expect(names(undefined, "2026-07-06T10:00:00Z")).toEqual([MASH]);
  });
});

describe("escalationFor", () => {
  const inHours = new Date("2026-07-06T10:00:00Z");
  const night = new Date("2026-07-06T23:00:00Z");
  const assessment = (level: RiskAssessment["level"], route: RiskAssessment["route"]): RiskAssessment => ({
    level,
    route,
    reason: "A reason.",
    rules: ["some-rule"],
  });

  it("gives nothing when there is no risk", () => {
    expect(escalationFor(assessment(null, null), routes, undefined, inHours)).toBeNull();
  });

  it("puts 999 first in an emergency, then the front door open now", () => {
    const day = escalationFor(assessment("emergency", "emergency"), routes, undefined, inHours);
    expect(day?.level).toBe("emergency");
    expect(day?.reason).toBe("A reason.");
    expect(day?.actions?.[0]).toBe("If a child is in immediate danger, call 999 now.");
    expect(day?.contacts.map((c) => c.name)).toEqual(["Police or ambulance (emergency)", MASH]);
    const late = escalationFor(assessment("emergency", "emergency"), routes, undefined, night);
    expect(late?.contacts.map((c) => c.name)).toEqual(["Police or ambulance (emergency)", EDT]);
  });

  it("sends an urgent front-door case to the front door and the safeguarding lead", () => {
    const escalation = escalationFor(assessment("urgent", "front-door"), routes, undefined, inHours);
    expect(escalation?.actions?.[0]).toMatch(/^Refer to children's social care .* today/);
    expect(escalation?.contacts.map((c) => c.name)).toEqual([
      MASH,
      "Your designated safeguarding lead",
      "Safeguarding children team (named nurse and named doctor)",
      "NSPCC helpline (advice for adults worried about a child)",
    ]);
  });

  it("sends an allegation against a worker to the LADO, with the route's note", () => {
    const escalation = escalationFor(assessment("urgent", "lado"), routes, undefined, inHours);
    expect(escalation?.contacts[0]?.name).toBe("Local authority designated officer (LADO)");
    expect(escalation?.contacts.map((c) => c.name)).not.toContain(MASH);
    expect(escalation?.actions).toEqual([
      "Tell your designated safeguarding lead or manager today and contact the LADO.",
      "Do not investigate or question the adult concerned yourself.",
    ]);
  });

  it("sends FGM to the police on 101 and the front door, with the reporting duty", () => {
    const escalation = escalationFor(assessment("urgent", "fgm"), routes, "sample-borough", inHours);
    expect(escalation?.contacts.slice(0, 2)).toEqual([
      { name: "Police non-emergency (report known FGM in under-18s)", phone: "101" },
      {
        name: "Sample Borough children's front door",
        phone: LOCAL,
        hours: "Mon-Fri 09:00-17:00",
      },
    ]);
    expect(escalation?.actions?.[1]).toMatch(/must report known FGM in a girl under 18 .* police on 101/);
  });

  it.each([
    ["prevent", "Local Prevent lead"],
    ["child-death", "Child death rapid response (joint agency response) team"],
  ] as const)("sends %s to its specialists first", (route, first) => {
    expect(escalationFor(assessment("urgent", route), routes, undefined, inHours)?.contacts[0]?.name).toBe(
      first,
    );
  });

  it("gives advice contacts for advice, then any specialist route", () => {
    const plain = escalationFor(assessment("advice", "advice"), routes, "sample-borough", inHours);
    expect(plain?.contacts.map((c) => c.name)).toEqual([
      "Sample Borough safeguarding team",
      "NSPCC helpline (advice for adults worried about a child)",
    ]);
    const worker = escalationFor(assessment("advice", "lado"), routes, "sample-borough", inHours);
    expect(worker?.contacts.at(-1)?.name).toBe("Local authority designated officer (LADO)");
  });

  it("keeps every list of actions to one to three short sentences and lists no contact twice", () => {
    for (const level of ["emergency", "urgent", "advice"] as const) {
      for (const route of ROUTE_NAMES) {
        const escalation = escalationFor(assessment(level, route), routes, "sample-borough", night);
        expect(escalation?.actions?.length).toBeGreaterThanOrEqual(1);
        expect(escalation?.actions?.length).toBeLessThanOrEqual(3);
        const keys = escalation?.contacts.map((c) => `${c.name}|${c.phone}`) ?? [];
        expect(new Set(keys).size).toBe(keys.length);
      }
    }
  });
});

describe("placeholders never reach a user", () => {
  const inHours = new Date("2026-07-06T10:00:00Z");
  const night = new Date("2026-07-06T23:00:00Z");
  const assessment = (level: "emergency" | "urgent" | "advice", route: RiskAssessment["route"]) => ({
    level,
    route,
    reason: "A reason.",
    rules: [],
  });

  it("leaves placeholder contacts out of every escalation, fallback and contact list", () => {
    for (const at of [inHours, night]) {
      for (const area of areaNames(shipped)) {
        for (const level of ["emergency", "urgent", "advice"] as const) {
          for (const route of ROUTE_NAMES) {
            const escalation = escalationFor(assessment(level, route), shipped, area, at);
            expect(JSON.stringify(escalation?.contacts)).not.toMatch(/placeholder/i);
            expect(contactsFor(shipped, area, route, at).length).toBeLessThanOrEqual(
              contactsFor(routes, area, route, at).length,
            );
            expect(JSON.stringify(contactsFor(shipped, area, route, at))).not.toMatch(/placeholder/i);
          }
        }
        expect(JSON.stringify(fallbackContacts(shipped, area, at))).not.toMatch(/placeholder/i);
      }
    }
  });

  it("keeps the national numbers: 999, 101 and the NSPCC helpline", () => {
    const phones = (level: "emergency" | "urgent" | "advice", route: RiskAssessment["route"]) =>
      escalationFor(assessment(level, route), shipped, undefined, inHours)?.contacts.map((c) => c.phone);
    expect(phones("emergency", "emergency")).toEqual(["999"]);
    expect(phones("urgent", "fgm")).toEqual(["101", "0808 800 5000"]);
    expect(phones("urgent", "prevent")).toEqual(["101", "0808 800 5000"]);
    expect(phones("advice", "advice")).toEqual(["0808 800 5000"]);
  });

  it("says in one line which local contacts are not configured and to tell the administrator", () => {
    const emergency = escalationFor(assessment("emergency", "emergency"), shipped, undefined, inHours);
    expect(emergency?.notice).toBe(
      `Local contact details are not configured yet for: ${MASH}. Please tell your administrator.`,
    );
    const urgent = escalationFor(assessment("urgent", "front-door"), shipped, undefined, night);
    expect(urgent?.notice).toBe(
      `Local contact details are not configured yet for: ${EDT}; Your designated safeguarding lead; On-call safeguarding manager (out of hours). ` +
        "Please tell your administrator.",
    );
    expect(
      escalationFor(assessment("emergency", "emergency"), routes, undefined, inHours),
    ).not.toHaveProperty("notice");
  });

  it("keeps a contact's real details when only some are placeholders, and names it when its number is one", () => {
    const mixed = parseRoutes(
      SMALL_ROUTES.replace(
        '          email: "PLACEHOLDER: dsl email"',
        '          phone: "PLACEHOLDER: dsl phone"\n          email: "dsl@example.org"',
      ).replace(
        '          phone: "PLACEHOLDER: lado"',
        '          phone: "01632 960001"\n          email: "PLACEHOLDER: lado email"',
      ),
    );
    const advice = escalationFor(assessment("advice", "lado"), mixed, undefined, inHours);
    expect(advice?.contacts).toEqual([
      { name: "DSL", email: "dsl@example.org" },
      { name: "LADO", phone: "01632 960001" },
    ]);
    expect(advice?.notice).toBe(
      "Local contact details are not configured yet for: DSL. Please tell your administrator.",
    );
  });

  it("builds the fallback escalation the same way", () => {
    expect(
      fallbackEscalation(shipped, undefined, inHours, "The guidance does not answer this question."),
    ).toEqual({
      level: "advice",
      reason: "The guidance does not answer this question.",
      contacts: [
        {
          name: "NSPCC helpline (advice for adults worried about a child)",
          phone: "0808 800 5000",
          url: "https://www.nspcc.org.uk",
        },
      ],
      notice:
        "Local contact details are not configured yet for: Your designated safeguarding lead; " +
        "Safeguarding children team (named nurse and named doctor). Please tell your administrator.",
    });
    expect(fallbackEscalation(routes, undefined, inHours, "A reason.")).not.toHaveProperty("notice");
  });
});

/** A minimal valid routes file. */
const SMALL_ROUTES = `areas:
  default:
    emergency:
      contacts:
        - name: Police
          phone: "999"
    front-door:
      contacts:
        - name: Front door
          phone: "PLACEHOLDER: front door"
          hours: "Mon-Fri 09:00-17:00"
        - name: Out of hours team
          phone: "PLACEHOLDER: out of hours"
          out_of_hours: true
    advice:
      contacts:
        - name: DSL
          email: "PLACEHOLDER: dsl email"
    lado:
      contacts:
        - name: LADO
          phone: "PLACEHOLDER: lado"
    fgm:
      contacts:
        - name: Police
          phone: "101"
    prevent:
      contacts:
        - name: Prevent
          phone: "101"
    child-death:
      contacts:
        - name: Rapid response
          phone: "PLACEHOLDER: rapid response"
`;

describe("loadRoutes errors", () => {
  const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
  const problemsOf = (text: string): string[] => {
    try {
      parseRoutes(text);
    } catch (error) {
      expect(error).toBeInstanceOf(SafetyFileError);
      return (error as SafetyFileError).problems;
    }
    throw new Error("expected the routes to be rejected");
  };

  it("accepts the small file", () => {
    expect(areaNames(parseRoutes(SMALL_ROUTES))).toEqual(["default"]);
  });

  it("names a route missing from default", () => {
    const text = SMALL_ROUTES.replace(/ {4}lado:\n(.*\n){3}/, "");
    expect(problemsOf(text)).toEqual([
      `routes.yaml line ${lineOf(text, "  default:")}, areas.default: missing route lado`,
    ]);
  });

  it("names the line and field of bad hours", () => {
    const text = SMALL_ROUTES.replace("Mon-Fri 09:00-17:00", "weekdays 9 to 5");
    expect(problemsOf(text)).toEqual([
      `routes.yaml line ${lineOf(text, "weekdays")}, areas.default.front-door.contacts[0].hours: must look like "Mon-Thu 08:45-17:15, Fri 08:45-16:45"`,
    ]);
  });

  it("names an unknown route in a named area", () => {
    const text = `${SMALL_ROUTES}  north:\n    frontdoor:\n      contacts:\n        - name: X\n          phone: "1"\n`;
    expect(problemsOf(text)).toEqual([
      `routes.yaml line ${lineOf(text, "frontdoor")}, areas.north.frontdoor: Unrecognized key: "frontdoor"`,
    ]);
  });

  it("needs a way to reach each contact", () => {
    const text = SMALL_ROUTES.replace('          email: "PLACEHOLDER: dsl email"\n', "");
    expect(problemsOf(text)).toEqual([
      `routes.yaml line ${lineOf(text, "name: DSL")}, areas.default.advice.contacts[0]: needs a phone, email or url`,
    ]);
  });

  it("rejects a contact that is both in hours and out of hours", () => {
    const text = SMALL_ROUTES.replace(
      'hours: "Mon-Fri 09:00-17:00"',
      'hours: "Mon-Fri 09:00-17:00"\n          out_of_hours: true',
    );
    expect(problemsOf(text)).toEqual([
      `routes.yaml line ${lineOf(text, "name: Front door")}, areas.default.front-door.contacts[0]: cannot have both hours and out_of_hours`,
    ]);
  });

  it("needs a default area", () => {
    const text = SMALL_ROUTES.replace("  default:", "  north:");
    expect(problemsOf(text)).toEqual(["routes.yaml line 1, areas: must have a default area"]);
  });

  it("rejects a bank holiday that is not a date", () => {
    const text = `bank_holidays: ["25/12/2026"]\n${SMALL_ROUTES}`;
    expect(problemsOf(text)).toEqual([
      "routes.yaml line 1, bank_holidays[0]: must be a date like 2026-12-25",
    ]);
  });
});
