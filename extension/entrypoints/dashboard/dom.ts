/** The element with this id, checked to be of the expected kind (the page and script must agree). */
export function element<T extends HTMLElement>(id: string, kind: { new (): T; name: string }): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`dashboard.html has no ${kind.name} #${id}`);
  return found;
}

export function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

export const formatCount = (n: number): string => n.toLocaleString('en-GB');
