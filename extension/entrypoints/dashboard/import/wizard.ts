/**
 * The import wizard: choose the side and a file, see how it will be read (the automatic mapping
 * with its confidence, the first rows, every problem by row and column), correct the mapping,
 * then import with progress and cancel. Nothing is stored before the Import button.
 *
 * The file's bytes are read once and kept here: inspect and preview copy them to the engine, and
 * the import transfers a copy (a transferred ArrayBuffer is detached), so a failed import can be
 * tried again without choosing the file again.
 */
import type {
  ChangeSummary,
  ImportInspection,
  ImportPreview,
  ImportRequest,
} from '../../../../engine/api/engine-api';
import type { Issue } from '../../../../shared/issues';
import type { CanonicalField } from '../../../../shared/person';
import { type DatasetInfo, type DateOrder, type Outcome, ok, type Side } from '../../../../shared/workspace';
import { describeError, messageOf } from '../alerts';
import type { Dashboard } from '../context';
import { cell, element, formatCount } from '../dom';
import { FIELD_GROUPS, FIELD_LABELS } from '../field-labels';
import { SIDE_LABELS } from '../status-panel';
import {
  assignmentText,
  CHECK_BELOW,
  columnAssignments,
  confirmedMapping,
  dateAdvice,
  idServedBy,
  mappedDateColumns,
  problemRow,
  problemText,
  qualityWarnings,
} from './describe';
import { type RememberedMapping, recall, remember } from './remembered';

/** The wizard's state, also on the section as `data-state` (the end-to-end tests wait on it). */
type WizardState = 'empty' | 'previewing' | 'ready' | 'blocked' | 'importing' | 'done' | 'failed';

/** Select values for "not a field": unmatched (kept as an extra) and ignored (dropped). */
const UNMATCHED = '';
const IGNORE = '-ignore';

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'vertical bars',
};

interface LoadedFile {
  file: File;
  bytes: ArrayBuffer;
}

interface Row {
  file: string;
  row: string;
  column: string;
  text: string;
}

export class ImportWizard {
  private readonly section = document.querySelector<HTMLElement>('section[data-view="import"]')!;
  private readonly target = element('import-target', HTMLSelectElement);
  private readonly drop = element('import-drop', HTMLDivElement);
  private readonly input = element('import-file', HTMLInputElement);
  private readonly previewBox = element('import-preview', HTMLDivElement);
  private readonly previewHeading = element('import-preview-heading', HTMLHeadingElement);
  private readonly fileName = element('import-file-name', HTMLSpanElement);
  private readonly facts = element('import-facts', HTMLParagraphElement);
  private readonly sheetChoice = element('import-sheet-choice', HTMLParagraphElement);
  private readonly sheetSelect = element('import-sheet', HTMLSelectElement);
  private readonly delimiterChoice = element('import-delimiter-choice', HTMLParagraphElement);
  private readonly delimiterSelect = element('import-delimiter', HTMLSelectElement);
  private readonly dateChoice = element('import-date-choice', HTMLDivElement);
  private readonly dateSelect = element('import-date-order', HTMLSelectElement);
  private readonly dateNote = element('import-date-note', HTMLUListElement);
  private readonly dateAcceptChoice = element('import-date-accept-choice', HTMLParagraphElement);
  private readonly dateAccept = element('import-date-accept', HTMLInputElement);
  private readonly rememberedNote = element('import-remembered', HTMLParagraphElement);
  private readonly mappingBody = element('import-mapping', HTMLTableElement).tBodies[0]!;
  private readonly problems = element('import-problems', HTMLDivElement);
  private readonly problemBody = element('import-problem-list', HTMLTableElement).tBodies[0]!;
  private readonly warnings = element('import-warnings', HTMLDivElement);
  private readonly warningList = element('import-warning-list', HTMLUListElement);
  private readonly sample = element('import-sample', HTMLTableElement);
  private readonly nameInput = element('import-name', HTMLInputElement);
  private readonly confirm = element('import-confirm', HTMLButtonElement);
  private readonly confirmNote = element('import-confirm-note', HTMLSpanElement);
  private readonly reset = element('import-reset', HTMLButtonElement);
  private readonly summary = element('import-summary', HTMLDivElement);
  private readonly summaryHeading = element('import-summary-heading', HTMLHeadingElement);
  private readonly summaryDetails = element('import-summary-details', HTMLDListElement);

