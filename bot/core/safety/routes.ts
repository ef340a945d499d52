import { z } from "zod";
import type { Contact, Escalation, EscalationLevel } from "../types.ts";
import { type RiskAssessment, ROUTE_NAMES, type RouteName } from "./risk.ts";
import { loadYamlFile, parseYamlText } from "./yaml-file.ts";

/**
 * Who to contact, per area and route, from routes.yaml (admins edit it). Opening hours are judged in UK
 * time whatever the server's zone, so the front door is offered in office hours and the out-of-hours team
 * otherwise.
 */

const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const DAY = `(${DAY_NAMES.join("|")})`;
const TIME = "([01]\\d|2[0-4]):([0-5]\\d)";
/** One span of opening hours: "Mon-Thu 08:45-17:15" or "Fri 08:45-16:45". */
const HOURS_SPAN = new RegExp(`^${DAY}(?:-${DAY})?\\s+${TIME}-${TIME}$`);

interface OpeningSpan {
  /** Days the span opens on, 0 = Monday. */
  days: Set<number>;
  /** Minutes after midnight. An end at or before the start runs past midnight into the next day. */
  start: number;
  end: number;
}

interface RouteContact {
  contact: Contact;
  /** Present for contacts offered only in their hours. */
  opening?: OpeningSpan[];
  /** Offered only while none of the route's contacts with hours is open. */
  outOfHours: boolean;
}

interface Route {
  note?: string;
  contacts: RouteContact[];
}

/** Validated routes, ready for contactsFor and escalationFor. */
export interface Routes {
  /** The file name, for warnings. */
  label: string;
  /** Every area lists the routes it sets itself; `default` has them all. */
  areas: Record<string, Partial<Record<RouteName, Route>>>;
  /** Dates (YYYY-MM-DD, UK) on which contacts with hours are closed. */
  closedDates: Set<string>;
}

// ---------------------------------------------------------------------------------------------------------
// The file

function parseHours(hours: string): OpeningSpan[] | undefined {
  const spans: OpeningSpan[] = [];
  for (const part of hours.split(",").map((p) => p.trim())) {
    const m = HOURS_SPAN.exec(part);
    if (!m) return undefined;
    const from = DAY_NAMES.indexOf(m[1] as (typeof DAY_NAMES)[number]);
    const to = m[2] ? DAY_NAMES.indexOf(m[2] as (typeof DAY_NAMES)[number]) : from;
    const days = new Set<number>();
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
    const start = Number(m[3]) * 60 + Number(m[4]);
    const end = Number(m[5]) * 60 + Number(m[6]);
    if (start > 24 * 60 || end > 24 * 60) return undefined;
    spans.push({ days, start, end });
  }
  return spans;
}

const contactSchema = z
  .strictObject({
    name: z.string().min(1, "must not be empty"),
    phone: z.string().min(1, "must not be empty").optional(),
    email: z.string().min(1, "must not be empty").optional(),
    url: z.string().min(1, "must not be empty").optional(),
    hours: z
      .string()
      .refine((h) => parseHours(h) !== undefined, 'must look like "Mon-Thu 08:45-17:15, Fri 08:45-16:45"')
      .optional(),
    out_of_hours: z.boolean({ error: "must be true or false" }).optional(),
  })
  .refine((c) => c.phone ?? c.email ?? c.url, "needs a phone, email or url")
  .refine((c) => !(c.hours && c.out_of_hours), "cannot have both hours and out_of_hours");

const routeSchema = z.strictObject({
  note: z.string().min(1, "must not be empty").optional(),
  contacts: z.array(contactSchema).min(1, "must list at least one contact"),
});

const areaSchema = z.strictObject(
  Object.fromEntries(ROUTE_NAMES.map((name) => [name, routeSchema.optional()])) as Record<
    RouteName,
    z.ZodOptional<typeof routeSchema>
  >,
);

const fileSchema = z
  .strictObject({
    bank_holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-12-25"))
      .optional(),
    areas: z.record(z.string(), areaSchema),
  })
  .superRefine((file, ctx) => {
    const fallback = file.areas.default;
    if (!fallback) {
      ctx.addIssue({ code: "custom", path: ["areas"], message: "must have a default area" });
      return;
    }
    for (const name of ROUTE_NAMES) {
      if (!fallback[name]) {
        ctx.addIssue({ code: "custom", path: ["areas", "default"], message: `missing route ${name}` });
      }
    }
  });

type RoutesFile = z.infer<typeof fileSchema>;

/** Reads and validates routes.yaml. Errors name the line and field. */
export function loadRoutes(file: string): Routes {
  return compile(loadYamlFile(file, fileSchema), file.split(/[\\/]/).pop() ?? file);
}

/** As loadRoutes, from text; `label` names the file in errors and warnings. */
export function parseRoutes(yamlText: string, label = "routes.yaml"): Routes {
  return compile(parseYamlText(yamlText, label, fileSchema), label);
}

