/**
 * The dashboard's views: one `<section data-view="name">` each, shown by the location hash
 * (`#review`), so a view can be bookmarked and the browser's back button moves between them.
 * A view loads its data when shown (`onShow`), not when the page opens: the review queue or the
 * worklist can be large, and most visits need only one view.
 */
export const VIEW_NAMES = ['overview', 'import', 'review', 'continuity', 'duplicates', 'sites'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

const DEFAULT_VIEW: ViewName = 'overview';

const isViewName = (name: string): name is ViewName => (VIEW_NAMES as readonly string[]).includes(name);

export class Views {
  private readonly listeners = new Map<ViewName, (() => void)[]>();
  private shown: ViewName | null = null;

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

  /** Shows a view again when the workspace changed (its data may be stale). */
  refreshCurrent(): void {
    if (this.shown) for (const callback of this.listeners.get(this.shown) ?? []) callback();
  }

  private fromHash(): ViewName {
    const name = window.location.hash.slice(1);
    return isViewName(name) ? name : DEFAULT_VIEW;
  }

  private show(view: ViewName): void {
    for (const section of document.querySelectorAll<HTMLElement>('[data-view]'))
      section.hidden = section.dataset.view !== view;
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[href^="#"]')) {
      if (link.getAttribute('href') === `#${view}`) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    this.shown = view;
    for (const callback of this.listeners.get(view) ?? []) callback();
  }
}
