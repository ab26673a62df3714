/** Small DOM builders for the continuity and duplicates views. */

type Child = Node | string | null | undefined | false;

/** An element with attributes (strings; `false`/undefined leave one out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(name);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/** Options for a select: [value, label] pairs. */
export function setOptions(select: HTMLSelectElement, options: readonly (readonly [string, string])[]): void {
  const previous = select.value;
  select.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
  if (options.some(([value]) => value === previous)) select.value = previous;
}