function compile(file: RoutesFile, label: string): Routes {
  const areas: Routes["areas"] = {};
  for (const [areaName, area] of Object.entries(file.areas)) {
    const routes: Partial<Record<RouteName, Route>> = {};
    for (const name of ROUTE_NAMES) {
      const route = area[name];
      if (!route) continue;
      routes[name] = {
        ...(route.note ? { note: route.note } : {}),
        contacts: route.contacts.map(({ hours, out_of_hours, ...details }) => ({
          contact: { ...details, ...(hours ? { hours } : {}) },
          ...(hours ? { opening: parseHours(hours) } : {}),
          outOfHours: out_of_hours ?? false,
        })),
      };
    }
    areas[areaName] = routes;
  }
  return { label, areas, closedDates: new Set(file.bank_holidays ?? []) };
}

// ---------------------------------------------------------------------------------------------------------
// Reading it

/** The configured area names, `default` first. */
export function areaNames(routes: Routes): string[] {
  return ["default", ...Object.keys(routes.areas).filter((a) => a !== "default")];
}

/** The sample file marks every local detail an admin must fill in with "PLACEHOLDER: ...". */
const isPlaceholder = (value: string | undefined): boolean =>
  value !== undefined && /placeholder/i.test(value);
const DETAILS = ["phone", "email", "url"] as const;

/**
 * The start-up warning: one line naming how many contacts are not configured and where, or nothing when
 * every contact is. Users are never shown these contacts, so until they are filled in the replies offer
 * only the national numbers.
 */
export function placeholderSummary(routes: Routes): string | undefined {
  const unconfigured: string[] = [];
  for (const [areaName, area] of Object.entries(routes.areas)) {
    for (const [routeName, route] of Object.entries(area)) {
      for (const { contact } of route.contacts) {
        if (DETAILS.some((field) => isPlaceholder(contact[field])))
          unconfigured.push(`${areaName}.${routeName}`);
      }
    }
  }
  if (unconfigured.length === 0) return undefined;
  const places = [...new Set(unconfigured)];
  return (
    `${routes.label}: ${unconfigured.length} contact${unconfigured.length === 1 ? " has" : "s have"} PLACEHOLDER details, ` +
    `which replies leave out until they are filled in (${places.join(", ")}).`
  );
}

function routeFor(routes: Routes, area: string | undefined, route: RouteName): Route | undefined {
  return (area ? routes.areas[area]?.[route] : undefined) ?? routes.areas.default?.[route];
}

const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

interface LondonTime {
  date: string;
  /** 0 = Monday. */
  day: number;
  minutes: number;
}