  private loaded: LoadedFile | null = null;
  private sheet: string | undefined;
  private delimiter = '';
  private dateOrder: DateOrder = 'auto';
  /** The user's (or a remembered) choices, by header: sent as the import's `mapping`. */
  private overrides: Record<string, CanonicalField | null> = {};
  private remembered: RememberedMapping | null = null;
  private inspection: ImportInspection | null = null;
  private preview: ImportPreview | null = null;
  /** Each load takes a ticket; an answer for an older ticket is dropped. */
  private ticket = 0;
  private state: WizardState = 'empty';

  constructor(private readonly dashboard: Dashboard) {
    for (const radio of this.sideInputs())
      radio.addEventListener('change', () => {
        void this.refreshTargets();
        if (this.loaded) void this.load({ recall: true });
      });
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      if (file) void this.choose(file);
    });
    this.setUpDrop();
    this.sheetSelect.addEventListener('change', () => {
      this.sheet = this.sheetSelect.value;
      void this.load({ recall: true });
    });
    this.delimiterSelect.addEventListener('change', () => {
      this.delimiter = this.delimiterSelect.value;
      void this.load({ recall: true });
    });
    this.dateSelect.addEventListener('change', () => {
      this.dateOrder = this.dateSelect.value as DateOrder;
      void this.load({ recall: false });
    });
    this.dateAccept.addEventListener('change', () => this.renderVerdict());
    this.mappingBody.addEventListener('change', (event) => {
      const select = event.target;
      if (!(select instanceof HTMLSelectElement) || select.dataset.header === undefined) return;
      const header = select.dataset.header;
      if (select.value === UNMATCHED) delete this.overrides[header];
      else this.overrides[header] = select.value === IGNORE ? null : (select.value as CanonicalField);
      void this.load({ recall: false });
    });
    this.target.addEventListener('change', () => this.renderVerdict());
    this.confirm.addEventListener('click', () => void this.importFile());
    this.reset.addEventListener('click', () => {
      this.clear();
      this.input.focus();
    });
    this.setState('empty');
  }

  /** The datasets of the chosen side that an import can replace. */
  async refreshTargets(): Promise<void> {
    let datasets: DatasetInfo[];
    try {
      datasets = (await this.dashboard.engine.status()).datasets;
    } catch {
      return; // the status line says what is wrong with the engine
    }
    const side = this.side();
    const chosen = this.target.value;
    const options = datasets
      .filter((d) => d.side === side)
      .map((d) => {
        const option = document.createElement('option');
        option.value = d.id;
        const when = new Date(d.importedAt).toLocaleDateString('en-GB', { dateStyle: 'medium' });
        option.textContent = `Replace "${d.name}" (${formatCount(d.rowCount)} rows, imported ${when})`;
        return option;
      });
    const add = document.createElement('option');
    add.value = '';
    add.textContent = 'Add as a new dataset';
    this.target.replaceChildren(add, ...options);
    this.target.value = options.some((o) => o.value === chosen) ? chosen : '';
    this.renderVerdict();
  }

  // ---- choosing and reading the file ----

  private side(): Side {
    return this.sideInputs().find((r) => r.checked)?.value === 'treatment' ? 'treatment' : 'releases';
  }

  private sideInputs(): HTMLInputElement[] {
    return [...this.section.querySelectorAll<HTMLInputElement>('input[name="side"]')];
  }

  private setUpDrop(): void {
    const zone = this.drop;
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault(); // allows the drop
      event.dataTransfer.dropEffect = 'copy';
      zone.classList.add('dragging');
    };
    zone.addEventListener('dragenter', over);
    zone.addEventListener('dragover', over);
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('dragging');
      const file = event.dataTransfer?.files[0];
      if (file) void this.choose(file);
    });
  }

  private async choose(file: File): Promise<void> {
    if (this.state === 'importing') return;
    // Marked at once, so that nothing (a test, a quick second click) acts on the previous file.
    this.section.dataset.file = file.name;
    this.setState('previewing');
    this.summary.hidden = true;
    this.sheet = undefined;
    this.delimiter = '';
    this.dateOrder = 'auto';
    this.dateAccept.checked = false;
    this.nameInput.value = '';
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch (error) {
      this.fail([`${file.name} could not be read: ${messageOf(error)}`]);
      return;
    } finally {
      this.input.value = ''; // so that choosing the same file again reads it again
    }
    this.loaded = { file, bytes };
    await this.load({ recall: true, focus: true });
  }

  /**
   * Inspects and previews the file as the choices stand. With `recall`, the choices are reset
   * and the mapping remembered for this layout (side and header signature) applied, if any.
   */
  private async load(options: { recall: boolean; focus?: boolean }): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return;
    const ticket = ++this.ticket;
    this.setState('previewing');
    this.dashboard.alerts.clearError();
    const side = this.side();
    const read = () => ({
      bytes: loaded.bytes,
      fileName: loaded.file.name,
      sheet: this.sheet,
      delimiter: this.delimiter || undefined,
      mapping: this.mapping(),
    });
    try {
      if (options.recall) {
        this.overrides = {};
        this.remembered = null;
        const first = this.answer(await this.dashboard.engine.inspectImport(read()));
        if (ticket !== this.ticket || !first) return;
        this.inspection = first;
        const remembered = await recall(side, first.signature);
        if (ticket !== this.ticket) return;
        if (remembered) {
          this.remembered = remembered;
          this.overrides = { ...remembered.mapping };
          this.dateOrder = remembered.dateOrder;
        }
      }
      // Recalled without a remembered mapping: the first inspection already says it all.
      const reuse = options.recall && !this.remembered ? this.inspection : null;
      const [inspection, preview] = await Promise.all([
        reuse ? ok(reuse) : this.dashboard.engine.inspectImport(read()),
        this.dashboard.engine.previewImport({ ...read(), dateOrder: this.dateOrder }),
      ]);
      if (ticket !== this.ticket) return;
      this.inspection = this.answer(inspection);
      this.preview = this.answer(preview);
      if (!this.inspection || !this.preview) return;
    } catch (error) {
      if (ticket === this.ticket) this.fail([messageOf(error)]);
      return;
    }
    this.render();
    if (options.focus) this.previewHeading.focus();
  }

  /** The value of an engine answer, or null after showing why there is none. */
  private answer<T>(outcome: Outcome<T>): T | null {
    if (outcome.ok) return outcome.value;
    this.fail(describeError(outcome.error));
    return null;
  }

  private mapping(): Record<string, CanonicalField | null> | undefined {
    return Object.keys(this.overrides).length > 0 ? { ...this.overrides } : undefined;
  }

  // ---- drawing the preview ----

  private render(): void {
    const inspection = this.inspection!;
    const preview = this.preview!;
    this.previewBox.hidden = false;
    this.fileName.textContent = inspection.fileName;
    this.renderFacts(inspection, preview);
    this.renderReadOptions(inspection);
    this.renderRemembered();
    this.renderMapping(inspection, preview);
    this.renderSample(inspection);
    this.renderVerdict(true);
  }

  private renderFacts(inspection: ImportInspection, preview: ImportPreview): void {
    const rows = `${formatCount(preview.rowCount || inspection.rowCount)} rows`;
    const columns = `${formatCount(inspection.headers.length)} columns`;
    if (inspection.format === 'xlsx')
      this.facts.textContent = `Excel workbook${inspection.sheet ? `, worksheet "${inspection.sheet}"` : ''}: ${rows}, ${columns}.`;
    else {
      const used = inspection.delimiter
        ? `, separated by ${DELIMITER_NAMES[inspection.delimiter.used] ?? `"${inspection.delimiter.used}"`}`
        : '';
      this.facts.textContent = `Text file: ${rows}, ${columns}${used}.`;
    }
  }

  private renderReadOptions(inspection: ImportInspection): void {
    const sheets = inspection.sheets ?? [];
    this.sheetChoice.hidden = sheets.length < 2;
    this.sheetSelect.replaceChildren(
      ...sheets.map((s) => {
        const option = document.createElement('option');
        option.value = s.name;
        option.textContent =
          s.rows === 0 ? `${s.name} (empty)` : `${s.name} (${formatCount(s.rows - 1)} rows)`;
        return option;
      }),
    );
    if (inspection.sheet) this.sheetSelect.value = inspection.sheet;

    this.delimiterChoice.hidden = inspection.format !== 'csv';
    const detected = inspection.delimiter?.detected;
    const auto = this.delimiterSelect.options[0];
    if (auto)
      auto.textContent = detected
        ? `Found automatically (${DELIMITER_NAMES[detected] ?? detected})`
        : 'Found automatically';
    this.delimiterSelect.value = this.delimiter;
  }

  private renderRemembered(): void {
    const r = this.remembered;
    if (!r) {
      this.rememberedNote.textContent = '';
      return;
    }
    const when = new Date(r.savedAt).toLocaleDateString('en-GB', { dateStyle: 'medium' });
    this.rememberedNote.textContent =
      `This file has the same columns as "${r.fileName}", imported on ${when}: the mapping you confirmed ` +
      'then is applied. Change any column below if it is wrong.';
  }

  private renderMapping(inspection: ImportInspection, preview: ImportPreview): void {
    // Re-drawing replaces the selects: keep the keyboard user's place.
    const focused = document.activeElement;
    const focusedHeader =
      focused instanceof HTMLSelectElement && this.mappingBody.contains(focused)
        ? focused.dataset.header
        : undefined;
    const assignments = preview.assignments.length ? preview.assignments : inspection.assignments;
    const asId = idServedBy(assignments);
    const rows = columnAssignments(assignments).map((a) => {
      const row = document.createElement('tr');
      const header = document.createElement('th');
      header.scope = 'row';
      header.textContent = a.header || `Column ${a.index + 1} (no header)`;
      const choose = document.createElement('td');
      choose.append(this.fieldSelect(a.header, a.field, a.method));
      const remembered = this.remembered !== null && Object.hasOwn(this.remembered.mapping, a.header);
      let sure = assignmentText(
        a,
        remembered && this.overrides[a.header] === this.remembered?.mapping[a.header],
      );
      if (asId && asId.index === a.index) sure += `; also used as the record id (no id column was found)`;
      const confidence = cell(sure);
      if (a.method === 'fuzzy' && a.confidence < CHECK_BELOW) {
        confidence.classList.add('confidence-low');
        confidence.prepend('\u26a0 ');
      }
      const values = inspection.sample
        .map((r) => r.cells[a.index] ?? '')
        .filter((v) => v !== '')
        .slice(0, 3)
        .map((v) => (v.length > 30 ? `${v.slice(0, 29)}\u2026` : v));
      row.append(header, choose, confidence, cell(values.join(' | ')));
      return row;
    });
    this.mappingBody.replaceChildren(...rows);
    if (focusedHeader !== undefined)
      this.mappingBody
        .querySelector<HTMLSelectElement>(`select[data-header="${CSS.escape(focusedHeader)}"]`)
        ?.focus();
  }

  private fieldSelect(header: string, field: CanonicalField | null, method: string): HTMLSelectElement {
    const select = document.createElement('select');
    select.dataset.header = header;
    select.setAttribute('aria-label', `Read column "${header}" as`);
    if (field === null && method !== 'mapping-file')
      select.append(option(UNMATCHED, 'Not matched (kept with the record)'));
    select.append(option(IGNORE, 'Ignore (not imported)'));
    for (const group of FIELD_GROUPS) {
      const optgroup = document.createElement('optgroup');
      optgroup.label = group.label;
      optgroup.append(...group.fields.map((f) => option(f, FIELD_LABELS[f])));
      select.append(optgroup);
    }
    select.value = field ?? (method === 'mapping-file' ? IGNORE : UNMATCHED);
    return select;
  }

  private renderSample(inspection: ImportInspection): void {
    const head = document.createElement('tr');
    const rowHeader = document.createElement('th');
    rowHeader.scope = 'col';
    rowHeader.textContent = 'Row';
    head.append(
      rowHeader,
      ...inspection.headers.map((h, i) => {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = h || `Column ${i + 1}`;
        return th;
      }),
    );
    this.sample.tHead!.replaceChildren(head);
    this.sample.tBodies[0]!.replaceChildren(
      ...inspection.sample.map((r) => {
        const tr = document.createElement('tr');
        tr.append(cell(String(r.row), 'number'), ...r.cells.map((c) => cell(c)));
        return tr;
      }),
    );
  }

  /**
   * Problems, warnings, the date choice and whether the Import button may be pressed; `settle`
   * when a preview has just arrived.
   */
  private renderVerdict(settle = false): void {
    const inspection = this.inspection;
    const preview = this.preview;
    if (!inspection || !preview || !this.loaded) return;
    const context = { format: inspection.format, sheet: inspection.sheet };
    const assignments = preview.assignments.length ? preview.assignments : inspection.assignments;

    const advice = dateAdvice(mappedDateColumns(inspection, assignments), this.dateOrder);
    this.dateChoice.hidden = !advice.inDoubt;
    this.dateSelect.value = this.dateOrder;
    this.dateNote.replaceChildren(...advice.notes.map((n) => listItem(n)));
    this.dateAcceptChoice.hidden = advice.mixed.length === 0;

    const problemRows: Row[] = [...inspection.problems, ...preview.problems].map((issue: Issue) => ({
      file: issue.file,
      row: problemRow(issue),
      column: issue.column ?? '',
      text: problemText(issue, context),
    }));
    const sameFile = (a: Row, b: Row) => a.file === b.file && a.row === b.row && a.text === b.text;
    const unique = problemRows.filter((r, i) => problemRows.findIndex((s) => sameFile(r, s)) === i);
    if (!this.dateAccept.checked || this.dateAcceptChoice.hidden)
      for (const m of advice.mixed) {
        const misfit = m.evidence.examples.find(
          (e) => e.kind === (this.dateOrder === 'mdy' ? 'dayFirst' : 'monthFirst'),
        );
        unique.push({
          file: inspection.fileName,
          row: misfit ? String(misfit.row) : 'whole file',
          column: m.evidence.header,
          text:
            `This column mixes day-first and month-first dates; ${formatCount(m.misfits)} cannot be read in the ` +
            'chosen order. Correct the file, or tick "Import anyway" above.',
        });
      }
    this.problems.hidden = unique.length === 0;
    this.problemBody.replaceChildren(
      ...unique.map((p) => {
        const tr = document.createElement('tr');
        tr.append(cell(p.file), cell(p.row), cell(p.column), cell(p.text));
        return tr;
      }),
    );

    const warnings = qualityWarnings(preview.quality, preview.rowCount);
    this.warnings.hidden = warnings.length === 0;
    this.warningList.replaceChildren(...warnings.map((w) => listItem(w)));

    const blocked = unique.length > 0;
    const side = this.side();
    const replaced = this.target.selectedOptions[0];
    const rows = `${formatCount(preview.rowCount)} rows`;
    this.confirm.textContent = this.target.value
      ? `Import ${rows}, replacing ${replaced?.textContent?.replace(/^Replace /, '') ?? 'the dataset'}`
      : `Import ${rows} as ${SIDE_LABELS[side].toLowerCase()}`;
    const settled = settle || this.state === 'ready' || this.state === 'blocked';
    this.confirm.disabled = blocked || !settled;
    this.confirmNote.textContent = blocked
      ? `Nothing can be imported until the ${unique.length === 1 ? 'problem' : `${unique.length} problems`} listed above ${unique.length === 1 ? 'is' : 'are'} fixed.`
      : '';
    // Only a finished preview settles the state: a redraw for another reason (the target list)
    // while a new preview is on its way must not report the old one as ready.
    if (settled) this.setState(blocked ? 'blocked' : 'ready');
  }

  // ---- importing ----

  private async importFile(): Promise<void> {
    const loaded = this.loaded;
    const preview = this.preview;
    const inspection = this.inspection;
    if (!loaded || !preview || !inspection || this.state !== 'ready' || this.dashboard.operation.running)
      return;
    const side = this.side();
    const request: ImportRequest = {
      bytes: loaded.bytes.slice(0), // transferred (detached) by the import; the original is kept
      fileName: loaded.file.name,
      side,
      name: this.nameInput.value.trim() || undefined,
      mapping: this.mapping(),
      sheet: this.sheet,
      delimiter: this.delimiter || undefined,
      dateOrder: this.dateOrder,
      replaces: this.target.value || undefined,
    };
    this.dashboard.alerts.clearError();
    this.dashboard.report('');
    this.setState('importing');
    this.confirm.disabled = true;
    let outcome: Outcome<ChangeSummary>;
    try {
      outcome = await this.dashboard.operation.run(
        `Importing ${loaded.file.name} as ${SIDE_LABELS[side]}`,
        (opId, onProgress) => this.dashboard.engine.importDataset(request, opId, onProgress),
      );
    } catch (error) {
      this.renderVerdict(true);
      this.dashboard.alerts.showError([messageOf(error)]);
      await this.dashboard.refresh();
      return;
    }
    if (outcome.ok) {
      const change = outcome.value;
      const assignments = preview.assignments.length ? preview.assignments : inspection.assignments;
      await remember(side, inspection.signature, {
        mapping: confirmedMapping(assignments),
        dateOrder: this.dateOrder,
        fileName: loaded.file.name,
        savedAt: new Date().toISOString(),
      }).catch((error: unknown) => console.warn('throughline: the mapping was not remembered', error));
      const name = change.dataset?.name ?? loaded.file.name;
      const rows = change.dataset ? `${formatCount(change.dataset.rowCount)} rows` : 'done';
      this.dashboard.report(`Imported ${name}: ${rows}; ${formatCount(change.links)} links.`);
      this.clear();
      this.showSummary(change, loaded.file.name, Boolean(request.replaces));
      this.setState('done');
      this.summaryHeading.focus();
    } else {
      this.renderVerdict(true);
      if (outcome.error.kind === 'cancelled') this.dashboard.report(outcome.error.message);
      else this.dashboard.alerts.showError(describeError(outcome.error));
    }
    await this.dashboard.refresh();
    await this.refreshTargets();
  }

  private showSummary(change: ChangeSummary, fileName: string, replaced: boolean): void {
    const d = change.dataset;
    this.summaryHeading.textContent = `${replaced ? 'Replaced' : 'Imported'} ${d?.name ?? fileName}`;
    const seconds = (Date.parse(change.run.finishedAt) - Date.parse(change.run.startedAt)) / 1000;
    const facts: [string, string][] = [];
    if (d) {
      facts.push(
        ['Side', SIDE_LABELS[d.side]],
        ['Rows imported', formatCount(d.rowCount)],
        [
          'File',
          `${d.fileName} (${d.format === 'xlsx' ? 'Excel workbook' : 'text'}, SHA-256 ${d.sha256.slice(0, 12)})`,
        ],
        [
          'Columns read',
          Object.entries(d.mapping)
            .map(([header, field]) => `${FIELD_LABELS[field]} \u2190 "${header}"`)
            .join('; '),
        ],
        [
          'Dates read',
          { auto: 'order decided from the file', dmy: 'day first', mdy: 'month first' }[d.dateOrder],
        ],
      );
    }
    facts.push(
      [
        'Matching',
        change.run.modelId
          ? `${change.incremental ? 'Matched the new records' : 'Matched everything again'}: ${formatCount(change.pairs)} candidate pairs, ${formatCount(change.links)} links.`
          : 'Not linked yet: import both sides, then press Link on the overview.',
      ],
      ['Took', `${seconds.toFixed(1)} s`],
    );
    this.summaryDetails.replaceChildren(
      ...facts.flatMap(([term, detail]) => {
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = detail;
        return [dt, dd];
      }),
    );
    this.summary.hidden = false;
  }

  // ---- state ----

  private clear(): void {
    this.ticket++;
    this.loaded = null;
    this.inspection = null;
    this.preview = null;
    this.overrides = {};
    this.remembered = null;
    this.previewBox.hidden = true;
    this.input.value = '';
    delete this.section.dataset.file;
    this.setState('empty');
  }

  private fail(lines: string[]): void {
    this.dashboard.alerts.showError(lines);
    this.previewBox.hidden = true;
    this.setState('failed');
  }

  private setState(state: WizardState): void {
    this.state = state;
    this.section.dataset.state = state;
    this.section.setAttribute('aria-busy', String(state === 'previewing' || state === 'importing'));
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function listItem(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

export function setUpImport(dashboard: Dashboard): void {
  const wizard = new ImportWizard(dashboard);
  dashboard.views.onShow('import', () => void wizard.refreshTargets());
}
