/**
 * The dashboard's views: one `<section data-view="name">` each, shown by the location hash
 * (`#review`), so a view can be bookmarked and the browser's back button moves between them.
 * A view loads its data when shown (`onShow`), not when the page opens: the review queue or the
 * worklist can be large, and most visits need only one view.
 */
export const VIEW_NAMES = [
  'overview',
  'import',
  'review',
  'continuity',
  'duplicates',
  'sites',
  'governance',
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

const DEFAULT_VIEW: ViewName = 'overview';

const isViewName = (name: string): name is ViewName => (VIEW_NAMES as readonly string[]).includes(name);

export class Views {
  private readonly listeners = new Map<ViewName, (() => void)[]>();
  private shown: ViewName | null = null;
  /** The views the current profile may see (all until `restrict`; see governance/roles.ts). */
  private allowed: readonly ViewName[] = VIEW_NAMES;

  constructor() {
    window.addEventListener('hashchange', () => this.show(this.fromHash()));
  }

  /** Calls `callback` every time the view is shown, and now if it is the one showing. */
  onShow(view: ViewName, callback: () => void): void {
    this.listeners.set(view, [...(this.listeners.get(view) ?? []), callback]);
    if (this.shown === view) callback();
  }

  get current(): ViewName | null {
    return this.shown;
  }

  /** Shows the view the hash names (the overview for none or an unknown one). */
  start(): void {
    this.show(this.fromHash());
  }

  /**
   * Limits the views to those the current profile's role may see: the others' navigation links are
   * hidden, and a hash naming one of them shows the first allowed view instead.
   */
  restrict(allowed: readonly ViewName[]): void {
    const changed = allowed.join() !== this.allowed.join();
    this.allowed = allowed;
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[href^="#"]')) {
      const name = link.getAttribute('href')?.slice(1) ?? '';
      const item = link.closest('li') ?? link;
      item.hidden = isViewName(name) && !allowed.includes(name);
    }
    if (changed && this.shown) this.show(this.fromHash());
  }

  /** Shows a view again when the workspace changed (its data may be stale). */
  refreshCurrent(): void {
    if (this.shown) for (const callback of this.listeners.get(this.shown) ?? []) callback();
  }

  private fromHash(): ViewName {
    const name = window.location.hash.slice(1);
    const wanted = isViewName(name) ? name : DEFAULT_VIEW;
    return this.allowed.includes(wanted) ? wanted : (this.allowed[0] ?? DEFAULT_VIEW);
  }

  private show(view: ViewName): void {
    // No view at all for a profile allowed none (it sees only the profile and unlock controls).
    const visible = this.allowed.includes(view) ? view : null;
    for (const section of document.querySelectorAll<HTMLElement>('[data-view]'))
      section.hidden = section.dataset.view !== visible;
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[href^="#"]')) {
      if (link.getAttribute('href') === `#${view}`) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    this.shown = view;
    for (const callback of this.listeners.get(view) ?? []) callback();
  }
}