function londonTime(instant: Date): LondonTime {
  const parts = Object.fromEntries(LONDON.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: DAY_NAMES.indexOf(parts.weekday as (typeof DAY_NAMES)[number]),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function isOpen(spans: OpeningSpan[], at: LondonTime, closedDates: Set<string>): boolean {
  if (closedDates.has(at.date)) return false;
  const yesterday = (at.day + 6) % 7;
  return spans.some((span) => {
    if (span.end > span.start)
      return span.days.has(at.day) && at.minutes >= span.start && at.minutes < span.end;
    // Runs past midnight: open from the start on its own days, and until the end on the following mornings.
    return (
      (span.days.has(at.day) && at.minutes >= span.start) ||
      (span.days.has(yesterday) && at.minutes < span.end)
    );
  });
}

/** The contacts a route offers at an instant, placeholders and all. */
function offered(routes: Routes, area: string | undefined, route: RouteName, now: Date): Contact[] {
  const entry = routeFor(routes, area, route);
  if (!entry) return [];
  const at = londonTime(now);
  const open = (c: RouteContact) => (c.opening ? isOpen(c.opening, at, routes.closedDates) : false);
  const anyOpen = entry.contacts.some(open);
  return entry.contacts
    .filter((c) => (c.opening ? open(c) : c.outOfHours ? !anyOpen : true))
    .map((c) => ({ ...c.contact }));
}

/**
 * A contact as a user may see it: its placeholder details dropped, or nothing when no real way to reach it
 * is left. A placeholder shown on a hand-off would send a practitioner to a number that does not exist.
 */
function configured(contact: Contact): Contact | undefined {
  const kept: Contact = { name: contact.name };
  for (const field of DETAILS) {
    const value = contact[field];
    if (value !== undefined && !isPlaceholder(value)) kept[field] = value;
  }
  if (!DETAILS.some((field) => kept[field] !== undefined)) return undefined;
  return contact.hours ? { ...kept, hours: contact.hours } : kept;
}

/** Contacts split into those a user may see and the names of those whose number is not configured yet. */
function sortOut(contacts: Contact[]): { contacts: Contact[]; unconfigured: string[] } {
  const kept: Contact[] = [];
  const unconfigured: string[] = [];
  for (const contact of contacts) {
    const shown = configured(contact);
    if (shown) kept.push(shown);
    if (!shown || isPlaceholder(contact.phone)) unconfigured.push(contact.name);
  }
  return { contacts: kept, unconfigured };
}

/**
 * The contacts to offer for a route in an area at an instant. Areas without that route (or an unknown or
 * missing area) use `default`. Contacts with hours are offered while open, out-of-hours contacts while none
 * of them is, and the rest always. Placeholder details are never offered (see escalationFor for the line
 * that says so).
 */
export function contactsFor(
  routes: Routes,
  area: string | undefined,
  route: RouteName,
  now: Date,
): Contact[] {
  return sortOut(offered(routes, area, route, now)).contacts;
}

/** The advice route's contacts: for answers the guidance cannot give. */
export function fallbackContacts(routes: Routes, area: string | undefined, now: Date): Contact[] {
  return contactsFor(routes, area, "advice", now);
}

/**
 * The escalation for an answer the guidance cannot give: the advice route's contacts, with the notice
 * when some of them are not configured yet.
 */
export function fallbackEscalation(
  routes: Routes,
  area: string | undefined,
  now: Date,
  reason: string,
): Escalation {
  const { contacts, unconfigured } = sortOut(offered(routes, area, "advice", now));
  const notice = unconfiguredNotice(unconfigured);
  return { level: "advice", reason, contacts, ...(notice ? { notice } : {}) };
}

/** One line for the user naming the local contacts left out, so they know to ask whoever runs the bot. */
function unconfiguredNotice(names: string[]): string | undefined {
  const unique = [...new Set(names)];
  if (unique.length === 0) return undefined;
  return `Local contact details are not configured yet for: ${unique.join("; ")}. Please tell your administrator.`;
}

const SPECIALIST: ReadonlySet<RouteName> = new Set(["lado", "fgm", "prevent", "child-death"]);

const URGENT_ACTIONS: Record<RouteName, string> = {
  emergency: "Refer to children's social care (the front door) today; do not wait for the guidance below.",
  "front-door": "Refer to children's social care (the front door) today; do not wait for the guidance below.",
  advice: "Refer to children's social care (the front door) today; do not wait for the guidance below.",
  lado: "Tell your designated safeguarding lead or manager today and contact the LADO.",
  fgm: "Report it to the police on 101 today and refer to children's social care.",
  prevent:
    "Talk to your designated safeguarding lead today about a Prevent referral; call 999 if anyone is in danger now.",
  "child-death": "Contact the child death rapid response team today so the joint agency response can start.",
};

function actionsFor(level: EscalationLevel, route: RouteName, note: string | undefined): string[] {
  const actions =
    level === "emergency"
      ? [
          "If a child is in immediate danger, call 999 now.",
          "Then tell children's social care and your designated safeguarding lead.",
        ]
      : level === "urgent"
        ? [URGENT_ACTIONS[route], "Write down what you saw and were told, in the words used."]
        : [
            "Talk this through with your designated safeguarding lead or safeguarding team.",
            "If you think a child is at risk of significant harm, refer to children's social care.",
          ];
  // A route's note (e.g. the FGM reporting duty) matters more than the record-keeping reminder.
  return note ? [actions[0] as string, note] : actions;
}

function unique(contacts: Contact[]): Contact[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const key = `${c.name}|${c.phone ?? ""}|${c.email ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Turns a risk assessment into the escalation shown before any guidance: the level, the reason, what to do
 * now, and who to contact (999 then the front door for emergencies; the specialist route or front door, then
 * the safeguarding lead, for urgent, with the front door as well for FGM; advice contacts, then any
 * specialist route, for advice).
 */
export function escalationFor(
  assessment: RiskAssessment,
  routes: Routes,
  area: string | undefined,
  now: Date,
): Escalation | null {
  const { level, reason } = assessment;
  if (level === null) return null;
  const route =
    assessment.route ?? (level === "emergency" ? "emergency" : level === "urgent" ? "front-door" : "advice");
  const specialist = SPECIALIST.has(route) ? route : undefined;
  const contacts = (name: RouteName) => offered(routes, area, name, now);
  const listed =
    level === "emergency"
      ? [...contacts("emergency"), ...contacts("front-door")]
      : level === "urgent"
        ? [
            ...contacts(specialist ?? "front-door"),
            // FGM in a girl is both a crime to report and a child to refer.
            ...(specialist === "fgm" ? contacts("front-door") : []),
            ...contacts("advice"),
          ]
        : [...contacts("advice"), ...(specialist ? contacts(specialist) : [])];
  const note = specialist ? routeFor(routes, area, specialist)?.note : undefined;
  const { contacts: shown, unconfigured } = sortOut(unique(listed));
  const notice = unconfiguredNotice(unconfigured);
  return {
    level,
    reason,
    actions: actionsFor(level, route, note),
    contacts: shown,
    ...(notice ? { notice } : {}),
  };
}
