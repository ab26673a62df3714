/**
 * A site adapter is data: which case system, where it applies, which side of the workspace its
 * records are, how to find a client row, where each identifier sits in a row, and where the
 * badges go. It holds no DOM code; the overlay's runtime (extension/sites/read.ts and the
 * overlay content script) does the reading. Built-in adapters are files in this folder, listed in
 * index.ts; a user's own plain-table adapters are stored as configuration (never record data)
 * and turned into the same shape by `customAdapter`. Both are validated by these schemas.
 */
import { z } from 'zod';
import { SIDES } from '../../shared/workspace';
import { parseMatchPattern, parseOrigin } from './match-pattern';

/** What a row can show that a lookup can use (canonical field names, shared/person.ts). */
export const ROW_FIELDS = [
  'fullName',
  'forenames',
  'surname',
  'dob',
  'sex',
  'nhsNumber',
  'prisonNumber',
  'pnc',
  'cro',
  'postcode',
] as const;
export type RowField = (typeof ROW_FIELDS)[number];

/** A table column: its header text as the page shows it, or its position (1 = first column). */
export const columnRef = z.union([
  z.string().trim().min(1, 'a column header cannot be empty'),
  z.number().int().positive('a column position counts from 1'),
]);
export type ColumnRef = z.infer<typeof columnRef>;

const selector = z.string().trim().min(1, 'a CSS selector cannot be empty');

/**
 * Where one value sits in a row: an element inside the row (`selector`, relative to the row) or a
 * table column (`column`), read as its text, or as an attribute when `attribute` is given. An
 * attribute alone reads it from the row element itself.
 */
export const valueSource = z
  .strictObject({
    selector: selector.optional(),
    column: columnRef.optional(),
    attribute: selector.optional(),
  })
  .refine((s) => s.selector !== undefined || s.column !== undefined || s.attribute !== undefined, {
    message: 'say where the value is: a selector, a column or an attribute',
  })
  .refine((s) => s.selector === undefined || s.column === undefined, {
    message: 'give a selector or a column, not both',
  });
export type ValueSource = z.infer<typeof valueSource>;

const matchPattern = z.string().superRefine((text, ctx) => {
  const parsed = parseMatchPattern(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

export const siteAdapterSchema = z
  .strictObject({
    /** Lower case, digits and hyphens; names the runtime registration, so it must not change. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower case letters, digits and hyphens'),
    name: z.string().trim().min(1).max(80),
    /** Match patterns of the pages with client lists. */
    matches: z.array(matchPattern).min(1, 'an adapter needs at least one match pattern'),
    /** Which side of the workspace the rows are records of. */
    side: z.enum(SIDES),
    /** CSS selector of one client row, from the document. */
    rows: selector,
    /** The case system's own record id, looked up first. */
    recordId: valueSource.optional(),
    /** Identifying values, for a lookup by a row's fields when the id is unknown to the workspace. */
    fields: z.partialRecord(z.enum(ROW_FIELDS), valueSource).default({}),
    /** Where the badges go: an element or column of the row (the row itself when neither). */
    badge: z
      .strictObject({
        selector: selector.optional(),
        column: columnRef.optional(),
        position: z.enum(['append', 'prepend']).default('append'),
      })
      .default({ position: 'append' }),
  })
  .refine((a) => a.recordId !== undefined || Object.keys(a.fields).length > 0, {
    message: 'read at least the record id or one identifying field',
  });

export type SiteAdapter = z.infer<typeof siteAdapterSchema>;
/** An adapter as written in a file: defaults may be left out. */
export type SiteAdapterInput = z.input<typeof siteAdapterSchema>;

const origin = z.string().superRefine((text, ctx) => {
  const parsed = parseOrigin(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/**
 * A case system with a plain HTML table, configured in the dashboard without code: its origin,
 * which pages, which table, and which columns hold the id, name, date of birth and NHS number.
 * Stored in `browser.storage.local` as configuration; it never holds a record's values.
 */
export const customSiteSchema = z.strictObject({
  id: z.string().regex(/^custom-[a-z0-9-]{1,56}$/, 'custom-... in lower case letters, digits and hyphens'),
  name: z.string().trim().min(1, 'give the case system a name').max(80),
  origin,
  /** Which pages of the site, as a path pattern (`*` for any characters). */
  path: z
    .string()
    .regex(/^\/\S*$/, 'a path starts with /')
    .default('/*'),
  side: z.enum(SIDES),
  /** CSS selector of the table with the client list. */
  table: selector.default('table'),
  columns: z
    .strictObject({
      id: columnRef.optional(),
      name: columnRef.optional(),
      dob: columnRef.optional(),
      nhsNumber: columnRef.optional(),
    })
    .refine((c) => Object.values(c).some((v) => v !== undefined), {
      message: 'choose at least the column with the id or the name',
    }),
  /** The column the badges go in; the name column (else the id column) when not given. */
  badgeColumn: columnRef.optional(),
});

export type CustomSite = z.infer<typeof customSiteSchema>;
export type CustomSiteInput = z.input<typeof customSiteSchema>;

/** The adapter a custom plain-table site stands for, validated like a built-in one. */
export function customAdapter(site: CustomSite): SiteAdapter {
  const { columns } = site;
  const table = `:is(${site.table})`;
  const fields: SiteAdapterInput['fields'] = {};
  if (columns.name !== undefined) fields.fullName = { column: columns.name };
  if (columns.dob !== undefined) fields.dob = { column: columns.dob };
  if (columns.nhsNumber !== undefined) fields.nhsNumber = { column: columns.nhsNumber };
  const badgeColumn = site.badgeColumn ?? columns.name ?? columns.id ?? columns.dob ?? columns.nhsNumber;
  return siteAdapterSchema.parse({
    id: site.id,
    name: site.name,
    matches: [`${site.origin}${site.path}`],
    side: site.side,
    // Body rows with data cells only: header rows are all <th>, and a nested table's rows are not
    // direct children of this table's body.
    rows: `${table} > tbody > tr:has(> td), ${table} > tr:has(> td)`,
    ...(columns.id !== undefined ? { recordId: { column: columns.id } } : {}),
    fields,
    badge: { column: badgeColumn, position: 'append' },
  } satisfies SiteAdapterInput);
}

/** A readable one-line account of why a value is not a valid adapter or custom site. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
